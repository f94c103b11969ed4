import Physics
import Randomness

/// A task: what to observe, how to reward, how an episode starts (dm_control's Task). The
/// episode mechanics (time limit, action repeat, truncation) live in `Environment`.
public protocol Task: AnyObject {
  /// The task's name, e.g. "walker-walk".
  var name: String { get }
  /// Seconds per environment step; nil uses the model's timestep (one physics step).
  var controlTimestep: Double? { get }
  /// Episode length in seconds.
  var timeLimit: Double { get }

  /// Changes the task makes to the model before it is simulated (dm_control's tasks edit the
  /// compiled model: finger-spin lowers the spinner's damping); none by default.
  func configure(_ model: inout BodyModel)
  /// Adds what the task needs in the world once, when the environment is built at the model's
  /// rest pose (BipedalWalker's joint motors), so that every environment of the task has the
  /// same world and a saved state restores into a new one bit for bit; nothing by default.
  func prepare(_ simulation: Simulation) throws
  /// Randomises the initial state (qpos/qvel and any task state such as a target).
  func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws
  /// Writes the observation, field by field in order (`observation.put(name, value)`); the
  /// environment learns the layout from a first call.
  func observe(_ simulation: Simulation, into observation: inout Observation)
  /// Hands the action to the physics before a step: by default it becomes the actuators'
  /// controls (MuJoCo's ctrl). A task whose joints are driven otherwise (BipedalWalker's
  /// velocity motors) does it here.
  func applyAction(_ action: [Double], to simulation: Simulation) throws
  /// Updates the task's own state after each environment step, before the reward and the
  /// observation are read (contacts seen in the step, a running score); nothing by default.
  func afterStep(_ simulation: Simulation)
  /// The reward after a step, within `rewardRange`; `action` is the raw (unclipped) action, as
  /// MuJoCo's ctrl.
  func reward(_ simulation: Simulation, action: [Double]) -> Double
  /// The rewards a step can give: [0, 1] for dm_control's tasks.
  var rewardRange: ClosedRange<Double> { get }
  /// The mean return over a number of episodes at which the task's home counts it as solved
  /// (Gymnasium's reward threshold), if it has one.
  var solvedAt: (meanReturn: Double, episodes: Int)? { get }
  /// Whether the episode really ended (none of the suite's tasks ends early).
  func isTerminal(_ simulation: Simulation) -> Bool
  /// Whether the task can end an episode early (`isTerminal`), beside the time limit.
  var endsEarly: Bool { get }
  /// The task's own mutable state (a moving target, say), for exact snapshots; empty for most.
  var state: [Double] { get set }
  /// The target the task asks the body to reach, if it has one (for pictures).
  func target(_ simulation: Simulation) -> TaskTarget?
  /// Ground and rays the task adds to pictures, if any.
  func scenery(_ simulation: Simulation) -> TaskScenery?
  /// How the task is best seen: from the side for bodies in the x–z plane, from above for
  /// bodies moving in the x–y plane, side and front for bodies moving in 3-D.
  var cameraView: CameraView { get }
}

/// Where a task's target is and how large, for drawing it.
public struct TaskTarget: Sendable, Equatable {
  /// The target's centre in world coordinates (metres).
  public var position: Vector3
  /// Its radius in metres.
  public var radius: Double

  /// A target at `position` of radius `radius`.
  public init(position: Vector3, radius: Double) {
    self.position = position
    self.radius = radius
  }
}

/// The plane a picture of a task shows.
public enum CameraView: String, Sendable, Codable {
  /// The x–z plane (walkers, hopper, cheetah, cartpole, pendulum).
  case side
  /// The x–y plane (reacher, point mass).
  case top
  /// Two orthographic views side by side, the x–z plane and the y–z plane (seen from the
  /// front), for bodies that move in 3-D (humanoid, quadruped, fish).
  case sideAndFront
}

extension Task {
  /// Leaves the model as it is.
  public func configure(_ model: inout BodyModel) {}
  /// Adds nothing.
  public func prepare(_ simulation: Simulation) throws {}
  /// The action becomes the actuators' controls.
  public func applyAction(_ action: [Double], to simulation: Simulation) throws {
    for k in action.indices { simulation.control[k] = action[k] }
  }
  /// Nothing to update.
  public func afterStep(_ simulation: Simulation) {}
  /// dm_control's rewards lie in [0, 1].
  public var rewardRange: ClosedRange<Double> { 0...1 }
  /// dm_control names no threshold.
  public var solvedAt: (meanReturn: Double, episodes: Int)? { nil }
  /// No suite task ends early.
  public func isTerminal(_ simulation: Simulation) -> Bool { false }
  /// Episodes end at the time limit only.
  public var endsEarly: Bool { false }
  /// No target.
  public func target(_ simulation: Simulation) -> TaskTarget? { nil }
  /// Nothing beyond the model's geoms.
  public func scenery(_ simulation: Simulation) -> TaskScenery? { nil }
  /// From the side.
  public var cameraView: CameraView { .side }

  /// No state of its own.
  public var state: [Double] {
    get { [] }
    set {}
  }
}
