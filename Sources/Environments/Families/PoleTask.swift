import Foundation
import Physics
import Randomness

/// The pole family: swing a hinged pole up and balance it, alone (pendulum) or on a cart
/// (cartpole). The pole's uprightness is its frame's zz entry, cos θ.
public final class PoleTask: Task {
  /// How the reward is built.
  public enum Reward: Sendable {
    /// 1 when the pole is within `angle` radians of upright, else 0 (pendulum).
    case upright(angle: Double)
    /// upright · centred · small control · small velocity (cartpole's smooth reward):
    /// (cos θ + 1)/2 · (1 + tolerance(x, margin 2))/2 · (4 + (1 − u²))/5 ·
    /// (1 + tolerance(θ̇, margin 5))/2.
    case smooth
  }

  /// How an episode starts.
  public enum Start: Sendable, Equatable {
    /// Pole angle uniform in [−π, π], at rest (pendulum).
    case anyAngle
    /// Cart near 0, pole hanging down, small random velocities (cartpole swingup).
    case hanging
    /// Cart within ±0.1 m, pole within ±0.034 rad of upright, small velocities (cartpole balance).
    case nearlyUpright
  }

  public let name: String
  public let timeLimit: Double
  public let controlTimestep: Double? = nil
  public let observationLayout: [ObservationField]
  let pole: Int
  let hinge: Int
  let slider: Int?
  let reward: Reward
  let start: Start

  public init(
    name: String, model: BodyModel, pole poleName: String, hinge hingeName: String,
    slider sliderName: String?, reward: Reward, start: Start, timeLimit: Double
  ) throws {
    var names = NameResolver(model: model, task: name)
    pole = names.body(poleName)
    hinge = names.joint(hingeName, type: .hinge)
    slider = sliderName.map { names.joint($0, type: .slide) }
    try names.finish()
    self.name = name
    self.reward = reward
    self.start = start
    self.timeLimit = timeLimit
    observationLayout = slider == nil
      ? EnvironmentSpec.layout([("orientation", 2), ("velocity", 1)])
      : EnvironmentSpec.layout([("position", 3), ("velocity", 2)])
  }

  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    var qvel = [Double](repeating: 0, count: simulation.model.velocityCount)
    let h = simulation.positionAddress[hinge]
    switch start {
    case .anyAngle:
      qpos[h] = random.nextDouble(low: -Double.pi, high: Double.pi)
    case .hanging, .nearlyUpright:
      let hanging = start == .hanging
      if let slider {
        qpos[simulation.positionAddress[slider]] =
          hanging ? 0.01 * random.nextGaussian() : random.nextDouble(low: -0.1, high: 0.1)
      }
      qpos[h] = hanging ? Double.pi + 0.01 * random.nextGaussian() : random.nextDouble(low: -0.034, high: 0.034)
      for k in qvel.indices { qvel[k] = 0.01 * random.nextGaussian() }
    }
    try simulation.setState(qpos: qpos, qvel: qvel)
  }

  /// (cos θ, sin θ) of the pole: its frame's zz and xz entries.
  func poleOrientation(_ simulation: Simulation) -> (Double, Double) {
    let r = simulation.bodyRotation(pole)
    return (r[2, 2], r[0, 2])
  }

  public func observe(_ simulation: Simulation, into values: inout [Float]) {
    let (zz, xz) = poleOrientation(simulation)
    let qpos = simulation.qpos, qvel = simulation.qvel
    let angularVelocity = qvel[simulation.velocityAddress[hinge]]
    if let slider {
      values[0] = Float(qpos[simulation.positionAddress[slider]])
      values[1] = Float(zz)
      values[2] = Float(xz)
      values[3] = Float(qvel[simulation.velocityAddress[slider]])
      values[4] = Float(angularVelocity)
    } else {
      values[0] = Float(zz)
      values[1] = Float(xz)
      values[2] = Float(angularVelocity)
    }
  }

  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let (cosine, _) = poleOrientation(simulation)
    switch reward {
    case .upright(let angle):
      return tolerance(cosine, bounds: (cos(angle), 1))
    case .smooth:
      let upright = (cosine + 1) / 2
      let x = slider.map { simulation.qpos[simulation.positionAddress[$0]] } ?? 0
      let centered = (1 + tolerance(x, margin: 2)) / 2
      let control = (4 + smallControl(action)) / 5
      let angularVelocity = simulation.qvel[simulation.velocityAddress[hinge]]
      let smallVelocity = (1 + tolerance(angularVelocity, margin: 5)) / 2
      return upright * centered * control * smallVelocity
    }
  }
}
