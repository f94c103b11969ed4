import NeuralNetworks

/// Q_1 and Q_2 (or their targets) with their passes, run side by side on a `ParallelPair`.
///
/// Lane 0 works on the first critic, lane 1 on the second; each writes only its own pass.
/// `run(_:in:)` sets the operation and runs both lanes, so the update can say
/// "evaluate both critics on (s', a')" in one line without allocating.
final class CriticPair: PairedWork {
  /// What both critics do in one stage.
  enum Operation {
    /// Q_k(s, a) into `pass.values`.
    case evaluate(observations: Matrix, actions: Matrix)
    /// Q_k(s, a) on the batch, loss mean (Q_k - y)^2 into `pass.loss`, parameter gradients.
    case mseLossBackward(batch: ReplayBatch, target: Matrix)
    /// dL/d(s ++ a) from `pass.outputGradient`, critic frozen.
    case backwardToInput
  }

  let critics: (Critic, Critic)
  let passes: (CriticPass, CriticPass)
  private var operation: Operation?

  init(critics: TwinCritic, batchSize: Int) {
    self.critics = (critics.q1, critics.q2)
    passes = (critics.q1.makePass(batchSize: batchSize), critics.q2.makePass(batchSize: batchSize))
  }

  /// Runs `operation` on both critics, concurrently when `pair` is parallel.
  func run(_ operation: Operation, in pair: ParallelPair) {
    self.operation = operation
    pair.run(self)
    self.operation = nil
  }

  func run(lane: Int) {
    let (critic, pass) = lane == 0 ? (critics.0, passes.0) : (critics.1, passes.1)
    switch operation {
    case .evaluate(let observations, let actions):
      critic.evaluate(observations, actions, pass: pass)
    case .mseLossBackward(let batch, let target):
      pass.loss = critic.mseLossBackward(batch, target: target, pass: pass)
    case .backwardToInput:
      critic.backwardToInput(pass: pass)
    case nil:
      break
    }
  }
}

/// The two policy samples of an update, a' for s' (lane 0) and a~ for s (lane 1), drawn
/// from noise already in the passes. The actor's weights are only read.
final class PolicySamples: PairedWork {
  let actor: GaussianActor
  let nextPolicy: ActorPass
  let policy: ActorPass
  private var observations: (next: Matrix, current: Matrix)?

  init(actor: GaussianActor, batchSize: Int) {
    self.actor = actor
    nextPolicy = actor.makePass(batchSize: batchSize)
    policy = actor.makePass(batchSize: batchSize)
  }

  /// Samples a' ~ pi(.|s') into `nextPolicy` and a~ ~ pi(.|s) into `policy`.
  func run(next: Matrix, current: Matrix, in pair: ParallelPair) {
    observations = (next, current)
    pair.run(self)
    observations = nil
  }

  func run(lane: Int) {
    guard let observations else { return }
    if lane == 0 {
      actor.sample(observations.next, into: nextPolicy)
    } else {
      actor.sample(observations.current, into: policy)
    }
  }
}
