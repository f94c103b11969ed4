import Randomness
import Foundation
import NeuralNetworks
import SAC

/// Throughput of SAC gradient updates and of this machine's sgemm, measured in one run.
///
/// For each BLAS thread count: updates/s of `Learner.update` (minibatch sampling included) (random replay data),
/// the sgemm rate of a large square product (the machine's practical peak), the sgemm rate
/// of the update's dominant shape (batch x hidden x hidden), and the fraction of peak the
/// update reaches: `flopsPerUpdate * updatesPerSecond / squareSgemmGFLOPS`.
package struct SACBenchmarkResult: Codable, Sendable {
  /// Measurements at one BLAS thread count.
  package struct ThreadResult: Codable, Sendable {
    /// Cores used.
    package var threads: Int
    /// How they were used: "serial", "openblas-threads" (OpenBLAS splits each product) or
    /// "critic-lanes" (Q_1 and Q_2 work on two threads, OpenBLAS single-threaded).
    package var strategy: String
    /// Gradient updates per second, best timed round (other load on the machine can only
    /// slow a round down, so the best round is the least disturbed one).
    package var updatesPerSecond: Double
    /// Median over the timed rounds, for a sense of the noise.
    package var medianUpdatesPerSecond: Double
    /// Milliseconds per update.
    package var millisecondsPerUpdate: Double
    /// Matrix-product GFLOP/s achieved inside the update (analytic FLOPs / time).
    package var updateGFLOPS: Double
    /// sgemm GFLOP/s on a `squareSize`^3 product: the peak we compare against.
    package var squareSgemmGFLOPS: Double
    /// sgemm GFLOP/s on `batch x hidden x hidden`, the update's dominant product.
    package var updateShapeSgemmGFLOPS: Double
    /// updateGFLOPS / squareSgemmGFLOPS.
    package var fractionOfPeak: Double
  }

  package var observationSize: Int
  package var actionSize: Int
  package var hiddenSizes: [Int]
  package var batchSize: Int
  /// The learner measured: "sac" or "sac-v1".
  package var algorithm = "sac"
  /// Matrix-product FLOPs of one update, counted by `SACBenchmark.flopsPerUpdate`; the
  /// fractions of peak use this count.
  package var flopsPerUpdate: Double
  /// The same count plus the critics' weight gradients that PyTorch forms (and discards) in
  /// the actor step, for comparison with autograd-based figures (about 655 MFLOP at obs 17).
  package var pytorchEquivalentFlopsPerUpdate: Double
  package var squareSize: Int
  package var results: [ThreadResult]
}

