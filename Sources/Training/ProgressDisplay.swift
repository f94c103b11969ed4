import Foundation

/// Training progress for people: on a terminal a live line (steps, steps/s, last episode return,
/// last evaluation, elapsed and ETA) redrawn a few times a second; otherwise plain lines at
/// intervals, so logs stay readable. Evaluations and warnings always get a line of their own.
public final class ProgressDisplay {
  /// What the live line shows.
  public struct Snapshot: Sendable {
    /// Environment steps done.
    public var step: Int
    /// Environment steps the run trains for.
    public var totalSteps: Int
    /// Environment steps per second over the last log interval; 0 before the first.
    public var stepsPerSecond: Double
    /// Return of the last finished training episode, if any.
    public var lastReturn: Double?
    /// The latest deterministic evaluation, if any.
    public var lastEvaluation: EvaluationSummary?
    /// Seconds spent training, earlier sessions of the run included.
    public var elapsed: Double
    /// The step this session started or resumed at.
    public var startStep: Int
  }

  let isTerminal: Bool
  let write: (String) -> Void
  /// Plain mode prints a line every this many steps.
  let plainEvery: Int
  private var lastDraw: UInt64 = 0
  private var lineShown = false

  /// `isTerminal` nil asks the system whether standard output is a terminal.
  public init(isTerminal: Bool? = nil, plainEvery: Int = 10_000, write: @escaping (String) -> Void = { Terminal.standardOutput($0) }) {
    self.isTerminal = isTerminal ?? (isatty(STDOUT_FILENO) == 1)
    self.plainEvery = plainEvery
    self.write = write
  }

  /// A display that prints nothing (for tests and library use).
  public static var silent: ProgressDisplay { ProgressDisplay(isTerminal: false, plainEvery: Int.max) { _ in } }

  func begin(task: String, run: String, startStep: Int, totalSteps: Int) {
    line(startStep == 0 ? "training \(task) for \(totalSteps) steps; run folder \(run)"
      : "resuming \(task) at step \(startStep) of \(totalSteps); run folder \(run)")
  }

  func progress(_ snapshot: Snapshot) {
    if isTerminal {
      let now = DispatchTime.now().uptimeNanoseconds
      guard now - lastDraw > 200_000_000 || snapshot.step == snapshot.totalSteps else { return }
      lastDraw = now
      write("\r\u{1B}[2K" + Self.describe(snapshot))
      lineShown = true
    } else if snapshot.step % plainEvery == 0 {
      line(Self.describe(snapshot))
    }
  }

  func evaluated(step: Int, summary: EvaluationSummary) {
    line(String(format: "step %d: deterministic evaluation %@", step, summary.text))
  }

  func warning(_ text: String) {
    line("warning: " + text)
  }

  func finish(_ summary: TrainingSummary) {
    var text = summary.interrupted
      ? "interrupted at step \(summary.steps) (\(summary.stopReason ?? "stop requested")): nothing is lost, checkpoint \(summary.checkpoint)"
      : "done: \(summary.steps) steps in \(Self.clock(summary.elapsedSeconds)), checkpoint \(summary.checkpoint)"
    if let evaluation = summary.lastEvaluation { text += "\nlast evaluation: " + evaluation.text }
    if summary.divergences > 0 { text += "\n\(summary.divergences) training episodes ended early because the physics diverged" }
    line(text)
  }

  private func line(_ text: String) {
    if lineShown {
      write("\r\u{1B}[2K")
      lineShown = false
    }
    write(Terminal.clean(text) + "\n")
  }

  static func describe(_ s: Snapshot) -> String {
    var parts = [String(format: "step %d/%d (%.0f%%)", s.step, s.totalSteps, 100 * Double(s.step) / Double(max(s.totalSteps, 1)))]
    if s.stepsPerSecond > 0 { parts.append(String(format: "%.0f steps/s", s.stepsPerSecond)) }
    if let r = s.lastReturn { parts.append(String(format: "episode return %.1f", r)) }
    if let e = s.lastEvaluation { parts.append(String(format: "eval %.1f ± %.1f", e.mean, e.standardDeviation)) }
    var timing = "elapsed " + clock(s.elapsed)
    if s.stepsPerSecond > 0 {
      timing += ", ETA " + clock(Double(s.totalSteps - s.step) / s.stepsPerSecond)
    }
    parts.append(timing)
    return parts.joined(separator: " | ")
  }

  package static func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
      : String(format: "%d:%02d", total / 60, total % 60)
  }
}
