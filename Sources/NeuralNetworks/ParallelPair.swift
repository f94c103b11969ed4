import Foundation

/// Work that splits into two independent halves, run by `ParallelPair.run(_:)`.
///
/// Implementations are small objects created once and reused, so handing work to the helper
/// thread allocates nothing (a closure handed to another thread would need a heap box).
/// The two halves must not write the same memory.
package protocol PairedWork: AnyObject {
  /// Runs half `lane`: 0 on the calling thread, 1 on the helper (or both on the caller).
  func run(lane: Int)
}

/// Runs two pieces of work at the same time: one on the calling thread, one on a helper.
///
/// `run(_:)` starts lane 1 of a `PairedWork` on a persistent helper thread, runs lane 0 on
/// the caller, and returns when both are done. With `isParallel == false` both lanes run on
/// the caller, lane 0 first. Semaphores order the hand-over, so whatever the caller wrote
/// before `run` is visible to the helper, and the helper's writes are visible after it.
/// Used for the twin critics and other independent halves of a SAC update, with OpenBLAS
/// single-threaded inside each lane.
package final class ParallelPair: @unchecked Sendable {
  /// Whether a helper thread is used.
  package let isParallel: Bool
  private let start = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)
  /// The work whose lane 1 the helper runs next; only set while `run` waits.
  private var work: (any PairedWork)?
  private var isStopping = false

  /// Creates a pair; `parallel: true` starts the helper thread.
  package init(parallel: Bool) {
    isParallel = parallel
    guard parallel else { return }
    let thread = Thread { [self] in workLoop() }
    thread.name = "ParallelPair helper"
    thread.start()
  }

  /// Stops the helper thread (it holds the pair until then); later runs are serial.
  package func shutDown() {
    guard isParallel, !isStopping else { return }
    isStopping = true
    start.signal()
  }

  /// Runs lane 0 of `work` here and lane 1 on the helper, and waits for both.
  package func run(_ work: any PairedWork) {
    guard isParallel, !isStopping else {
      work.run(lane: 0)
      work.run(lane: 1)
      return
    }
    self.work = work
    start.signal()
    work.run(lane: 0)
    done.wait()
    self.work = nil
  }

  /// Closure convenience for tests and cold paths: runs `first` here and `second` on the
  /// helper. Unlike `run(_:)` this allocates a small box per call.
  package func run(_ first: () -> Void, _ second: () -> Void) {
    withoutActuallyEscaping(first) { first in
      withoutActuallyEscaping(second) { second in
        run(ClosurePair(first: first, second: second))
      }
    }
  }

  private func workLoop() {
    while true {
      start.wait()
      if isStopping { return }
      work?.run(lane: 1)
      done.signal()
    }
  }
}

/// Adapts two closures to `PairedWork`.
private final class ClosurePair: PairedWork {
  let first: () -> Void
  let second: () -> Void

  init(first: @escaping () -> Void, second: @escaping () -> Void) {
    self.first = first
    self.second = second
  }

  func run(lane: Int) {
    lane == 0 ? first() : second()
  }
}
