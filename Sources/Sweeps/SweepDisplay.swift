import Foundation
import Training

/// A sweep's progress for people: on a terminal a block redrawn every second (cells done,
/// running and queued; each running cell's step; steps/s and ETA); otherwise a line for every
/// event and a status line every few minutes, so logs stay readable.
public final class SweepDisplay {
  /// What the block shows.
  public struct Snapshot {
    /// Cells finished (earlier sessions included), failed this session, and waiting.
    public var finished: Int, failed: Int, queued: Int
    /// The running cells: name, step, total steps.
    public var running: [(name: String, step: Int, total: Int)]
    /// Environment steps per second over the whole sweep session.
    public var stepsPerSecond: Double
    /// Seconds since the session began.
    public var elapsed: Double
    /// Seconds left at the current pace, once there is a pace.
    public var eta: Double?
  }

  let isTerminal: Bool
  let write: (String) -> Void
  let plainInterval: Double
  private var linesShown = 0
  private var lastDraw = Date.distantPast
  private var lastPlain = Date()

  /// `isTerminal` nil asks whether standard output is a terminal.
  public init(isTerminal: Bool? = nil, plainInterval: Double = 300, write: @escaping (String) -> Void = { Terminal.standardOutput($0) }) {
    self.isTerminal = isTerminal ?? (isatty(STDOUT_FILENO) == 1)
    self.plainInterval = plainInterval
    self.write = write
  }

  /// A display that prints nothing.
  public static var silent: SweepDisplay { SweepDisplay(isTerminal: false, plainInterval: .infinity) { _ in } }

  func begin(sweep: String, total: Int, finished: Int, toRun: Int, jobs: Int) {
    line("sweep \(sweep): \(total) runs, \(finished) already finished, \(toRun) to run, \(jobs) at a time")
  }

  func event(_ text: String) {
    line(text)
  }

  func progress(_ snapshot: Snapshot) {
    let now = Date()
    if isTerminal {
      guard now.timeIntervalSince(lastDraw) >= 1 else { return }
      lastDraw = now
      clearBlock()
      let lines = [Self.status(snapshot)] + snapshot.running.map {
        String(format: "  %@: step %d/%d (%.0f%%)", $0.name, $0.step, $0.total, 100 * Double($0.step) / Double(max($0.total, 1)))
      }
      write(lines.map { Terminal.clean($0) }.joined(separator: "\n") + "\n")
      linesShown = lines.count
    } else if now.timeIntervalSince(lastPlain) >= plainInterval {
      lastPlain = now
      line(Self.status(snapshot))
    }
  }

  func finish(_ summary: LocalSweep.Summary) {
    var text = summary.stopped
      ? "sweep stopped: \(summary.finished) runs finished, \(summary.interrupted) to continue; run the same command again to continue"
      : "sweep done: \(summary.finished) runs finished"
    if !summary.failed.isEmpty {
      text += "\n\(summary.failed.count) failed (run the same command again to retry them):"
      text += summary.failed.map { "\n  \($0.cell): \($0.reason)" }.joined()
    }
    line(text)
  }

  static func status(_ s: Snapshot) -> String {
    var text = "\(s.finished) done, \(s.running.count) running, \(s.queued) queued"
    if s.failed > 0 { text += ", \(s.failed) failed" }
    if s.stepsPerSecond > 0 { text += String(format: " | %.0f steps/s", s.stepsPerSecond) }
    text += " | elapsed " + ProgressDisplay.clock(s.elapsed)
    if let eta = s.eta { text += ", ETA " + ProgressDisplay.clock(eta) }
    return text
  }

  private func clearBlock() {
    if linesShown > 0 { write("\u{1B}[\(linesShown)A\u{1B}[0J") }
    linesShown = 0
  }

  private func line(_ text: String) {
    clearBlock()
    write(Terminal.clean(text) + "\n")
  }
}
