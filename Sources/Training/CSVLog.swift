import Foundation
import NeuralNetworks

/// An append-only CSV file with a fixed header; each row goes to the file as it is written, so
/// a crash loses at most the row being written. A failed write (a full disk, a read-only file
/// system) throws a `FileError` naming the file.
final class CSVLog {
  let url: URL
  let columns: [String]
  private let descriptor: Int32

  /// Opens `url` for appending, writing the header if the file is new or empty. A file written
  /// by an older Odessa, whose header is a prefix of `columns`, keeps its header: rows then
  /// leave out the newer columns, so the file stays one table.
  init(url: URL, columns: [String]) throws {
    self.url = url
    if let existing = Self.header(of: url), existing != columns {
      guard existing.count < columns.count, Array(columns.prefix(existing.count)) == existing else {
        throw FileError(path: url.path, reason: "has the columns \(existing.joined(separator: ",")), not the expected \(columns.joined(separator: ","))")
      }
      self.columns = existing
    } else {
      self.columns = columns
    }
    var status = stat()
    if lstat(url.path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
      throw FileError(path: url.path, reason: "exists and is not a regular file")
    }
    descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileError.system(url.path, "cannot open for appending") }
    if lseek(descriptor, 0, SEEK_END) == 0 {
      try append(columns.map(CSVLog.escape).joined(separator: ",") + "\n")
    }
  }

  deinit {
    close(descriptor)
  }

  /// The header row of an existing, non-empty file, or nil.
  static func header(of url: URL) -> [String]? {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 4096), !data.isEmpty,
      let text = String(data: data, encoding: .utf8), let line = text.split(separator: "\n", omittingEmptySubsequences: false).first
    else { return nil }
    return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  }

  /// Writes one row; `values` maps column names to values, missing ones stay empty.
  func write(_ values: [String: String]) throws {
    try append(columns.map { CSVLog.escape(values[$0] ?? "") }.joined(separator: ",") + "\n")
  }

  /// Flushes the rows written so far to disk.
  func sync() throws {
    guard fsync(descriptor) == 0 else { throw FileError.system(url.path, "cannot flush to disk") }
  }

  private func append(_ line: String) throws {
    let bytes = Array(line.utf8)
    guard bytes.withUnsafeBytes({ AtomicFile.writeAll($0, to: descriptor) }) else {
      throw FileError.system(url.path, "cannot write")
    }
  }

  /// A cell as CSV wants it: quoted when it holds a comma, a quote or a line break; control
  /// characters dropped.
  static func escape(_ cell: String) -> String {
    let clean = String(cell.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F || $0 == "\n" })
    guard clean.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return clean }
    return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
    try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: url)
  }
}

/// Formats a number for CSV: integers plainly, others with enough digits.
func csv(_ value: Double) -> String {
  if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
  return String(format: "%.6g", value)
}
