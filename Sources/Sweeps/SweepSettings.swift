import Foundation
import SAC
import Training

/// The train settings a sweep can vary or share, by their `odessa train` flag, and the flags
/// that rebuild a configuration in a child `odessa train`.
public enum SweepSettings {
  /// Flags that take no number: `hidden-sizes` (e.g. `256x256`), and `fixed-alpha`,
  /// `no-replay-in-checkpoints` and `tensorboard` (`true` or `false`).
  static let special = ["algorithm", "hidden-sizes", "fixed-alpha", "no-replay-in-checkpoints", "tensorboard"]

  /// Every flag a sweep accepts in `--set` or a sweep file.
  public static var flags: [String] {
    RunConfiguration.settings.map(\.flag) + SACConfiguration.settings.map(\.flag) + special
  }

  /// Writes the value `text` of the train flag `flag` into `configuration`; throws naming the
  /// flag and what it expects when either is wrong.
  public static func apply(flag: String, text: String, to configuration: inout RunConfiguration) throws {
    switch flag {
    case "algorithm":
      guard let algorithm = SACAlgorithm(rawValue: text) else {
        throw SweepError.grid("algorithm '\(text)': expected " + SACAlgorithm.allCases.map(\.rawValue).joined(separator: " or "))
      }
      configuration.sac.algorithm = algorithm
    case "hidden-sizes":
      let widths = text.split(whereSeparator: { $0 == "x" || $0 == " " || $0 == "," }).map { Int($0) }
      guard !widths.isEmpty, widths.allSatisfy({ $0 != nil && (1...16_384).contains($0!) }) else {
        throw SweepError.grid("hidden-sizes '\(text)': expected layer widths in [1, 16384] joined by x, e.g. 256x256")
      }
      configuration.sac.hiddenSizes = widths.map { $0! }
    case "fixed-alpha":
      configuration.sac.autotuneAlpha = !(try boolean(flag, text))
    case "no-replay-in-checkpoints":
      configuration.saveReplayBuffer = !(try boolean(flag, text))
    case "tensorboard":
      configuration.tensorboard = try boolean(flag, text)
    default:
      guard let value = Double(text) else {
        if flags.contains(flag) { throw SweepError.grid("\(flag) '\(text)': expected a number") }
        throw unknown(flag)
      }
      if let setting = RunConfiguration.settings.first(where: { $0.flag == flag }) {
        if let problem = setting.problem(value: value) { throw SweepError.grid(problem) }
        setting.write(&configuration, value)
      } else if let setting = SACConfiguration.settings.first(where: { $0.flag == flag }) {
        if let problem = setting.problem(value: value) { throw SweepError.grid(problem) }
        setting.write(&configuration.sac, value)
      } else {
        throw unknown(flag)
      }
    }
  }

  static func unknown(_ flag: String) -> SweepError {
    if flag == "seed" || flag == "seeds" { return SweepError.grid("seeds are a grid axis: give them with --seeds, not --set") }
    if flag == "task" || flag == "tasks" { return SweepError.grid("tasks are a grid axis: give them with --tasks, not --set") }
    return SweepError.grid("unknown setting '\(flag)'; a sweep can set: " + flags.joined(separator: ", "))
  }

  static func boolean(_ flag: String, _ text: String) throws -> Bool {
    switch text.lowercased() {
    case "true", "yes", "1": return true
    case "false", "no", "0": return false
    default: throw SweepError.grid("\(flag) '\(text)': expected true or false")
    }
  }

  /// The `odessa train` arguments that rebuild `configuration` in the run folder `folder`:
  /// the task, the seed, and every setting that differs from its default.
  /// The shared settings that differ between two sweeps' bases, as "--flag was A, now B"
  /// (flags named as `odessa train` takes them), for an error a user can act on.
  static func differences(from old: RunConfiguration, to new: RunConfiguration) -> [String] {
    func flags(_ configuration: RunConfiguration) -> [String: String] {
      var probe = configuration
      probe.task = ""
      probe.seed = 0
      var result: [String: String] = [:]
      var arguments = trainArguments(probe, folder: "")[...]
      while let argument = arguments.popFirst() {
        guard argument.hasPrefix("--") else { continue }
        var values: [String] = []
        while let next = arguments.first, !next.hasPrefix("--") || Double(next) != nil {
          values.append(next)
          arguments.removeFirst()
        }
        result[argument] = values.isEmpty ? "on" : values.joined(separator: " ")
      }
      return result
    }
    let before = flags(old), after = flags(new)
    let changed = Set(before.keys).union(after.keys).sorted().compactMap { flag -> String? in
      let was = before[flag] ?? "default", now = after[flag] ?? "default"
      return was == now ? nil : "\(flag) was \(was), now \(now)"
    }
    return changed.isEmpty ? ["settings differ"] : changed
  }

  public static func trainArguments(_ configuration: RunConfiguration, folder: String) -> [String] {
    var arguments = ["train", configuration.task ?? "", "--seed", String(configuration.seed), "--run-dir", folder,
      "--models", configuration.modelsFolder]
    if configuration.sac.algorithm != .sac { arguments += ["--algorithm", configuration.sac.algorithm.rawValue] }
    let defaults = RunConfiguration()
    for setting in RunConfiguration.settings where setting.read(configuration) != setting.read(defaults) {
      arguments += ["--" + setting.flag, setting.valueText(configuration)]
    }
    for setting in SACConfiguration.settings where setting.read(configuration.sac) != setting.read(defaults.sac) {
      arguments += ["--" + setting.flag, setting.valueText(configuration.sac)]
    }
    if configuration.sac.hiddenSizes != defaults.sac.hiddenSizes {
      arguments += ["--hidden-sizes"] + configuration.sac.hiddenSizes.map(String.init)
    }
    if !configuration.sac.autotuneAlpha { arguments.append("--fixed-alpha") }
    if !configuration.saveReplayBuffer { arguments.append("--no-replay-in-checkpoints") }
    if configuration.tensorboard { arguments.append("--tensorboard") }
    return arguments
  }
}
