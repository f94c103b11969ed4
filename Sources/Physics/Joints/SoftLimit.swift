import Foundation

/// MuJoCo's impedance curve (`solimp`: d0, dmax, width, midpoint, power): the fraction d of a
/// constraint's reference acceleration that it enforces, rising from d0 at the constraint's
/// surface to dmax at `width` beyond it.
public struct Impedance: Sendable, Equatable {
  public var d0: Double
  public var dmax: Double
  public var width: Double
  public var midpoint: Double
  public var power: Double

  /// MuJoCo's default `solimp`: 0.9 0.95 0.001 0.5 2.
  public static let mujocoDefault = Impedance(d0: 0.9, dmax: 0.95, width: 0.001, midpoint: 0.5, power: 2)

  public init(d0: Double, dmax: Double, width: Double, midpoint: Double = 0.5, power: Double = 2) {
    self.d0 = d0
    self.dmax = dmax
    self.width = width
    self.midpoint = midpoint
    self.power = power
  }

  /// MuJoCo keeps d within [0.0001, 0.9999].
  static func clamped(_ d: Double) -> Double { min(max(d, 0.0001), 0.9999) }

  /// d at `distance` (≥ 0) beyond the surface, as MuJoCo computes it, clamped to [0.0001, 0.9999].
  public func value(at distance: Double) -> Double {
    if d0 == dmax || width <= 1e-15 { return Self.clamped((d0 + dmax) / 2) }
    let x = abs(distance) / width
    if x >= 1 { return Self.clamped(dmax) }
    if x <= 0 { return Self.clamped(d0) }
    let y: Double
    if power == 1 {
      y = x
    } else if x <= midpoint {
      y = pow(x, power) / pow(midpoint, power - 1)
    } else {
      y = 1 - pow(1 - x, power) / pow(1 - midpoint, power - 1)
    }
    return Self.clamped(d0 + y * (dmax - d0))
  }

  /// The problem with the values, or nil when MuJoCo would accept them.
  var problem: String? {
    guard [d0, dmax, width, midpoint, power].allSatisfy(\.isFinite) else { return "solimp values must be finite" }
    guard (0...1).contains(d0), (0...1).contains(dmax) else { return "solimp's d0 and dmax must lie in [0, 1]" }
    guard width >= 0 else { return "solimp's width must not be negative" }
    guard midpoint > 0, midpoint < 1, power >= 1 else { return "solimp's midpoint must lie in (0, 1) and its power be at least 1" }
    return nil
  }
}

/// A joint limit as soft as MuJoCo makes it (`solreflimit`, `solimplimit`). MuJoCo gives a
/// limit beyond its stop the reference acceleration −b·v − k·d·r, with k = 1 / (dmax² τ² ζ²)
/// and b = 2 / (dmax τ), and the regularisation R = (1 − d)/d · w₀, w₀ the coordinate's inverse
/// weight at qpos0. For ODE, whose stop row solves (A + CFM/h) f = c/h − J v/h, that is
/// CFM = h·R and c = v (1 − h b) − h k d r; with c = −(ERP/h)·r (ODE's limit error r, the
/// coordinate minus the stop), ERP = h² k d − h (1 − h b) v / r. Both change with the violation,
/// so the joint sets them before every step that starts beyond a stop.
public struct SoftLimit: Sendable, Equatable {
  /// `solreflimit`'s time constant τ, s (at least two steps, MuJoCo's `refsafe`).
  public var timeConstant: Double
  /// `solreflimit`'s damping ratio ζ.
  public var dampingRatio: Double
  /// `solimplimit`.
  public var impedance: Impedance
  /// The diagonal of the inverse joint-space inertia at qpos0 for this coordinate, armature
  /// included (MuJoCo's `dof_invweight0`), 1/(kg·m²) or 1/kg.
  public var inverseWeight: Double

  public init(timeConstant: Double, dampingRatio: Double, impedance: Impedance, inverseWeight: Double) {
    self.timeConstant = timeConstant
    self.dampingRatio = dampingRatio
    self.impedance = impedance
    self.inverseWeight = inverseWeight
  }

  /// ODE's StopERP and StopCFM for a step of `h` that starts `violation` beyond the stop (ODE's
  /// limit error: the coordinate minus the stop) at `rate`.
  func stopParameters(violation r: Double, rate v: Double, h: Double) -> (erp: Double, cfm: Double) {
    let d = impedance.value(at: abs(r))
    let dmax = Impedance.clamped(impedance.dmax)
    let tau = max(timeConstant, 2 * h)
    let k = 1 / (dmax * dmax * tau * tau * dampingRatio * dampingRatio)
    let b = 2 / (dmax * tau)
    let regularisation = max(1e-15, (1 - d) / d * inverseWeight)
    // Exactly at the stop ODE's row has no error to scale; it then only stops the approach.
    let erp = r == 0 ? 0 : h * h * k * d - h * (1 - h * b) * v / r
    return (erp, h * regularisation)
  }

  /// The problem with the values, or nil.
  func problem(joint: String) -> String? {
    guard timeConstant.isFinite, timeConstant > 0, dampingRatio.isFinite, dampingRatio > 0 else {
      return "joint '\(joint)': a soft limit needs a positive time constant and damping ratio"
    }
    guard inverseWeight.isFinite, inverseWeight > 0 else {
      return "joint '\(joint)': a soft limit needs a positive inverse weight, got \(inverseWeight)"
    }
    return impedance.problem.map { "joint '\(joint)': \($0)" }
  }
}

/// The stop parameters a soft limit asks for this step, or nil when the coordinate at
/// `position` (ODE's measure) is within `stops`.
@inline(__always)
func softStopParameters(_ limit: SoftLimit?, position: Double, rate: Double, stops: ClosedRange<Double>, h: Double)
  -> (erp: Double, cfm: Double)?
{
  guard let limit else { return nil }
  let violation: Double
  if position <= stops.lowerBound {
    violation = position - stops.lowerBound
  } else if position >= stops.upperBound {
    violation = position - stops.upperBound
  } else {
    return nil
  }
  return limit.stopParameters(violation: violation, rate: rate, h: h)
}
