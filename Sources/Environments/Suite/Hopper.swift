import Foundation
import Physics
import Randomness

/// Hopper (dm_control's hopper domain): a planar one-legged body (models/hopper.xml). Stand with
/// the torso well above the foot; in hopper-hop also move forward.
public final class Hopper: Task, SuiteDomain {
  /// Torso-above-foot heights that count as standing (metres).
  public static let standHeights = 0.6...2.0
  /// Forward speed of hopper-hop (m/s).
  public static let hopSpeed = 2.0
  /// Seconds per environment step (4 physics steps of 0.005 s), and per episode.
  public static let controlTimestep = 0.02
  /// Seconds per episode (1000 environment steps).
  public static let timeLimit = 20.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "hopper"
  /// hopper-stand and hopper-hop.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("hopper-stand", model: model) { try Hopper(model: $0, name: "hopper-stand", hopping: false) },
      Suite.Entry("hopper-hop", model: model) { try Hopper(model: $0, name: "hopper-hop", hopping: true) },
    ]
  }

  /// The task's name, e.g. "hopper-hop".
  public let name: String
  /// Seconds per environment step, always `Hopper.controlTimestep`.
  public let controlTimestep: Double? = Hopper.controlTimestep
  /// Seconds per episode, always `Hopper.timeLimit`.
  public let timeLimit: Double = Hopper.timeLimit
  let hopping: Bool
  let torso: Int
  let foot: Int
  let touchSites: [Int]

  /// Hopper's task on `model` (bodies "torso" and "foot", sites "touch_toe", "touch_heel").
  public init(model: BodyModel, name: String, hopping: Bool) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    foot = names.body("foot")
    touchSites = [names.site("touch_toe"), names.site("touch_heel")]
    try names.finish()
    self.name = name
    self.hopping = hopping
  }

  // Readouts.

  /// Torso centre of mass height above the foot's, metres.
  func height(_ simulation: Simulation) -> Double {
    simulation.bodyCenterOfMass(torso).z - simulation.bodyCenterOfMass(foot).z
  }
  /// The x velocity of the torso subtree's centre of mass, m/s.
  func speed(_ simulation: Simulation) -> Double { simulation.subtreeLinearVelocity(torso).x }
  /// log(1 + force) of the toe and heel touch sensors.
  func touch(_ simulation: Simulation) -> [Double] { touchSites.map { log1p(simulation.touch($0)) } }

  /// Joints randomised (dm_control's randomiser).
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
  }

  /// position (qpos without rootx), velocity (qvel), touch.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos.dropFirst())
    observation.put("velocity", simulation.qvel)
    observation.put("touch", touch(simulation))
  }

  /// standing · hop term (hopper-hop), or standing · (4 + small control) / 5 (hopper-stand).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let standing = tolerance(height(simulation), bounds: (Self.standHeights.lowerBound, Self.standHeights.upperBound))
    if hopping {
      let hopping = tolerance(
        speed(simulation), bounds: (Self.hopSpeed, .infinity), margin: Self.hopSpeed / 2,
        sigmoid: .linear, valueAtMargin: 0.5)
      return standing * hopping
    }
    return standing * (smallControl(action) + 4) / 5
  }
}
