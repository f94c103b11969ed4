import Foundation

extension RunDirectory {
  /// The step of the newest complete checkpoint, or nil when the run has none. Read from the
  /// folder alone, so another process (a sweep, a scheduler) can tell how far a run is.
  public func completedSteps() -> Int? {
    checkpointNames().filter(isComplete).compactMap { Self.checkpointOrder($0)?.step }.max()
  }

  /// The step of the last row of `metrics.csv` (logged every `--log-every` steps and at
  /// each episode's end), or nil when it has none; reads only the file's end.
  public func lastLoggedStep() -> Int? {
    guard let handle = try? FileHandle(forReadingFrom: metricsURL) else { return nil }
    defer { try? handle.close() }
    guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
    let start = size > 4096 ? size - 4096 : 0
    guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd(),
      let text = String(data: data, encoding: .utf8)
    else { return nil }
    for line in text.split(separator: "\n").reversed() {
      let cells = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
      if cells.count >= 2, let step = Int(cells[1]) { return step }
    }
    return nil
  }
}
