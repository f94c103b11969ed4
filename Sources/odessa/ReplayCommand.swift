import ArgumentParser
import Environments
import Foundation
import Training

/// `odessa replay`: runs a diverged episode that a run or an evaluation kept, to see it diverge again.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay an episode whose physics diverged, from the file a run kept in RUN/divergences/ "
      + "(or `odessa eval --keep-divergences` kept).",
    discussion: "The episode is rebuilt from its reset seed and actions, on the run's task and models; "
      + "on the same machine and build it diverges at the same step.")

  @Argument(help: "A file from a run folder's divergences/, or one `odessa eval --keep-divergences` wrote.") var file: String
  @Option(name: .customLong("run"), help: "The run whose task and models to use (default: the run folder holding the file).")
  var runFolder: String?
  @Option(help: ArgumentHelp("Print the state after each of the last N steps: root position, fastest joints.", valueName: "N"))
  var trace: Int = 0

  func run() throws {
    try withCommandErrors {
      let url = URL(fileURLWithPath: file).standardizedFileURL
      let record = try DivergenceRecord.read(from: url)
      let folder = RunDirectory(runFolder ?? url.deletingLastPathComponent().deletingLastPathComponent().path)
      let environment = try folder.readConfiguration().environmentFactory()
      environment.warn = { _ in }
      print("\(record.task), seed \(record.seed), \(record.actions.count) steps; kept as: \(record.message)")
      let firstTraced = record.actions.count - trace + 1
      let divergence = try record.replay(in: environment) { step, result in
        guard step >= firstTraced else { return }
        print(ReplayTrace.line(step: step, result: result, simulation: environment.simulation))
      }
      if let divergence {
        print("diverged again: \(divergence)")
      } else {
        print("did not diverge this time (another build, machine or model files than the run's?)")
        throw ExitCode(1)
      }
    }
  }
}
