import NeuralNetworks
import Randomness

/// The first SAC paper's soft state-value network V_psi(s), its Polyak target V_psibar, their
/// Adam optimiser and preallocated passes. V is a `Critic` with no action inputs.
package final class ValueFunction {
  /// V_psi.
  package let value: Critic
  /// V_psibar.
  package let target: Critic
  package let optimizer: Adam
  /// V_psi(s) on the batch.
  let pass: CriticPass
  /// V_psibar(s') on the batch.
  let targetPass: CriticPass
  /// The value target `[batch, 1]`.
  let valueTarget: Matrix
  /// No action columns: V's input is the observation alone.
  let noActions: Matrix

  init(observationSize: Int, hiddenSizes: [Int], batchSize: Int, configuration: SACConfiguration, generator: inout RandomGenerator) {
    value = Critic(observationSize: observationSize, actionSize: 0, hiddenSizes: hiddenSizes, generator: &generator)
    var unused = RandomGenerator(seed: 0)
    target = Critic(observationSize: observationSize, actionSize: 0, hiddenSizes: hiddenSizes, generator: &unused)
    target.network.copyParameters(from: value.network)
    optimizer = Adam(
      parameters: value.network.parameters, gradients: value.network.gradients,
      learningRate: configuration.criticLearningRate, beta1: configuration.adamBeta1, beta2: configuration.adamBeta2,
      epsilon: configuration.adamEpsilon)
    pass = value.makePass(batchSize: batchSize)
    targetPass = target.makePass(batchSize: batchSize)
    valueTarget = Matrix(rows: batchSize, columns: 1)
    noActions = Matrix(rows: batchSize, columns: 0)
  }

  /// V_psibar <- tau V_psi + (1 - tau) V_psibar, element-wise.
  func polyakUpdate(tau: Float) {
    for (targetParameter, parameter) in zip(target.network.parameters, value.network.parameters) {
      VectorKernels.polyak(
        target: targetParameter.pointer, source: parameter.pointer, count: parameter.count, tau: tau, keep: 1 - tau)
    }
  }
}
