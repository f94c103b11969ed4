import Foundation
import Synchronization

/// Stop requests for long work: Ctrl-C (SIGINT), SIGTERM (what `kill`, SLURM and systemd send)
/// and SIGHUP (a closed terminal) all ask training or evaluation to stop at the next step,
/// write a checkpoint and exit with 128 + the signal's number; a second signal of the same kind
/// ends the process at once. SIGPIPE is ignored, so `odessa train … | head` never kills
/// training: writes to a closed pipe just fail and are dropped.
public enum InterruptSignal {
  private static let received = Atomic<Int32>(0)
  /// The signals that ask for a stop.
  public static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the handlers and returns the check the loops poll.
  public static func install() -> @Sendable () -> Bool {
    signal(SIGPIPE, SIG_IGN)
    var set = sigset_t()
    sigemptyset(&set)
    for number in stopSignals {
      signal(number, stopHandler)
      // A parent may have started us with the signal blocked (some test runners and job
      // controllers do); a blocked Ctrl-C would wait forever, so unblock it.
      sigaddset(&set, number)
    }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    return { received.load(ordering: .relaxed) != 0 }
  }

  /// The signal that asked for the stop, if one did.
  public static var signalNumber: Int32? {
    let number = received.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  /// The exit status after a stop by `signalNumber`: 128 + the signal, as shells report it.
  public static var exitStatus: Int32 { 128 + (signalNumber ?? SIGINT) }

  fileprivate static func request(_ number: Int32) {
    received.store(number, ordering: .relaxed)
  }
}

private func stopHandler(_ number: Int32) {
  InterruptSignal.request(number)
  // The next one gets the default behaviour: stop now.
  _ = Glibc.signal(number, SIG_DFL)
}
