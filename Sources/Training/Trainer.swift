import Foundation
import Environments
import NeuralNetworks
import Randomness
import SAC
import TensorBoard

/// A training run and its folder: the one training loop (`TrainingLoop`) with periodic
/// deterministic evaluation, metrics, checkpoints, resume and the learning-curve picture.
public final class Trainer {
  /// The run's folder.
  public let run: RunDirectory
  /// Every setting of the run.
  public private(set) var configuration: RunConfiguration
  let loop: TrainingLoop
  let evaluationEnvironment: Environment
  let metrics: CSVLog
  let evaluations: CSVLog
  /// The run's TensorBoard event file, when the run asked for one.
  let tensorBoard: EventFileWriter?
  /// Divergence warnings from the environments, passed on to the display.
  var warnings: [String] = []
  /// Diverged episodes written to `divergences/` by this trainer.
  var keptDivergences = 0
  /// The run folder's lock, held while this trainer lives.
  let lock: RunLock

  static let metricsColumns = [
    "kind", "step", "episode", "episodic_return", "episodic_length", "qf1_loss", "qf2_loss", "qf_loss",
    "actor_loss", "alpha_loss", "alpha", "entropy", "qf_mean", "sps", "elapsed_seconds", "divergences", "value_loss",
  ]
  static let evalColumns = ["step", "mean_return", "std_return", "min_return", "max_return", "episodes"]

  /// Starts a new run in `run` (created; an existing folder needs `force`). `makeEnvironment`
  /// builds the task's environment (by default from the configuration's task or model file).
  public static func start(
    configuration: RunConfiguration, run: RunDirectory, force: Bool,
    makeEnvironment: EnvironmentFactory? = nil
  ) throws -> Trainer {
    var configuration = configuration
    let problems = configuration.problems()
    guard problems.isEmpty else { throw TrainingError.configuration(problems.joined(separator: "\n")) }
    configuration.modelsFolder = URL(fileURLWithPath: configuration.modelsFolder).standardizedFileURL.path
    if let model = configuration.modelFile {
      configuration.modelFile = URL(fileURLWithPath: model).standardizedFileURL.path
    }
    let factory = makeEnvironment ?? configuration.environmentFactory
    // Build the environment and check the sizes first, so a bad task, model or setting fails
    // before the folder is touched.
    let environment = try factory()
    try checkMemory(configuration, spec: environment.spec)
    let existed = FileManager.default.fileExists(atPath: run.path)
    let lock = try run.create(force: force)
    do {
      return try begin(configuration: configuration, run: run, environment: environment, factory: factory, lock: lock)
    } catch {
      // A failed start leaves nothing that blocks a retry.
      if existed {
        for name in (try? run.listing()) ?? [] { try? FileManager.default.removeItem(at: run.url.appendingPathComponent(name)) }
      } else {
        try? FileManager.default.removeItem(at: run.url)
      }
      throw error
    }
  }

  private static func begin(
    configuration: RunConfiguration, run: RunDirectory, environment: Environment,
    factory: @escaping EnvironmentFactory, lock: RunLock
  ) throws -> Trainer {
    try run.write(configuration: configuration)
    let spec = environment.spec
    var generator = RandomGenerator(seed: configuration.seed)
    let learner = Learner(
      observationSize: spec.observationSize, actionLow: spec.actionLow.map(Float.init),
      actionHigh: spec.actionHigh.map(Float.init), configuration: configuration.sac,
      generator: &generator, computeThreads: configuration.threads)
    let replayBuffer = ReplayBuffer(
      capacity: configuration.sac.replayCapacity, observationSize: spec.observationSize,
      actionSize: spec.actionSize)
    let state = try TrainingLoop.firstState(environment: environment, runSeed: configuration.seed)
    let loop = TrainingLoop(
      environment: environment, learner: learner, replayBuffer: replayBuffer,
      generator: generator, state: state, runSeed: configuration.seed)
    return try Trainer(run: run, configuration: configuration, loop: loop, makeEnvironment: factory, lock: lock)
  }

