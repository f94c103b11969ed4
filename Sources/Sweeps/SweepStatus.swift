import Foundation
import Training

/// `odessa sweep status`: every cell's state, read from its run folder (and, for a SLURM
/// sweep, the scheduler), with a count per state.
public struct SweepStatus {
  /// The sweep folder.
  public var folder: SweepFolder
  /// Its cells.
  public var cells: [SweepCell]
  /// SLURM's states of cells still queued or running (cell index → "PENDING", "RUNNING", …).
  public var queue: [Int: String] = [:]
  /// SLURM's final states of cells whose array task ended (from sacct, when accounting is on).
  public var accounting: [Int: String] = [:]

  /// A status of `cells` in `folder`; `queue` and `accounting` come from SLURM for a SLURM sweep.
  public init(folder: SweepFolder, cells: [SweepCell], queue: [Int: String] = [:], accounting: [Int: String] = [:]) {
    self.folder = folder
    self.cells = cells
    self.queue = queue
    self.accounting = accounting
  }

  /// The status of a sweep folder, asking SLURM when the sweep was submitted there.
  public static func read(_ folder: SweepFolder, shell: CommandRunner = .system) throws -> SweepStatus {
    guard let manifest = try folder.readManifest() else {
      throw SweepError.folder("\(folder.manifestURL.path) is missing: is \(folder.path) a sweep folder made by `odessa sweep`?")
    }
    let cells = try manifest.grid.cells()
    let jobs = SlurmJobs(folder: folder, shell: shell)
    guard !jobs.submissions().isEmpty else { return SweepStatus(folder: folder, cells: cells) }
    return SweepStatus(folder: folder, cells: cells, queue: try jobs.queuedOrRunning(), accounting: jobs.accounting())
  }

  /// The state of each cell, in grid order.
  public func states() -> [(cell: SweepCell, state: SweepFolder.CellState)] {
    cells.map { ($0, folder.state(of: $0)) }
  }

  /// A line per cell, then the counts.
  public var text: String {
    var lines = [String]()
    var counts = [String: Int]()
    for (index, (cell, state)) in states().enumerated() {
      let (category, description) = describe(index: index, cell: cell, state: state)
      counts[category, default: 0] += 1
      lines.append("\(cell.name): \(description)")
    }
    let order = ["finished", "running", "started", "failed", "queued"]
    lines.append(order.compactMap { key in counts[key].map { "\($0) \(key)" } }.joined(separator: ", ") + " of \(cells.count) runs")
    return lines.joined(separator: "\n")
  }

  /// A cell's category (finished, running, started, failed, queued) and its line.
  func describe(index: Int, cell: SweepCell, state: SweepFolder.CellState) -> (String, String) {
    let steps = cell.configuration.steps
    let logged = folder.run(cell).lastLoggedStep() ?? 0
    let ended = accounting[index].flatMap { ["COMPLETED", "RUNNING", "PENDING"].contains($0) ? nil : $0 }
    switch state {
    case .finished:
      return ("finished", "finished")
    case _ where queue[index] == "RUNNING":
      return ("running", "running in SLURM, step \(logged) of \(steps)")
    case _ where queue[index] != nil:
      return ("queued", "queued in SLURM (\(queue[index]!.lowercased()))")
    case .failed(let note):
      return ("failed", "FAILED: " + (note.split(separator: "\n").first.map(String.init) ?? note))
    case .partial(let step) where ended != nil:
      return ("failed", "FAILED in SLURM (\(ended!)), checkpoint at step \(step); the same sweep command resubmits it")
    case .partial(let step):
      return ("started", "started: checkpoint at step \(step), logged to step \(max(logged, step)) of \(steps)")
    case .queued where ended != nil:
      return ("failed", "FAILED in SLURM (\(ended!)) before its first checkpoint; the same sweep command resubmits it")
    case .queued:
      return ("queued", "queued")
    }
  }
}
