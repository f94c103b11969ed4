import Foundation
import NeuralNetworks
import SAC

extension Trainer {
  static let trainerStateFile = "trainer.json"

  /// Writes a complete checkpoint: into a temporary folder, renamed into place, then the
  /// `latest` pointer is replaced atomically. Keeps the two newest checkpoints.
  @discardableResult
  func saveCheckpoint() throws -> URL {
    let fileManager = FileManager.default
    let name = String(format: "step-%09d", loop.state.step)
    let final = run.checkpointsURL.appendingPathComponent(name)
    let temporary = run.checkpointsURL.appendingPathComponent(".tmp-" + name)
    try? fileManager.removeItem(at: temporary)
    try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
    loop.state.environment = loop.environment.saveState()
    try SACCheckpoint.save(
      loop.learner, replayBuffer: configuration.saveReplayBuffer ? loop.replayBuffer : nil,
      environmentSteps: loop.state.step, generator: loop.generator, to: temporary)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(encoder.encode(loop.state), to: temporary.appendingPathComponent(Self.trainerStateFile))
    try? fileManager.removeItem(at: final)
    try fileManager.moveItem(at: temporary, to: final)
    try AtomicFile.write(Data(name.utf8), to: run.latestPointerURL)
    let older = (try? fileManager.contentsOfDirectory(atPath: run.checkpointsURL.path))?
      .filter { $0.hasPrefix("step-") && $0 != name }.sorted() ?? []
    for stale in older.dropLast(1) {
      try? fileManager.removeItem(at: run.checkpointsURL.appendingPathComponent(stale))
    }
    return final
  }

  static func readTrainerState(_ checkpoint: URL) throws -> TrainerState {
    let url = checkpoint.appendingPathComponent(trainerStateFile)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw TrainingError.checkpoint("\(url.path) is missing: the checkpoint is incomplete")
    }
    do {
      return try JSONDecoder().decode(TrainerState.self, from: data)
    } catch {
      throw TrainingError.checkpoint("\(url.path) is damaged: \(error)")
    }
  }
}
