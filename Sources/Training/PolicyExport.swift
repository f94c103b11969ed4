import Foundation
import Environments
import NeuralNetworks
import SAC

/// `odessa export`: the actor alone in safetensors, with a JSON description in the header's
/// `__metadata__["odessa"]` so another program can act with it:
///
///     h = relu(W0 x + b0); …; [mu | log_std] = W_last h + b_last
///     action = low + (tanh(mu) + 1) / 2 · (high − low)        (deterministic policy)
///
/// The description holds the task, the observation layout (field names, offsets, sizes), the
/// action names and bounds, the squashing, the layer sizes and the log_std clamp.
public enum PolicyExport {
  /// What `__metadata__["odessa"]` holds.
  public struct Description: Codable, Sendable {
    /// Format tag of this description.
    public var format = "odessa-actor-1"
    /// The task the policy was trained on.
    public var task: String
    /// Entries of the flat observation vector the actor takes.
    public var observationSize: Int
    /// The observation layout: field names, offsets and sizes.
    public var observation: [ObservationField]
    /// One name per action dimension (the actuators' names).
    public var actionNames: [String]
    /// Lower bounds of the action box.
    public var actionLow: [Float]
    /// Upper bounds of the action box.
    public var actionHigh: [Float]
    /// How mu becomes the deterministic action.
    public var squashing = "action = low + (tanh(mu) + 1) / 2 * (high - low)"
    /// The Linear layers' tensor names and shapes.
    public var network: String
    /// Layer widths from input to output: observation size, hidden sizes, 2 · action size.
    public var layerSizes: [Int]
    /// The activation after every layer but the last.
    public var activation = "relu"
    /// How the last layer's outputs split into mu and log_std.
    public var outputs = "first actionSize outputs: mu; next actionSize: log_std (clamped)"
    /// [min, max] that log_std is clamped to.
    public var logStdRange: [Double]
    /// Environment steps the policy was trained for.
    public var trainedSteps: Int
  }

  /// Writes the actor of `policy` to `url`; returns the description written.
  @discardableResult
  public static func export(_ policy: TrainedPolicy, to url: URL) throws -> Description {
    let environment = try policy.makeEnvironment()
    let spec = environment.spec
    let actor = policy.policy
    let sizes = [actor.observationSize] + actor.hiddenSizes + [2 * actor.actionSize]
    let description = Description(
      task: policy.configuration.taskName, observationSize: spec.observationSize, observation: spec.observation,
      actionNames: spec.actionNames, actionLow: actor.actionLow, actionHigh: actor.actionHigh,
      network: "actor.0 … actor.\(sizes.count - 2): Linear layers (weight [out, in], bias [out])",
      layerSizes: sizes, logStdRange: [Double(actor.logStdRange.lowerBound), Double(actor.logStdRange.upperBound)],
      trainedSteps: policy.trainedSteps)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(description), as: UTF8.self)
    let file = actor.safeTensors(metadata: ["format": "pt", "odessa": json])
    try file.write(to: url)
    return description
  }
}
