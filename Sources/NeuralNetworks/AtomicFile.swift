import Foundation

/// A file that could not be written or read, with the path and the system's reason
/// ("No space left on device", "Read-only file system", "Permission denied").
public struct FileError: Error, CustomStringConvertible, LocalizedError {
  /// The file.
  public var path: String
  /// What went wrong.
  public var reason: String

  /// A problem with `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// The error of the last failed system call on `path`.
  public static func system(_ path: String, _ action: String) -> FileError {
    FileError(path: path, reason: "\(action): \(String(cString: strerror(errno)))")
  }

  /// "cannot write PATH: REASON".
  public var description: String { "\(path): \(reason)" }
  /// The same message, for `localizedDescription`.
  public var errorDescription: String? { description }
}

/// Writes files atomically and durably: the data go to a temporary file in the destination's
/// folder, which is flushed to disk (`fsync`) and renamed over the destination; the folder is
/// then flushed too, so after a crash or power cut the path holds either the old file or the
/// whole new one. A destination that exists but is not a regular file (a symlink, a device, a
/// folder) is refused rather than replaced.
public enum AtomicFile {
  /// Writes `data` to `url`, creating the parent folder if needed.
  public static func write(_ data: Data, to url: URL) throws {
    let path = url.path
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw FileError(path: directory.path, reason: "cannot create the folder (\(error.localizedDescription))")
    }
    var status = stat()
    if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
      throw FileError(path: path, reason: "exists and is not a regular file; refusing to replace it")
    }
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
    do {
      try writeDurably(data, to: temporary, reportedAs: path)
      guard rename(temporary, path) == 0 else { throw FileError.system(path, "cannot rename the new file into place") }
      try syncFolder(directory.path)
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// Writes `data` to a new file at `path` and flushes it to disk; errors name `reportedAs`.
  static func writeDurably(_ data: Data, to temporary: String, reportedAs path: String) throws {
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileError.system(path, "cannot create") }
    defer { close(descriptor) }
    guard data.withUnsafeBytes({ writeAll($0, to: descriptor) }) else { throw FileError.system(path, "cannot write") }
    guard fsync(descriptor) == 0 else { throw FileError.system(path, "cannot flush to disk") }
  }

  /// Writes all of `bytes` to `descriptor`, retrying after interruptions; false at the first
  /// failure, with `errno` saying why.
  public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return false }
      offset += written
    }
    return true
  }

  /// Flushes a folder's entries (new names, renames, removals) to disk.
  public static func syncFolder(_ path: String) throws {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileError.system(path, "cannot open the folder") }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 || errno == EINVAL else { throw FileError.system(path, "cannot flush the folder to disk") }
  }
}
