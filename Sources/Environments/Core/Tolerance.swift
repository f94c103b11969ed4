import Foundation

/// The shapes `tolerance` can fall off with outside its bounds (dm_control's sigmoids).
public enum Sigmoid: String, CaseIterable, Sendable, Codable {
  case gaussian, hyperbolic
  case longTail = "long_tail"
  case reciprocal, cosine, linear, quadratic
  case tanhSquared = "tanh_squared"

  /// Whether `valueAtMargin` may be 0 for this sigmoid (those with finite support).
  var allowsZeroAtMargin: Bool {
    switch self {
    case .cosine, .linear, .quadratic: return true
    default: return false
    }
  }

  /// S(d) for normalised distance d ≥ 0, with S(0) = 1 and S(1) = v.
  func value(_ d: Double, valueAtMargin v: Double) -> Double {
    switch self {
    case .gaussian:
      let k = (-2 * log(v)).squareRoot()
      return exp(-0.5 * (d * k) * (d * k))
    case .hyperbolic:
      return 1 / cosh(d * acosh(1 / v))
    case .longTail:
      let k = (1 / v - 1).squareRoot()
      return 1 / ((d * k) * (d * k) + 1)
    case .reciprocal:
      return 1 / (abs(d) * (1 / v - 1) + 1)
    case .cosine:
      let scaled = d * acos(2 * v - 1) / Double.pi
      return abs(scaled) < 1 ? (1 + cos(Double.pi * scaled)) / 2 : 0
    case .linear:
      let scaled = d * (1 - v)
      return abs(scaled) < 1 ? 1 - scaled : 0
    case .quadratic:
      let scaled = d * (1 - v).squareRoot()
      return abs(scaled) < 1 ? 1 - scaled * scaled : 0
    case .tanhSquared:
      let t = tanh(d * atanh((1 - v).squareRoot()))
      return 1 - t * t
    }
  }
}

/// A problem with `tolerance`'s parameters.
public struct ToleranceError: Error, CustomStringConvertible, Sendable {
  /// The message, naming the parameter and its value.
  public var description: String
}

/// dm_control's reward shaping function: 1 inside `bounds`, falling off outside them over
/// `margin` with the chosen `sigmoid`, which equals `valueAtMargin` at distance `margin`.
///
/// - Parameters:
///   - x: the quantity.
///   - bounds: (lower, upper), either may be infinite; lower ≤ upper.
///   - margin: ≥ 0. With 0 the result is the indicator of x ∈ bounds.
///   - sigmoid: the fall-off shape.
///   - valueAtMargin: in (0, 1), or [0, 1) for cosine, linear and quadratic.
/// - Returns: a value in [0, 1].
public func tolerance(
  _ x: Double, bounds: (lower: Double, upper: Double) = (0, 0), margin: Double = 0,
  sigmoid: Sigmoid = .gaussian, valueAtMargin: Double = 0.1
) -> Double {
  if bounds.lower <= x && x <= bounds.upper { return 1 }
  if margin == 0 { return 0 }
  let distance = x < bounds.lower ? (bounds.lower - x) / margin : (x - bounds.upper) / margin
  return sigmoid.value(distance, valueAtMargin: valueAtMargin)
}

/// Checks `tolerance`'s parameters once, where they are chosen (a task's construction).
public func validateTolerance(
  bounds: (lower: Double, upper: Double), margin: Double, sigmoid: Sigmoid, valueAtMargin: Double
) throws {
  guard !bounds.lower.isNaN, !bounds.upper.isNaN, bounds.lower <= bounds.upper else {
    throw ToleranceError(description: "tolerance bounds must satisfy lower ≤ upper, got \(bounds)")
  }
  guard margin.isFinite, margin >= 0 else {
    throw ToleranceError(description: "tolerance margin must be finite and ≥ 0, got \(margin)")
  }
  let lowest = sigmoid.allowsZeroAtMargin ? 0.0 : Double.leastNonzeroMagnitude
  guard valueAtMargin >= lowest, valueAtMargin < 1 else {
    throw ToleranceError(description:
      "valueAtMargin for \(sigmoid.rawValue) must be in \(sigmoid.allowsZeroAtMargin ? "[0, 1)" : "(0, 1)"), got \(valueAtMargin)")
  }
}
