import Foundation
import NeuralNetworks
import SAC

/// A run's folder and the files in it:
///
///     config.json          the full configuration (RunConfiguration)
///     metrics.csv          one row per episode and one per log interval
///     eval.csv             step, mean, std, min and max of the deterministic return
///     learning_curve.svg   the evaluation curve
///     tensorboard/         TensorBoard event files, one per session (with --tensorboard)
///     checkpoints/step-N/  agent (weights, optimiser, replay), trainer.json
///     checkpoints/latest   the name of the newest complete checkpoint
public struct RunDirectory: Sendable {
  /// The run folder, as a standardised file URL.
  public let url: URL

  /// The run folder at `path` (relative to the current directory unless absolute).
  public init(_ path: String) {
    url = URL(fileURLWithPath: path).standardizedFileURL
  }

  /// The run folder's path.
  public var path: String { url.path }
  /// `config.json`: the run's full configuration.
  public var configURL: URL { url.appendingPathComponent("config.json") }
  /// `metrics.csv`: one row per episode and one per log interval.
  public var metricsURL: URL { url.appendingPathComponent("metrics.csv") }
  /// `eval.csv`: deterministic evaluation statistics by step.
  public var evalURL: URL { url.appendingPathComponent("eval.csv") }
  /// `learning_curve.svg`: the evaluation curve.
  public var curveURL: URL { url.appendingPathComponent("learning_curve.svg") }
  /// `tensorboard/`: TensorBoard event files (runs trained with `--tensorboard`).
  public var tensorBoardURL: URL { url.appendingPathComponent("tensorboard") }
  /// `checkpoints/`: one `step-N` folder per checkpoint.
  public var checkpointsURL: URL { url.appendingPathComponent("checkpoints") }
  /// `checkpoints/latest`: holds the name of the newest complete checkpoint.
  public var latestPointerURL: URL { checkpointsURL.appendingPathComponent("latest") }

