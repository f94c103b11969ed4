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

  /// The curve from `solimp`'s numbers; MuJoCo's defaults for midpoint and power.
  public init(d0: Double, dmax: Double, width: Double, midpoint: Double = 0.5, power: Double = 2) {
    self.d0 = d0
    self.dmax = dmax
    self.width = width
    self.midpoint = midpoint
    self.power = power
  }

  /// MuJoCo keeps d within [0.0001, 0.9999].
  static func clamped(_ d: Double) -> Double { min(max(d, 0.0001), 0.9999) }

  /// d at `distance` beyond the surface, as MuJoCo computes it: d0, dmax and the midpoint
  /// first kept within [0.0001, 0.9999] and the power at least 1, then interpolated.
  public func value(at distance: Double) -> Double {
    let d0 = Self.clamped(self.d0), dmax = Self.clamped(self.dmax)
    let midpoint = Self.clamped(self.midpoint), power = max(1, self.power)
    if d0 == dmax || width <= 1e-15 { return (d0 + dmax) / 2 }
    let x = abs(distance) / width
    if x >= 1 { return dmax }
    if x <= 0 { return d0 }
    let y: Double
    if power == 1 {
      y = x
    } else if x <= midpoint {
      y = pow(x, power) / pow(midpoint, power - 1)
    } else {
      y = 1 - pow(1 - x, power) / pow(1 - midpoint, power - 1)
    }
    return d0 + y * (dmax - d0)
  }

  /// The problem with the values, or nil when MuJoCo would accept them (it keeps the others in
  /// range itself).
  var problem: String? {
    guard [d0, dmax, width, midpoint, power].allSatisfy(\.isFinite) else { return "solimp values must be finite" }
    guard width >= 0 else { return "solimp's width must not be negative" }
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
  /// `solreflimit`'s time constant τ, s.
  public var timeConstant: Double
  /// The shortest time constant used (MuJoCo's `refsafe`: two of the model's steps), s.
  public var shortestTimeConstant: Double
  /// `solreflimit`'s damping ratio ζ.
  public var dampingRatio: Double
  /// `solimplimit`.
  public var impedance: Impedance
  /// The diagonal of the inverse joint-space inertia at qpos0 for this coordinate, armature
  /// included (MuJoCo's `dof_invweight0`), 1/(kg·m²) or 1/kg.
  public var inverseWeight: Double

  /// A soft limit; `shortestTimeConstant` 0 leaves the time constant as given.
  public init(
    timeConstant: Double, dampingRatio: Double, impedance: Impedance, inverseWeight: Double,
    shortestTimeConstant: Double = 0
  ) {
    self.timeConstant = timeConstant
    self.shortestTimeConstant = shortestTimeConstant
    self.dampingRatio = dampingRatio
    self.impedance = impedance
    self.inverseWeight = inverseWeight
  }

  /// MuJoCo's impedance d at `violation` r, the stiffness K = 1/(dmax² τ² ζ²) and damping
  /// B = 2/(dmax τ) of its reference acceleration (τ at least the shortest), and the
  /// regularisation R = (1 − d)/d · A.
  func reference(violation r: Double) -> (d: Double, k: Double, b: Double, regularisation: Double) {
    let d = impedance.value(at: abs(r))
    let dmax = Impedance.clamped(impedance.dmax)
    let tau = max(timeConstant, shortestTimeConstant)
    return (
      d, 1 / (dmax * dmax * tau * tau * dampingRatio * dampingRatio), 2 / (dmax * tau),
      max(1e-15, (1 - d) / d * inverseWeight)
    )
  }

  /// ODE's StopERP and StopCFM for a step of `h` that starts `violation` beyond the stop (ODE's
  /// limit error: the coordinate minus the stop) at `rate`.
  func stopParameters(violation r: Double, rate v: Double, h: Double) -> (erp: Double, cfm: Double) {
    let (d, k, b, regularisation) = reference(violation: r)
    // Exactly at the stop ODE's row has no error to scale; it then only stops the approach.
    let erp = r == 0 ? 0 : h * h * k * d - h * (1 - h * b) * v / r
    return (erp, h * regularisation)
  }

  /// The target velocity and CFM of an unbounded ODE row (a motor's) that solves MuJoCo's soft
  /// equality for a step of `h` starting `violation` away at `rate`: MuJoCo's Euler step gives
  /// J v′ = (1 − hB) J v − h K d r − h R f, and ODE's row J v′ = target − CFM·f.
  func rowParameters(violation r: Double, rate v: Double, h: Double) -> (velocity: Double, cfm: Double) {
    let (d, k, b, regularisation) = reference(violation: r)
    return ((1 - h * b) * v - h * k * d * r, h * regularisation)
  }

  /// The ERP, CFM and target velocity (motionN) of a one-sided ODE contact row that solves
  /// MuJoCo's soft limit for a step of `h` starting `violation` beyond it (positive) with the
  /// violation shrinking at `rate`: J v′ = (1 − hB) J v + h K d·violation − h R f, which ODE's
  /// row gives with ERP h²Kd, CFM hR and target (1 − hB) J v.
  func contactRowParameters(violation r: Double, rate v: Double, h: Double) -> (erp: Double, cfm: Double, velocity: Double) {
    let (d, k, b, regularisation) = reference(violation: r)
    return (h * h * k * d, h * regularisation, (1 - h * b) * v)
  }

  /// The problem with the values, or nil.
  func problem(joint: String) -> String? {
    guard timeConstant.isFinite, timeConstant > 0, dampingRatio.isFinite, dampingRatio > 0,
      shortestTimeConstant.isFinite, shortestTimeConstant >= 0
    else {
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
