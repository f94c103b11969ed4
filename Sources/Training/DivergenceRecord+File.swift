import Foundation
import Environments
import NeuralNetworks
import SAC

extension DivergenceRecord {
  /// Writes the record as JSON (atomically and durably); `odessa replay` reads it back.
  public func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: url)
  }

  /// Reads a record a run or an evaluation kept.
  public static func read(from url: URL) throws -> DivergenceRecord {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw TrainingError.runFolder("\(url.path) does not exist: give a file from a run's divergences/ folder")
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw TrainingError.runFolder("\(url.path) could not be read: \(error.localizedDescription)")
    }
    do {
      return try JSONDecoder().decode(DivergenceRecord.self, from: data)
    } catch {
      throw TrainingError.runFolder(
        "\(url.path): not a diverged episode kept by a run or an evaluation (\(describeDecodingError(error)))")
    }
  }
}
