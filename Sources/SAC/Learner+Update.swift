import Foundation
import NeuralNetworks
import Randomness

extension Learner {
  /// One SAC gradient step on `batch`, in the order of docs/algorithm.md:
  /// critic target, critic loss, actor loss, temperature loss, Polyak averaging. With
  /// `policyFrequency` f > 1 the actor and temperature steps run only on every f-th gradient
  /// step, f times in a row (each on a fresh a~ from the updated actor); with
  /// `targetUpdateInterval` k > 1 the Polyak step runs on every k-th.
  ///
  /// `batch` must have `configuration.batchSize` rows; the policy noise comes from
  /// `generator`. Allocates nothing. Work on Q_1 and Q_2 (and the two policy samples) runs
  /// side by side when `computeThreads` is 2; the arithmetic is the same either way.
  @discardableResult
  public func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics {
    precondition(batch.batchSize == configuration.batchSize, "Batch size mismatch")
    if let valueFunction { return updateFirstPaper(batch: batch, value: valueFunction, generator: &generator) }
    let work = workspace
    // The deterministic ablation: eps = 0 (a = tanh(mu)) and alpha = 0, so no entropy term.
    let deterministic = configuration.algorithm == .deterministic
    let alpha = deterministic ? 0 : self.alpha
    let (qf1, qf2) = (work.critics.passes.0, work.critics.passes.1)
    let (qf1Target, qf2Target) = (work.targets.passes.0, work.targets.passes.1)

    // Both policy samples are drawn first: a' ~ pi(.|s') for the critic target and
    // a~ ~ pi(.|s) for the actor loss. The actor does not change before step 3's Adam step,
    // so this is the same as sampling a~ in step 3. Noise is drawn for s' first, then s.
    if deterministic {
      work.nextPolicy.noise.fill(0)
      work.policy.noise.fill(0)
    } else {
      actor.drawNoise(into: work.nextPolicy, generator: &generator)
      actor.drawNoise(into: work.policy, generator: &generator)
    }
    work.policySamples.run(next: batch.nextObservations, current: batch.observations, in: pair)

    // 1. Critic target, without gradients:
    //    y = r + gamma (1 - d) (min(Qbar_1, Qbar_2)(s', a') - alpha logp').
    work.targets.run(
      .evaluate(observations: batch.nextObservations, actions: work.nextPolicy.actions), in: pair)
    Losses.criticTarget(
      rewards: batch.rewards, terminals: batch.terminals, qf1NextTarget: qf1Target.values,
      qf2NextTarget: qf2Target.values, nextLogProbabilities: work.nextPolicy.logProbabilities,
      alpha: alpha, gamma: Float(configuration.gamma), rewardScale: Float(configuration.rewardScale),
      into: work.nextQValue)

    // 2. Critic loss: mean (Q_1(s, a) - y)^2 + mean (Q_2(s, a) - y)^2; one Adam step.
    work.critics.run(.mseLossBackward(batch: batch, target: work.nextQValue), in: pair)
    let (qf1Loss, qf2Loss) = (qf1.loss, qf2.loss)
    let meanQ = (qf1.values.mean() + qf2.values.mean()) / 2
    criticOptimizer.step(using: pair)

    // 3. Actor loss: mean(alpha logp - min(Q_1, Q_2)(s, a~)), with a~ and logp from above.
    //    Gradients reach the actor through a~ and logp; the critics are differentiated
    //    with respect to a~ but not updated.
    // 4. Temperature: mean(-log_alpha (logp + target_entropy)), logp detached (from step 3).
    let policyFrequency = configuration.policyFrequency
    if updateCount % policyFrequency == 0 {
      for round in 0..<policyFrequency {
        if round > 0 {
          if !deterministic { actor.drawNoise(into: work.policy, generator: &generator) }
          actor.sample(batch.observations, into: work.policy)
        }
        work.critics.run(
          .evaluate(observations: batch.observations, actions: work.policy.actions), in: pair)
        lastActorLoss = Losses.actorLoss(
          qf1Pi: qf1.values, qf2Pi: qf2.values, logProbabilities: work.policy.logProbabilities,
          alpha: deterministic ? 0 : self.alpha, qf1PiGradient: qf1.outputGradient, qf2PiGradient: qf2.outputGradient,
          logProbabilityGradient: work.policy.logProbabilityGradient)
        work.critics.run(.backwardToInput, in: pair)
        Critic.sumActionGradients(qf1, qf2, into: work.policy.actionGradient)
        actor.backward(batch.observations, pass: work.policy, pair: pair)
        actorOptimizer.step(using: pair)

        if configuration.autotuneAlpha && !deterministic {
          let temperature = Losses.temperatureLoss(
            logAlpha: logAlpha[0, 0], logProbabilities: work.policy.logProbabilities,
            targetEntropy: targetEntropy)
          lastAlphaLoss = temperature.loss
          logAlphaGradient[0, 0] = temperature.gradient
          alphaOptimizer.step()
        }
      }
    }

    // 5. Polyak averaging of both target critics.
    if updateCount % configuration.targetUpdateInterval == 0 {
      targetCritics.polyakUpdate(toward: critics, tau: Float(configuration.tau), pair: pair)
    }

    updateCount += 1
    return UpdateMetrics(
      criticLoss: qf1Loss + qf2Loss, qf1Loss: qf1Loss, qf2Loss: qf2Loss, actorLoss: lastActorLoss,
      alphaLoss: lastAlphaLoss, alpha: alpha, entropy: -work.policy.logProbabilities.mean(),
      meanQ: meanQ)
  }
}
