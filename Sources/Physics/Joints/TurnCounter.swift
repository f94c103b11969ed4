/// Makes ODE's wrapped angle (within (−π, π]) continuous by counting whole turns between steps:
/// a jump of more than π since the last tracked angle is a wrap, not motion.
struct TurnCounter {
  private var turns = 0.0
  private var lastWrappedAngle = 0.0

  /// The continuous angle for ODE's `wrapped` angle now.
  func angle(wrapped: Double) -> Double {
    wrapped + 2 * Double.pi * (turns + correction(wrapped))
  }

  /// Takes in the angle after a step.
  mutating func track(wrapped: Double) {
    turns += correction(wrapped)
    lastWrappedAngle = wrapped
  }

  /// Sets the count so that `angle(wrapped:)` reads `value` (after bodies were moved by hand).
  mutating func synchronize(angle value: Double, wrapped: Double) {
    turns = ((value - wrapped) / (2 * Double.pi)).rounded()
    lastWrappedAngle = wrapped
  }

  /// −1, 0 or +1: the turn crossed since the last tracked angle.
  private func correction(_ wrapped: Double) -> Double {
    let jump = wrapped - lastWrappedAngle
    if jump > Double.pi { return -1 }
    if jump < -Double.pi { return 1 }
    return 0
  }

  /// The count and the last tracked angle, for snapshots.
  var state: [Double] {
    get { [turns, lastWrappedAngle] }
    set {
      turns = newValue[0]
      lastWrappedAngle = newValue[1]
    }
  }
}
