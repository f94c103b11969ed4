import Foundation
import Physics
import Randomness
import Environments

/// `odessa bench env`: environment steps per second of every suite task under random actions,
/// beside the bare physics rate of the same model (the same substeps and controls, no task),
/// measured alternately in one run; and, on request, the zero- and random-action returns.
package enum EnvironmentBenchmark {
  /// One task's figures.
  package struct TaskResult: Codable, Sendable {
    package var task: String
    /// Environment steps per second (random actions, resets included).
    package var envStepsPerSecond: Double
    /// The same stepping without the task layer, in environment steps per second.
    package var physicsStepsPerSecond: Double
    /// Physics substeps per second inside the environment loop.
    package var substepsPerSecond: Double
    /// The environment layer's cost: physics rate / env rate − 1, in percent (target < 15 %).
    package var overheadPercent: Double
    /// Mean return of zero-action and uniform-random-action episodes (when measured).
    package var zeroActionReturn: Double?
    package var randomActionReturn: Double?
    /// Episodes cut short because the physics diverged, in the timed loops and the returns.
    package var divergences: Int = 0
  }

  /// The whole benchmark.
  package struct Result: Codable, Sendable {
    package var benchmark = "env"
    package var tasks: [TaskResult]
    package var episodesForReturns: Int
    /// "exact" (dWorldStep) or "quick:N" (dWorldQuickStep, N iterations).
    package var stepper = "exact"


    /// One line of JSON.
    package func jsonLine() throws -> String {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
  }

  /// Times each task for `secondsPerLoop` in each of the two loops; with `returnEpisodes` > 0
  /// also measures mean zero- and random-action returns over that many episodes (seeds 0, 1, …).
  package static func run(
    modelsFolder: String, tasks: [String] = Suite.names, secondsPerLoop: Double = 1, returnEpisodes: Int = 0,
    stepper: Stepper = .exact, groupsHinges: Bool = true, jointCoordinates: Bool = true
  ) throws -> Result {
    var results = [TaskResult]()
    for name in tasks {
      let environment = try Suite.environment(
        name, modelsFolder: modelsFolder, groupsHinges: groupsHinges, jointCoordinates: jointCoordinates)
      environment.warn = { _ in }
      try StepperChoice.apply(stepper, to: environment)
      var random = RandomGenerator(seed: 0)
      let actionSize = environment.spec.actionSize
      var envSteps = 0, physicsSteps = 0, physicsDivergences = 0
      var envTime = 0.0, physicsTime = 0.0
      for _ in 0..<2 {
        // Environment loop.
        try environment.reset(seed: 0)
        var action = [Float](repeating: 0, count: actionSize)
        var start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < secondsPerLoop / 2 {
          for _ in 0..<100 {
            for k in 0..<actionSize { action[k] = random.nextUniform(low: -1, high: 1) }
            let result = try environment.step(action)
            if result.truncated || result.terminated { try environment.reset(seed: UInt64(envSteps)) }
            envSteps += 1
          }
          elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        envTime += elapsed
        // Physics-only loop: the same simulation, substeps and random controls, no task.
        let simulation = environment.simulation
        try environment.reset(seed: 0)
        var control = [Double](repeating: 0, count: actionSize)
        start = DispatchTime.now().uptimeNanoseconds
        elapsed = 0
        var count = 0
        while elapsed < secondsPerLoop / 2 {
          for _ in 0..<100 {
            for k in 0..<actionSize { control[k] = Double(random.nextUniform(low: -1, high: 1)) }
            simulation.control = control
            var diverged = false
            do {
              for _ in 0..<environment.spec.substeps { try simulation.step() }
            } catch is PhysicsError {
              // Only an approximate stepper (--stepper quick:N) gets here; the episode restarts.
              diverged = true
              physicsDivergences += 1
            }
            count += 1
            if diverged || count % environment.spec.episodeSteps == 0 { try environment.reset(seed: UInt64(count)) }
          }
          elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        physicsSteps += count
        physicsTime += elapsed
      }
      let envRate = Double(envSteps) / envTime, physicsRate = Double(physicsSteps) / physicsTime
      var result = TaskResult(
        task: name, envStepsPerSecond: envRate, physicsStepsPerSecond: physicsRate,
        substepsPerSecond: envRate * Double(environment.spec.substeps),
        overheadPercent: (physicsRate / envRate - 1) * 100)
      if returnEpisodes > 0 {
        result.zeroActionReturn = try meanReturn(environment, episodes: returnEpisodes, randomActionSeed: nil)
        result.randomActionReturn = try meanReturn(environment, episodes: returnEpisodes, randomActionSeed: 1)
      }
      result.divergences = environment.divergenceCount + physicsDivergences
      results.append(result)
    }
    return Result(tasks: results, episodesForReturns: returnEpisodes, stepper: StepperChoice.name(stepper))
  }

  /// Mean episode return over episodes with seeds 0, 1, …, with zero actions
  /// (`randomActionSeed` nil) or uniform random actions drawn from that seed.
  package static func meanReturn(_ environment: Environment, episodes: Int, randomActionSeed: UInt64?) throws -> Double {
    var total = 0.0
    var action = [Float](repeating: 0, count: environment.spec.actionSize)
    var random = RandomGenerator(seed: randomActionSeed ?? 0)
    for episode in 0..<episodes {
      try environment.reset(seed: UInt64(episode))
      while true {
        if randomActionSeed != nil {
          for k in action.indices { action[k] = random.nextUniform(low: -1, high: 1) }
        }
        let result = try environment.step(action)
        total += result.reward
        if result.truncated || result.terminated { break }
      }
    }
    return total / Double(episodes)
  }
}
