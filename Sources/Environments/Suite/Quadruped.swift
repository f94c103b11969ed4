import Foundation
import Physics
import Randomness

/// Quadruped (dm_control's quadruped domain): a four-legged body on a free root whose legs are
/// driven by filtered position servos (models/quadruped.xml). Stay upright and move forward at
/// 0.5 m/s (quadruped-walk) or 5 m/s (quadruped-run), measured along the torso's own x axis.
public final class Quadruped: Task, SuiteDomain {
  /// A body moving in 3-D: pictures show it from the side and from the front.
  public var cameraView: CameraView { .sideAndFront }

  /// Forward speeds of quadruped-walk and quadruped-run (m/s).
  public static let walkSpeed = 0.5
  public static let runSpeed = 5.0
  /// Seconds per environment step (4 physics steps of 0.005 s), and per episode.
  public static let controlTimestep = 0.02
  public static let timeLimit = 20.0
  /// The initial height is raised in these steps (m) until nothing touches, at most this many times.
  static let heightStep = 0.01
  static let maximumRaises = 10_000

  /// The model file's name in the models folder, without ".xml".
  public static let model = "quadruped"
  /// quadruped-walk and quadruped-run.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("quadruped-walk", model: model) { try Quadruped(model: $0, name: "quadruped-walk", speed: walkSpeed) },
      Suite.Entry("quadruped-run", model: model) { try Quadruped(model: $0, name: "quadruped-run", speed: runSpeed) },
    ]
  }

  /// The task's name, e.g. "quadruped-walk".
  public let name: String
  /// Seconds per environment step, always `Quadruped.controlTimestep`.
  public let controlTimestep: Double? = Quadruped.controlTimestep
  /// Seconds per episode, always `Quadruped.timeLimit`.
  public let timeLimit: Double = Quadruped.timeLimit
  /// The forward speed to reach (m/s).
  let speed: Double
  let torso: Int
  let root: Int
  /// The legs' hinges, in model order.
  let hinges: [Int]
  /// The velocimeter at the torso, the accelerometer and gyro (in sensor order), and the toes'
  /// force and torque sensors (in sensor order).
  let velocimeter: Int
  let imu: [Int]
  let forceTorque: [Int]

  /// A quadruped task on `model` (body torso with free joint root; every hinge a leg joint;
  /// sensors velocimeter, accelerometer and gyro, force and torque).
  public init(model: BodyModel, name: String, speed: Double) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    root = names.joint("root", type: .free)
    try names.finish()
    hinges = model.joints.indices.filter { model.joints[$0].type == .hinge }
    func sensors(_ matches: (SensorKind) -> Bool) -> [Int] { model.sensors.indices.filter { matches(model.sensors[$0].kind) } }
    let velocimeters = sensors { if case .velocimeter = $0 { return true } else { return false } }
    imu = sensors {
      switch $0 {
      case .accelerometer, .gyro: return true
      default: return false
      }
    }
    forceTorque = sensors {
      switch $0 {
      case .force, .torque: return true
      default: return false
      }
    }
    guard let velocimeter = velocimeters.first, imu.count == 2, !forceTorque.isEmpty else {
      throw EnvironmentError.invalidTask(
        "\(model.file): task '\(name)' needs a velocimeter, an accelerometer and a gyro, and force or torque sensors")
    }
    self.velocimeter = velocimeter
    self.name = name
    self.speed = speed
  }

  /// The torso frame's zz entry: 1 upright.
  func upright(_ simulation: Simulation) -> Double { simulation.bodyRotation(torso)[2, 2] }
  /// The torso origin's velocity in the torso's frame (the velocimeter), m/s.
  func torsoVelocity(_ simulation: Simulation) -> [Double] { simulation.sensorValue(velocimeter) }

  /// A uniformly random orientation (four normal numbers, normalised), every joint at 0, at rest;
  /// the torso raised from the floor in 1 cm steps until nothing touches.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    let q = randomOrientation(&random)
    var qpos = simulation.initialQpos
    let p = simulation.positionAddress[root]
    qpos[(p + 3)..<(p + 7)] = [q.w, q.x, q.y, q.z]
    var height = 0.0
    try drawWithoutContacts(simulation, task: name, attempts: Self.maximumRaises) {
      qpos[p + 2] = height
      try simulation.setState(qpos: qpos)
      height += Self.heightStep
    }
  }

  /// egocentric_state (hinge angles, hinge rates, actuator activations), torso_velocity,
  /// torso_upright, imu (accelerometer then gyro), force_torque (arcsinh of the toes' sensors).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let q = simulation.qpos, v = simulation.qvel
    observation.put("egocentric_state", hinges.map { q[simulation.positionAddress[$0]] })
    observation.put("egocentric_state", hinges.map { v[simulation.velocityAddress[$0]] })
    observation.put("egocentric_state", simulation.activation)
    observation.put("torso_velocity", torsoVelocity(simulation))
    observation.put("torso_upright", upright(simulation))
    for sensor in imu { observation.put("imu", simulation.sensorValue(sensor)) }
    for sensor in forceTorque { observation.put("force_torque", simulation.sensorValue(sensor).map(asinh)) }
  }

  /// upright (1 + zz)/2 × move, move = tolerance(forward speed in the torso's frame, (s, ∞),
  /// margin s, linear, 0.5 at the margin).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let move = tolerance(
      torsoVelocity(simulation)[0], bounds: (speed, .infinity), margin: speed, sigmoid: .linear, valueAtMargin: 0.5)
    return (1 + upright(simulation)) / 2 * move
  }
}
