import Foundation
import Physics
import Randomness

/// Cart-pole (dm_control's cartpole domain): a pole hinged on a cart that slides on a rail
/// (models/cartpole.xml). Swing the pole up from hanging, or keep it balanced from nearly upright.
///
/// The `swingup` (with a cart) and `balance` families for user models are this task on the
/// user's body "pole", hinge "hinge" and optional slide joint "slider".
public final class Cartpole: Task, SuiteDomain {
  /// Seconds per episode (one physics step of 0.01 s per environment step).
  public static let timeLimit = 10.0
  /// Cart position (m) and pole speed (rad/s) at which their reward terms fall to 0.1.
  public static let cartMargin = 2.0
  /// Pole speed (rad/s) at which the small-velocity term's tolerance falls to 0.1.
  public static let poleSpeedMargin = 5.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "cartpole"
  /// cartpole-balance and cartpole-swingup.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("cartpole-balance", model: model) { try Cartpole(model: $0, name: "cartpole-balance", swingUp: false) },
      Suite.Entry("cartpole-swingup", model: model) { try Cartpole(model: $0, name: "cartpole-swingup", swingUp: true) },
    ]
  }

  /// The task's name, e.g. "cartpole-swingup".
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode.
  public let timeLimit: Double
  /// Start hanging (swing-up) or nearly upright (balance).
  let swingUp: Bool
  let pole: Int
  let hinge: Int
  let slider: Int?

  /// A cart-pole task on `model`; without `slider` the pole's hinge is fixed in the world.
  public init(
    model: BodyModel, name: String, swingUp: Bool, pole poleName: String = "pole_1",
    hinge hingeName: String = "hinge_1", slider sliderName: String? = "slider",
    timeLimit: Double = Cartpole.timeLimit
  ) throws {
    var names = NameResolver(model: model, task: name)
    pole = names.body(poleName)
    hinge = names.joint(hingeName, type: .hinge)
    slider = sliderName.map { names.joint($0, type: .slide) }
    try names.finish()
    self.name = name
    self.swingUp = swingUp
    self.timeLimit = timeLimit
  }

  // Readouts.

  /// cos and sin of the pole angle from upright: its frame's zz and xz entries.
  func poleAngleCosine(_ simulation: Simulation) -> Double { simulation.bodyRotation(pole)[2, 2] }
  func poleAngleSine(_ simulation: Simulation) -> Double { simulation.bodyRotation(pole)[0, 2] }
  /// The cart's position along the rail (m); 0 without a cart.
  func cartPosition(_ simulation: Simulation) -> Double {
    slider.map { simulation.qpos[simulation.positionAddress[$0]] } ?? 0
  }
  /// The pole's angular velocity (rad/s).
  func poleSpeed(_ simulation: Simulation) -> Double { simulation.qvel[simulation.velocityAddress[hinge]] }

  /// Swing-up: cart near 0 (σ 0.01 m), pole hanging (π, σ 0.01 rad). Balance: cart uniform in
  /// ±0.1 m, pole uniform within ±0.034 rad of upright. Velocities N(0, 0.01²) each.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    var qvel = [Double](repeating: 0, count: simulation.model.velocityCount)
    if let slider {
      qpos[simulation.positionAddress[slider]] =
        swingUp ? 0.01 * random.nextGaussian() : random.nextDouble(low: -0.1, high: 0.1)
    }
    qpos[simulation.positionAddress[hinge]] =
      swingUp ? Double.pi + 0.01 * random.nextGaussian() : random.nextDouble(low: -0.034, high: 0.034)
    for k in qvel.indices { qvel[k] = 0.01 * random.nextGaussian() }
    try simulation.setState(qpos: qpos, qvel: qvel)
  }

  /// position (cart x, cos, sin), velocity (cart, pole); without a cart: orientation (cos,
  /// sin), velocity (pole).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    if let slider {
      observation.put("position", cartPosition(simulation))
      observation.put("position", poleAngleCosine(simulation))
      observation.put("position", poleAngleSine(simulation))
      observation.put("velocity", simulation.qvel[simulation.velocityAddress[slider]])
      observation.put("velocity", poleSpeed(simulation))
    } else {
      observation.put("orientation", poleAngleCosine(simulation))
      observation.put("orientation", poleAngleSine(simulation))
      observation.put("velocity", poleSpeed(simulation))
    }
  }

  /// upright · centred · small control · small velocity (dm_control's smooth reward).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let upright = (poleAngleCosine(simulation) + 1) / 2
    let centered = (1 + tolerance(cartPosition(simulation), margin: Self.cartMargin)) / 2
    let smallControl = (4 + smallControl(action)) / 5
    let smallVelocity = (1 + tolerance(poleSpeed(simulation), margin: Self.poleSpeedMargin)) / 2
    return upright * centered * smallControl * smallVelocity
  }
}
