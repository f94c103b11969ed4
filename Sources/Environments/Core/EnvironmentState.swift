import Physics

/// Everything an environment's episode depends on, to save mid-episode and resume exactly: the
/// physics state, the controls, the task's own state and the step count.
public struct EnvironmentState: Codable, Sendable, Equatable {
  public var world: WorldState
  public var control: [Double]
  public var task: [Double]
  public var episodeStep: Int
  public var needsReset: Bool
}

extension Environment {
  /// Captures the current episode.
  public func saveState() -> EnvironmentState {
    EnvironmentState(
      world: simulation.world.snapshot(), control: simulation.control, task: task.state,
      episodeStep: episodeStep, needsReset: needsReset)
  }

  /// Puts the environment back where `saveState()` found it.
  public func restore(_ state: EnvironmentState) throws {
    guard state.control.count == simulation.control.count, state.task.count == task.state.count else {
      throw EnvironmentError.invalidTask("\(spec.name): the saved environment state does not fit this task")
    }
    try simulation.world.restore(state.world)
    simulation.control = state.control
    task.state = state.task
    episodeStep = state.episodeStep
    needsReset = state.needsReset
  }
}