  /// Continues the run in `run` from its latest checkpoint, for `additionalSteps` more steps
  /// (or up to the configured total when nil).
  /// `checkpoint` names one checkpoint folder of the run (default: the one `latest` names);
  /// `warn` hears when a damaged `latest` made it fall back to the newest complete one. A
  /// failed resume changes nothing in the run folder.
  public static func resume(
    run: RunDirectory, additionalSteps: Int?, checkpoint name: String? = nil,
    makeEnvironment: EnvironmentFactory? = nil, warn: (String) -> Void = { _ in }
  ) throws -> Trainer {
    var configuration = try run.readConfiguration()
    let lock = try RunLock(run)
    guard let checkpoint = try run.latestCheckpoint(named: name, warn: warn) else {
      throw TrainingError.checkpoint("\(run.path) has no checkpoint to resume from (checkpoints/ holds none)")
    }
    let state = try readTrainerState(checkpoint)
    if let additionalSteps {
      let limit = RunConfiguration.settings.first { $0.flag == "steps" }!.range.upper
      guard additionalSteps >= 1, Double(state.step) + Double(additionalSteps) <= limit else {
        throw TrainingError.configuration(
          "--steps must be between 1 and \(Int(limit) - state.step) (the run is at step \(state.step) of at most \(Int(limit))), got \(additionalSteps)")
      }
      configuration.steps = state.step + additionalSteps
    }
    guard configuration.steps > state.step else {
      throw TrainingError.configuration(
        "the run already has \(state.step) of its \(configuration.steps) steps; pass --steps N to train N more")
    }
    // A folder from before hinges were grouped resumes with the layout its snapshot holds, and
    // records it.
    configuration = makeEnvironment == nil
      ? configuration.settlingHingeLayout(snapshot: state.environment) : configuration
    if configuration.groupsHinges == nil { configuration.groupsHinges = true }
    let factory = makeEnvironment ?? configuration.environmentFactory
    let environment = try factory()
    let savedState = try SACCheckpoint.readValidState(in: checkpoint)
    var savedSettings = configuration
    savedSettings.sac = savedState.configuration
    try checkMemory(savedSettings, spec: environment.spec)
    let (learner, saved) = try SACCheckpoint.loadLearner(
      from: checkpoint, state: savedState, computeThreads: configuration.threads)
    guard learner.observationSize == environment.spec.observationSize, learner.actionSize == environment.spec.actionSize,
      state.observation.count == environment.spec.observationSize
    else {
      throw TrainingError.checkpoint("\(checkpoint.path) does not fit task \(configuration.taskName)")
    }
    let replayBuffer = ReplayBuffer(
      capacity: saved.configuration.replayCapacity, observationSize: learner.observationSize,
      actionSize: learner.actionSize)
    if let replayState = saved.replayBuffer {
      try SACCheckpoint.loadReplayBuffer(into: replayBuffer, state: replayState, from: checkpoint)
    }
    if let environmentState = state.environment {
      do {
        try environment.restore(environmentState)
      } catch {
        throw TrainingError.checkpoint(
          "\(checkpoint.path): its environment state does not fit task \(configuration.taskName) with "
            + "\(configuration.groupsHinges == false ? "separate" : "grouped") hinges (groupsHinges in config.json): \(error)")
      }
    }
    let loop = TrainingLoop(
      environment: environment, learner: learner, replayBuffer: replayBuffer,
      generator: saved.generator, state: state, runSeed: configuration.seed)
    let evaluationEnvironment = try factory()
    // Everything is loaded: only now does the folder change.
    try run.write(configuration: configuration)
    try CSVLog.truncate(url: run.metricsURL, toStep: state.step)
    try CSVLog.truncate(url: run.evalURL, toStep: state.step)
    return try Trainer(
      run: run, configuration: configuration, loop: loop, makeEnvironment: { evaluationEnvironment }, lock: lock)
  }

