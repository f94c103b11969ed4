import ArgumentParser
import SAC
import Training

/// The help line of a setting, from its one definition (meaning, default, allowed values).
func settingHelp(_ flag: String) -> ArgumentHelp {
  if let setting = SACConfiguration.settings.first(where: { $0.flag == flag }) {
    return ArgumentHelp(setting.help(defaults: SACConfiguration()))
  }
  if let setting = RunConfiguration.settings.first(where: { $0.flag == flag }) {
    return ArgumentHelp(setting.help(defaults: RunConfiguration()))
  }
  preconditionFailure("no setting has the flag --\(flag)")
}

/// Writes the given values (flag name, value or nil when the flag was not given) into
/// `configuration` through their settings. A value its setting refuses is not written (a
/// fraction for a whole-number flag would otherwise be rounded into range); its problem is
/// returned instead.
@discardableResult
func apply<Root>(_ values: [(String, Double?)], to configuration: inout Root, settings: [Setting<Root>]) -> [String] {
  var problems = [String]()
  for (flag, value) in values {
    guard let value else { continue }
    guard let setting = settings.first(where: { $0.flag == flag }) else {
      preconditionFailure("no setting has the flag --\(flag)")
    }
    if let problem = setting.problem(value: value) {
      problems.append(problem)
    } else {
      setting.write(&configuration, value)
    }
  }
  return problems
}

/// The SAC settings, one flag each; meaning, default and range come from
/// `SACConfiguration.settings`.
struct SACOptions: ParsableArguments {
  @Option(help: "The learner: sac (learned temperature, the default), sac-v1 (the first paper: value network, temperature 1, --reward-scale 5, or 20 for the humanoid) or deterministic (the papers' ablation: no entropy, tanh(mean) policy, Gaussian exploration noise).")
  var algorithm: String = "sac"
  @Option(name: .customLong("hidden-sizes"), parsing: .upToNextOption,
    help: "Hidden layer widths of actor and critics (default 256 256; each in [1, 16384]).")
  var hiddenSizes: [Int] = []
  @Option(name: .customLong("actor-lr"), parsing: .unconditional, help: settingHelp("actor-lr")) var actorLr: Double?
  @Option(name: .customLong("critic-lr"), parsing: .unconditional, help: settingHelp("critic-lr")) var criticLr: Double?
  @Option(name: .customLong("alpha-lr"), parsing: .unconditional, help: settingHelp("alpha-lr")) var alphaLr: Double?
  @Option(name: .customLong("batch-size"), parsing: .unconditional, help: settingHelp("batch-size")) var batchSize: Double?
  @Option(name: .customLong("gamma"), parsing: .unconditional, help: settingHelp("gamma")) var gamma: Double?
  @Option(name: .customLong("tau"), parsing: .unconditional, help: settingHelp("tau")) var tau: Double?
  @Option(name: .customLong("buffer-size"), parsing: .unconditional, help: settingHelp("buffer-size")) var bufferSize: Double?
  @Option(name: .customLong("learning-starts"), parsing: .unconditional, help: settingHelp("learning-starts"))
  var learningStarts: Double?
  @Option(name: .customLong("updates-per-step"), parsing: .unconditional, help: settingHelp("updates-per-step"))
  var updatesPerStep: Double?
  @Option(name: .customLong("initial-alpha"), parsing: .unconditional, help: settingHelp("initial-alpha"))
  var initialAlpha: Double?
  @Option(name: .customLong("target-entropy"), parsing: .unconditional, help: settingHelp("target-entropy"))
  var targetEntropy: Double?
  @Flag(name: .customLong("fixed-alpha"), help: "Keep alpha fixed at --initial-alpha instead of learning it.")
  var fixedAlpha = false
  @Option(name: .customLong("log-std-min"), parsing: .unconditional, help: settingHelp("log-std-min")) var logStdMin: Double?
  @Option(name: .customLong("log-std-max"), parsing: .unconditional, help: settingHelp("log-std-max")) var logStdMax: Double?
  @Option(name: .customLong("adam-beta1"), parsing: .unconditional, help: settingHelp("adam-beta1")) var adamBeta1: Double?
  @Option(name: .customLong("adam-beta2"), parsing: .unconditional, help: settingHelp("adam-beta2")) var adamBeta2: Double?
  @Option(name: .customLong("adam-eps"), parsing: .unconditional, help: settingHelp("adam-eps")) var adamEps: Double?
  @Option(name: .customLong("reward-scale"), parsing: .unconditional, help: settingHelp("reward-scale"))
  var rewardScale: Double?
  @Option(name: .customLong("policy-frequency"), parsing: .unconditional, help: settingHelp("policy-frequency"))
  var policyFrequency: Double?
  @Option(name: .customLong("target-update-interval"), parsing: .unconditional, help: settingHelp("target-update-interval"))
  var targetUpdateInterval: Double?
  @Option(name: .customLong("exploration-noise"), parsing: .unconditional, help: settingHelp("exploration-noise"))
  var explorationNoise: Double?

