import Foundation
import NeuralNetworks

/// A run's folder and the files in it:
///
///     config.json          the full configuration (RunConfiguration)
///     metrics.csv          one row per episode and one per log interval
///     eval.csv             step, mean, std, min and max of the deterministic return
///     learning_curve.svg   the evaluation curve
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
  /// `checkpoints/`: one `step-N` folder per checkpoint.
  public var checkpointsURL: URL { url.appendingPathComponent("checkpoints") }
  /// `checkpoints/latest`: holds the name of the newest complete checkpoint.
  public var latestPointerURL: URL { checkpointsURL.appendingPathComponent("latest") }

  /// Creates the folder for a new run; an existing non-empty folder is an error unless `force`.
  public func create(force: Bool) throws {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw TrainingError.runFolder("\(path) exists and is not a folder") }
      let contents = try fileManager.contentsOfDirectory(atPath: path)
      if !contents.isEmpty {
        guard force else {
          throw TrainingError.runFolder(
            "run folder \(path) already exists; choose another --run-dir, add --force to overwrite it, "
              + "or continue it with `odessa resume \(path)`")
        }
        try fileManager.removeItem(at: url)
      }
    }
    try fileManager.createDirectory(at: checkpointsURL, withIntermediateDirectories: true)
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
    do {
      return try JSONDecoder().decode(RunConfiguration.self, from: data)
    } catch {
      throw TrainingError.runFolder("\(configURL.path) is damaged: \(error)")
    }
  }

  /// The newest complete checkpoint, if any.
  public func latestCheckpoint() throws -> URL? {
    guard let data = FileManager.default.contents(atPath: latestPointerURL.path),
      let name = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
      !name.isEmpty
    else { return nil }
    let checkpoint = checkpointsURL.appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: checkpoint.path) else {
      throw TrainingError.checkpoint("\(latestPointerURL.path) names \(name), which is missing")
    }
    return checkpoint
  }
}

/// Problems with runs, folders and checkpoints, each saying which file and what is wrong.
public enum TrainingError: Error, CustomStringConvertible {
  case runFolder(String)
  case checkpoint(String)
  case configuration(String)

  /// The message, naming the file and the problem.
  public var description: String {
    switch self {
    case .runFolder(let message), .checkpoint(let message), .configuration(let message): return message
    }
  }
}
