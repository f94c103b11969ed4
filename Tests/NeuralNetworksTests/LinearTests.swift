import Randomness
import NeuralNetworks
import Testing
import TestSupport

/// Gradient checks of the dense layer against float64 central differences.
struct LinearTests {
  @Test func forwardMatchesDefinition() {
    var generator = RandomGenerator(seed: 1)
    let layer = Linear(inputSize: 3, outputSize: 2, generator: &generator)
    let input = Matrix(rows: 1, columns: 3, values: [1, -2, 0.5])
    let output = Matrix(rows: 1, columns: 2)
    layer.forward(input, into: output)
    for out in 0..<2 {
      var expected = layer.bias[0, out]
      for index in 0..<3 { expected += layer.weight[out, index] * input[0, index] }
      #expect(abs(output[0, out] - expected) < 1e-6)
    }
  }

  @Test func initialisationStaysWithinPyTorchBound() {
    var generator = RandomGenerator(seed: 2)
    let layer = Linear(inputSize: 16, outputSize: 64, generator: &generator)
    let bound: Float = 0.25
    #expect(layer.weight.toArray().allSatisfy { abs($0) <= bound })
    #expect(layer.bias.toArray().allSatisfy { abs($0) <= bound })
    #expect(layer.weight.toArray().contains { abs($0) > 0.2 })
  }

  @Test func gradientsMatchFiniteDifferences() {
    var generator = RandomGenerator(seed: 3)
    let network = MLP(sizes: [5, 4], generator: &generator)
    let layer = network.layers[0]
    let input = randomMatrix(rows: 7, columns: 5, generator: &generator)
    let probe = randomMatrix(rows: 7, columns: 4, generator: &generator)
    let output = Matrix(rows: 7, columns: 4)
    let inputGradient = Matrix(rows: 7, columns: 5)
    layer.forward(input, into: output)
    layer.backward(input: input, outputGradient: probe, inputGradient: inputGradient)

    let reference = DoubleMLP(network)
    let x = doubles(input)
    let r = doubles(probe)
    for out in 0..<4 {
      for index in 0..<5 {
        let numeric = centralDifference { h in
          var perturbed = reference
          perturbed.weights[0][out][index] += h
          return dot(perturbed.forward(x), r)
        }
        #expect(close(Double(layer.weightGradient[out, index]), numeric, tolerance: 1e-4))
      }
      let numericBias = centralDifference { h in
        var perturbed = reference
        perturbed.biases[0][out] += h
        return dot(perturbed.forward(x), r)
      }
      #expect(close(Double(layer.biasGradient[0, out]), numericBias, tolerance: 1e-4))
    }
    for row in 0..<7 {
      for index in 0..<5 {
        let numeric = centralDifference { h in
          var shifted = x
          shifted[row][index] += h
          return dot(reference.forward(shifted), r)
        }
        #expect(close(Double(inputGradient[row, index]), numeric, tolerance: 1e-4))
      }
    }
  }
}
