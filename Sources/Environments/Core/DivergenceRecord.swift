import Foundation

/// Everything needed to replay an episode whose physics diverged: the task, the seed of its
/// reset and every action since, so `odessa replay` (or `replay(in:)`) reaches the divergence again
/// exactly (same machine, same build).
public struct DivergenceRecord: Codable, Equatable, Sendable {
  /// The task's name.
  public var task: String
  /// The seed the episode was reset with.
  public var seed: UInt64
  /// The actions of the episode, the last one the step that diverged.
  public var actions: [[Float]]
  /// What the environment reported.
  public var message: String

  /// Replays the episode in `environment` (built for the same task from the same model); returns
  /// the divergence the last step reports, or nil when it did not diverge this time. `afterReset`
  /// sees the environment reset, `afterStep` each step's number (from 1) and result, the
  /// environment holding the state it reached.
  public func replay(
    in environment: Environment, afterReset: () -> Void = {}, afterStep: (Int, StepResult) -> Void = { _, _ in }
  ) throws -> String? {
    guard environment.spec.name == task else {
      throw EnvironmentError.invalidTask("the record is of task '\(task)', the environment runs '\(environment.spec.name)'")
    }
    try environment.reset(seed: seed)
    afterReset()
    for (k, action) in actions.enumerated() {
      let result = try environment.step(action)
      afterStep(k + 1, result)
      if let divergence = result.divergence { return k == actions.count - 1 ? divergence : "at step \(k + 1): \(divergence)" }
      if result.terminated || result.truncated { return nil }
    }
    return nil
  }
}
