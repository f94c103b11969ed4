import Physics
import Randomness

/// A task: what to observe, how to reward, how an episode starts (dm_control's Task). The
/// episode mechanics (time limit, action repeat, truncation) live in `Environment`.
public protocol Task: AnyObject {
  /// The task's name, e.g. "walker-walk".
  var name: String { get }
  /// The flat observation layout.
  var observationLayout: [ObservationField] { get }
  /// Seconds per environment step; nil uses the model's timestep (one physics step).
  var controlTimestep: Double? { get }
  /// Episode length in seconds.
  var timeLimit: Double { get }

  /// Randomises the initial state (qpos/qvel and any task state such as a target).
  func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws
  /// Writes the observation into `observation` (of the layout's size).
  func observe(_ simulation: Simulation, into observation: inout [Float])
  /// The reward after a step, in [0, 1]; `action` is the raw (unclipped) action, as MuJoCo's ctrl.
  func reward(_ simulation: Simulation, action: [Double]) -> Double
  /// Whether the episode really ended (none of the suite's tasks ends early).
  func isTerminal(_ simulation: Simulation) -> Bool
  /// The task's own mutable state (a moving target, say), for exact snapshots; empty for most.
  var state: [Double] { get set }
}

extension Task {
  public func isTerminal(_ simulation: Simulation) -> Bool { false }

  public var state: [Double] {
    get { [] }
    set {}
  }
}
