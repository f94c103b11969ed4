/// Every hyperparameter of SAC, with the defaults of Haarnoja et al. (2018, 2019) and CleanRL's
/// `sac_continuous_action.py` (docs/algorithm.md lists them with their equations).
///
/// A run writes this struct into its folder at start, and checkpoints store it, so a resumed
/// run is rebuilt with exactly the same settings. Decoding fills missing fields with the
/// defaults, so older JSON files keep loading. `SACConfiguration.settings` states each
/// numeric setting's flag, range and meaning once.
public struct SACConfiguration: Codable, Sendable, Equatable {
  /// Which learner: the second paper's (learned temperature, the default) or the first's.
  public var algorithm = SACAlgorithm.sac
  /// Widths of the hidden layers of the actor and of each critic (ReLU after each).
  public var hiddenSizes: [Int] = [256, 256]
  /// Adam learning rate of the actor.
  public var actorLearningRate: Double = 3e-4
  /// Adam learning rate of the twin critics (one optimiser over both).
  public var criticLearningRate: Double = 3e-4
  /// Adam learning rate of log(alpha).
  public var alphaLearningRate: Double = 3e-4
  /// Adam beta1 for every optimiser.
  public var adamBeta1: Double = 0.9
  /// Adam beta2 for every optimiser.
  public var adamBeta2: Double = 0.999
  /// Adam epsilon for every optimiser.
  public var adamEpsilon: Double = 1e-8
  /// Transitions per gradient step.
  public var batchSize: Int = 256
  /// Discount factor gamma per environment step.
  public var gamma: Double = 0.99
  /// Polyak coefficient tau: target <- (1 - tau) * target + tau * online, after each update.
  public var tau: Double = 0.005
  /// Replay buffer capacity in stored observations (about one transition each).
  public var replayCapacity: Int = 1_000_000
  /// Environment steps taken with uniformly random actions, without updates, at the start.
  public var learningStarts: Int = 5_000
  /// Gradient steps per environment step once learning has started.
  public var updatesPerStep: Int = 1
  /// Temperature alpha at the start (learned when `autotuneAlpha`, else fixed).
  public var initialAlpha: Double = 1.0
  /// Target entropy in nats; nil means -(number of action dimensions).
  public var targetEntropy: Double? = nil
  /// Learn alpha by minimising mean(-log_alpha * (logp + target_entropy)); false keeps it fixed.
  public var autotuneAlpha: Bool = true
  /// Lower clamp of the actor's log standard deviation.
  public var logStdMin: Double = -20
  /// Upper clamp of the actor's log standard deviation.
  public var logStdMax: Double = 2
  /// Rewards are multiplied by this in the critic target (the first SAC paper's reward scale,
  /// which with a fixed temperature sets the entropy's weight).
  public var rewardScale: Double = 1
  /// The actor and temperature are updated on every this-many-th gradient step only, then this
  /// many times in a row (CleanRL's delayed policy update, from TD3); 1 updates them every step.
  public var policyFrequency: Int = 1
  /// The target critics are Polyak-averaged on every this-many-th gradient step only.
  public var targetUpdateInterval: Int = 1
  /// `--algorithm deterministic`: the standard deviation of the Gaussian exploration noise, in
  /// half action ranges (0.1 moves a [−1, 1] action by 0.1).
  public var explorationNoise: Double = 0.1

  /// The defaults above.
  public init() {}

  /// Every numeric setting with its flag, allowed values and meaning.
  public static var settings: [Setting<SACConfiguration>] {
    [
      Setting("actor-lr", \.actorLearningRate, .leftOpen(0, 1), "Adam learning rate of the actor"),
      Setting("critic-lr", \.criticLearningRate, .leftOpen(0, 1), "Adam learning rate of the twin critics"),
      Setting("alpha-lr", \.alphaLearningRate, .leftOpen(0, 1), "Adam learning rate of log(alpha)"),
      Setting("adam-beta1", \.adamBeta1, .rightOpen(0, 1), "Adam beta1 of every optimiser"),
      Setting("adam-beta2", \.adamBeta2, .rightOpen(0, 1), "Adam beta2 of every optimiser"),
      Setting("adam-eps", \.adamEpsilon, .leftOpen(0, 1), "Adam epsilon of every optimiser"),
      Setting("batch-size", \.batchSize, .closed(1, 65_536), "Transitions per gradient step"),
      Setting("gamma", \.gamma, .rightOpen(0, 1), "Discount factor per environment step"),
      Setting("tau", \.tau, .leftOpen(0, 1), "Polyak coefficient of the target critics"),
      Setting("buffer-size", \.replayCapacity, .closed(2, 1_000_000_000), "Replay buffer capacity in transitions"),
      Setting("learning-starts", \.learningStarts, .closed(0, 1_000_000_000),
        "Uniform-random environment steps before learning starts"),
      Setting("updates-per-step", \.updatesPerStep, .closed(0, 1_000),
        "Gradient updates per environment step once learning has started"),
      Setting("initial-alpha", \.initialAlpha, .leftOpen(0, 1e6), "Temperature alpha at the start"),
      Setting("target-entropy", \.targetEntropy, .finite,
        "Target entropy in nats (default: minus the number of action dimensions)"),
      Setting("log-std-min", \.logStdMin, .closed(-30, 10), "Lower clamp of the actor's log standard deviation"),
      Setting("log-std-max", \.logStdMax, .closed(-30, 10), "Upper clamp of the actor's log standard deviation"),
      Setting("reward-scale", \.rewardScale, .leftOpen(0, 1e6), "Rewards are multiplied by this in the critic target"),
      Setting("policy-frequency", \.policyFrequency, .closed(1, 1_000),
        "Update actor and temperature every this many gradient steps, that many times in a row"),
      Setting("target-update-interval", \.targetUpdateInterval, .closed(1, 1_000_000),
        "Polyak-average the target critics every this many gradient steps"),
      Setting("exploration-noise", \.explorationNoise, .closed(0, 10),
        "Exploration noise std of --algorithm deterministic, in half action ranges"),
    ]
  }

