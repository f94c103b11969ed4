import Foundation

/// An append-only CSV file with a fixed header; each row is flushed as it is written, so a
/// crash loses at most the row being written.
final class CSVLog {
  let url: URL
  let columns: [String]
  private let handle: FileHandle

  /// Opens `url` for appending, writing the header if the file is new.
  init(url: URL, columns: [String]) throws {
    self.url = url
    self.columns = columns
    let fileManager = FileManager.default
    if !fileManager.fileExists(atPath: url.path) {
      guard fileManager.createFile(atPath: url.path, contents: Data((columns.joined(separator: ",") + "\n").utf8)) else {
        throw TrainingError.runFolder("cannot create \(url.path)")
      }
    }
    handle = try FileHandle(forWritingTo: url)
    handle.seekToEndOfFile()
  }

  deinit {
    try? handle.close()
  }

  /// Writes one row; `values` maps column names to values, missing ones stay empty.
  func write(_ values: [String: String]) {
    let line = columns.map { values[$0] ?? "" }.joined(separator: ",") + "\n"
    handle.write(Data(line.utf8))
  }

  /// Keeps only the rows whose `step` column is at most `step` (used when resuming, so rows
  /// written after the checkpoint are not duplicated).
  static func truncate(url: URL, toStep step: Int) throws {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let header = lines.first, let index = header.split(separator: ",").firstIndex(of: "step") else { return }
    lines = [header] + lines.dropFirst().filter { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      return index < cells.count && (Int(cells[index]) ?? Int.max) <= step
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
  }
}

/// Formats a number for CSV: integers plainly, others with enough digits.
func csv(_ value: Double) -> String {
  if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
  return String(format: "%.6g", value)
}
