import Randomness
import NeuralNetworks

/// A float64 re-implementation of `MLP.forward` used as the finite-difference reference.
struct DoubleMLP {
  /// Per layer: weight `[out][in]` and bias `[out]`.
  var weights: [[[Double]]]
  var biases: [[Double]]

  init(_ network: MLP) {
    weights = network.layers.map { layer in
      (0..<layer.outputSize).map { row in
        (0..<layer.inputSize).map { Double(layer.weight[row, $0]) }
      }
    }
    biases = network.layers.map { layer in
      (0..<layer.outputSize).map { Double(layer.bias[0, $0]) }
    }
  }

  func forward(_ input: [[Double]]) -> [[Double]] {
    var current = input
    for layer in weights.indices {
      let isLast = layer == weights.count - 1
      current = current.map { row in
        weights[layer].indices.map { out in
          var sum = biases[layer][out]
          for index in row.indices { sum += weights[layer][out][index] * row[index] }
          return isLast ? sum : max(sum, 0)
        }
      }
    }
    return current
  }
}

/// Sum of element-wise products, the scalar loss L = sum(output * probe) used by the checks.
func dot(_ a: [[Double]], _ b: [[Double]]) -> Double {
  var sum = 0.0
  for row in a.indices {
    for column in a[row].indices { sum += a[row][column] * b[row][column] }
  }
  return sum
}

/// Central difference (f(x + h) - f(x - h)) / 2h of `f` around a scalar perturbation.
func centralDifference(step: Double = 1e-6, _ f: (Double) -> Double) -> Double {
  (f(step) - f(-step)) / (2 * step)
}

/// |a - b| <= tolerance * max(1, |a|, |b|): relative for large values, absolute near zero.
func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * max(1e-2, abs(a), abs(b))
}

func randomMatrix(rows: Int, columns: Int, generator: inout RandomGenerator) -> Matrix {
  let matrix = Matrix(rows: rows, columns: columns)
  for index in 0..<matrix.count { matrix.pointer[index] = generator.nextNormal() }
  return matrix
}

func doubles(_ matrix: Matrix) -> [[Double]] {
  (0..<matrix.rows).map { row in (0..<matrix.columns).map { Double(matrix[row, $0]) } }
}
