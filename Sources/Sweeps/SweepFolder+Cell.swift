import Foundation
import Training

extension SweepFolder {
  /// Trains cell `index` of the sweep in this process, or resumes it from its newest
  /// checkpoint (what a SLURM array task runs). A failure is recorded beside the run folder
  /// before it is thrown, so `odessa sweep status` can say why.
  public func runCell(_ index: Int, display: ProgressDisplay, shouldStop: @escaping () -> Bool) throws -> TrainingSummary? {
    guard let manifest = try readManifest() else {
      throw SweepError.folder("\(manifestURL.path) is missing: is \(path) a sweep folder made by `odessa sweep`?")
    }
    let cells = try manifest.grid.cells()
    guard cells.indices.contains(index) else {
      throw SweepError.folder("the sweep \(path) has cells 0 to \(cells.count - 1), not \(index)")
    }
    let cell = cells[index]
    if state(of: cell) == .finished { return nil }
    clearFailure(cell)
    do {
      let run = run(cell)
      let trainer = run.completedSteps() != nil
        ? try Trainer.resume(run: run, additionalSteps: nil, warn: { Terminal.standardError("warning: \($0)\n") })
        : try Trainer.start(configuration: cell.configuration, run: run,
          force: FileManager.default.fileExists(atPath: run.configURL.path))
      return try trainer.train(display: display, shouldStop: shouldStop)
    } catch {
      recordFailure(cell, reason: "\(error)")
      throw error
    }
  }
}
