import Foundation
import NeuralNetworks
import Training

/// A sweep's folder:
///
///     sweep.json                     the manifest: the grid, the backend, every cell's run
///                                    folder and its `odessa train` arguments
///     TASK/SETTINGS/seed-S/          one run folder per cell (`odessa train`'s layout)
///     TASK/SETTINGS/seed-S.log       what the cell's runs printed
///     TASK/SETTINGS/seed-S.failed    present while the cell's last attempt failed: why
///     slurm/                         the batch script, cell list and SLURM's own logs
public struct SweepFolder: Sendable {
  /// The sweep folder, standardised.
  public let url: URL

  /// The sweep folder at `path`.
  public init(_ path: String) {
    url = URL(fileURLWithPath: path).standardizedFileURL
  }

  /// The folder's path.
  public var path: String { url.path }
  /// `sweep.json`.
  public var manifestURL: URL { url.appendingPathComponent("sweep.json") }

  /// The manifest: what `sweep.json` holds.
  public struct Manifest: Codable, Sendable {
    /// The grid the sweep runs.
    public var grid: SweepGrid
    /// Every cell in grid order, with its run folder and arguments (for people and for SLURM).
    public var cells: [Entry]
    /// One cell as the manifest lists it.
    public struct Entry: Codable, Sendable {
      /// "TASK [SETTINGS] seed S".
      public var name: String
      /// The run folder, relative to the sweep folder.
      public var folder: String
      /// The `odessa train` arguments of its first attempt (relative to the sweep folder).
      public var arguments: [String]
    }
  }

  /// Reads the manifest, or nil when the folder has none.
  public func readManifest() throws -> Manifest? {
    guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return nil }
    do {
      return try JSONDecoder().decode(Manifest.self, from: data)
    } catch {
      throw SweepError.folder("\(manifestURL.path) is damaged (\(error)); it is not an Odessa sweep manifest")
    }
  }

  /// Writes the manifest of `grid`. A folder that already holds a sweep continues it: the
  /// same grid as is, or a grid grown or shrunk along its axes (more seeds, tasks or values)
  /// when the settings every run shares are the same, so cells in both keep their runs. A
  /// folder holding a sweep with other shared settings, or files that are not a sweep's, is
  /// refused.
  @discardableResult
  public func prepare(grid: SweepGrid) throws -> [SweepCell] {
    let cells = try grid.cells()
    if let existing = try readManifest() {
      if existing.grid == grid { return cells }
      guard existing.grid.base == grid.base else {
        let changed = SweepSettings.differences(from: existing.grid.base, to: grid.base)
        throw SweepError.folder(
          "\(path) holds a sweep whose runs share other settings (\(changed.joined(separator: "; "))); give "
            + "another sweep folder, or the same settings as before to continue or extend it")
      }
      try writeManifest(grid: grid, cells: cells)
      return cells
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw SweepError.folder("\(path) exists and is not a folder") }
      let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      let unknown = contents.filter { name in !grid.tasks.contains(name) && !name.hasPrefix(".") }
      guard unknown.isEmpty else {
        throw SweepError.folder("\(path) is not empty and has no sweep.json (it holds \(unknown.prefix(3).joined(separator: ", "))…); give a new sweep folder")
      }
    }
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw SweepError.folder("cannot create the sweep folder \(path): \(error.localizedDescription)")
    }
    try writeManifest(grid: grid, cells: cells)
    return cells
  }

  func writeManifest(grid: SweepGrid, cells: [SweepCell]) throws {
    let manifest = Manifest(grid: grid, cells: cells.map {
      Manifest.Entry(name: $0.name, folder: $0.relativeFolder,
        arguments: SweepSettings.trainArguments($0.configuration, folder: $0.relativeFolder))
    })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(encoder.encode(manifest), to: manifestURL)
  }

  static func describe(_ grid: SweepGrid) -> String {
    var text = "tasks \(grid.tasks.joined(separator: ",")), seeds \(grid.seeds.map(String.init).joined(separator: ","))"
    if !grid.varied.isEmpty { text += ", " + grid.varied.map { "\($0.flag)=\($0.values.joined(separator: ","))" }.joined(separator: " ") }
    return text
  }

  /// The run folder of `cell`.
  public func run(_ cell: SweepCell) -> RunDirectory {
    RunDirectory(url.appendingPathComponent(cell.relativeFolder).path)
  }

  /// The log file of `cell`, beside its run folder.
  public func logURL(_ cell: SweepCell) -> URL { url.appendingPathComponent(cell.relativeFolder + ".log") }

  /// The failure note of `cell`, present while its last attempt failed.
  public func failureURL(_ cell: SweepCell) -> URL { url.appendingPathComponent(cell.relativeFolder + ".failed") }

  /// Where a cell stands, read from its run folder.
  public enum CellState: Equatable, Sendable {
    /// Not started.
    case queued
    /// Started, with a checkpoint at `step` (0 when it has none yet).
    case partial(step: Int)
    /// Trained to its configured total.
    case finished
    /// Its last attempt failed; the note says why.
    case failed(String)
  }

  /// The state of `cell`: finished when its newest complete checkpoint is at its total steps.
  public func state(of cell: SweepCell) -> CellState {
    let run = run(cell)
    let step = run.completedSteps() ?? 0
    if step >= cell.configuration.steps { return .finished }
    if let note = try? String(contentsOf: failureURL(cell), encoding: .utf8) {
      return .failed(note.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    if FileManager.default.fileExists(atPath: run.configURL.path) { return .partial(step: step) }
    return .queued
  }

  /// Records that `cell`'s attempt failed (atomically), with the end of its log.
  public func recordFailure(_ cell: SweepCell, reason: String) {
    let tail = (try? String(contentsOf: logURL(cell), encoding: .utf8)).map {
      $0.split(separator: "\n").suffix(5).joined(separator: "\n")
    } ?? ""
    try? AtomicFile.write(Data((reason + (tail.isEmpty ? "" : "\nlast lines of the log:\n" + tail) + "\n").utf8), to: failureURL(cell))
  }

  /// Forgets `cell`'s failure before another attempt.
  public func clearFailure(_ cell: SweepCell) {
    try? FileManager.default.removeItem(at: failureURL(cell))
  }
}
