import NeuralNetworks

/// A named tensor of the agent, with the shape written to safetensors (PyTorch's shapes:
/// weights `[out, in]`, biases `[out]`, log_alpha `[1]`).
package struct NamedTensor {
  package let name: String
  package let matrix: Matrix
  package let shape: [Int]
}

extension MLP {
  /// `prefix.0.weight`, `prefix.0.bias`, ... paired with this network's matrices.
  func namedTensors(prefix: String) -> [NamedTensor] {
    zip(parameterNames, parameters).map { name, matrix in
      NamedTensor(
        name: "\(prefix).\(name)", matrix: matrix,
        shape: matrix.rows == 1 && name.hasSuffix(".bias") ? [matrix.columns]
          : [matrix.rows, matrix.columns])
    }
  }
}

extension Adam {
  /// `prefix.exp_avg.<name>` and `prefix.exp_avg_sq.<name>` for each named parameter.
  func namedMoments(prefix: String, parameterTensors: [NamedTensor]) -> [NamedTensor] {
    precondition(parameterTensors.count == parameters.count, "Names do not match parameters")
    var result: [NamedTensor] = []
    for (index, tensor) in parameterTensors.enumerated() {
      result.append(
        NamedTensor(
          name: "\(prefix).exp_avg.\(tensor.name)", matrix: firstMoments[index],
          shape: tensor.shape))
      result.append(
        NamedTensor(
          name: "\(prefix).exp_avg_sq.\(tensor.name)", matrix: secondMoments[index],
          shape: tensor.shape))
    }
    return result
  }
}

extension Learner {
  /// Actor, critics, target critics and log_alpha, named like CleanRL's modules
  /// (`actor`, `qf1`, `qf2`, `qf1_target`, `qf2_target`, `log_alpha`), and for sac-v1 the value
  /// network and its target (`vf`, `vf_target`).
  var weightTensors: [NamedTensor] {
    actorTensors + criticTensors
      + targetCritics.q1.network.namedTensors(prefix: "qf1_target")
      + targetCritics.q2.network.namedTensors(prefix: "qf2_target")
      + [NamedTensor(name: "log_alpha", matrix: logAlpha, shape: [1])]
      + (valueFunction.map { $0.value.network.namedTensors(prefix: "vf") + $0.target.network.namedTensors(prefix: "vf_target") } ?? [])
  }

  var actorTensors: [NamedTensor] { policy.namedTensors }

  var criticTensors: [NamedTensor] {
    critics.q1.network.namedTensors(prefix: "qf1")
      + critics.q2.network.namedTensors(prefix: "qf2")
  }

  /// Adam first and second moments of the three optimisers (four with sac-v1's value network).
  var optimizerTensors: [NamedTensor] {
    actorOptimizer.namedMoments(prefix: "actor_optimizer", parameterTensors: actorTensors)
      + criticOptimizer.namedMoments(prefix: "critic_optimizer", parameterTensors: criticTensors)
      + alphaOptimizer.namedMoments(
        prefix: "alpha_optimizer",
        parameterTensors: [NamedTensor(name: "log_alpha", matrix: logAlpha, shape: [1])])
      + (valueFunction.map {
        $0.optimizer.namedMoments(prefix: "value_optimizer", parameterTensors: $0.value.network.namedTensors(prefix: "vf"))
      } ?? [])
  }
}
