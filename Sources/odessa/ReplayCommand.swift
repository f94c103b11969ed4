import ArgumentParser
import Environments
import Foundation
import Training

/// `odessa replay`: runs a diverged episode that a training run kept, to see it diverge again.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay an episode whose physics diverged, from the file a run kept in RUN/divergences/.",
    discussion: "The episode is rebuilt from its reset seed and actions, on the run's task and models; "
      + "on the same machine and build it diverges at the same step.")

  @Argument(help: "A file from a run folder's divergences/.") var file: String

  func run() throws {
    try withCommandErrors {
      let url = URL(fileURLWithPath: file).standardizedFileURL
      let record: DivergenceRecord
      do {
        record = try JSONDecoder().decode(DivergenceRecord.self, from: Data(contentsOf: url))
      } catch {
        throw TrainingError.runFolder("\(url.path): not a diverged episode kept by a run (\(error))")
      }
      let run = RunDirectory(url.deletingLastPathComponent().deletingLastPathComponent().path)
      let environment = try run.readConfiguration().environmentFactory()
      environment.warn = { _ in }
      print("\(record.task), seed \(record.seed), \(record.actions.count) steps; kept as: \(record.message)")
      if let divergence = try record.replay(in: environment) {
        print("diverged again: \(divergence)")
      } else {
        print("did not diverge this time (another build, machine or model files than the run's?)")
        throw ExitCode(1)
      }
    }
  }
}
