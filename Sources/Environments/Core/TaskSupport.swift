import Foundation
import Physics
import Randomness

/// dm_control's "randomize limited and rotational joints": a limited hinge or slide is drawn
/// uniformly in its range, an unlimited hinge in [−π, π]; unlimited slides keep qpos0; ball
/// joints get a uniformly random orientation; a free joint keeps its position and gets the
/// orientation of four uniform [0, 1) numbers normalised (dm_control's own choice, kept for its
/// benchmarks' sake). Velocities are zero. Draws follow joint order.
public func randomizeLimitedAndRotationalJoints(_ simulation: Simulation, random: inout RandomGenerator) throws {
  var qpos = simulation.initialQpos
  for (j, joint) in simulation.model.joints.enumerated() {
    let p = simulation.positionAddress[j]
    switch joint.type {
    case .hinge, .slide:
      if let range = joint.range {
        qpos[p] = random.nextDouble(low: range.lowerBound, high: range.upperBound)
      } else if joint.type == .hinge {
        qpos[p] = random.nextDouble(low: -Double.pi, high: Double.pi)
      }
    case .ball:
      let q = randomOrientation(&random)
      qpos[p..<(p + 4)] = [q.w, q.x, q.y, q.z]
    case .free:
      let q = Quaternion(w: random.nextDouble(), x: random.nextDouble(), y: random.nextDouble(),
        z: random.nextDouble()).normalized
      qpos[(p + 3)..<(p + 7)] = [q.w, q.x, q.y, q.z]
    }
  }
  try simulation.setState(qpos: qpos)
}

/// A uniformly random orientation: four standard normal numbers, normalised.
func randomOrientation(_ random: inout RandomGenerator) -> Quaternion {
  Quaternion(w: random.nextGaussian(), x: random.nextGaussian(), y: random.nextGaussian(), z: random.nextGaussian())
    .normalized
}

/// dm_control's rejection of initial states that touch: calls `draw` (which sets a candidate
/// state) until the world has no contacts, at most `attempts` times.
func drawWithoutContacts(_ simulation: Simulation, task: String, attempts: Int, draw: () throws -> Void) throws {
  for _ in 0..<attempts {
    try draw()
    if simulation.world.countContacts() == 0 { return }
  }
  throw EnvironmentError.invalidTask("\(task): no initial state without contacts in \(attempts) draws")
}

/// Mean over actions of tolerance(u, margin 1, quadratic, value 0), i.e. mean(1 − u²) clipped
/// at 0: dm_control's "small control" term.
func smallControl(_ action: [Double]) -> Double {
  guard !action.isEmpty else { return 1 }
  return action.reduce(0) { $0 + tolerance($1, margin: 1, sigmoid: .quadratic, valueAtMargin: 0) }
    / Double(action.count)
}

/// Resolves names in a model, collecting every missing one so the error lists them all.
struct NameResolver {
  let model: BodyModel
  let task: String
  var missing: [String] = []

  init(model: BodyModel, task: String) {
    self.model = model
    self.task = task
  }

  mutating func body(_ name: String) -> Int {
    if let b = model.bodyIndex(name) { return b }
    missing.append("body '\(name)'")
    return 0
  }

  mutating func joint(_ name: String, type: JointType? = nil) -> Int {
    if let j = model.jointIndex(name), type == nil || model.joints[j].type == type { return j }
    missing.append(type.map { "\($0.rawValue) joint '\(name)'" } ?? "joint '\(name)'")
    return 0
  }

  mutating func tendon(_ name: String) -> Int {
    if let t = model.tendons.firstIndex(where: { $0.name == name }) { return t }
    missing.append("tendon '\(name)'")
    return 0
  }

  mutating func geom(_ name: String) -> Int {
    if let g = model.geomIndex(name) { return g }
    missing.append("geom '\(name)'")
    return 0
  }

  /// A geom or a site with this name.
  mutating func point(_ name: String) -> ModelObject {
    if let g = model.geomIndex(name) { return .geom(g) }
    if let s = model.siteIndex(name) { return .site(s) }
    missing.append("geom or site '\(name)'")
    return .body(0)
  }

  mutating func site(_ name: String) -> Int {
    if let s = model.siteIndex(name) { return s }
    missing.append("site '\(name)'")
    return 0
  }

  func finish() throws {
    guard missing.isEmpty else {
      throw EnvironmentError.invalidTask(
        "\(model.file): task '\(task)' needs " + missing.joined(separator: ", ") + ", which the model lacks")
    }
  }
}

/// A numeric task parameter from `<custom><numeric name=…>`, or a default.
func numeric(_ model: BodyModel, _ name: String, default value: Double) throws -> Double {
  guard let data = model.numerics[name] else { return value }
  guard data.count == 1 else {
    throw EnvironmentError.invalidTask("\(model.file): <numeric name=\"\(name)\"> must hold one number")
  }
  return data[0]
}

/// The radius a shape presents in the plane: a sphere's, capsule's or cylinder's radius, a
/// box's smallest half-size, an ellipsoid's smallest semi-axis, a mesh's bounding box's smallest
/// half-size (0 for a plane).
func radius(of shape: Shape) -> Double {
  switch shape {
  case .sphere(let r), .capsule(let r, _), .cylinder(let r, _): return r
  case .box(let h): return h.min()
  case .ellipsoid(let radii): return radii.min()
  case .plane, .heightField: return 0
  case .mesh(let mesh):
    let low = mesh.vertices.reduce(Vector3(repeating: .infinity)) { pointwiseMin($0, $1) }
    let high = mesh.vertices.reduce(Vector3(repeating: -.infinity)) { pointwiseMax($0, $1) }
    return ((high - low) / 2).min()
  }
}
