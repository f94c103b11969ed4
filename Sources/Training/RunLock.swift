import Foundation

/// One writer per run folder: an exclusive `flock` on `RUN/.lock`, held for the life of the
/// process. The kernel releases it when the process ends, however it ends (a crash, SIGKILL),
/// so a stale lock never blocks a retry; the file records the holder's PID and command so a
/// refused second writer can say who holds it.
public final class RunLock {
  /// The lock file.
  public let url: URL
  private let descriptor: Int32

  /// Takes the lock of `run` (whose folder must exist), or throws naming the process that
  /// holds it.
  public init(_ run: RunDirectory) throws {
    url = run.url.appendingPathComponent(".lock")
    let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw TrainingError.runFolder("cannot open \(url.path): \(String(cString: strerror(errno)))")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let holder = (try? String(contentsOf: url, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      close(descriptor)
      throw TrainingError.runFolder(
        "run folder \(run.path) is in use by another process"
          + (holder.isEmpty ? "" : " (\(holder))")
          + "; wait for it to finish, or stop it (Ctrl-C or kill -TERM writes a checkpoint first)")
    }
    self.descriptor = descriptor
    let record = "pid \(getpid()): " + CommandLine.arguments.joined(separator: " ") + "\n"
    _ = ftruncate(descriptor, 0)
    _ = record.withCString { write(descriptor, $0, strlen($0)) }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
