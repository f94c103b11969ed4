import Foundation
import NeuralNetworks
import SAC

extension Trainer {
  static let trainerStateFile = "trainer.json"

  /// Writes a complete checkpoint without ever endangering the last one:
  ///
  /// 1. every file goes into `checkpoints/.tmp-NAME`, each flushed to disk, then the checksum
  ///    manifest, written last; non-finite tensors are refused (the save fails, nothing changes);
  /// 2. the folder is renamed to `NAME` (a name no checkpoint has: a second save at the same
  ///    step becomes `NAME.r2`), and `checkpoints/` is flushed;
  /// 3. `latest` is replaced atomically;
  /// 4. only then are older checkpoints deleted (the two newest are kept).
  /// A failure at any point removes the temporary folder and leaves the previous checkpoints
  /// and `latest` as they were.
  @discardableResult
  func saveCheckpoint() throws -> URL {
    let fileManager = FileManager.default
    let checkpoints = run.checkpointsURL
    let base = String(format: "step-%09d", loop.state.step)
    var name = base
    var revision = 2
    while fileManager.fileExists(atPath: checkpoints.appendingPathComponent(name).path) {
      name = "\(base).r\(revision)"
      revision += 1
    }
    let final = checkpoints.appendingPathComponent(name)
    let temporary = checkpoints.appendingPathComponent(".tmp-" + name)
    try? fileManager.removeItem(at: temporary)
    do {
      try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
    } catch {
      throw FileError(path: temporary.path, reason: "cannot create the checkpoint folder (\(error.localizedDescription))")
    }
    do {
      loop.state.environment = loop.environment.saveState()
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      try SACCheckpoint.save(
        loop.learner, replayBuffer: configuration.saveReplayBuffer ? loop.replayBuffer : nil,
        environmentSteps: loop.state.step, generator: loop.generator,
        extraFiles: [(Self.trainerStateFile, try encoder.encode(loop.state))], to: temporary)
      try AtomicFile.syncFolder(temporary.path)
      guard rename(temporary.path, final.path) == 0 else {
        throw FileError.system(final.path, "cannot rename the new checkpoint into place")
      }
      try AtomicFile.syncFolder(checkpoints.path)
    } catch {
      try? fileManager.removeItem(at: temporary)
      throw error
    }
    try AtomicFile.write(Data(name.utf8), to: run.latestPointerURL)
    let older = run.checkpointNames().filter { $0 != name }
    for stale in older.dropLast(1) {
      try? fileManager.removeItem(at: checkpoints.appendingPathComponent(stale))
    }
    return final
  }

  /// The training loop's state saved with a checkpoint, checked against its manifest.
  static func readTrainerState(_ checkpoint: URL) throws -> TrainerState {
    let url = checkpoint.appendingPathComponent(trainerStateFile)
    try CheckpointManifest.verify(trainerStateFile, in: checkpoint)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw TrainingError.checkpoint("\(url.path) is missing: the checkpoint is incomplete")
    }
    do {
      let state = try JSONDecoder().decode(TrainerState.self, from: data)
      guard state.step >= 0, state.episode >= 0, state.episodeLength >= 0, state.episodeReturn.isFinite,
        state.observation.allSatisfy(\.isFinite), state.elapsedSeconds.isFinite
      else {
        throw TrainingError.checkpoint("\(url.path) holds counters or an observation out of range (damaged?)")
      }
      return state
    } catch let error as TrainingError {
      throw error
    } catch {
      throw TrainingError.checkpoint("\(url.path) is damaged: \(describeDecodingError(error))")
    }
  }
}