  /// The target entropy actually used for an action space of `actionSize` dimensions.
  public func resolvedTargetEntropy(actionSize: Int) -> Double {
    targetEntropy ?? -Double(actionSize)
  }

  private enum CodingKeys: String, CodingKey {
    case hiddenSizes, actorLearningRate, criticLearningRate, alphaLearningRate
    case adamBeta1, adamBeta2, adamEpsilon, batchSize, gamma, tau, replayCapacity
    case learningStarts, updatesPerStep, initialAlpha, targetEntropy, autotuneAlpha
    case logStdMin, logStdMax, rewardScale, policyFrequency, targetUpdateInterval, algorithm, explorationNoise
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
      try container.decodeIfPresent(T.self, forKey: key) ?? fallback
    }
    let defaults = SACConfiguration()
    hiddenSizes = try value(.hiddenSizes, defaults.hiddenSizes)
    actorLearningRate = try value(.actorLearningRate, defaults.actorLearningRate)
    criticLearningRate = try value(.criticLearningRate, defaults.criticLearningRate)
    alphaLearningRate = try value(.alphaLearningRate, defaults.alphaLearningRate)
    adamBeta1 = try value(.adamBeta1, defaults.adamBeta1)
    adamBeta2 = try value(.adamBeta2, defaults.adamBeta2)
    adamEpsilon = try value(.adamEpsilon, defaults.adamEpsilon)
    batchSize = try value(.batchSize, defaults.batchSize)
    gamma = try value(.gamma, defaults.gamma)
    tau = try value(.tau, defaults.tau)
    replayCapacity = try value(.replayCapacity, defaults.replayCapacity)
    learningStarts = try value(.learningStarts, defaults.learningStarts)
    updatesPerStep = try value(.updatesPerStep, defaults.updatesPerStep)
    initialAlpha = try value(.initialAlpha, defaults.initialAlpha)
    targetEntropy = try container.decodeIfPresent(Double.self, forKey: .targetEntropy)
    autotuneAlpha = try value(.autotuneAlpha, defaults.autotuneAlpha)
    logStdMin = try value(.logStdMin, defaults.logStdMin)
    logStdMax = try value(.logStdMax, defaults.logStdMax)
    rewardScale = try value(.rewardScale, defaults.rewardScale)
    policyFrequency = try value(.policyFrequency, defaults.policyFrequency)
    targetUpdateInterval = try value(.targetUpdateInterval, defaults.targetUpdateInterval)
    algorithm = try value(.algorithm, defaults.algorithm)
    explorationNoise = try value(.explorationNoise, defaults.explorationNoise)
  }

  /// Every problem with the values, each naming its flag and the allowed range; empty when
  /// all is well.
  public func problems() -> [String] {
    var problems = Self.settings.compactMap { $0.problem(self) }
    if hiddenSizes.isEmpty || hiddenSizes.count > 16 || hiddenSizes.contains(where: { !(1...16_384).contains($0) }) {
      problems.append("--hidden-sizes must be 1 to 16 widths, each in [1, 16384], got \(hiddenSizes)")
    }
    if !(logStdMin < logStdMax) {
      problems.append("--log-std-min (\(logStdMin)) must be below --log-std-max (\(logStdMax))")
    }
    if algorithm == .sacV1 && (initialAlpha != 1 || !autotuneAlpha || targetEntropy != nil) {
      problems.append("--algorithm sac-v1 fixes the temperature at 1 (the first paper's form); weight the entropy with "
        + "--reward-scale instead of --initial-alpha, --fixed-alpha or --target-entropy")
    }
    return problems
  }
}

/// The SAC learner variants.
public enum SACAlgorithm: String, Codable, Sendable, CaseIterable {
  /// Haarnoja et al. 2018b (arXiv 1812.05905): twin critics, learned temperature.
  case sac = "sac"
  /// Haarnoja et al. 2018a (arXiv 1801.01290): a soft state-value network and its target, twin
  /// critics, the temperature fixed at 1 with rewards scaled by `rewardScale`.
  case sacV1 = "sac-v1"
  /// The papers' "deterministic SAC" ablation: the default learner with the entropy terms
  /// removed (temperature 0, a = tanh(mu) without sampling noise in the targets and the actor
  /// loss), exploring with Gaussian noise of `explorationNoise` instead.
  case deterministic = "deterministic"

  /// The first paper's reward scale for a task: 20 for the humanoid, 5 otherwise.
  public static func paperRewardScale(task: String) -> Double {
    task.hasPrefix("humanoid") ? 20 : 5
  }
}

extension SACConfiguration {
  /// For sac-v1, a reward scale left at 1 becomes the first paper's for `task` (20 for the
  /// humanoid, 5 otherwise); nothing changes for the default learner.
  public mutating func applyFirstPaperDefaults(task: String) {
    if algorithm == .sacV1 && rewardScale == 1 { rewardScale = SACAlgorithm.paperRewardScale(task: task) }
  }
}
