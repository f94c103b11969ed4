import Foundation
import Environments
import NeuralNetworks
import SAC

/// Trains a SAC agent on one task and keeps its run folder: the loop of `specs/sac.md` with
/// periodic deterministic evaluation, metrics, checkpoints and the learning-curve picture.
public final class Trainer {
  public let run: RunDirectory
  public private(set) var configuration: RunConfiguration
  public let agent: SACAgent
  let environment: Environment
  let evaluationEnvironment: Environment
  var state: TrainerState
  let metrics: CSVLog
  let evaluations: CSVLog
  /// Divergence warnings from the training environment, passed on to the display.
  var warnings: [String] = []

  static let metricsColumns = [
    "kind", "step", "episode", "episodic_return", "episodic_length", "qf1_loss", "qf2_loss", "qf_loss",
    "actor_loss", "alpha_loss", "alpha", "entropy", "qf_mean", "sps", "elapsed_seconds", "divergences",
  ]
  static let evalColumns = ["step", "mean_return", "std_return", "min_return", "max_return", "episodes"]

  /// Starts a new run in `run` (created; an existing folder needs `force`).
  public static func start(configuration: RunConfiguration, run: RunDirectory, force: Bool) throws -> Trainer {
    var configuration = configuration
    let problems = configuration.problems()
    guard problems.isEmpty else { throw TrainingError.configuration(problems.joined(separator: "\n")) }
    configuration.modelsFolder = URL(fileURLWithPath: configuration.modelsFolder).standardizedFileURL.path
    if let model = configuration.modelFile {
      configuration.modelFile = URL(fileURLWithPath: model).standardizedFileURL.path
    }
    // Build the environment first, so a bad task or model fails before the folder is touched.
    let environment = try makeEnvironment(configuration)
    try run.create(force: force)
    try run.write(configuration: configuration)
    let agent = SACAgent(
      observationSize: environment.spec.observationSize, actionSize: environment.spec.actionSize,
      actionLow: environment.spec.actionLow.map(Float.init), actionHigh: environment.spec.actionHigh.map(Float.init),
      configuration: configuration.sac, seed: configuration.seed, computeThreads: configuration.threads)
    var state = TrainerState()
    state.observation = try environment.reset(seed: EpisodeSeeds.training(runSeed: configuration.seed, episode: 0))
    return try Trainer(run: run, configuration: configuration, agent: agent, environment: environment, state: state)
  }

  /// Continues the run in `run` from its latest checkpoint, for `additionalSteps` more steps
  /// (or up to the configured total when nil).
  public static func resume(run: RunDirectory, additionalSteps: Int?) throws -> Trainer {
    var configuration = try run.readConfiguration()
    guard let checkpoint = try run.latestCheckpoint() else {
      throw TrainingError.checkpoint("\(run.path) has no checkpoint to resume from (checkpoints/latest is missing)")
    }
    let agent = try SACCheckpoint.load(from: checkpoint, computeThreads: configuration.threads)
    let state = try readTrainerState(checkpoint)
    if let additionalSteps {
      guard additionalSteps >= 1 else { throw TrainingError.configuration("--steps must be at least 1, got \(additionalSteps)") }
      configuration.steps = state.step + additionalSteps
    }
    guard configuration.steps > state.step else {
      throw TrainingError.configuration(
        "the run already has \(state.step) of its \(configuration.steps) steps; pass --steps N to train N more")
    }
    try run.write(configuration: configuration)
    let environment = try makeEnvironment(configuration)
    if let saved = state.environment { try environment.restore(saved) }
    guard agent.observationSize == environment.spec.observationSize, agent.actionSize == environment.spec.actionSize else {
      throw TrainingError.checkpoint("\(checkpoint.path) does not fit task \(configuration.taskName)")
    }
    try CSVLog.truncate(url: run.metricsURL, toStep: state.step)
    try CSVLog.truncate(url: run.evalURL, toStep: state.step)
    return try Trainer(run: run, configuration: configuration, agent: agent, environment: environment, state: state)
  }

