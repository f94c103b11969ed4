import Foundation
@testable import Physics

/// Small scenes shared by the physics tests.
enum TestWorlds {
  /// A world with the given timestep and gravity, exact stepper, no floor.
  static func empty(timestep: Double = 0.001, gravity: Vector3 = Vector3(0, 0, -9.81),
    stepper: Stepper = .exact) throws -> World
  {
    var settings = WorldSettings()
    settings.timestep = timestep
    settings.gravity = gravity
    settings.stepper = stepper
    return try World(settings: settings)
  }

  /// A floor plane at z = 0.
  @discardableResult
  static func addFloor(_ world: World, friction: Double = 1) throws -> Geom {
    try world.addStaticGeom(GeomDescription(
      name: "floor", shape: .plane(normal: Vector3(0, 0, 1), offset: 0), friction: friction))
  }

  /// A point-like pendulum: a 1 kg sphere of radius `bobRadius` at distance `length` below a
  /// hinge at the origin (axis +y), released at `angle` radians. The body frame is at the pivot,
  /// so the centre of mass is off the frame origin.
  static func pendulum(world: World, length: Double, angle: Double, bobRadius: Double = 0.01)
    throws -> (body: RigidBody, hinge: HingeJoint)
  {
    let body = try world.addBody(name: "pendulum", geoms: [
      GeomDescription(shape: .sphere(radius: bobRadius), pose: Pose(position: Vector3(0, 0, -length)),
        mass: .mass(1))
    ])
    let hinge = try world.addHingeJoint(
      name: "pivot", parent: nil, child: body, anchor: .zero, axis: Vector3(0, 1, 0))
    try body.setPose(Pose(orientation: Quaternion(axis: Vector3(0, 1, 0), angle: angle)))
    return (body, hinge)
  }
}

/// Resident memory of this process in bytes.
func residentMemoryBytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
  let fields = text.split(separator: " ")
  return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Times (interpolated) at which `values` crosses zero going downwards.
func downwardZeroCrossings(_ values: [Double], timestep: Double) -> [Double] {
  var times = [Double]()
  for i in 1..<values.count where values[i - 1] > 0 && values[i] <= 0 {
    let fraction = values[i - 1] / (values[i - 1] - values[i])
    times.append((Double(i - 1) + fraction) * timestep)
  }
  return times
}

/// The mean period of a one-joint model swinging from `angle` at rest: `steps` steps, the
/// time between the first and last downward zero crossings over the crossings between them.
func swingPeriod(_ simulation: Simulation, from angle: Double, steps: Int) throws -> Double {
  try simulation.setState(qpos: [angle], qvel: [0])
  var angles = [Double]()
  for _ in 0..<steps {
    try simulation.step()
    angles.append(simulation.qpos[0])
  }
  let crossings = downwardZeroCrossings(angles, timestep: simulation.timestep)
  return (crossings.last! - crossings.first!) / Double(crossings.count - 1)
}

/// Sets a body spinning at `angularVelocity` about an axis through `pivot`, with the matching
/// velocity of its centre of mass (a hinge would otherwise cancel the mismatched part).
func spin(_ body: RigidBody, about pivot: Vector3, angularVelocity w: Vector3) throws {
  try body.setAngularVelocity(w)
  try body.setLinearVelocity(w.cross(body.centerOfMass - pivot))
}
