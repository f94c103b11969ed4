/// One named entry of a flat observation vector.
public struct ObservationField: Sendable, Equatable, Codable {
  /// The field's name, e.g. "position".
  public var name: String
  /// Index of the first value in the observation vector.
  public var offset: Int
  /// Number of values in the field.
  public var count: Int

  /// A field of `count` values starting at index `offset`.
  public init(name: String, offset: Int, count: Int) {
    self.name = name
    self.offset = offset
    self.count = count
  }
}

/// What an environment observes and accepts, and its timing.
public struct EnvironmentSpec: Sendable, Equatable, Codable {
  /// The task's name, e.g. "walker-walk".
  public var name: String
  /// The observation layout, in dm_control's dict order, flattened.
  public var observation: [ObservationField]
  /// One name per action dimension (the actuators' names).
  public var actionNames: [String]
  /// Lower and upper action bounds (the actuators' control ranges).
  public var actionLow: [Double]
  /// Upper action bounds, one per action dimension.
  public var actionHigh: [Double]
  /// Seconds of simulated time per environment step.
  public var controlTimestep: Double
  /// Physics steps per environment step.
  public var substeps: Int
  /// Steps per episode; the last one is truncated, never terminal.
  public var episodeSteps: Int

  /// Length of the flat observation vector.
  public var observationSize: Int { observation.reduce(0) { $0 + $1.count } }
  /// Number of action dimensions.
  public var actionSize: Int { actionNames.count }

  /// The field with this name.
  public func field(_ name: String) -> ObservationField? { observation.first { $0.name == name } }

  /// Builds a layout from (name, count) pairs in order.
  public static func layout(_ entries: [(String, Int)]) -> [ObservationField] {
    var offset = 0
    return entries.map { name, count in
      defer { offset += count }
      return ObservationField(name: name, offset: offset, count: count)
    }
  }
}

/// What `Environment.step` returns.
public struct StepResult: Sendable {
  /// The observation after the step, laid out as `spec.observation`.
  public var observation: [Float]
  /// In [0, 1] for every suite task.
  public var reward: Double
  /// The episode really ended (a fall, a goal): do not bootstrap.
  public var terminated: Bool
  /// The episode was cut (time limit or divergence): bootstrap from `observation`.
  public var truncated: Bool
  /// Why the episode was cut early, if the simulation diverged.
  public var divergence: String?
}
