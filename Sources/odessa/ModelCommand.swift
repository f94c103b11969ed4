import ArgumentParser
import Training
import Physics
import Randomness

/// `odessa model`: tools for body model files.
struct ModelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model",
    abstract: "Inspect MJCF body model files.",
    subcommands: [ModelCheckCommand.self])
}

/// `odessa model check FILE`.
struct ModelCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Load a model, list its bodies, joints and actuators, and run a short random rollout.",
    discussion: "Run this first on a new model file. It exits with status 1 when the file is rejected "
      + "(the message names the file and line) or the rollout does not stay finite.")

  @Argument(help: "The MJCF model file, e.g. models/walker.xml.")
  var file: String

  @Option(help: "Random-action steps to simulate (1 to 1,000,000).")
  var steps = 1000

  @Option(help: "Seed of the random actions.")
  var seed: UInt64 = 0

  func validate() throws {
    guard (1...1_000_000).contains(steps) else {
      throw ValidationError("--steps must be between 1 and 1000000, got \(steps)")
    }
  }

  func run() throws {
    var generator = RandomGenerator(seed: seed)
    let check: ModelCheck
    do {
      check = try ModelCheck.run(path: file, steps: steps, generator: &generator) { done in
        Terminal.standardError("model check: random rollout at step \(done) of \(steps)…\n")
      }
    } catch let error as ModelError {
      throw CommandFailure(message: Terminal.clean(error.description))
    }
    print(Terminal.clean(check.report))
    if !check.passed { throw ExitCode.failure }
  }
}
