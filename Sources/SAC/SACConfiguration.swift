/// Every hyperparameter of a SAC run, with the defaults of `specs/sac.md`.
///
/// The values match Haarnoja et al. (2018, 2019) and CleanRL's `sac_continuous_action.py`.
/// A run writes this struct into its folder at start, and checkpoints store it, so a resumed
/// agent is rebuilt with exactly the same settings. Decoding fills missing fields with the
/// defaults, so older JSON files keep loading.
public struct SACConfiguration: Codable, Sendable, Equatable {
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
  /// Discount factor gamma per environment step, in [0, 1).
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
  /// Environment steps between deterministic evaluations (the spec's `eval_interval`; its
  /// value is Odessa's choice, the spec gives none).
  public var evaluationInterval: Int = 10_000
  /// Episodes per evaluation, each on a separate environment instance and seed.
  public var evaluationEpisodes: Int = 10

  /// The defaults above.
  public init() {}

  /// The target entropy actually used for an action space of `actionSize` dimensions.
  public func resolvedTargetEntropy(actionSize: Int) -> Double {
    targetEntropy ?? -Double(actionSize)
  }

  private enum CodingKeys: String, CodingKey {
    case hiddenSizes, actorLearningRate, criticLearningRate, alphaLearningRate
    case adamBeta1, adamBeta2, adamEpsilon, batchSize, gamma, tau, replayCapacity
    case learningStarts, updatesPerStep, initialAlpha, targetEntropy, autotuneAlpha
    case logStdMin, logStdMax, evaluationInterval, evaluationEpisodes
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
    evaluationInterval = try value(.evaluationInterval, defaults.evaluationInterval)
    evaluationEpisodes = try value(.evaluationEpisodes, defaults.evaluationEpisodes)
  }

  /// Checks ranges; returns human-readable problems (empty when valid).
  public func problems() -> [String] {
    var problems: [String] = []
    if hiddenSizes.isEmpty || hiddenSizes.contains(where: { $0 <= 0 }) {
      problems.append("hiddenSizes must be non-empty and positive")
    }
    if batchSize <= 0 { problems.append("batchSize must be positive") }
    if !(0..<1).contains(gamma) { problems.append("gamma must be in [0, 1)") }
    if !(0...1).contains(tau) { problems.append("tau must be in [0, 1]") }
    if replayCapacity < 2 { problems.append("replayCapacity must be at least 2") }
    if learningStarts < 0 { problems.append("learningStarts must be non-negative") }
    if updatesPerStep < 0 { problems.append("updatesPerStep must be non-negative") }
    if !(initialAlpha > 0) { problems.append("initialAlpha must be positive") }
    if !(logStdMin < logStdMax) { problems.append("logStdMin must be below logStdMax") }
    if evaluationInterval <= 0 { problems.append("evaluationInterval must be positive") }
    if evaluationEpisodes <= 0 { problems.append("evaluationEpisodes must be positive") }
    return problems
  }
}
