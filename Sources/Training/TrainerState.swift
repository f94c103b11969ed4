import Environments

/// What a trainer must save, beside the agent, to continue a run exactly (`trainer.json`).
struct TrainerState: Codable, Sendable {
  /// Environment steps done.
  var step = 0
  /// Training episodes started (the current one's index).
  var episode = 0
  var episodeReturn = 0.0
  var episodeLength = 0
  /// The current observation s.
  var observation: [Float] = []
  /// The training environment mid-episode.
  var environment: EnvironmentState?
  var lastEpisodeReturn: Double?
  var lastEvaluation: EvaluationSummary?
  /// The step of the last evaluation (a stop can cut an evaluation short; resume runs it).
  var lastEvaluationStep: Int?
  /// Wall-clock seconds spent training so far (for elapsed-time readouts across resumes).
  var elapsedSeconds = 0.0
}
