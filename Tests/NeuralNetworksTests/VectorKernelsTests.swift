import Randomness
import NeuralNetworks
import Testing
import TestSupport

/// The SIMD kernels against their scalar loops (bit for bit) and against plain formulas,
/// including lengths that leave a tail after the 16-lane body.
struct VectorKernelsTests {
  @Test(arguments: [false, true])
  func sumColumnsMatchesScalarSums(simd: Bool) {
    var generator = RandomGenerator(seed: 1)
    let matrix = randomMatrix(rows: 7, columns: 37, generator: &generator)
    var sums = [Float](repeating: -1, count: 37)
    sums.withUnsafeMutableBufferPointer {
      VectorKernels.sumColumns(matrix, into: $0.baseAddress!, simd: simd)
    }
    for column in 0..<37 {
      var expected: Float = 0
      for row in 0..<7 { expected += matrix[row, column] }
      #expect(sums[column] == expected)
    }
  }

  @Test(arguments: [false, true])
  func reluBackwardAndBiasHandleTails(simd: Bool) {
    let output = Matrix(rows: 1, columns: 19, values: (0..<19).map { Float($0 % 3) - 1 })
    let gradient = Matrix(rows: 1, columns: 19, repeating: 2)
    VectorKernels.reluBackward(
      output: output.pointer, gradient: gradient.pointer, count: 19, simd: simd)
    #expect(gradient.toArray() == output.toArray().map { $0 > 0 ? 2 : 0 })
    let values = Matrix(rows: 2, columns: 18, repeating: -0.5)
    let bias = (0..<18).map { Float($0) * 0.1 }
    bias.withUnsafeBufferPointer {
      VectorKernels.addBias($0.baseAddress!, to: values, relu: true, simd: simd)
    }
    #expect(values.row(1) == bias.map { max($0 - 0.5, 0) })
  }

  @Test(arguments: [false, true])
  func adamAndPolyakMatchScalarFormulasBitForBit(simd: Bool) {
    var generator = RandomGenerator(seed: 2)
    let count = 35
    let parameter = randomMatrix(rows: 1, columns: count, generator: &generator)
    let gradient = randomMatrix(rows: 1, columns: count, generator: &generator)
    let first = randomMatrix(rows: 1, columns: count, generator: &generator)
    let second = Matrix(rows: 1, columns: count, repeating: 0.3)
    var p = parameter.toArray()
    var m = first.toArray()
    var v = second.toArray()
    let g = gradient.toArray()
    VectorKernels.adam(
      parameter: parameter.pointer, gradient: gradient.pointer, firstMoment: first.pointer,
      secondMoment: second.pointer, count: count, oneMinusBeta1: 0.1, beta2: 0.999,
      oneMinusBeta2: 0.001, stepSize: 0.01, biasCorrection2Root: 0.5, epsilon: 1e-8,
      simd: simd)
    for i in 0..<count {
      m[i] += 0.1 * (g[i] - m[i])
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
      p[i] -= 0.01 * m[i] / (v[i].squareRoot() / 0.5 + 1e-8)
    }
    #expect(parameter.toArray() == p)
    #expect(first.toArray() == m)
    #expect(second.toArray() == v)

    let target = gradient.clone()
    VectorKernels.polyak(
      target: target.pointer, source: parameter.pointer, count: count, tau: 0.005,
      keep: 0.995, simd: simd)
    let pt = parameter.toArray()
    #expect(target.toArray() == g.indices.map { 0.005 * pt[$0] + 0.995 * g[$0] })
  }
}
