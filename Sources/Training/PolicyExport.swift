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
    public var format = "odessa-actor-1"
    public var task: String
    public var observationSize: Int
    public var observation: [ObservationField]
    public var actionNames: [String]
    public var actionLow: [Float]
    public var actionHigh: [Float]
    public var squashing = "action = low + (tanh(mu) + 1) / 2 * (high - low)"
    public var network: String
    public var layerSizes: [Int]
    public var activation = "relu"
    public var outputs = "first actionSize outputs: mu; next actionSize: log_std (clamped)"
    public var logStdRange: [Double]
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