/// Runs the update and sgemm benchmarks (see `SACBenchmarkResult`).
package enum SACBenchmark {
  /// Matrix-product FLOPs (2 m n k per product) of one `Learner.update` (minibatch sampling included).
  ///
  /// With F(net) = sum over layers of 2 B in out (one forward pass), W(net) the same for the
  /// weight gradients, X(net) the input gradients of all layers but the first, and X0(net)
  /// the first layer's input gradient (2 B in_0 out_0):
  ///   target:  F(actor) + 2 F(critic)
  ///   critic:  2 F(critic) + 2 W(critic) + 2 X(critic)
  ///   actor:   F(actor) + 2 F(critic) + 2 (X(critic) + X0(critic)) + W(actor) + X(actor)
  /// The critics' weight gradients are not formed in the actor step (PyTorch would form
  /// them: add 2 W(critic) for its count). Element-wise work (bias, ReLU, tanh, Adam) is
  /// excluded. obs 24, act 6, 256 x 256, batch 256: 593.5 MFLOP (PyTorch 668.7);
  /// obs 17: 581.6 MFLOP (PyTorch 655.0).
  ///
  /// sac-v1 (`algorithm: .sacV1`), with V the value network on s alone:
  ///   target:  F(V) on s'
  ///   sample:  F(actor) on s
  ///   value:   2 F(critic) (the value target) + F(V) + W(V) + X0(V)
  ///   critic:  2 (F(critic) + W(critic) + X0(critic))
  ///   actor:   2 F(critic) + 2 X(critic) + W(actor) + X0(actor)
  package static func flopsPerUpdate(
    observationSize: Int, actionSize: Int, hiddenSizes: [Int], batchSize: Int, algorithm: SACAlgorithm = .sac
  ) -> Double {
    let actor = [observationSize] + hiddenSizes + [2 * actionSize]
    let critic = [observationSize + actionSize] + hiddenSizes + [1]
    let value = [observationSize] + hiddenSizes + [1]
    func pass(_ sizes: [Int], skipFirst: Bool = false) -> Double {
      var total = 0.0
      for index in (skipFirst ? 1 : 0)..<(sizes.count - 1) {
        total += 2 * Double(batchSize) * Double(sizes[index]) * Double(sizes[index + 1])
      }
      return total
    }
    let forwardActor = pass(actor)
    let forwardCritic = pass(critic)
    if algorithm == .sacV1 {
      let forwardValue = pass(value)
      let valueStep = 2 * forwardCritic + 2 * forwardValue + pass(value, skipFirst: true)
      let criticStep = 4 * forwardCritic + 2 * pass(critic, skipFirst: true)
      let actorStep = 4 * forwardCritic + forwardActor + pass(actor, skipFirst: true)
      return forwardValue + forwardActor + valueStep + criticStep + actorStep
    }
    let target = forwardActor + 2 * forwardCritic
    let criticStep = 2 * forwardCritic + 2 * forwardCritic + 2 * pass(critic, skipFirst: true)
    let actorStep =
      forwardActor + 2 * forwardCritic + 2 * forwardCritic + forwardActor
      + pass(actor, skipFirst: true)
    return target + criticStep + actorStep
  }

  /// Measures everything; takes a few seconds per thread count.
  package static func run(
    observationSize: Int = 24, actionSize: Int = 6, hiddenSizes: [Int] = [256, 256],
    batchSize: Int = 256, threadCounts: [Int] = [1, 2], updatesPerRound: Int = 50,
    rounds: Int = 12, squareSize: Int = 1536, strategyNames: Set<String>? = nil, algorithm: SACAlgorithm = .sac
  ) -> SACBenchmarkResult {
    var configuration = SACConfiguration()
    configuration.algorithm = algorithm
    configuration.hiddenSizes = hiddenSizes
    configuration.batchSize = batchSize
    configuration.replayCapacity = 10_000
    configuration.learningStarts = 0
    let flops = flopsPerUpdate(
      observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
      batchSize: batchSize, algorithm: algorithm)
    let previousThreads = BLAS.threadCount
    defer { BLAS.setThreadCount(previousThreads) }
    var results: [SACBenchmarkResult.ThreadResult] = []
    for threads in threadCounts {
      BLAS.setThreadCount(threads)
      var peak = sgemmGFLOPS(m: squareSize, n: squareSize, k: squareSize, minimumSeconds: 0.5)
      let hidden = hiddenSizes.max() ?? 256
      let shape = sgemmGFLOPS(m: batchSize, n: hidden, k: hidden, minimumSeconds: 0.3)
      // With several threads, try both ways of using them: OpenBLAS threading inside each
      // product, and the agent's own lanes (twin critics etc.) over single-threaded OpenBLAS.
      let strategies: [(name: String, blasThreads: Int, computeThreads: Int)] =
        threads == 1
        ? [("serial", 1, 1)]
        : [("openblas-threads", threads, 1), ("critic-lanes", 1, threads)]
      var timings: [(name: String, best: Double, median: Double)] = []
      for strategy in strategies where strategyNames?.contains(strategy.name) ?? true {
        BLAS.setThreadCount(strategy.blasThreads)
        let agent = makeFilledAgent(
          observationSize: observationSize, actionSize: actionSize,
          configuration: configuration, computeThreads: strategy.computeThreads)
        for _ in 0..<10 { agent.update() }
        var perRound: [Double] = []
        for _ in 0..<rounds {
          let seconds = measure { for _ in 0..<updatesPerRound { agent.update() } }
          perRound.append(Double(updatesPerRound) / seconds)
        }
        timings.append((strategy.name, perRound.max() ?? 0, perRound.sorted()[rounds / 2]))
      }
      // Peak again after the rounds: other load during the first measurement must not
      // inflate the fraction.
      BLAS.setThreadCount(threads)
      peak = max(
        peak, sgemmGFLOPS(m: squareSize, n: squareSize, k: squareSize, minimumSeconds: 0.3))
      for timing in timings {
        let updateGFLOPS = flops * timing.best / 1e9
        results.append(
          SACBenchmarkResult.ThreadResult(
            threads: threads, strategy: timing.name, updatesPerSecond: timing.best,
            medianUpdatesPerSecond: timing.median, millisecondsPerUpdate: 1000 / timing.best,
            updateGFLOPS: updateGFLOPS, squareSgemmGFLOPS: peak,
            updateShapeSgemmGFLOPS: shape, fractionOfPeak: updateGFLOPS / peak))
      }
    }
    let critic = [observationSize + actionSize] + hiddenSizes + [1]
    var criticWeightGradients = 0.0
    for index in 0..<(critic.count - 1) {
      criticWeightGradients += 2 * Double(batchSize) * Double(critic[index] * critic[index + 1])
    }
    return SACBenchmarkResult(
      observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
      batchSize: batchSize, algorithm: algorithm.rawValue, flopsPerUpdate: flops,
      pytorchEquivalentFlopsPerUpdate: flops + 2 * criticWeightGradients,
      squareSize: squareSize, results: results)
  }

  /// A learner, a replay buffer full of random transitions, and the generator that drives
  /// both: what one training-loop update touches.
  final class FilledAgent {
    let learner: Learner
    let replayBuffer: ReplayBuffer
    let batch: ReplayBatch
    var generator: RandomGenerator

    init(learner: Learner, replayBuffer: ReplayBuffer, generator: RandomGenerator) {
      self.learner = learner
      self.replayBuffer = replayBuffer
      self.generator = generator
      batch = ReplayBatch(for: learner)
    }

    /// Samples a minibatch and takes one gradient step, as the training loop does.
    @discardableResult
    func update() -> UpdateMetrics {
      replayBuffer.sample(into: batch, generator: &generator)
      return learner.update(batch: batch, generator: &generator)
    }
  }

  /// A learner whose replay buffer is full of random transitions.
  static func makeFilledAgent(
    observationSize: Int, actionSize: Int, configuration: SACConfiguration,
    computeThreads: Int
  ) -> FilledAgent {
    var generator = RandomGenerator(seed: 1)
    let learner = Learner(
      observationSize: observationSize, actionLow: [Float](repeating: -1, count: actionSize),
      actionHigh: [Float](repeating: 1, count: actionSize), configuration: configuration,
      generator: &generator, computeThreads: computeThreads)
    let replayBuffer = ReplayBuffer(
      capacity: configuration.replayCapacity, observationSize: observationSize, actionSize: actionSize)
    var data = RandomGenerator(seed: 2)
    for step in 0..<configuration.replayCapacity {
      if !replayBuffer.isEpisodeOpen {
        replayBuffer.beginEpisode(observation: (0..<observationSize).map { _ in data.nextNormal() })
      }
      replayBuffer.add(
        action: (0..<actionSize).map { _ in data.nextUniform(low: -1, high: 1) },
        reward: data.nextUniform(),
        nextObservation: (0..<observationSize).map { _ in data.nextNormal() },
        terminal: false, endsEpisode: step % 1000 == 999)
    }
    return FilledAgent(learner: learner, replayBuffer: replayBuffer, generator: generator)
  }

  /// Best sgemm GFLOP/s for C[m, n] = A[m, k] B[k, n] over repeated timed batches.
  package static func sgemmGFLOPS(m: Int, n: Int, k: Int, minimumSeconds: Double) -> Double {
    var generator = RandomGenerator(seed: 3)
    let a = Matrix(rows: m, columns: k)
    let b = Matrix(rows: k, columns: n)
    let c = Matrix(rows: m, columns: n)
    generator.fillNormal(a.buffer)
    generator.fillNormal(b.buffer)
    let flops = 2 * Double(m) * Double(n) * Double(k)
    let repetitions = max(1, Int(2e9 / flops))
    BLAS.gemm(a, b, into: c)
    var best = 0.0
    var elapsed = 0.0
    while elapsed < minimumSeconds {
      let seconds = measure {
        for _ in 0..<repetitions { BLAS.gemm(a, b, into: c) }
      }
      elapsed += seconds
      best = max(best, flops * Double(repetitions) / seconds / 1e9)
    }
    return best
  }

  /// Wall-clock seconds taken by `body`.
  static func measure(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let duration = clock.measure(body)
    let components = duration.components
    return Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
