import Physics

/// Everything an environment's episode depends on, to save mid-episode and resume exactly: the
/// physics state, the controls, the task's own state and the step count.
public struct EnvironmentState: Codable, Sendable, Equatable {
  /// The physics state: bodies, joint trackers and clock.
  public var world: WorldState
  /// The actuator controls as last set, one per actuator.
  public var control: [Double]
  /// The actuators' activations (models with activation dynamics); nil in states saved before
  /// Odessa simulated them, which restore as zero.
  public var activation: [Double]?
  /// The fixed tendons' coefficients where a task changes them (point_mass-hard); nil in states
  /// saved before, which restore the model's.
  public var tendonCoefficients: [[Double]]?
  /// The task's own state (`Task.state`), e.g. the target's position.
  public var task: [Double]
  /// Steps taken in the current episode.
  public var episodeStep: Int
  /// Whether `step` throws until the next `reset` (episode over or never started).
  public var needsReset: Bool
}

extension Environment {
  /// Captures the current episode.
  public func saveState() -> EnvironmentState {
    EnvironmentState(
      world: simulation.world.snapshot(), control: simulation.control, activation: simulation.activation,
      tendonCoefficients: simulation.tendonCoefficients, task: task.state,
      episodeStep: episodeStep, needsReset: needsReset)
  }

  /// Puts the environment back where `saveState()` found it.
  public func restore(_ state: EnvironmentState) throws {
    guard state.control.count == simulation.control.count, state.task.count == task.state.count,
      (state.activation?.count ?? state.control.count) == state.control.count
    else {
      throw EnvironmentError.invalidTask("\(spec.name): the saved environment state does not fit this task")
    }
    try simulation.world.restore(state.world)
    simulation.control = state.control
    simulation.activation = state.activation ?? Array(repeating: 0, count: state.control.count)
    let coefficients = state.tendonCoefficients ?? simulation.model.tendons.map(\.coefficients)
    for (t, values) in coefficients.enumerated() where t < simulation.model.tendons.count && !simulation.model.tendons[t].isSpatial {
      try simulation.setTendonCoefficients(t, values)
    }
    task.state = state.task
    episodeStep = state.episodeStep
    forgetEpisodeStart()
    needsReset = state.needsReset
  }
}
