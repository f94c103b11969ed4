import Foundation
import Training

/// Runs a sweep's cells on this machine: up to `jobs` `odessa train` processes at once, each
/// with one thread for its update and one BLAS thread. Finished cells are skipped, interrupted
/// ones resumed from their newest checkpoint, failed ones tried again; a stop request (Ctrl-C,
/// SIGTERM) is passed to every running child once, so each writes a checkpoint before it exits.
public struct LocalSweep {
  /// The sweep folder.
  public var folder: SweepFolder
  /// The cells, in the order to start them.
  public var cells: [SweepCell]
  /// Runs at once.
  public var jobs: Int
  /// The `odessa` executable the children run.
  public var executable: String
  /// Seconds between looks at the children.
  public var pollInterval: Double = 0.5

  /// A local sweep.
  public init(folder: SweepFolder, cells: [SweepCell], jobs: Int, executable: String) {
    self.folder = folder
    self.cells = cells
    self.jobs = jobs
    self.executable = executable
  }

  /// What a sweep session did.
  public struct Summary: Sendable {
    /// Cells finished in all (earlier sessions included).
    public var finished: Int
    /// Cells whose attempt failed, with the reason.
    public var failed: [(cell: String, reason: String)]
    /// Cells not finished because a stop was requested.
    public var interrupted: Int
    /// Whether a stop was requested.
    public var stopped: Bool
  }

  /// The arguments of `cell`'s next attempt: a resume when it has a checkpoint, otherwise a
  /// fresh start (replacing a folder that never reached its first checkpoint).
  func arguments(for cell: SweepCell) -> [String] {
    let run = folder.run(cell)
    if run.completedSteps() != nil { return ["resume", run.path] }
    var arguments = SweepSettings.trainArguments(cell.configuration, folder: run.path)
    if FileManager.default.fileExists(atPath: run.path) { arguments.append("--force") }
    return arguments
  }

  /// Runs every unfinished cell; returns when all have ended or, after a stop request, when
  /// every running child has checkpointed and exited.
  public func run(display: SweepDisplay, shouldStop: () -> Bool) throws -> Summary {
    var queue = [SweepCell]()
    var finished = 0
    for cell in cells {
      switch folder.state(of: cell) {
      case .finished: finished += 1
      case .failed:
        folder.clearFailure(cell)
        queue.append(cell)
      default: queue.append(cell)
      }
    }
    var summary = Summary(finished: finished, failed: [], interrupted: 0, stopped: false)
    var progress = SweepProgress(queue: queue.map { ($0, folder.run($0).completedSteps() ?? 0) }, finished: finished)
    display.begin(sweep: folder.path, total: cells.count, finished: finished, toRun: queue.count, jobs: jobs)
    var running = [(cell: SweepCell, child: ChildProcess)]()
    var stopSent = false

    while !queue.isEmpty || !running.isEmpty {
      if shouldStop() && !stopSent {
        stopSent = true
        summary.stopped = true
        summary.interrupted = queue.count
        queue.removeAll()
        for entry in running { entry.child.send(SIGINT) }
        display.event("stop requested: each running run writes a checkpoint and exits; run the same command again to continue")
      }
      while running.count < jobs, !queue.isEmpty {
        let cell = queue.removeFirst()
        do {
          try FileManager.default.createDirectory(
            at: folder.logURL(cell).deletingLastPathComponent(), withIntermediateDirectories: true)
          let child = try ChildProcess(
            executable: executable, arguments: arguments(for: cell),
            log: folder.logURL(cell), environment: ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"])
          running.append((cell, child))
          progress.started(cell, step: folder.run(cell).completedSteps() ?? 0)
          display.event("started \(cell.name) (log \(cell.relativeFolder).log)")
        } catch {
          folder.recordFailure(cell, reason: "\(error)")
          summary.failed.append((cell.name, "\(error)"))
          progress.failed(cell, step: folder.run(cell).completedSteps() ?? 0)
          display.event("failed to start \(cell.name): \(error)")
        }
      }
      var stillRunning = [(cell: SweepCell, child: ChildProcess)]()
      for entry in running {
        guard entry.child.poll() else {
          stillRunning.append(entry)
          continue
        }
        let status = entry.child.exitStatus ?? -1
        let state = folder.state(of: entry.cell)
        if state == .finished {
          summary.finished += 1
          progress.finished(entry.cell)
          display.event("finished \(entry.cell.name)" + (finalEvaluation(entry.cell).map { ": evaluation \($0)" } ?? ""))
        } else if stopSent && status > 128 {
          summary.interrupted += 1
          progress.stopped(entry.cell)
          display.event("checkpointed \(entry.cell.name)")
        } else {
          let reason = status == 0 ? "ended without reaching its \(entry.cell.configuration.steps) steps" : "exited with status \(status)"
          folder.recordFailure(entry.cell, reason: reason)
          summary.failed.append((entry.cell.name, reason))
          progress.failed(entry.cell)
          display.event("FAILED \(entry.cell.name): \(reason); see \(entry.cell.relativeFolder).log")
        }
      }
      running = stillRunning
      for entry in running { progress.update(entry.cell, step: folder.run(entry.cell).lastLoggedStep() ?? 0) }
      display.progress(progress.snapshot())
      if !running.isEmpty || !queue.isEmpty { usleep(UInt32(pollInterval * 1_000_000)) }
    }
    display.finish(summary)
    return summary
  }

  /// "812.3 ± 20.1" from the run's last evaluation, if it has one.
  func finalEvaluation(_ cell: SweepCell) -> String? {
    guard let curve = try? LearningCurves.read(folder.run(cell)), let last = curve.means.last else { return nil }
    return String(format: "%.1f at step %d", last, curve.steps.last ?? 0)
  }
}