  /// Creates the folder for a new run and takes its lock. An existing folder must be empty,
  /// or, with `force`, an Odessa run (it has a readable `config.json`) that no other process is
  /// using; its contents are then deleted. Nothing else is ever deleted.
  public func create(force: Bool) throws -> RunLock {
    let fileManager = FileManager.default
    guard !url.path.isEmpty, url.path != "/" else {
      throw TrainingError.runFolder("the run folder must name a folder, got '\(url.path)'")
    }
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw TrainingError.runFolder("\(path) exists and is not a folder") }
      let contents = try listing()
      if !contents.isEmpty {
        guard force else {
          throw TrainingError.runFolder(
            "run folder \(path) already exists; choose another --run-dir, add --force to overwrite it, "
              + "or continue it with `odessa resume \(path)`")
        }
        guard (try? readConfiguration()) != nil else {
          throw TrainingError.runFolder(
            "\(path) is not an Odessa run folder (it has no readable config.json), so --force will not delete it; "
              + "choose another --run-dir")
        }
      }
      let lock = try RunLock(self)
      for name in contents {
        do {
          try fileManager.removeItem(at: url.appendingPathComponent(name))
        } catch {
          throw TrainingError.runFolder("cannot clear \(url.appendingPathComponent(name).path): \(error.localizedDescription)")
        }
      }
      try makeCheckpointsFolder()
      return lock
    }
    try makeCheckpointsFolder()
    return try RunLock(self)
  }

  /// The folder's entries, the lock file left out.
  func listing() throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0 != ".lock" }
    } catch {
      throw TrainingError.runFolder("cannot list \(path): \(error.localizedDescription)")
    }
  }

  private func makeCheckpointsFolder() throws {
    do {
      try FileManager.default.createDirectory(at: checkpointsURL, withIntermediateDirectories: true)
    } catch {
      throw TrainingError.runFolder("cannot create \(checkpointsURL.path): \(error.localizedDescription)")
    }
  }

  /// Writes the configuration (atomically).
  public func write(configuration: RunConfiguration) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(configuration), to: configURL)
  }

  /// Reads the configuration.
  public func readConfiguration() throws -> RunConfiguration {
    guard let data = FileManager.default.contents(atPath: configURL.path) else {
      throw TrainingError.runFolder("\(configURL.path) is missing: is \(path) a run folder made by `odessa train`?")
    }
    let configuration: RunConfiguration
    do {
      configuration = try JSONDecoder().decode(RunConfiguration.self, from: data)
    } catch {
      throw TrainingError.runFolder("\(configURL.path) is damaged: \(describeDecodingError(error))")
    }
    // Values read back are checked like flags: an edited file must not trap or hang a run.
    let problems = configuration.problems()
    guard problems.isEmpty else {
      throw TrainingError.runFolder("\(configURL.path) holds settings out of range: " + problems.joined(separator: "; "))
    }
    return configuration
  }

  /// The checkpoint folders' names (`step-NNNNNNNNN`, `step-NNNNNNNNN.rK`), oldest first.
  public func checkpointNames() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsURL.path)) ?? []
    return names.compactMap { name -> (String, Int, Int)? in
      guard let order = Self.checkpointOrder(name) else { return nil }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: checkpointsURL.appendingPathComponent(name).path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else { return nil }
      return (name, order.step, order.revision)
    }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
  }

  /// (step, revision) of a checkpoint name, or nil when it is not one.
  static func checkpointOrder(_ name: String) -> (step: Int, revision: Int)? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, parts[0].hasPrefix("step-"), parts[0].count == 14,
      let step = Int(parts[0].dropFirst(5)), parts[0].dropFirst(5).allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    if parts.count == 1 { return (step, 1) }
    guard parts[1].hasPrefix("r"), let revision = Int(parts[1].dropFirst()), revision >= 2 else { return nil }
    return (step, revision)
  }

  /// Whether a checkpoint folder holds everything a resume reads.
  func isComplete(_ name: String) -> Bool {
    let folder = checkpointsURL.appendingPathComponent(name)
    return [SACCheckpoint.stateFile, Trainer.trainerStateFile].allSatisfy {
      FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
    }
  }

  /// The checkpoint to continue from: `name` when given, else the one `latest` names. When
  /// `latest` is missing, damaged, names something outside `checkpoints/` or an incomplete
  /// checkpoint, the newest complete checkpoint is used and `warn` says so. Nil when the run
  /// has no checkpoint at all.
  public func latestCheckpoint(named name: String? = nil, warn: (String) -> Void = { _ in }) throws -> URL? {
    let available = checkpointNames().filter(isComplete)
    if let name {
      guard available.contains(name) else {
        throw TrainingError.checkpoint(
          "\(checkpointsURL.path) has no complete checkpoint '\(name)'; it has: "
            + (available.isEmpty ? "none" : available.joined(separator: ", ")))
      }
      return checkpointsURL.appendingPathComponent(name)
    }
    let pointer = FileManager.default.contents(atPath: latestPointerURL.path)
      .flatMap { String(data: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
    // Only names of complete checkpoint folders are followed, so `latest` cannot lead
    // outside `checkpoints/`.
    if let pointer, available.contains(pointer) {
      return checkpointsURL.appendingPathComponent(pointer)
    }
    guard let newest = available.last else {
      if let pointer {
        throw TrainingError.checkpoint(
          "\(latestPointerURL.path) names '\(pointer)', but the run has no complete checkpoint")
      }
      return nil
    }
    warn(
      (pointer == nil ? "\(latestPointerURL.path) is missing" : "\(latestPointerURL.path) names '\(pointer!)', which is not a complete checkpoint")
        + "; using the newest complete checkpoint, \(newest)")
    return checkpointsURL.appendingPathComponent(newest)
  }
}

/// Problems with runs, folders and checkpoints, each saying which file and what is wrong.
public enum TrainingError: Error, CustomStringConvertible {
  case runFolder(String)
  case checkpoint(String)
  case configuration(String)
  /// The SAC update produced NaN or infinite values.
  case diverged(String)
  /// Training stopped on an error; the message says what is kept.
  case stopped(String)

  /// The message, naming the file and the problem.
  public var description: String {
    switch self {
    case .runFolder(let message), .checkpoint(let message), .configuration(let message),
      .diverged(let message), .stopped(let message):
      return message
    }
  }
}