  init(
    run: RunDirectory, configuration: RunConfiguration, loop: TrainingLoop,
    makeEnvironment: EnvironmentFactory, lock: RunLock
  ) throws {
    self.lock = lock
    // The learner runs its own two lanes (twin critics side by side) when threads is 2;
    // OpenBLAS threads on top of them would oversubscribe the cores.
    BLAS.setThreadCount(1)
    self.run = run
    self.configuration = configuration
    self.loop = loop
    evaluationEnvironment = try makeEnvironment()
    metrics = try CSVLog(url: run.metricsURL, columns: Self.metricsColumns)
    evaluations = try CSVLog(url: run.evalURL, columns: Self.evalColumns)
    do {
      tensorBoard = configuration.tensorboard ? try EventFileWriter(folder: run.tensorBoardURL) : nil
    } catch {
      throw TrainingError.runFolder("\(error)")
    }
    loop.environment.warn = { [unowned self] message in self.warnings.append(message) }
    evaluationEnvironment.warn = { [unowned self] message in self.warnings.append("evaluation: " + message) }
    loop.environment.recordDivergence = { [unowned self] record in self.keep(record, kind: "training") }
    evaluationEnvironment.recordDivergence = { [unowned self] record in self.keep(record, kind: "evaluation") }
  }

  /// Writes a diverged episode's replay into the run folder's `divergences/` (`odessa replay`
  /// runs it again); a failed write is a warning, never the end of the run.
  func keep(_ record: DivergenceRecord, kind: String) {
    keptDivergences += 1
    let name = "\(keptDivergences)-\(kind)-step-\(loop.state.step).json"
    let url = run.url.appendingPathComponent("divergences").appendingPathComponent(name)
    do {
      try record.write(to: url)
      warnings.append("the diverged episode is kept for `odessa replay \(url.path)`")
    } catch {
      warnings.append("could not keep the diverged episode: \(error)")
    }
  }

  /// The learner being trained.
  public var learner: Learner { loop.learner }

  /// Steps done so far.
  public var step: Int { loop.state.step }

  /// The most recent evaluation.
  public var lastEvaluation: EvaluationSummary? { loop.state.lastEvaluation }

