import Foundation
import Training

/// `odessa sweep status`: every cell's state, read from its run folder (and, for a SLURM
/// sweep, the scheduler), with a count per state.
public struct SweepStatus {
  /// The sweep folder.
  public var folder: SweepFolder
  /// Its cells.
  public var cells: [SweepCell]

  /// A status of `cells` in `folder`.
  public init(folder: SweepFolder, cells: [SweepCell]) {
    self.folder = folder
    self.cells = cells
  }

  /// The state of each cell, in grid order.
  public func states() -> [(cell: SweepCell, state: SweepFolder.CellState)] {
    cells.map { ($0, folder.state(of: $0)) }
  }

  /// A line per cell, then the counts.
  public var text: String {
    var lines = [String]()
    var counts = [String: Int]()
    for (cell, state) in states() {
      let description: String
      switch state {
      case .finished:
        description = "finished"
      case .partial(let step):
        let logged = folder.run(cell).lastLoggedStep() ?? step
        description = "started: checkpoint at step \(step), logged to step \(logged) of \(cell.configuration.steps)"
      case .failed(let note):
        description = "FAILED: " + (note.split(separator: "\n").first.map(String.init) ?? note)
      case .queued:
        description = "queued"
      }
      let key = String(description.prefix { $0 != ":" })
      counts[key, default: 0] += 1
      lines.append("\(cell.name): \(description)")
    }
    let order = ["finished", "started", "FAILED", "queued"]
    lines.append(order.compactMap { key in counts[key].map { "\($0) \(key.lowercased())" } }.joined(separator: ", ")
      + " of \(cells.count) runs")
    return lines.joined(separator: "\n")
  }
}
