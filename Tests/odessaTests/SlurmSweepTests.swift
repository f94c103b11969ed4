import Foundation
import Testing
import TestSupport

/// `odessa sweep --backend slurm` against a real one-node SLURM cluster, which
/// `scripts/slurm-test-cluster.sh start` sets up (as root; `make test` runs it). Skipped, with
/// the reason, where no cluster answers.
@Suite(.serialized) struct SlurmSweepTests {
  /// SLURM_CONF of a cluster that answers `sinfo`, or nil.
  static let configuration: String? = {
    let candidates = [ProcessInfo.processInfo.environment["SLURM_CONF"], "/tmp/odessa-slurm/slurm.conf"].compactMap { $0 }
    for path in candidates where FileManager.default.fileExists(atPath: path) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["sinfo", "-h", "-o", "%T"]
      process.environment = ProcessInfo.processInfo.environment.merging(["SLURM_CONF": path]) { $1 }
      process.standardOutput = Pipe()
      process.standardError = Pipe()
      guard (try? process.run()) != nil else { continue }
      process.waitUntilExit()
      if process.terminationStatus == 0 { return path }
    }
    return nil
  }()

  static func waitForStatus(_ folder: String, _ text: String, environment: [String: String], seconds: Double) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var last = ""
    while Date() < deadline {
      last = try Tool.run(["sweep", "status", folder], environment: environment).output
      if last.contains(text) { return last }
      Thread.sleep(forTimeInterval: 1)
    }
    return last
  }

  @Test(.enabled(if: configuration != nil, "no SLURM cluster answers here: run scripts/slurm-test-cluster.sh start as root (make test does)"))
  func aJobArrayRunsEveryCellAndAFailedCellIsResubmittedAlone() throws {
    let environment = ["SLURM_CONF": Self.configuration!]
    let folder = Tool.temporaryFolder("slurm") + "/grid"
    let arguments = ["sweep", "--backend", "slurm", "--dir", folder, "--tasks", "pendulum-swingup", "--seeds", "0-1",
      "--time", "00:10:00", "--mem", "1G"] + SweepCommandTests.schedule
    // Seed 1's run folder is blocked by a file, so its array task fails.
    try FileManager.default.createDirectory(atPath: folder + "/pendulum-swingup/default", withIntermediateDirectories: true)
    try "in the way".write(toFile: folder + "/pendulum-swingup/default/seed-1", atomically: true, encoding: .utf8)

    let submitted = try Tool.run(arguments, environment: environment)
    #expect(submitted.status == 0, "\(submitted.output)\(submitted.error)")
    #expect(submitted.output.contains("with 2 of 2 runs"))
    let script = try String(contentsOfFile: folder + "/slurm/sweep-1.sbatch", encoding: .utf8)
    #expect(script.contains("#SBATCH --array=0-1") && script.contains("#SBATCH --cpus-per-task=1"))
    var status = try Self.waitForStatus(folder, "1 finished, 1 failed", environment: environment, seconds: 120)
    #expect(status.contains("seed 1: FAILED"), "\(status)")

    try FileManager.default.removeItem(atPath: folder + "/pendulum-swingup/default/seed-1")
    let again = try Tool.run(arguments, environment: environment)
    #expect(again.output.contains("with 1 of 2 runs"), "\(again.output)\(again.error)")
    let script2 = try String(contentsOfFile: folder + "/slurm/sweep-2.sbatch", encoding: .utf8)
    #expect(script2.contains("#SBATCH --array=1\n"))
    status = try Self.waitForStatus(folder, "2 finished of 2 runs", environment: environment, seconds: 120)
    #expect(status.contains("2 finished of 2 runs"), "\(status)")
    let nothing = try Tool.run(arguments, environment: environment)
    #expect(nothing.output.contains("nothing to submit"))
  }
}
