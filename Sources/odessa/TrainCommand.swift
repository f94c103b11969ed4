import ArgumentParser
import Foundation
import SAC
import Training

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

  @Option(help: "Seed of the agent and the episodes (default 0).") var seed: UInt64 = 0
  @Option(help: "The run folder (default: runs/TASK-seedN).") var runDir: String?
  @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
  @Flag(help: "Leave the replay buffer out of checkpoints (smaller, but resuming is then not exact).")
  var noReplayInCheckpoints = false
  @Flag(help: "Leave each body where ODE's own integration puts it instead of stepping in joint coordinates as MuJoCo does (the physics of runs trained before it).")
  var odePositions = false
  @Flag(help: "Also write the metrics as TensorBoard event files into RUN/tensorboard/ (`tensorboard --logdir RUN`).")
  var tensorboard = false
  @Flag(help: "Overwrite the run folder if it exists.") var force = false
  @Option(help: "Folder of the suite's model files.") var models = ModelsFolder.default
  @OptionGroup(title: "SAC settings") var sac: SACOptions

  /// The run's settings from the flags, and the problems of the values as given (a value a
  /// setting refuses is left at its default, so `problems()` does not report it twice).
  func runConfiguration() -> (configuration: RunConfiguration, flagProblems: [String]) {
    var configuration = RunConfiguration(task: task, modelFile: model, family: family, modelsFolder: models)
    configuration.seed = seed
    let scheduleProblems = schedule.apply(to: &configuration)
    configuration.saveReplayBuffer = !noReplayInCheckpoints
    configuration.tensorboard = tensorboard
    configuration.jointCoordinates = !odePositions
    configuration.sac = sac.configuration
    configuration.sac.applyFirstPaperDefaults(task: configuration.taskName)
    return (configuration, scheduleProblems + sac.problems)
  }

  func validate() throws {
    let (configuration, flagProblems) = runConfiguration()
    var problems = flagProblems + configuration.problems()
    if let runDir, runDir.trimmingCharacters(in: .whitespaces).isEmpty {
      problems.append("--run-dir must name a folder, got an empty name")
    }
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
  }

  func run() throws {
    let configuration = runConfiguration().configuration
    let folder = runDir ?? "runs/\(sanitize(configuration.taskName))-seed\(seed)"
    for warning in configuration.warnings() { Terminal.standardError("warning: \(warning)\n") }
    try withCommandErrors {
      let stop = InterruptSignal.install()
      let trainer = try Trainer.start(configuration: configuration, run: RunDirectory(folder), force: force)
      let summary = try trainer.train(display: ProgressDisplay(), shouldStop: stop)
      if summary.interrupted { throw ExitCode(InterruptSignal.exitStatus) }
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
  @Option(parsing: .unconditional, help: "Train this many more steps (default: up to the run's configured total).")
  var steps: Int?
  @Option(help: "Resume from this checkpoint folder of the run (e.g. step-000050000; default: the latest).")
  var checkpoint: String?

  func validate() throws {
    if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
  }

  func run() throws {
    try withCommandErrors {
      let stop = InterruptSignal.install()
      let trainer = try Trainer.resume(
        run: RunDirectory(runFolder), additionalSteps: steps, checkpoint: checkpoint,
        warn: { Terminal.standardError("warning: \($0)\n") })
      let summary = try trainer.train(display: ProgressDisplay(), shouldStop: stop)
      if summary.interrupted { throw ExitCode(InterruptSignal.exitStatus) }
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
    throw CommandFailure(message: Terminal.clean("\(error)"))
  }
}