  /// The defaults with every given flag applied.
  var configuration: SACConfiguration { applied.configuration }

  /// Problems of the values as given.
  var problems: [String] { applied.problems }

  private var applied: (configuration: SACConfiguration, problems: [String]) {
    var configuration = SACConfiguration()
    if !hiddenSizes.isEmpty { configuration.hiddenSizes = hiddenSizes }
    var algorithmProblems = [String]()
    if let chosen = SACAlgorithm(rawValue: algorithm) {
      configuration.algorithm = chosen
    } else {
      algorithmProblems.append("--algorithm must be " + SACAlgorithm.allCases.map(\.rawValue).joined(separator: " or ") + ", got '\(algorithm)'")
    }
    configuration.autotuneAlpha = !fixedAlpha
    let problems = apply([
      ("actor-lr", actorLr), ("critic-lr", criticLr), ("alpha-lr", alphaLr), ("batch-size", batchSize),
      ("gamma", gamma), ("tau", tau), ("buffer-size", bufferSize), ("learning-starts", learningStarts),
      ("updates-per-step", updatesPerStep), ("initial-alpha", initialAlpha), ("target-entropy", targetEntropy),
      ("log-std-min", logStdMin), ("log-std-max", logStdMax), ("adam-beta1", adamBeta1),
      ("adam-beta2", adamBeta2), ("adam-eps", adamEps), ("reward-scale", rewardScale),
      ("policy-frequency", policyFrequency), ("target-update-interval", targetUpdateInterval),
      ("exploration-noise", explorationNoise),
    ], to: &configuration, settings: SACConfiguration.settings)
    return (configuration, algorithmProblems + problems)
  }
}

/// The run's schedule settings, one flag each, from `RunConfiguration.settings`.
struct ScheduleOptions: ParsableArguments {
  @Option(name: .customLong("steps"), parsing: .unconditional, help: settingHelp("steps")) var steps: Double?
  @Option(name: .customLong("eval-every"), parsing: .unconditional, help: settingHelp("eval-every")) var evalEvery: Double?
  @Option(name: .customLong("eval-episodes"), parsing: .unconditional, help: settingHelp("eval-episodes"))
  var evalEpisodes: Double?
  @Option(name: .customLong("checkpoint-every"), parsing: .unconditional, help: settingHelp("checkpoint-every"))
  var checkpointEvery: Double?
  @Option(name: .customLong("log-every"), parsing: .unconditional, help: settingHelp("log-every")) var logEvery: Double?
  @Option(name: .customLong("threads"), parsing: .unconditional, help: settingHelp("threads")) var threads: Double?

  /// Writes every given flag into `configuration`; returns the problems of the values as given.
  @discardableResult
  func apply(to configuration: inout RunConfiguration) -> [String] {
    odessa.apply([
      ("steps", steps), ("eval-every", evalEvery), ("eval-episodes", evalEpisodes),
      ("checkpoint-every", checkpointEvery), ("log-every", logEvery), ("threads", threads),
    ], to: &configuration, settings: RunConfiguration.settings)
  }
}
