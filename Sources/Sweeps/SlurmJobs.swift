import Foundation
import NeuralNetworks

/// The SLURM jobs a sweep folder has submitted (`slurm/jobs.json`) and what SLURM says of
/// them now: `squeue` for the array tasks still queued or running, `sacct` for those that ended.
public struct SlurmJobs {
  /// The sweep folder.
  public var folder: SweepFolder
  /// Runs SLURM's commands.
  public var shell: CommandRunner

  /// The jobs of `folder`.
  public init(folder: SweepFolder, shell: CommandRunner = .system) {
    self.folder = folder
    self.shell = shell
  }

  /// Throws, saying so, when `sbatch` cannot be run here (checked before a sweep folder is made).
  public static func requireSbatch(shell: CommandRunner = .system) throws {
    let result = try shell.run("sbatch", ["--version"])
    guard result.status == 0 else {
      throw SweepError.backend("sbatch --version failed (status \(result.status)): "
        + result.error.trimmingCharacters(in: .whitespacesAndNewlines) + "; is this a SLURM login node?")
    }
  }

  /// `slurm/` inside the sweep folder: the batch scripts, `jobs.json` and SLURM's output files.
  public var slurmURL: URL { folder.url.appendingPathComponent("slurm") }
  /// `slurm/jobs.json`: every submission (job id and the cells it holds).
  public var jobsURL: URL { slurmURL.appendingPathComponent("jobs.json") }

  /// One `sbatch` submission.
  public struct Submission: Codable, Sendable {
    /// SLURM's job id of the array.
    public var jobID: String
    /// The cells' indices (array task ids).
    public var indices: [Int]
    /// When it was submitted.
    public var submitted: Date
  }

  /// The submissions so far, oldest first.
  public func submissions() -> [Submission] {
    guard let data = FileManager.default.contents(atPath: jobsURL.path) else { return [] }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return (try? decoder.decode([Submission].self, from: data)) ?? []
  }

  /// Appends `submission` to `jobs.json` (atomically).
  func record(_ submission: Submission) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    try AtomicFile.write(encoder.encode(submissions() + [submission]), to: jobsURL)
  }

  /// SLURM's view of the sweep's array tasks still in the queue: cell index → state
  /// ("PENDING", "RUNNING", …), from `squeue`.
  public func queuedOrRunning() throws -> [Int: String] {
    let jobs = submissions().map(\.jobID)
    guard !jobs.isEmpty else { return [:] }
    let result = try shell.run("squeue", ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%A %i %T"])
    guard result.status == 0 else {
      // squeue refuses ids it has forgotten; those jobs are over, so nothing of them is queued.
      if result.error.contains("Invalid job id") { return [:] }
      throw SweepError.backend("squeue failed (status \(result.status)): " + result.error.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return Self.parseQueue(result.output)
  }

  /// Parses `squeue -r -o "%A %i %T"` lines ("JOBID ARRAYJOB_TASK STATE") into cell → state.
  static func parseQueue(_ text: String) -> [Int: String] {
    var states = [Int: String]()
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count >= 3, let index = arrayTaskIndex(fields[1]) else { continue }
      states[index] = String(fields[2])
    }
    return states
  }

  /// The array task id of a SLURM job id "JOB_TASK" (the cell's index), or nil.
  static func arrayTaskIndex(_ jobID: Substring) -> Int? {
    guard let underscore = jobID.lastIndex(of: "_") else { return nil }
    return Int(jobID[jobID.index(after: underscore)...])
  }

  /// SLURM's final states of the sweep's array tasks that have ended (cell index → state such
  /// as "COMPLETED", "FAILED", "TIMEOUT"), newest submission last, from `sacct`; empty when
  /// accounting is off.
  public func accounting() -> [Int: String] {
    var states = [Int: String]()
    for submission in submissions() {
      guard let result = try? shell.run("sacct", ["-n", "-P", "-X", "-j", submission.jobID, "-o", "JobID,State"]),
        result.status == 0
      else { continue }
      for line in result.output.split(separator: "\n") {
        let fields = line.split(separator: "|")
        guard fields.count >= 2, let index = Self.arrayTaskIndex(fields[0]) else { continue }
        states[index] = String(fields[1].split(separator: " ").first ?? "")
      }
    }
    return states
  }
}
