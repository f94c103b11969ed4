import Foundation

/// `odessa model check FILE`: what a user runs first on a new model — its bodies, joints,
/// actuators and degrees of freedom, then a short random rollout that must stay finite.
public struct ModelCheck: Sendable {
  /// One line of the body table.
  public struct BodyRow: Sendable {
    /// The body's name.
    public var name: String
    /// Mass of the body's own geoms, kg.
    public var mass: Double
    /// The parent body's name.
    public var parent: String
    /// MuJoCo's translational `body_invweight0`, 1/kg (`Simulation.contactInverseWeights`).
    public var inverseWeight = 0.0
  }

  /// The model file's path, as given.
  public var file: String
  /// `<mujoco model="…">`.
  public var modelName: String
  /// One row per body, the world excluded.
  public var bodies: [BodyRow]
  /// One line per joint: name, type, body, range, and damping, stiffness, armature when set.
  public var joints: [String]
  /// One line per motor: name, target, gear and control range.
  public var actuators: [String]
  /// Number of generalised position coordinates (entries in qpos).
  public var positionCount: Int
  /// Number of degrees of freedom (entries in qvel).
  public var velocityCount: Int
  /// Total mass of every body but the world, kg.
  public var totalMass: Double
  /// The model's timestep, seconds.
  public var timestep: Double
  /// Rollout steps completed (all of them unless `rolloutFailure` is set).
  public var rolloutSteps: Int
  /// The error that stopped the rollout, or nil when it stayed finite.
  public var rolloutFailure: String?
  /// Largest |qvel| entry seen during the rollout.
  public var largestSpeed: Double
  /// Number of tendons.
  public var tendonCount = 0
  /// Number of equality constraints.
  public var equalityCount = 0
  /// What the mapping onto ODE approximated for this model.
  public var approximations: [String] = []

  /// True when the rollout ran to the end with a finite state.
  public var passed: Bool { rolloutFailure == nil }

  /// Loads `path`, builds its simulation and runs `steps` steps of uniformly random controls.
  /// `progress` hears the number of steps done about once a second (large models take a while).
  public static func run<G: RandomNumberGenerator>(
    path: String, steps: Int, generator: inout G, progress: (Int) -> Void = { _ in }
  ) throws -> ModelCheck {
    let model = try BodyModel(contentsOf: path)
    let simulation = try Simulation(model: model)
    var failure: String?
    var largest = 0.0
    var done = 0
    var lastReport = DispatchTime.now().uptimeNanoseconds
    do {
      for _ in 0..<steps {
        let now = DispatchTime.now().uptimeNanoseconds
        if now - lastReport > 1_000_000_000 {
          progress(done)
          lastReport = now
        }
        let control = model.actuators.map { actuator -> Double in
          let range = actuator.controlRange ?? -1...1
          return Double.random(in: range, using: &generator)
        }
        try simulation.step(control: control)
        largest = max(largest, simulation.qvel.map(abs).max() ?? 0)
        done += 1
        if largest > Simulation.divergenceSpeed {
          failure = String(
            format: "a joint reached speed %.3g, above %.0f: training would treat every such episode as diverged",
            largest, Simulation.divergenceSpeed)
          break
        }
      }
    } catch let error as PhysicsError {
      failure = error.description
    }
    let degrees = 180 / Double.pi
    return ModelCheck(
      file: path, modelName: model.name,
      bodies: model.bodies.indices.dropFirst().map {
        BodyRow(name: model.bodies[$0].name, mass: model.bodies[$0].mass,
          parent: model.bodies[model.bodies[$0].parent].name, inverseWeight: simulation.contactInverseWeights[$0])
      },
      joints: model.joints.map { joint in
        var text = "\(joint.name.isEmpty ? "(unnamed)" : joint.name): \(joint.type.rawValue) on '\(model.bodies[joint.body].name)'"
        if let range = joint.range {
          text += joint.type == .hinge
            ? String(format: ", range [%.1f°, %.1f°]", range.lowerBound * degrees, range.upperBound * degrees)
            : String(format: ", range [%.3f, %.3f] m", range.lowerBound, range.upperBound)
        } else {
          text += ", unlimited"
        }
        if joint.damping > 0 { text += ", damping \(joint.damping)" }
        if joint.stiffness > 0 { text += ", stiffness \(joint.stiffness)" }
        if joint.armature > 0 { text += ", armature \(joint.armature)" }
        return text
      },
      actuators: model.actuators.map { actuator in
        let target: String
        switch actuator.target {
        case .joint(let j): target = "joint '\(model.joints[j].name)'"
        case .tendon(let t): target = "tendon '\(model.tendons[t].name)'"
        }
        let range = actuator.controlRange.map { "[\($0.lowerBound), \($0.upperBound)]" } ?? "unlimited"
        return "\(actuator.name.isEmpty ? "(unnamed)" : actuator.name): motor on \(target), gear \(actuator.gear), control \(range)"
      },
      positionCount: model.positionCount, velocityCount: model.velocityCount,
      totalMass: model.totalMass, timestep: model.options.timestep, rolloutSteps: done,
      rolloutFailure: failure, largestSpeed: largest, tendonCount: model.tendons.count,
      equalityCount: model.equalities.count, approximations: simulation.approximations)
  }

}
