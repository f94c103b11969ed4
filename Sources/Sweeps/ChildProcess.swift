import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started with `posix_spawn` in a process group of its own, its output
/// appended to a log file. Its own group keeps a terminal's Ctrl-C away from it: the sweep
/// forwards one stop request, so the child checkpoints instead of being hit twice.
final class ChildProcess {
  let pid: pid_t
  private(set) var exitStatus: Int32?

  /// Starts `executable` with `arguments`, appending its standard output and
  /// error to `log`; `environment` entries are added to (or replace) the parent's.
  init(executable: String, arguments: [String], log: URL, environment: [String: String]) throws {
    let logDescriptor = open(log.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard logDescriptor >= 0 else {
      throw SweepError.backend("cannot open the log \(log.path): \(String(cString: strerror(errno)))")
    }
    defer { close(logDescriptor) }
    let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
    defer { if devNull >= 0 { close(devNull) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if devNull >= 0 { posix_spawn_file_actions_adddup2(&actions, devNull, 0) }
    posix_spawn_file_actions_adddup2(&actions, logDescriptor, 1)
    posix_spawn_file_actions_adddup2(&actions, logDescriptor, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw SweepError.backend("cannot start \(executable): \(String(cString: strerror(status)))")
    }
    pid = child
  }

  /// Whether it has ended (reaps it when it has; `exitStatus` then holds its status, 128 + the
  /// signal when a signal ended it).
  func poll() -> Bool {
    if exitStatus != nil { return true }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    guard result == pid else { return false }
    let signalled = status & 0x7F
    exitStatus = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
    return true
  }

  /// Sends `signal` to the child.
  func send(_ signal: Int32) {
    if exitStatus == nil { kill(pid, signal) }
  }
}
