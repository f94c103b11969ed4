import NeuralNetworks
import Testing
import TestSupport

/// ReLU forward values and its backward mask against finite differences.
struct ActivationTests {
  @Test func reluAddsBiasAndClamps() {
    let output = Matrix(rows: 2, columns: 3, values: [-1, 0.5, 2, 3, -4, 0])
    let bias: [Float] = [0.5, -1, 0]
    bias.withUnsafeBufferPointer {
      Activation.relu.addBiasAndApply(bias: $0.baseAddress!, to: output)
    }
    #expect(output.toArray() == [0, 0, 2, 3.5, 0, 0])
  }

  @Test func reluBackwardMatchesFiniteDifferences() {
    let inputs: [Float] = [-1.5, -0.2, 0.3, 2.0, -3.0, 0.7]
    let upstream: [Float] = [0.4, -1.0, 2.0, 0.5, 1.5, -0.3]
    let output = Matrix(rows: 2, columns: 3, values: inputs)
    let zeros: [Float] = [0, 0, 0]
    zeros.withUnsafeBufferPointer {
      Activation.relu.addBiasAndApply(bias: $0.baseAddress!, to: output)
    }
    let gradient = Matrix(rows: 2, columns: 3, values: upstream)
    Activation.relu.backward(output: output, gradient: gradient)
    for index in inputs.indices {
      let x = Double(inputs[index])
      let numeric = centralDifference { h in max(x + h, 0) * Double(upstream[index]) }
      #expect(abs(Double(gradient.pointer[index]) - numeric) < 1e-6)
    }
  }

  @Test func identityBackwardLeavesGradient() {
    let output = Matrix(rows: 1, columns: 2, values: [-1, 1])
    let gradient = Matrix(rows: 1, columns: 2, values: [3, 4])
    Activation.identity.backward(output: output, gradient: gradient)
    #expect(gradient.toArray() == [3, 4])
  }
}
