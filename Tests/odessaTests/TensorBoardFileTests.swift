import Foundation
import Testing
import TestSupport

/// `odessa train --tensorboard` files read back by TensorBoard's own reader (the Python
/// `tensorboard` package, installed by `make test` into .venv-tensorboard; skipped, with the
/// reason, where it is missing).
@Suite(.serialized) struct TensorBoardFileTests {
  static let python: String? = {
    let path = RepositoryPaths.root.appendingPathComponent(".venv-tensorboard/bin/python").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }()

  @Test(.enabled(if: python != nil, "TensorBoard's Python reader is not installed (make test installs it into .venv-tensorboard)"))
  func tensorBoardReadsTheSameScalarsAsTheCSVFiles() throws {
    let run = Tool.temporaryFolder("tensorboard") + "/run"
    let train = try Tool.run(["train", "pendulum-swingup", "--steps", "2000", "--eval-every", "1000", "--eval-episodes", "1",
      "--log-every", "500", "--tensorboard", "--run-dir", run] + Tool.tinySAC)
    #expect(train.status == 0, "\(train.error)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.python!)
    process.arguments = [RepositoryPaths.root.appendingPathComponent("scripts/read_tensorboard.py").path, run + "/tensorboard"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let series = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [[Double]]])
    // The evaluations: eval.csv's mean_return column, step by step.
    let evalRows = try String(contentsOfFile: run + "/eval.csv", encoding: .utf8).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",").map { Double($0)! } }
    let evalSeries = try #require(series["eval/mean_return"])
    #expect(evalSeries.map { $0[0] } == evalRows.map { $0[0] })
    for (point, row) in zip(evalSeries, evalRows) { #expect(abs(point[1] - row[1]) <= 1e-4 * max(1, abs(row[1]))) }
    // Episodes (1000 steps each) and the loss rows after learning starts.
    #expect(series["charts/episodic_return"]?.map { $0[0] } == [1000, 2000])
    #expect(series["losses/qf_loss"]?.isEmpty == false)
    #expect(series["losses/sps"]?.isEmpty == false)
  }
}