  init(run: RunDirectory, configuration: RunConfiguration, agent: SACAgent, environment: Environment, state: TrainerState) throws {
    // The agent runs its own two lanes (twin critics side by side) when threads is 2; OpenBLAS
    // threads on top of them would oversubscribe the cores, so each product is single-threaded.
    BLAS.setThreadCount(1)
    self.run = run
    self.configuration = configuration
    self.agent = agent
    self.environment = environment
    self.state = state
    evaluationEnvironment = try Self.makeEnvironment(configuration)
    metrics = try CSVLog(url: run.metricsURL, columns: Self.metricsColumns)
    evaluations = try CSVLog(url: run.evalURL, columns: Self.evalColumns)
    environment.warn = { [unowned self] message in self.warnings.append(message) }
    evaluationEnvironment.warn = { [unowned self] message in self.warnings.append("evaluation: " + message) }
  }

  /// Builds the task's environment: a suite task, or a model file with a family.
  public static func makeEnvironment(_ configuration: RunConfiguration) throws -> Environment {
    if let task = configuration.task {
      return try Suite.environment(task, modelsFolder: configuration.modelsFolder)
    }
    return try TaskFamily.environment(modelFile: configuration.modelFile ?? "", family: configuration.family ?? "")
  }

  /// Steps done so far.
  public var step: Int { state.step }

  /// The most recent evaluation.
  public var lastEvaluation: EvaluationSummary? { state.lastEvaluation }

