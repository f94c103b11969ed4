import Randomness
import NeuralNetworks

/// One soft Q-function Q_theta(s, a): an MLP on the concatenation (s ++ a) to a scalar.
///
/// Network: (observationSize + actionSize) -> hidden... -> 1, ReLU between hidden layers.
/// Actions are in environment units (the same values the replay buffer stores).
package final class Critic {
  /// The MLP on (s ++ a).
  package let network: MLP
  package let observationSize: Int
  package let actionSize: Int

  /// Builds the network with PyTorch default initialisation from `generator`.
  package init(
    observationSize: Int, actionSize: Int, hiddenSizes: [Int], generator: inout RandomGenerator
  ) {
    self.observationSize = observationSize
    self.actionSize = actionSize
    network = MLP(
      sizes: [observationSize + actionSize] + hiddenSizes + [1], generator: &generator)
  }

  /// Buffers for batches of `batchSize` rows.
  package func makePass(batchSize: Int) -> CriticPass {
    CriticPass(network: network, batchSize: batchSize)
  }

  /// Q(s, a) for every row, `[batch, 1]`; the result belongs to `pass`.
  @discardableResult
  package func evaluate(_ observations: Matrix, _ actions: Matrix, pass: CriticPass) -> Matrix {
    let input = pass.stateActions
    for row in 0..<input.rows {
      let destination = input.rowPointer(row)
      destination.update(from: observations.rowPointer(row), count: observationSize)
      (destination + observationSize).update(from: actions.rowPointer(row), count: actionSize)
    }
    return network.forward(input, workspace: pass.network)
  }

  /// Back-propagates `pass.outputGradient` (dL/dQ) of the last `evaluate` into the
  /// network's parameter gradients (overwriting them).
  package func backward(pass: CriticPass) {
    network.backward(
      input: pass.stateActions, outputGradient: pass.outputGradient, workspace: pass.network)
  }

  /// Critic-loss half of an update for this critic: Q(s, a) on the batch, the loss
  /// mean (Q - y)^2, and its parameter gradients. Returns the loss.
  package func mseLossBackward(_ batch: ReplayBatch, target: Matrix, pass: CriticPass) -> Float {
    let values = evaluate(batch.observations, batch.actions, pass: pass)
    let loss = Losses.meanSquaredError(values, target: target, gradient: pass.outputGradient)
    backward(pass: pass)
    return loss
  }

  /// Back-propagates `pass.outputGradient` to the input only (a frozen critic), filling
  /// `pass.inputGradient` = dL/d(s ++ a); parameter gradients are left untouched.
  package func backwardToInput(pass: CriticPass) {
    network.backward(
      input: pass.stateActions, outputGradient: pass.outputGradient, workspace: pass.network,
      inputGradient: pass.inputGradient, computeParameterGradients: false)
  }

  /// dL/da = the action columns of both critics' input gradients, summed into
  /// `actionGradient` `[batch, A]` (overwritten).
  package static func sumActionGradients(
    _ first: CriticPass, _ second: CriticPass, into actionGradient: Matrix
  ) {
    let observationSize = first.stateActions.columns - actionGradient.columns
    for row in 0..<actionGradient.rows {
      let a = first.inputGradient.rowPointer(row) + observationSize
      let b = second.inputGradient.rowPointer(row) + observationSize
      let destination = actionGradient.rowPointer(row)
      for column in 0..<actionGradient.columns { destination[column] = a[column] + b[column] }
    }
  }
}

/// Preallocated buffers of one critic pass at one batch size.
package final class CriticPass {
  /// The network input (s ++ a), `[batch, S + A]`.
  package let stateActions: Matrix
  /// Activations of the critic network.
  package let network: MLPWorkspace
  /// dL/dQ `[batch, 1]`, filled by the loss before a backward pass.
  package let outputGradient: Matrix
  /// dL/d(s ++ a) `[batch, S + A]`.
  package let inputGradient: Matrix
  /// The last loss computed on this pass (set by the critic-loss stage).
  package internal(set) var loss: Float = 0

  init(network: MLP, batchSize: Int) {
    stateActions = Matrix(rows: batchSize, columns: network.inputSize)
    self.network = network.makeWorkspace(batchSize: batchSize)
    outputGradient = Matrix(rows: batchSize, columns: 1)
    inputGradient = Matrix(rows: batchSize, columns: network.inputSize)
  }

  /// Q values of the last `evaluate`.
  package var values: Matrix { network.output }
}
