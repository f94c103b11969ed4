import ArgumentParser
import Foundation
import Benchmarks
import Environments
import Physics
import SAC
import Training

/// `odessa bench`: speed measurements, each printed as a table and, with --json, as one JSON line.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure speed (physics against raw ODE, environments against bare physics, SAC updates against sgemm) and fidelity against MuJoCo.",
    subcommands: [PhysicsBench.self, EnvBench.self, SACBench.self, FidelityBench.self, BipedalBench.self],
    defaultSubcommand: PhysicsBench.self)
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
  @Flag(help: "Also print the figures as one JSON object on the last line.")
  var json = false

  @Option(help: "Seconds to time each measured loop (0.2 to 60).")
  var seconds: Double = 2

  func validate() throws {
    guard seconds >= 0.2, seconds <= 60 else {
      throw ValidationError("--seconds must be between 0.2 and 60, got \(seconds)")
    }
  }
}

/// `odessa bench physics`.
struct PhysicsBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "physics",
    abstract: "Steps/s of a falling capsule chain through Odessa's Physics API and through raw ODE calls.")

  @OptionGroup var options: BenchOptions

  func run() throws {
    let result = try PhysicsBenchmark.run(secondsPerLoop: options.seconds)
    print(result.report)
    if options.json { print(try result.jsonLine()) }
  }
}

/// `odessa bench env`.
struct EnvBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "env",
    abstract: "Environment steps/s of every suite task beside the bare physics rate of its model.")

  @OptionGroup var options: BenchOptions

  @Option(help: "Also measure mean zero- and random-action returns over this many episodes (0 to 20).")
  var returns = 0

  @Option(help: "Folder of the model files.")
  var models = ModelsFolder.default

  @Option(parsing: .upToNextOption, help: "Only these tasks (default: the whole suite).")
  var tasks: [String] = []

  @Option(help: "ODE's stepper: exact (dWorldStep, the default) or quick:N (dWorldQuickStep with N iterations).")
  var stepper = "exact"
  @Option(help: "Two perpendicular hinges at one point of a body: grouped (one ODE universal joint, the default) or separate (two hinges and a light body between).")
  var hinges = HingeChoice.grouped
  @Flag(help: "Leave each body where ODE's own integration puts it instead of stepping in joint coordinates as MuJoCo does (the physics of runs trained before it; ModelOptions.stepsInJointCoordinates).")
  var odePositions = false

  func validate() throws {
    guard (0...20).contains(returns) else { throw ValidationError("--returns must be between 0 and 20, got \(returns)") }
    do { _ = try StepperChoice.parse(stepper) } catch { throw ValidationError("\(error)") }
  }

  func run() throws {
    let result = try EnvironmentBenchmark.run(
      modelsFolder: models, tasks: tasks.isEmpty ? Suite.names : tasks, secondsPerLoop: options.seconds,
      returnEpisodes: returns, stepper: StepperChoice.parse(stepper), groupsHinges: hinges == .grouped,
      jointCoordinates: !odePositions)
    print(result.report)
    if options.json { print(try result.jsonLine()) }
  }
}

/// `odessa bench sac`.
struct SACBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sac",
    abstract: "Gradient updates/s of walker-sized SAC (256x256, batch 256, obs 24, act 6) beside this machine's sgemm GFLOP/s.")

  @Flag(help: "Also print the figures as one JSON object on the last line.")
  var json = false

  @Option(help: "Timed rounds per configuration (1 to 100); the best and the median are reported.")
  var rounds = 12

  @Option(help: "The learner: sac (the default) or sac-v1 (the first paper's, with a value network).")
  var algorithm = "sac"

  func validate() throws {
    guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 100, got \(rounds)") }
    guard SACAlgorithm(rawValue: algorithm) != nil else {
      throw ValidationError("--algorithm must be " + SACAlgorithm.allCases.map(\.rawValue).joined(separator: " or ") + ", got '\(algorithm)'")
    }
  }

  func run() throws {
    let result = SACBenchmark.run(rounds: rounds, algorithm: SACAlgorithm(rawValue: algorithm)!)
    print(result.report)
    if json { print(try result.jsonLine()) }
  }
}

