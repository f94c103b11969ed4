/// Everything that can go wrong in the physics layer, each with a message that says what and where.
public enum PhysicsError: Error, Equatable, CustomStringConvertible {
  /// An argument was out of its valid range (non-finite, non-positive size, inverted range, ...).
  case invalidArgument(String)
  /// A body ended up with no mass: ODE cannot simulate it.
  case massless(body: String)
  /// A body's state stopped being finite; the step that would have used it was not run.
  case nonFiniteState(body: String, quantity: String, time: Double)
  /// A body moved faster than the world's divergence limit: the simulation has blown up.
  case diverged(body: String, speed: Double, limit: Double, time: Double)
  /// A snapshot does not fit the world it is restored into.
  case snapshotMismatch(String)
  /// ODE itself reported a failure (for instance, out of memory inside a step).
  case engine(String)

  /// The message, saying what went wrong and where.
  public var description: String {
    switch self {
    case .invalidArgument(let message):
      return "invalid argument: \(message)"
    case .massless(let body):
      return "body '\(body)' has no mass: give it a geom with positive mass or density"
    case .nonFiniteState(let body, let quantity, let time):
      return "the \(quantity) of body '\(body)' is not finite at t = \(time) s; "
        + "the simulation was stopped before ODE could use it"
    case .diverged(let body, let speed, let limit, let time):
      return "body '\(body)' moves at \(speed) (limit \(limit)) at t = \(time) s: "
        + "the simulation diverged"
    case .snapshotMismatch(let message):
      return "snapshot does not match this world: \(message)"
    case .engine(let message):
      return "ODE failed: \(message)"
    }
  }
}

/// Throws `PhysicsError.invalidArgument` unless every value is finite.
@inline(__always)
func requireFinite(_ values: Double..., what: @autoclosure () -> String) throws {
  for value in values where !value.isFinite {
    throw PhysicsError.invalidArgument("\(what()) must be finite, got \(value)")
  }
}

/// Throws `PhysicsError.invalidArgument` unless the vector is finite.
@inline(__always)
func requireFinite(_ v: Vector3, what: @autoclosure () -> String) throws {
  guard v.isFinite else {
    throw PhysicsError.invalidArgument("\(what()) must be finite, got \(v)")
  }
}
