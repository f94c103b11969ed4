import Foundation
import Synchronization

/// Ctrl-C for training: the first SIGINT asks the loop to stop after the current step (it then
/// writes a checkpoint); a second one ends the process at once.
public enum InterruptSignal {
  private static let requested = Atomic<Bool>(false)

  /// Installs the handler and returns the check the training loop polls.
  public static func install() -> @Sendable () -> Bool {
    signal(SIGINT, interruptHandler)
    // A parent may have started us with SIGINT blocked (some test runners and job controllers
    // do); a blocked Ctrl-C would wait forever, so unblock it.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    return { requested.load(ordering: .relaxed) }
  }

  fileprivate static func request() {
    requested.store(true, ordering: .relaxed)
  }
}

private func interruptHandler(_ signal: Int32) {
  InterruptSignal.request()
  // The next Ctrl-C gets the default behaviour: stop now.
  _ = Glibc.signal(SIGINT, SIG_DFL)
}
