import Environments
import Foundation
import Physics

/// One line of `odessa replay --trace`: a step's reward and every joint's state: a hinge's or
/// slide's position and speed, a ball's angular speed, a free joint's height and speeds.
enum ReplayTrace {
  /// The step's line: its number and reward, then each joint of the model in order.
  static func line(step: Int, result: StepResult, simulation: Simulation) -> String {
    let qpos = simulation.qpos, qvel = simulation.qvel
    var parts = [String(format: "step %d: reward %.3g", step, result.reward)]
    for (j, joint) in simulation.model.joints.enumerated() {
      let p = simulation.positionAddress[j], v = simulation.velocityAddress[j]
      switch joint.type {
      case .hinge, .slide:
        parts.append(String(format: "%@ %.3f (%.3g/s)", joint.name, qpos[p], qvel[v]))
      case .ball:
        parts.append(String(format: "%@ |ω| %.3g/s", joint.name, norm(qvel[v..<v + 3])))
      case .free:
        parts.append(String(format: "%@ z %.3f (|v| %.3g, |ω| %.3g/s)", joint.name, qpos[p + 2],
          norm(qvel[v..<v + 3]), norm(qvel[v + 3..<v + 6])))
      }
    }
    return parts.joined(separator: " | ")
  }

  /// The Euclidean length of a joint's velocity components.
  static func norm(_ values: ArraySlice<Double>) -> Double {
    values.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// The last `capacity` lines appended (a replay's last steps, whenever it stops).
  struct LastLines {
    let capacity: Int
    private var ring: [String] = []
    private var next = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func append(_ line: @autoclosure () -> String) {
      guard capacity > 0 else { return }
      if ring.count < capacity {
        ring.append(line())
      } else {
        ring[next] = line()
      }
      next = (next + 1) % capacity
    }

    /// The kept lines, oldest first.
    var lines: [String] { ring.count < capacity ? ring : Array(ring[next...] + ring[..<next]) }
  }
}
