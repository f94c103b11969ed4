import Foundation

/// Writes files atomically: data goes to a temporary file in the destination's directory,
/// which is then renamed over the destination (rename is atomic within one file system).
/// A crash mid-write leaves either the old file or the new one, never a half-written file.
public enum AtomicFile {
  /// Writes `data` to `url` atomically, creating the parent directory if needed.
  public static func write(_ data: Data, to url: URL) throws {
    let directory = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let code = errno
        throw CocoaError(
          .fileWriteUnknown,
          userInfo: [NSLocalizedDescriptionKey:
            "cannot rename \(temporary.path) to \(url.path): errno \(code)"])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}