  /// Trains until the configured number of steps, or until `shouldStop()` says so (Ctrl-C,
  /// SIGTERM, SIGHUP), then writes a checkpoint and the learning curve. Progress goes to
  /// `display`. If training cannot go on (a full disk, losses that became NaN), it stops with
  /// an error that says which checkpoint is kept; no checkpoint is written over a good one.
  @discardableResult
  public func train(display: ProgressDisplay, shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
    let total = configuration.steps
    let startStep = loop.state.step
    let clock = RunClock(elapsedBefore: loop.state.elapsedSeconds, step: startStep)
    var lastMetrics: UpdateMetrics?
    var interrupted = false

    display.begin(task: configuration.taskName, run: run.path, startStep: startStep, totalSteps: total)
    do {
      // An evaluation that a stop cut short is run now, before training goes on.
      if let last = loop.state.lastEvaluationStep, last < startStep, configuration.evalEpisodes > 0,
        startStep % configuration.evalEvery == 0
      {
        do {
          try evaluate(shouldStop: shouldStop)
          flushWarnings(to: display)
          display.evaluated(step: startStep, summary: loop.state.lastEvaluation!)
        } catch is EvaluationInterrupted {
          flushWarnings(to: display)
          interrupted = true
        }
      }
      while !interrupted && loop.state.step < total {
        if shouldStop() {
          interrupted = true
          break
        }
        let outcome = try loop.step()
        let step = loop.state.step
        if let metrics = outcome.metrics {
          guard metrics.isFinite else { throw TrainingError.diverged(Self.divergence(metrics, step: step)) }
          lastMetrics = metrics
        }
        if let episode = outcome.finishedEpisode {
          try logEpisode(index: loop.state.episode - 1, return: episode.return, length: episode.length, clock: clock)
        }
        flushWarnings(to: display)
        if step % configuration.logEvery == 0 {
          try logUpdate(lastMetrics, clock: clock)
        }
        if configuration.evalEpisodes > 0 && (step % configuration.evalEvery == 0 || step == total) {
          do {
            try evaluate(shouldStop: shouldStop)
          } catch is EvaluationInterrupted {
            flushWarnings(to: display)
            interrupted = true
            break
          }
          // The evaluation's own warnings first, so that they stand above its summary.
          flushWarnings(to: display)
          display.evaluated(step: step, summary: loop.state.lastEvaluation!)
        }
        if step % configuration.checkpointEvery == 0 && step < total {
          loop.state.elapsedSeconds = clock.elapsed()
          try saveCheckpoint()
        }
        display.progress(ProgressDisplay.Snapshot(
          step: step, totalSteps: total, stepsPerSecond: clock.stepsPerSecond,
          lastReturn: loop.state.lastEpisodeReturn, lastEvaluation: loop.state.lastEvaluation,
          elapsed: clock.elapsed(), startStep: startStep))
      }
      loop.state.elapsedSeconds = clock.elapsed()
      try metrics.sync()
      try evaluations.sync()
      try tensorBoard?.sync()
    } catch {
      throw TrainingError.stopped(
        "\(error)\ntraining stopped at step \(loop.state.step); " + keptCheckpointText())
    }
    let checkpoint: URL
    do {
      // Stopped before a single step (during the catch-up evaluation): the checkpoint it
      // resumed from already holds this state.
      if interrupted, loop.state.step == startStep, let existing = try run.latestCheckpoint() {
        checkpoint = existing
      } else {
        checkpoint = try saveCheckpoint()
      }
    } catch {
      throw TrainingError.stopped("\(error)\nthe final checkpoint could not be written; " + keptCheckpointText())
    }
    try? LearningCurves.write(runs: [run], to: run.curveURL)
    let summary = TrainingSummary(
      task: configuration.taskName, steps: loop.state.step, interrupted: interrupted,
      checkpoint: checkpoint.path, lastEvaluation: loop.state.lastEvaluation,
      elapsedSeconds: loop.state.elapsedSeconds, divergences: loop.environment.divergenceCount,
      stopReason: interrupted ? InterruptSignal.signalNumber.map(Self.signalName) : nil)
    display.finish(summary)
    return summary
  }

  /// Shows the warnings gathered since the last call, in order.
  func flushWarnings(to display: ProgressDisplay) {
    for warning in warnings { display.warning(warning) }
    warnings.removeAll()
  }

  /// "the last good checkpoint, checkpoints/step-…, is kept" (or that there is none yet).
  func keptCheckpointText() -> String {
    if let last = run.checkpointNames().last {
      return "the last good checkpoint, \(run.checkpointsURL.appendingPathComponent(last).path), is kept "
        + "(`odessa resume \(run.path)` continues from it)"
    }
    return "no checkpoint had been written yet"
  }

  static func divergence(_ metrics: UpdateMetrics, step: Int) -> String {
    String(
      format: "step %d: the SAC update became non-finite (critic loss %g, actor loss %g, alpha %g, entropy %g); "
        + "the networks are poisoned, so nothing more is saved. Lower the learning rates or check the settings",
      step, metrics.criticLoss, metrics.actorLoss, metrics.alpha, metrics.entropy)
  }

  static func signalName(_ number: Int32) -> String {
    switch number {
    case SIGINT: return "Ctrl-C"
    case SIGTERM: return "SIGTERM"
    case SIGHUP: return "SIGHUP"
    default: return "signal \(number)"
    }
  }

