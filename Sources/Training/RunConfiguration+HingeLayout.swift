import Environments
import Foundation

extension RunConfiguration {
  /// The configuration with its hinge layout settled. A run folder written before the setting
  /// existed records none: it takes the layout into which its checkpoint's environment
  /// `snapshot` restores, grouped tried first (the layout since hinges were grouped), then
  /// separate; grouped when there is no snapshot or neither takes it (resuming then fails with
  /// the grouped layout's own error).
  func settlingHingeLayout(snapshot: EnvironmentState?) -> RunConfiguration {
    guard groupsHinges == nil else { return self }
    var grouped = self, separate = self
    grouped.groupsHinges = true
    separate.groupsHinges = false
    guard let snapshot else { return grouped }
    if (try? grouped.environmentFactory().restore(snapshot)) != nil { return grouped }
    if (try? separate.environmentFactory().restore(snapshot)) != nil { return separate }
    return grouped
  }
}

extension RunDirectory {
  /// The run's settings, its hinge layout settled from `checkpoint` (default: the latest) when
  /// the folder predates the setting; see `RunConfiguration.settlingHingeLayout(snapshot:)`.
  public func readSettledConfiguration(checkpoint: URL? = nil) throws -> RunConfiguration {
    let configuration = try readConfiguration()
    guard configuration.groupsHinges == nil else { return configuration }
    let snapshot = (checkpoint ?? (try? latestCheckpoint())).flatMap { try? Trainer.readTrainerState($0).environment }
    return configuration.settlingHingeLayout(snapshot: snapshot)
  }
}
