import Randomness
import NeuralNetworks
import Testing
import TestSupport

/// Whole-network gradient checks: every parameter and the input, against float64 differences.
struct MLPTests {
  @Test func forwardMatchesDoubleReference() {
    var generator = RandomGenerator(seed: 10)
    let network = MLP(sizes: [4, 8, 8, 3], generator: &generator)
    let input = randomMatrix(rows: 5, columns: 4, generator: &generator)
    let workspace = network.makeWorkspace(batchSize: 5)
    let output = network.forward(input, workspace: workspace)
    let expected = DoubleMLP(network).forward(doubles(input))
    for row in 0..<5 {
      for column in 0..<3 {
        #expect(abs(Double(output[row, column]) - expected[row][column]) < 1e-5)
      }
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    var generator = RandomGenerator(seed: 11)
    let network = MLP(sizes: [4, 6, 5, 2], generator: &generator)
    let input = randomMatrix(rows: 6, columns: 4, generator: &generator)
    let probe = randomMatrix(rows: 6, columns: 2, generator: &generator)
    let workspace = network.makeWorkspace(batchSize: 6)
    let inputGradient = Matrix(rows: 6, columns: 4)
    network.forward(input, workspace: workspace)
    network.backward(
      input: input, outputGradient: probe, workspace: workspace, inputGradient: inputGradient)

    let reference = DoubleMLP(network)
    let x = doubles(input)
    let r = doubles(probe)
    for (layerIndex, layer) in network.layers.enumerated() {
      for out in 0..<layer.outputSize {
        for index in 0..<layer.inputSize {
          let numeric = centralDifference { h in
            var perturbed = reference
            perturbed.weights[layerIndex][out][index] += h
            return dot(perturbed.forward(x), r)
          }
          #expect(close(Double(layer.weightGradient[out, index]), numeric, tolerance: 1e-4))
        }
        let numericBias = centralDifference { h in
          var perturbed = reference
          perturbed.biases[layerIndex][out] += h
          return dot(perturbed.forward(x), r)
        }
        #expect(close(Double(layer.biasGradient[0, out]), numericBias, tolerance: 1e-4))
      }
    }
    for row in 0..<6 {
      for index in 0..<4 {
        let numeric = centralDifference { h in
          var shifted = x
          shifted[row][index] += h
          return dot(reference.forward(shifted), r)
        }
        #expect(close(Double(inputGradient[row, index]), numeric, tolerance: 1e-4))
      }
    }
  }

  @Test func frozenBackwardLeavesParameterGradients() {
    var generator = RandomGenerator(seed: 12)
    let network = MLP(sizes: [3, 4, 1], generator: &generator)
    let input = randomMatrix(rows: 2, columns: 3, generator: &generator)
    let probe = Matrix(rows: 2, columns: 1, values: [1, 1])
    let workspace = network.makeWorkspace(batchSize: 2)
    let inputGradient = Matrix(rows: 2, columns: 3)
    network.forward(input, workspace: workspace)
    network.backward(
      input: input, outputGradient: probe, workspace: workspace, inputGradient: inputGradient,
      computeParameterGradients: false)
    #expect(network.gradients.allSatisfy { $0.toArray().allSatisfy { $0 == 0 } })
    #expect(inputGradient.toArray().contains { $0 != 0 })
  }

  @Test func parameterNamesFollowPyTorchSequential() {
    var generator = RandomGenerator(seed: 13)
    let network = MLP(sizes: [3, 4, 4, 1], generator: &generator)
    #expect(
      network.parameterNames == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
  }
}
