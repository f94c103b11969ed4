import ArgumentParser
import Foundation
import Benchmarks
import Environments
import Physics
import SAC

/// `odessa bench`: speed measurements, each printed as a table and, with --json, as one JSON line.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure speed: physics against raw ODE, environments against bare physics, SAC updates against sgemm.",
    subcommands: [PhysicsBench.self, EnvBench.self, SACBench.self],
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

  func validate() throws {
    guard (0...20).contains(returns) else { throw ValidationError("--returns must be between 0 and 20, got \(returns)") }
  }

  func run() throws {
    let result = try EnvironmentBenchmark.run(
      modelsFolder: models, tasks: tasks.isEmpty ? Suite.names : tasks, secondsPerLoop: options.seconds,
      returnEpisodes: returns)
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

  func validate() throws {
    guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 100, got \(rounds)") }
  }

  func run() throws {
    let result = SACBenchmark.run(rounds: rounds)
    print(result.report)
    if json { print(try result.jsonLine()) }
  }
}