  /// Trains until the configured number of steps, or until `shouldStop()` says so (Ctrl-C), then
  /// writes a checkpoint and the learning curve. Progress goes to `display`.
  @discardableResult
  public func train(display: ProgressDisplay, shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
    let total = configuration.steps
    let startStep = state.step
    let started = DispatchTime.now().uptimeNanoseconds
    let elapsedBefore = state.elapsedSeconds
    var windowStart = started, windowStep = state.step
    var lastMetrics: UpdateMetrics?
    var stepsPerSecond = 0.0
    var interrupted = false
    func elapsed() -> Double { elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    display.begin(task: configuration.taskName, run: run.path, startStep: startStep, totalSteps: total)
    while state.step < total {
      if shouldStop() {
        interrupted = true
        break
      }
      // Act, step, store, learn: specs/sac.md's training loop.
      let action = agent.exploratoryAction(observation: state.observation)
      let result = try environment.step(action)
      if let metrics = agent.observe(
        observation: state.observation, action: action, reward: Float(result.reward),
        nextObservation: result.observation, terminal: result.terminated, truncated: result.truncated)
      {
        lastMetrics = metrics
      }
      state.step += 1
      state.episodeReturn += result.reward
      state.episodeLength += 1
      if result.terminated || result.truncated {
        metrics.write([
          "kind": "episode", "step": String(state.step), "episode": String(state.episode),
          "episodic_return": csv(state.episodeReturn), "episodic_length": String(state.episodeLength),
          "elapsed_seconds": csv(elapsed()), "divergences": String(environment.divergenceCount),
        ])
        state.lastEpisodeReturn = state.episodeReturn
        state.episode += 1
        state.episodeReturn = 0
        state.episodeLength = 0
        state.observation = try environment.reset(
          seed: EpisodeSeeds.training(runSeed: configuration.seed, episode: state.episode))
      } else {
        state.observation = result.observation
      }
      for warning in warnings { display.warning(warning) }
      warnings.removeAll()

      if state.step % configuration.logEvery == 0 {
        let now = DispatchTime.now().uptimeNanoseconds
        stepsPerSecond = Double(state.step - windowStep) / (Double(now - windowStart) / 1e9)
        windowStart = now
        windowStep = state.step
        var row = [
          "kind": "log", "step": String(state.step), "episode": String(state.episode), "sps": csv(stepsPerSecond),
          "elapsed_seconds": csv(elapsed()), "divergences": String(environment.divergenceCount),
        ]
        if let m = lastMetrics {
          row["qf1_loss"] = csv(Double(m.qf1Loss))
          row["qf2_loss"] = csv(Double(m.qf2Loss))
          row["qf_loss"] = csv(Double(m.criticLoss))
          row["actor_loss"] = csv(Double(m.actorLoss))
          row["alpha_loss"] = csv(Double(m.alphaLoss))
          row["alpha"] = csv(Double(m.alpha))
          row["entropy"] = csv(Double(m.entropy))
          row["qf_mean"] = csv(Double(m.meanQ))
        }
        metrics.write(row)
      }
      if configuration.evalEpisodes > 0 && (state.step % configuration.evalEvery == 0 || state.step == total) {
        try evaluate()
        display.evaluated(step: state.step, summary: state.lastEvaluation!)
      }
      if state.step % configuration.checkpointEvery == 0 && state.step < total {
        state.elapsedSeconds = elapsed()
        try saveCheckpoint()
      }
      display.progress(ProgressDisplay.Snapshot(
        step: state.step, totalSteps: total, stepsPerSecond: stepsPerSecond, lastReturn: state.lastEpisodeReturn,
        lastEvaluation: state.lastEvaluation, elapsed: elapsed(), startStep: startStep))
    }
    state.elapsedSeconds = elapsed()
    let checkpoint = try saveCheckpoint()
    try? LearningCurves.write(runs: [run], to: run.curveURL)
    let summary = TrainingSummary(
      task: configuration.taskName, steps: state.step, interrupted: interrupted, checkpoint: checkpoint.path,
      lastEvaluation: state.lastEvaluation, elapsedSeconds: state.elapsedSeconds,
      divergences: environment.divergenceCount)
    display.finish(summary)
    return summary
  }

  /// Evaluates the deterministic policy on the evaluation environment and logs it.
  func evaluate() throws {
    let seeds = (0..<configuration.evalEpisodes).map { EpisodeSeeds.evaluation(runSeed: configuration.seed, episode: $0) }
    let summary = try evaluatePolicy(agent: agent, environment: evaluationEnvironment, seeds: seeds).summary
    state.lastEvaluation = summary
    evaluations.write([
      "step": String(state.step), "mean_return": csv(summary.mean), "std_return": csv(summary.standardDeviation),
      "min_return": csv(summary.minimum), "max_return": csv(summary.maximum), "episodes": String(summary.returns.count),
    ])
    try? LearningCurves.write(runs: [run], to: run.curveURL)
  }

  /// Writes a complete checkpoint: into a temporary folder, renamed into place, then the
  /// `latest` pointer is replaced atomically. Keeps the two newest checkpoints.
  @discardableResult
  func saveCheckpoint() throws -> URL {
    let fileManager = FileManager.default
    let name = String(format: "step-%09d", state.step)
    let final = run.checkpointsURL.appendingPathComponent(name)
    let temporary = run.checkpointsURL.appendingPathComponent(".tmp-" + name)
    try? fileManager.removeItem(at: temporary)
    try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
    state.environment = environment.saveState()
    try SACCheckpoint.save(agent, to: temporary, includeReplayBuffer: configuration.saveReplayBuffer)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(encoder.encode(state), to: temporary.appendingPathComponent(Self.trainerStateFile))
    try? fileManager.removeItem(at: final)
    try fileManager.moveItem(at: temporary, to: final)
    try AtomicFile.write(Data(name.utf8), to: run.latestPointerURL)
    let older = (try? fileManager.contentsOfDirectory(atPath: run.checkpointsURL.path))?
      .filter { $0.hasPrefix("step-") && $0 != name }.sorted() ?? []
    for stale in older.dropLast(1) {
      try? fileManager.removeItem(at: run.checkpointsURL.appendingPathComponent(stale))
    }
    return final
  }

  static let trainerStateFile = "trainer.json"

  static func readTrainerState(_ checkpoint: URL) throws -> TrainerState {
    let url = checkpoint.appendingPathComponent(trainerStateFile)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw TrainingError.checkpoint("\(url.path) is missing: the checkpoint is incomplete")
    }
    do {
      return try JSONDecoder().decode(TrainerState.self, from: data)
    } catch {
      throw TrainingError.checkpoint("\(url.path) is damaged: \(error)")
    }
  }
}

/// How a training session ended.
public struct TrainingSummary: Sendable {
  public var task: String
  public var steps: Int
  public var interrupted: Bool
  public var checkpoint: String
  public var lastEvaluation: EvaluationSummary?
  public var elapsedSeconds: Double
  public var divergences: Int
}
