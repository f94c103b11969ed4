import Foundation
import Environments
import NeuralNetworks

extension DivergenceRecord {
  /// Writes the record as JSON (atomically and durably); `odessa replay` reads it back.
  public func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: url)
  }

  /// Reads a record a run or an evaluation kept.
  public static func read(from url: URL) throws -> DivergenceRecord {
    do {
      return try JSONDecoder().decode(DivergenceRecord.self, from: Data(contentsOf: url))
    } catch {
      throw TrainingError.runFolder("\(url.path): not a diverged episode kept by a run or an evaluation (\(error))")
    }
  }
}
