import Foundation
import Physics
import Randomness

/// Cart-pole (dm_control's cartpole domain): one, two or three poles hinged end to end on a cart
/// that slides on a rail (models/cartpole.xml, cartpole_two_poles.xml, cartpole_three_poles.xml).
/// Swing the poles up from hanging, or keep them balanced from nearly upright; the sparse tasks
/// pay 1 only while the cart is central and every pole upright.
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
  /// The sparse reward's bounds: cart within ±0.25 m, every pole's cosine at least 0.995.
  public static let sparseCartBound = 0.25
  public static let sparseUprightCosine = 0.995

  /// The model file's name in the models folder, without ".xml".
  public static let model = "cartpole"
  /// cartpole-balance, -balance_sparse, -swingup, -swingup_sparse, -two_poles, -three_poles.
  public static var tasks: [Suite.Entry] {
    func entry(_ task: String, model file: String = model, poles: Int = 1, swingUp: Bool, sparse: Bool = false)
      -> Suite.Entry
    {
      Suite.Entry("cartpole-\(task)", model: file) {
        try Cartpole(
          model: $0, name: "cartpole-\(task)", swingUp: swingUp, sparse: sparse,
          poles: (1...poles).map { "pole_\($0)" }, hinges: (1...poles).map { "hinge_\($0)" })
      }
    }
    return [
      entry("balance", swingUp: false), entry("balance_sparse", swingUp: false, sparse: true),
      entry("swingup", swingUp: true), entry("swingup_sparse", swingUp: true, sparse: true),
      entry("two_poles", model: "cartpole_two_poles", poles: 2, swingUp: true),
      entry("three_poles", model: "cartpole_three_poles", poles: 3, swingUp: true),
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
  /// Whether the reward is the sparse indicator.
  let sparse: Bool
  /// The poles' bodies and hinges, from the cart outwards (each hinge relative to the pole below).
  let poles: [Int]
  let hinges: [Int]
  let slider: Int?

  /// A cart-pole task on `model`; without `slider` the first pole's hinge is fixed in the world.
  public init(
    model: BodyModel, name: String, swingUp: Bool, sparse: Bool = false, poles poleNames: [String] = ["pole_1"],
    hinges hingeNames: [String] = ["hinge_1"], slider sliderName: String? = "slider",
    timeLimit: Double = Cartpole.timeLimit
  ) throws {
    guard !poleNames.isEmpty, poleNames.count == hingeNames.count else {
      throw EnvironmentError.invalidTask("\(name): a cart-pole needs one hinge per pole, and at least one pole")
    }
    var names = NameResolver(model: model, task: name)
    poles = poleNames.map { names.body($0) }
    hinges = hingeNames.map { names.joint($0, type: .hinge) }
    slider = sliderName.map { names.joint($0, type: .slide) }
    try names.finish()
    self.name = name
    self.swingUp = swingUp
    self.sparse = sparse
    self.timeLimit = timeLimit
  }

  // Readouts.

  /// cos and sin of pole `k`'s absolute angle from upright: its frame's zz and xz entries.
  func poleAngleCosine(_ simulation: Simulation, _ k: Int = 0) -> Double { simulation.bodyRotation(poles[k])[2, 2] }
  func poleAngleSine(_ simulation: Simulation, _ k: Int = 0) -> Double { simulation.bodyRotation(poles[k])[0, 2] }
  /// The cart's position along the rail (m); 0 without a cart.
  func cartPosition(_ simulation: Simulation) -> Double {
    slider.map { simulation.qpos[simulation.positionAddress[$0]] } ?? 0
  }
  /// The hinges' rates (rad/s), each relative to the pole below.
  func poleSpeeds(_ simulation: Simulation) -> [Double] {
    hinges.map { simulation.qvel[simulation.velocityAddress[$0]] }
  }

  /// Swing-up: cart near 0 (σ 0.01 m), first pole hanging (π, σ 0.01 rad), the others near
  /// straight on (σ 0.1 rad). Balance: cart uniform in ±0.1 m, every hinge uniform within ±0.034
  /// rad. Velocities N(0, 0.01²) each. Draws in dm_control's order.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    var qvel = [Double](repeating: 0, count: simulation.model.velocityCount)
    if let slider {
      qpos[simulation.positionAddress[slider]] =
        swingUp ? 0.01 * random.nextGaussian() : random.nextDouble(low: -0.1, high: 0.1)
    }
    for (k, hinge) in hinges.enumerated() {
      let address = simulation.positionAddress[hinge]
      if swingUp {
        qpos[address] = k == 0 ? Double.pi + 0.01 * random.nextGaussian() : 0.1 * random.nextGaussian()
      } else {
        qpos[address] = random.nextDouble(low: -0.034, high: 0.034)
      }
    }
    for k in qvel.indices { qvel[k] = 0.01 * random.nextGaussian() }
    try simulation.setState(qpos: qpos, qvel: qvel)
  }

  /// position (cart x, then cos and sin of each pole), velocity (cart, hinges); without a cart:
  /// orientation (cos, sin of each pole), velocity (hinges).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    if let slider {
      observation.put("position", cartPosition(simulation))
      for k in poles.indices {
        observation.put("position", poleAngleCosine(simulation, k))
        observation.put("position", poleAngleSine(simulation, k))
      }
      observation.put("velocity", simulation.qvel[simulation.velocityAddress[slider]])
      observation.put("velocity", poleSpeeds(simulation))
    } else {
      for k in poles.indices {
        observation.put("orientation", poleAngleCosine(simulation, k))
        observation.put("orientation", poleAngleSine(simulation, k))
      }
      observation.put("velocity", poleSpeeds(simulation))
    }
  }

  /// Smooth: upright · centred · small control · small velocity, upright the mean over poles of
  /// (cos + 1)/2 and small velocity set by the fastest hinge. Sparse: 1 iff the cart is within
  /// ±0.25 m and every pole's cosine is at least 0.995.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let cart = cartPosition(simulation)
    if sparse {
      let centred = tolerance(cart, bounds: (-Self.sparseCartBound, Self.sparseCartBound))
      return poles.indices.reduce(centred) {
        $0 * tolerance(poleAngleCosine(simulation, $1), bounds: (Self.sparseUprightCosine, 1))
      }
    }
    let upright = poles.indices.reduce(0.0) { $0 + (poleAngleCosine(simulation, $1) + 1) / 2 } / Double(poles.count)
    let centered = (1 + tolerance(cart, margin: Self.cartMargin)) / 2
    let smallControl = (4 + smallControl(action)) / 5
    let slowest = poleSpeeds(simulation).map { tolerance($0, margin: Self.poleSpeedMargin) }.min() ?? 1
    let smallVelocity = (1 + slowest) / 2
    return upright * centered * smallControl * smallVelocity
  }
}