  /// Evaluates the deterministic policy on the evaluation environment and logs it; throws
  /// `EvaluationInterrupted` (logging nothing) when `shouldStop` asks.
  func evaluate(shouldStop: () -> Bool = { false }) throws {
    let seeds = (0..<configuration.evalEpisodes).map { EpisodeSeeds.evaluation(runSeed: configuration.seed, episode: $0) }
    let summary = try evaluatePolicy(
      learner.policy, environment: evaluationEnvironment, seeds: seeds, shouldStop: shouldStop).summary
    loop.state.lastEvaluation = summary
    loop.state.lastEvaluationStep = loop.state.step
    try record(evaluations, [
      "step": String(loop.state.step), "mean_return": csv(summary.mean), "std_return": csv(summary.standardDeviation),
      "min_return": csv(summary.minimum), "max_return": csv(summary.maximum), "episodes": String(summary.returns.count),
    ], group: "eval")
    try? LearningCurves.write(runs: [run], to: run.curveURL)
  }

  /// A metrics row for a finished training episode.
  func logEpisode(index: Int, return episodeReturn: Double, length: Int, clock: RunClock) throws {
    try record(metrics, [
      "kind": "episode", "step": String(loop.state.step), "episode": String(index),
      "episodic_return": csv(episodeReturn), "episodic_length": String(length),
      "elapsed_seconds": csv(clock.elapsed()), "divergences": String(loop.environment.divergenceCount),
    ], group: "charts")
  }

  /// A metrics row with the speed and the last update's losses.
  func logUpdate(_ lastMetrics: UpdateMetrics?, clock: RunClock) throws {
    clock.markWindow(step: loop.state.step)
    var row = [
      "kind": "log", "step": String(loop.state.step), "episode": String(loop.state.episode),
      "sps": csv(clock.stepsPerSecond), "elapsed_seconds": csv(clock.elapsed()),
      "divergences": String(loop.environment.divergenceCount),
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
      if let valueLoss = m.valueLoss { row["value_loss"] = csv(Double(valueLoss)) }
    }
    try record(metrics, row, group: "losses")
  }

  /// Writes `row` to its CSV file and, when the run keeps one, its numeric cells to the
  /// TensorBoard file as scalars tagged `group/column` at the row's step.
  func record(_ log: CSVLog, _ row: [String: String], group: String) throws {
    try log.write(row)
    guard let tensorBoard else { return }
    let scalars = row.filter { !["kind", "step", "episode"].contains($0.key) }
      .compactMap { key, value in Double(value).map { (tag: "\(group)/\(key)", value: $0) } }
      .sorted { $0.tag < $1.tag }
    try tensorBoard.write(step: loop.state.step, scalars: scalars)
  }
}

/// Wall-clock time of a training session and its steps per second over the last log window.
final class RunClock {
  let started = DispatchTime.now().uptimeNanoseconds
  let elapsedBefore: Double
  private var windowStart: UInt64
  private var windowStep: Int
  private(set) var stepsPerSecond = 0.0

  init(elapsedBefore: Double, step: Int) {
    self.elapsedBefore = elapsedBefore
    windowStart = started
    windowStep = step
  }

  /// Seconds spent training, earlier sessions of the run included.
  func elapsed() -> Double {
    elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
  }

  /// Ends a speed window at `step`.
  func markWindow(step: Int) {
    let now = DispatchTime.now().uptimeNanoseconds
    stepsPerSecond = Double(step - windowStep) / (Double(now - windowStart) / 1e9)
    windowStart = now
    windowStep = step
  }
}

/// How a training session ended.
public struct TrainingSummary: Sendable {
  /// The task's name.
  public var task: String
  /// Environment steps done when the session ended.
  public var steps: Int
  /// Whether the session was stopped (Ctrl-C, SIGTERM, SIGHUP) before the configured steps.
  public var interrupted: Bool
  /// Path of the checkpoint written at the end.
  public var checkpoint: String
  /// The latest deterministic evaluation, if any.
  public var lastEvaluation: EvaluationSummary?
  /// Seconds spent training, earlier sessions of the run included.
  public var elapsedSeconds: Double
  /// Training episodes of this session cut short because the physics diverged.
  public var divergences: Int
  /// What stopped an interrupted session ("Ctrl-C", "SIGTERM", "SIGHUP").
  public var stopReason: String? = nil
}
