import ArgumentParser
import Foundation
import SAC
import Training

/// The SAC settings, one flag each, with the defaults of specs/sac.md.
struct SACOptions: ParsableArguments {
  @Option(parsing: .upToNextOption, help: "Hidden layer widths of actor and critics.")
  var hiddenSizes: [Int] = [256, 256]
  @Option(help: "Actor learning rate.") var actorLr = 3e-4
  @Option(help: "Critic learning rate.") var criticLr = 3e-4
  @Option(help: "Temperature learning rate.") var alphaLr = 3e-4
  @Option(help: "Minibatch size.") var batchSize = 256
  @Option(help: "Discount factor in (0, 1].") var gamma = 0.99
  @Option(help: "Polyak coefficient of the target critics in (0, 1].") var tau = 0.005
  @Option(help: "Replay buffer capacity in transitions.") var bufferSize = 1_000_000
  @Option(help: "Uniform-random steps before learning starts.") var learningStarts = 5_000
  @Option(help: "Gradient updates per environment step.") var updatesPerStep = 1
  @Option(help: "Initial temperature alpha.") var initialAlpha = 1.0
  @Option(help: "Target entropy (default: minus the number of action dimensions).") var targetEntropy: Double?
  @Flag(help: "Keep alpha fixed at --initial-alpha instead of learning it.") var fixedAlpha = false
  @Option(help: "Lower clamp of the actor's log standard deviation.") var logStdMin = -20.0
  @Option(help: "Upper clamp of the actor's log standard deviation.") var logStdMax = 2.0
  @Option(help: "Adam beta1.") var adamBeta1 = 0.9
  @Option(help: "Adam beta2.") var adamBeta2 = 0.999
  @Option(help: "Adam epsilon.") var adamEps = 1e-8

  var configuration: SACConfiguration {
    var c = SACConfiguration()
    c.hiddenSizes = hiddenSizes
    c.actorLearningRate = actorLr
    c.criticLearningRate = criticLr
    c.alphaLearningRate = alphaLr
    c.batchSize = batchSize
    c.gamma = gamma
    c.tau = tau
    c.replayCapacity = bufferSize
    c.learningStarts = learningStarts
    c.updatesPerStep = updatesPerStep
    c.initialAlpha = initialAlpha
    c.targetEntropy = targetEntropy
    c.autotuneAlpha = !fixedAlpha
    c.logStdMin = logStdMin
    c.logStdMax = logStdMax
    c.adamBeta1 = adamBeta1
    c.adamBeta2 = adamBeta2
    c.adamEpsilon = adamEps
    return c
  }
}

/// `odessa train`.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a SAC agent on a suite task, or on your own model with a task family.",
    discussion: """
      Writes into its run folder: config.json, metrics.csv (one row per episode and per log \
      interval), eval.csv (deterministic evaluations), checkpoints/ and learning_curve.svg. \
      Ctrl-C stops after writing a checkpoint; `odessa resume RUN` continues it.

      Examples:
        odessa train pendulum-swingup --steps 50000
        odessa train --model models/my_arm.xml --task reach --seed 3
      """)

  @Argument(help: "A suite task (see `odessa list`).")
  var task: String?

  @Option(help: "Your own MJCF model file (needs --task FAMILY).")
  var model: String?

  @Option(name: .customLong("task"), help: "The task family for --model: reach, locomotion, swingup or balance.")
  var family: String?

  @Option(help: "Environment steps to train for.") var steps = 100_000
  @Option(help: "Seed of the agent and the episodes.") var seed: UInt64 = 0
  @Option(help: "The run folder (default: runs/TASK-seedN).") var runDir: String?
  @Option(help: "Evaluate the deterministic policy every this many steps.") var evalEvery = 10_000
  @Option(help: "Episodes per evaluation (0 disables evaluation).") var evalEpisodes = 10
  @Option(help: "Write a checkpoint every this many steps (and always at the end).") var checkpointEvery = 25_000
  @Option(help: "Write a log row to metrics.csv every this many steps.") var logEvery = 1_000
  @Option(help: "Threads for the SAC update: 1 or 2.") var threads = 2
  @Flag(help: "Leave the replay buffer out of checkpoints (smaller, but resuming is then not exact).")
  var noReplayInCheckpoints = false
  @Flag(help: "Overwrite the run folder if it exists.") var force = false
  @Option(help: "Folder of the suite's model files.") var models = ModelsFolder.default
  @OptionGroup(title: "SAC settings") var sac: SACOptions

  func runConfiguration() -> RunConfiguration {
    var configuration = RunConfiguration(task: task, modelFile: model, family: family, modelsFolder: models)
    configuration.seed = seed
    configuration.steps = steps
    configuration.evalEvery = evalEvery
    configuration.evalEpisodes = evalEpisodes
    configuration.checkpointEvery = checkpointEvery
    configuration.logEvery = logEvery
    configuration.threads = threads
    configuration.saveReplayBuffer = !noReplayInCheckpoints
    configuration.sac = sac.configuration
    return configuration
  }

  func validate() throws {
    let problems = runConfiguration().problems()
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
  }

  func run() throws {
    let configuration = runConfiguration()
    let folder = runDir ?? "runs/\(sanitize(configuration.taskName))-seed\(seed)"
    try withCommandErrors {
      let trainer = try Trainer.start(configuration: configuration, run: RunDirectory(folder), force: force)
      try trainer.train(display: ProgressDisplay(), shouldStop: InterruptSignal.install())
    }
  }

  func sanitize(_ name: String) -> String {
    String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
  }
}

/// `odessa resume`.
struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a run from its last checkpoint (replay buffer included when it was saved).",
    discussion: "Training N steps and then resuming for M gives the same numbers as training N + M in one go.")

  @Argument(help: "The run folder.") var runFolder: String
  @Option(help: "Train this many more steps (default: up to the run's configured total).") var steps: Int?

  func validate() throws {
    if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
  }

  func run() throws {
    try withCommandErrors {
      let trainer = try Trainer.resume(run: RunDirectory(runFolder), additionalSteps: steps)
      try trainer.train(display: ProgressDisplay(), shouldStop: InterruptSignal.install())
    }
  }
}

/// Turns library errors into "Error: …" with exit status 1.
func withCommandErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as ValidationError {
    throw error
  } catch let error as ExitCode {
    throw error
  } catch {
    throw CommandFailure(message: "\(error)")
  }
}
