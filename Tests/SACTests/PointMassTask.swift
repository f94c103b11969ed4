import Randomness
import NeuralNetworks
import SAC

/// A 1-D point mass for end-to-end tests: x'' = gain * u, drive x to the goal 0.
///
/// Constants: control step dt = 0.1 s, gain = 2 m/s^2 per unit action, u in [-1, 1],
/// episodes of 50 steps (time limit: truncated, never terminal), start x ~ U(-1, 1) m, v = 0.
/// Observation [x, v]. Reward 1 / (1 + (x / 0.1)^2), in (0, 1]; 1 at the goal.
/// Reference returns (200 episodes): uniform random policy about 6, u = 0 about 9,
/// a PD controller u = -3x - 2v about 42.
struct PointMassTask: ContinuousControlEnvironment {
  static let dt: Float = 0.1
  static let gain: Float = 2
  static let episodeLength = 50

  var generator: RandomGenerator
  var position: Float = 0
  var velocity: Float = 0
  var stepIndex = 0

  init(seed: UInt64) {
    generator = RandomGenerator(seed: seed)
  }

  var observationSize: Int { 2 }
  var actionLow: [Float] { [-1] }
  var actionHigh: [Float] { [1] }

  mutating func reset() -> [Float] {
    position = generator.nextUniform(low: -1, high: 1)
    velocity = 0
    stepIndex = 0
    return [position, velocity]
  }

  mutating func step(_ action: [Float]) -> EnvironmentStep {
    let u = min(max(action[0], -1), 1)
    velocity += Self.gain * u * Self.dt
    position += velocity * Self.dt
    stepIndex += 1
    let distance = position / 0.1
    return EnvironmentStep(
      observation: [position, velocity], reward: 1 / (1 + distance * distance),
      terminal: false, truncated: stepIndex >= Self.episodeLength)
  }
}

/// Mean return of the uniformly random policy on `PointMassTask`.
func randomPolicyReturn(episodes: Int, seed: UInt64) -> Double {
  var task = PointMassTask(seed: seed)
  var generator = RandomGenerator(seed: seed &+ 1)
  var total = 0.0
  for _ in 0..<episodes {
    _ = task.reset()
    var done = false
    while !done {
      let result = task.step([generator.nextUniform(low: -1, high: 1)])
      total += Double(result.reward)
      done = result.isLast
    }
  }
  return total / Double(episodes)
}
