import Foundation

/// A sweep's progress: cells done, running and queued, steps done, and an ETA from the steps
/// the sweep has trained since it started.
struct SweepProgress {
  struct Running {
    var name: String
    var step: Int
    var total: Int
  }

  private(set) var finished: Int
  private(set) var failed = 0
  private(set) var queued: Int
  private(set) var running = [String: Running]()
  private var order = [String]()
  /// Steps still to train of the cells not yet started.
  private var queuedSteps: Int
  /// Steps trained this session (finished cells' last stretch included).
  private var trainedSteps = 0
  private var startSteps = [String: Int]()
  private let start = Date()

  /// `queue` the cells to run, each with the step it will start from.
  init(queue: [(cell: SweepCell, step: Int)], finished: Int) {
    self.finished = finished
    queued = queue.count
    queuedSteps = queue.reduce(0) { $0 + max(0, $1.cell.configuration.steps - $1.step) }
  }

  mutating func started(_ cell: SweepCell, step: Int) {
    queued -= 1
    queuedSteps -= max(0, cell.configuration.steps - step)
    running[cell.relativeFolder] = Running(name: cell.name, step: step, total: cell.configuration.steps)
    startSteps[cell.relativeFolder] = step
    order.append(cell.relativeFolder)
  }

  mutating func update(_ cell: SweepCell, step: Int) {
    guard var entry = running[cell.relativeFolder] else { return }
    entry.step = max(entry.step, min(step, entry.total))
    running[cell.relativeFolder] = entry
  }

  private mutating func end(_ cell: SweepCell, reachedTotal: Bool) {
    if let entry = running.removeValue(forKey: cell.relativeFolder) {
      let last = reachedTotal ? entry.total : entry.step
      trainedSteps += max(0, last - (startSteps[cell.relativeFolder] ?? 0))
    }
    order.removeAll { $0 == cell.relativeFolder }
  }

  mutating func finished(_ cell: SweepCell) {
    end(cell, reachedTotal: true)
    finished += 1
  }

  /// `step` is where a cell that failed to start would have started.
  mutating func failed(_ cell: SweepCell, step: Int = 0) {
    if running[cell.relativeFolder] == nil {
      queued -= 1
      queuedSteps -= max(0, cell.configuration.steps - step)
    }
    end(cell, reachedTotal: false)
    failed += 1
  }

  mutating func stopped(_ cell: SweepCell) {
    end(cell, reachedTotal: false)
  }

  /// What the display shows.
  func snapshot(now: Date = Date()) -> SweepDisplay.Snapshot {
    let runningList = order.compactMap { running[$0] }
    let trainedNow = trainedSteps + order.reduce(0) { $0 + max(0, (running[$1]?.step ?? 0) - (startSteps[$1] ?? 0)) }
    let remaining = queuedSteps + runningList.reduce(0) { $0 + ($1.total - $1.step) }
    let elapsed = now.timeIntervalSince(start)
    let rate = elapsed > 0 ? Double(trainedNow) / elapsed : 0
    return SweepDisplay.Snapshot(
      finished: finished, failed: failed, queued: queued,
      running: runningList.map { ($0.name, $0.step, $0.total) },
      stepsPerSecond: rate, elapsed: elapsed,
      eta: rate > 0 && trainedNow >= 1000 ? Double(remaining) / rate : nil)
  }
}
