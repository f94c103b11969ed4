import NeuralNetworks
import Randomness

extension Learner {
  /// One gradient step of the first SAC paper (Haarnoja et al. 2018a), temperature fixed at 1,
  /// rewards scaled by `rewardScale`:
  ///
  /// 1. a~ ~ pi(.|s), reparameterised, with log pi(a~|s);
  /// 2. V loss ½ mean (V(s) − (min(Q_1, Q_2)(s, a~) − log pi(a~|s)))², one Adam step on V;
  /// 3. Q loss ½ mean (Q_i(s, a) − (scale · r + γ (1 − d) V̄(s')))² for each critic, one step;
  /// 4. policy loss mean(log pi(a~|s) − min(Q_1, Q_2)(s, a~)) with the updated critics, one step;
  /// 5. Polyak averaging of V̄ only (every `targetUpdateInterval` steps).
  func updateFirstPaper(batch: ReplayBatch, value: ValueFunction, generator: inout RandomGenerator) -> UpdateMetrics {
    let work = workspace
    let (qf1, qf2) = (work.critics.passes.0, work.critics.passes.1)

    // 1. One policy sample on s.
    actor.drawNoise(into: work.policy, generator: &generator)
    actor.sample(batch.observations, into: work.policy)

    // 2. Value: target from the critics before their step, no gradients through it.
    work.critics.run(.evaluate(observations: batch.observations, actions: work.policy.actions), in: pair)
    Losses.valueTarget(
      qf1Pi: qf1.values, qf2Pi: qf2.values, logProbabilities: work.policy.logProbabilities, into: value.valueTarget)
    let values = value.value.evaluate(batch.observations, value.noActions, pass: value.pass)
    let valueLoss = Losses.halfMeanSquaredError(values, target: value.valueTarget, gradient: value.pass.outputGradient)
    value.value.backward(pass: value.pass)
    value.optimizer.step()

    // 3. Critics: y = scale r + γ (1 − d) V̄(s').
    let nextValues = value.target.evaluate(batch.nextObservations, value.noActions, pass: value.targetPass)
    Losses.valueCriticTarget(
      rewards: batch.rewards, terminals: batch.terminals, nextValues: nextValues, gamma: Float(configuration.gamma),
      rewardScale: Float(configuration.rewardScale), into: work.nextQValue)
    var criticLosses = [Float]()
    for (critic, pass) in [(critics.q1, qf1), (critics.q2, qf2)] {
      let q = critic.evaluate(batch.observations, batch.actions, pass: pass)
      criticLosses.append(Losses.halfMeanSquaredError(q, target: work.nextQValue, gradient: pass.outputGradient))
      critic.backward(pass: pass)
    }
    let meanQ = (qf1.values.mean() + qf2.values.mean()) / 2
    criticOptimizer.step(using: pair)

    // 4. Policy: alpha = 1, through a~ and log pi, the updated critics frozen.
    work.critics.run(.evaluate(observations: batch.observations, actions: work.policy.actions), in: pair)
    lastActorLoss = Losses.actorLoss(
      qf1Pi: qf1.values, qf2Pi: qf2.values, logProbabilities: work.policy.logProbabilities, alpha: 1,
      qf1PiGradient: qf1.outputGradient, qf2PiGradient: qf2.outputGradient,
      logProbabilityGradient: work.policy.logProbabilityGradient)
    work.critics.run(.backwardToInput, in: pair)
    Critic.sumActionGradients(qf1, qf2, into: work.policy.actionGradient)
    actor.backward(batch.observations, pass: work.policy, pair: pair)
    actorOptimizer.step(using: pair)

    // 5. V̄ only.
    if updateCount % configuration.targetUpdateInterval == 0 { value.polyakUpdate(tau: Float(configuration.tau)) }

    updateCount += 1
    var metrics = UpdateMetrics(
      criticLoss: criticLosses[0] + criticLosses[1], qf1Loss: criticLosses[0], qf2Loss: criticLosses[1],
      actorLoss: lastActorLoss, alphaLoss: 0, alpha: 1, entropy: -work.policy.logProbabilities.mean(),
      meanQ: meanQ)
    metrics.valueLoss = valueLoss
    return metrics
  }
}
