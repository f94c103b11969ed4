import Foundation
import NeuralNetworks

/// The SLURM backend: a sweep's unfinished cells become one job array (one array task per
/// cell) submitted with `sbatch`; each array task runs `odessa sweep cell SWEEP INDEX`, which
/// trains or resumes that cell in the shared sweep folder. SLURM does the scheduling; the
/// run folders and `squeue`/`sacct` say where every cell stands.
public struct SlurmSweep {
  /// Resources and placement of each array task.
  public struct Options: Codable, Sendable, Equatable {
    /// `--partition`, if one is named.
    public var partition: String?
    /// `--time` per cell, e.g. "04:00:00".
    public var time: String = "12:00:00"
    /// `--mem` per cell, e.g. "4G".
    public var memory: String = "4G"
    /// `--cpus-per-task`.
    public var cpusPerTask: Int = 1
    /// At most this many array tasks at once (`%N`), if given.
    public var maxParallel: Int?
    /// Further `#SBATCH` lines as given, e.g. "--account=lab".
    public var extra: [String] = []
    /// Seconds before the time limit at which SLURM asks the run to checkpoint (SIGTERM).
    public var checkpointWarning: Int = 180

    /// The defaults.
    public init() {}
  }

  /// The sweep folder (on a file system every node shares).
  public var folder: SweepFolder
  /// The cells, in grid order (array index = position here).
  public var cells: [SweepCell]
  /// The `odessa` executable the nodes run (the same path on every node).
  public var executable: String
  /// Resources.
  public var options: Options
  /// Runs SLURM's commands (a test may record them instead).
  public var shell: CommandRunner

  /// The sweep's submissions and SLURM's view of them.
  public var jobs: SlurmJobs { SlurmJobs(folder: folder, shell: shell) }
  /// `slurm/` inside the sweep folder.
  public var slurmURL: URL { jobs.slurmURL }

  /// A SLURM sweep.
  public init(folder: SweepFolder, cells: [SweepCell], executable: String, options: Options, shell: CommandRunner = .system) {
    self.folder = folder
    self.cells = cells
    self.executable = executable
    self.options = options
    self.shell = shell
  }

  /// The batch script for the array tasks `indices`.
  public func batchScript(indices: [Int], name: String) -> String {
    var lines = ["#!/bin/bash", "# Written by odessa sweep: one array task per sweep cell; the task id is the cell's index."]
    lines.append("#SBATCH --job-name=\(name)")
    lines.append("#SBATCH --array=\(SlurmSweep.arraySpec(indices))" + (options.maxParallel.map { "%\($0)" } ?? ""))
    lines.append("#SBATCH --cpus-per-task=\(options.cpusPerTask)")
    lines.append("#SBATCH --time=\(options.time)")
    lines.append("#SBATCH --mem=\(options.memory)")
    if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
    lines.append("#SBATCH --output=\(slurmURL.path)/logs/%A_%a.out")
    // Asks the run (the batch shell, replaced by odessa below) to checkpoint before the limit.
    lines.append("#SBATCH --signal=B:TERM@\(options.checkpointWarning)")
    lines += options.extra.map { "#SBATCH \($0)" }
    lines.append("export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1")
    lines.append("exec \(Self.quote(executable)) sweep cell \(Self.quote(folder.path)) \"$SLURM_ARRAY_TASK_ID\"")
    return lines.joined(separator: "\n") + "\n"
  }

  /// "0-3,7,9-10" for [0, 1, 2, 3, 7, 9, 10].
  static func arraySpec(_ indices: [Int]) -> String {
    var parts = [String]()
    var start: Int?, previous: Int?
    for index in indices.sorted() {
      if let p = previous, index == p + 1 {
        previous = index
        continue
      }
      if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)-\(p)") }
      start = index
      previous = index
    }
    if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)-\(p)") }
    return parts.joined(separator: ",")
  }

  static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Submits every cell that is neither finished nor already waiting or running in SLURM, as
  /// one job array; returns the submission, or nil when there was nothing to submit.
  public func submit() throws -> SlurmJobs.Submission? {
    let live = try jobs.queuedOrRunning()
    let indices = cells.indices.filter { index in
      folder.state(of: cells[index]) != .finished && live[index] == nil
    }
    guard !indices.isEmpty else { return nil }
    for index in indices { folder.clearFailure(cells[index]) }
    do {
      try FileManager.default.createDirectory(at: slurmURL.appendingPathComponent("logs"), withIntermediateDirectories: true)
    } catch {
      throw SweepError.backend("cannot create \(slurmURL.path): \(error.localizedDescription)")
    }
    let scriptURL = slurmURL.appendingPathComponent("sweep-\(jobs.submissions().count + 1).sbatch")
    try AtomicFile.write(Data(batchScript(indices: indices, name: "odessa-" + folder.url.lastPathComponent).utf8), to: scriptURL)
    let result = try shell.run("sbatch", ["--parsable", scriptURL.path])
    guard result.status == 0 else {
      throw SweepError.backend("sbatch refused \(scriptURL.path) (status \(result.status)): "
        + result.error.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    let jobID = String(result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first ?? "")
    guard !jobID.isEmpty, jobID.allSatisfy(\.isNumber) else {
      throw SweepError.backend("sbatch did not print a job id (it printed '\(result.output)')")
    }
    let submission = SlurmJobs.Submission(jobID: jobID, indices: indices, submitted: Date())
    try jobs.record(submission)
    return submission
  }
}

/// Runs an external command and collects its output; `.system` runs it for real.
public struct CommandRunner: Sendable {
  /// Status, standard output and standard error of a finished command.
  public struct Result: Sendable {
    public var status: Int32
    public var output: String
    public var error: String
  }

  /// Runs `command` (looked up on PATH) with `arguments`.
  public var run: @Sendable (_ command: String, _ arguments: [String]) throws -> Result

  /// A runner with the given behaviour.
  public init(run: @escaping @Sendable (_ command: String, _ arguments: [String]) throws -> Result) {
    self.run = run
  }

  /// Runs commands through `/usr/bin/env`, so PATH finds them.
  public static let system = CommandRunner { command, arguments in
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [command] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do {
      try process.run()
    } catch {
      throw SweepError.backend("cannot run \(command): \(error.localizedDescription)")
    }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errorText = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 127 {
      throw SweepError.backend("\(command) is not installed here (is this a SLURM login node?)")
    }
    return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
      error: String(decoding: errorText, as: UTF8.self))
  }
}

extension CommandRunner.Result {
  /// Convenience for tests.
  public init(_ status: Int32, _ output: String, _ error: String = "") {
    self.init(status: status, output: output, error: error)
  }
}