/// `odessa bench fidelity`.
struct FidelityBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fidelity",
    abstract: "The same initial states and controls in Odessa and in MuJoCo: how far the trajectories separate.",
    discussion: """
      Needs Python with the `mujoco` package (`make fidelity` installs it into .venv-oracle and runs this). \
      One task per suite model, three control sequences (zero, uniform random, a 1-second sine per \
      actuator), and with --policy RUN a fourth on that run's task: the trained policy's own \
      deterministic actions in Odessa, replayed in MuJoCo. Errors are normalised per coordinate by \
      its joint's range, or by its spread under random controls in MuJoCo; the one-step error \
      restarts MuJoCo from each of Odessa's states, so it measures the model along the whole run \
      where the trajectories themselves have long parted.
      """)

  @Flag(help: "Also print the figures as one JSON object on the last line.")
  var json = false
  @Option(help: "Python with the mujoco package.") var python = ".venv-oracle/bin/python"
  @Option(help: "The MuJoCo side's script.") var script = "scripts/fidelity_mujoco.py"
  @Option(help: "Folder of the model files.") var models = ModelsFolder.default
  @Option(parsing: .upToNextOption, help: "Only these tasks (default: one per suite model).") var tasks: [String] = []
  @Option(help: "Control steps to compare (100 to 10000).") var steps = 200
  @Option(help: "A run folder (or checkpoint folder): its policy's actions become a fourth control sequence on its task, which is then the only task unless --tasks names others.")
  var policy: String?
  @Option(help: "Normalised position error at which the trajectories count as separated (0 to 1].")
  var threshold = 0.1
  @Option(help: "Odessa's ODE stepper: exact (dWorldStep, the default) or quick:N (dWorldQuickStep, N iterations).")
  var stepper = "exact"
  @Option(help: "Two perpendicular hinges at one point of a body: grouped (one ODE universal joint, the default) or separate (two hinges and a light body between).")
  var hinges = HingeChoice.grouped
  @Flag(help: "Leave each body where ODE's own integration puts it instead of stepping in joint coordinates as MuJoCo does (the physics of runs trained before it; ModelOptions.stepsInJointCoordinates).")
  var odePositions = false

  func validate() throws {
    guard (100...10_000).contains(steps) else { throw ValidationError("--steps must be between 100 and 10000, got \(steps)") }
    guard threshold > 0, threshold <= 1 else { throw ValidationError("--threshold must be in (0, 1], got \(threshold)") }
    for task in tasks where !Suite.names.contains(task) {
      throw ValidationError("unknown task '\(task)' (see `odessa list`)")
    }
    for task in tasks where FidelityBenchmark.tasksEditingTheirModel.contains(task) {
      throw ValidationError("\(task) changes its model in code, which MuJoCo's side would not: compare its model through another of its tasks")
    }
    for task in tasks where task.hasPrefix("bipedal_walker") {
      throw ValidationError("\(task) has no MuJoCo counterpart; `odessa bench bipedal` compares it with its Box2D original")
    }
    do { _ = try StepperChoice.parse(stepper) } catch { throw ValidationError("\(error)") }
  }

  func run() throws {
    try withCommandErrors {
      var controls: FidelityBenchmark.PolicyControls?
      if let policy {
        let trained = try TrainedPolicy.load(policy)
        let task = trained.configuration.taskName
        guard Suite.names.contains(task), trained.configuration.modelFile == nil, !task.hasPrefix("bipedal_walker") else {
          throw CommandFailure(message: "--policy: the run's task '\(task)' is not a suite task with a MuJoCo counterpart")
        }
        guard !FidelityBenchmark.tasksEditingTheirModel.contains(task) else {
          throw CommandFailure(message: "--policy: \(task) changes its model in code, which MuJoCo's side would not; `make policy-in-mujoco` compares its returns instead")
        }
        controls = FidelityBenchmark.PolicyControls(task: task) { trained.policy.act($0) }
      }
      var chosen = tasks.isEmpty ? (controls.map { [$0.task] } ?? FidelityBenchmark.defaultTasks) : tasks
      if let task = controls?.task, !chosen.contains(task) { chosen.append(task) }
      let result = try FidelityBenchmark.run(
        modelsFolder: models, tasks: chosen, steps: steps,
        threshold: threshold, python: python, script: script, stepper: StepperChoice.parse(stepper),
        groupsHinges: hinges == .grouped, jointCoordinates: !odePositions, policy: controls)
      print(result.report)
      if json { print(try result.jsonLine()) }
    }
  }
}

/// `odessa bench bipedal`.
struct BipedalBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bipedal",
    abstract: "BipedalWalker on ODE beside the original on Box2D: Gymnasium's heuristic gait in both, and one-step errors.",
    discussion: """
      The heuristic gait over --seeds seeds of normal and hardcore terrain in Odessa and, with --python \
      (Gymnasium with Box2D; `make bipedal-oracle` installs it into .venv-box2d and runs this), in the \
      original too; then, from each of Box2D's states along the gait's walk on flat ground, one step \
      in Odessa with Box2D's action, and the mean error per quantity.
      """)

  @Flag(help: "Also print the figures as one JSON object on the last line.")
  var json = false
  @Option(help: "Episodes of the gait per terrain (1 to 1000).") var seeds = 100
  @Option(help: "Python with Gymnasium and Box2D (none: Odessa's side only).") var python: String?
  @Option(help: "The Box2D side's script.") var script = "scripts/bipedal_box2d.py"
  @Option(help: "Folder of the model files.") var models = ModelsFolder.default

  func validate() throws {
    guard (1...1000).contains(seeds) else { throw ValidationError("--seeds must be between 1 and 1000, got \(seeds)") }
  }

  func run() throws {
    try withCommandErrors {
      let result = try BipedalBenchmark.run(modelsFolder: models, seeds: seeds, python: python, script: script)
      print(result.report)
      if json { print(try result.jsonLine()) }
    }
  }
}

/// How the benchmarks build two perpendicular hinges at one point of a body.
enum HingeChoice: String, ExpressibleByArgument, CaseIterable {
  case grouped, separate
}
