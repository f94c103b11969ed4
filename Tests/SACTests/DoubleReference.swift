import Randomness
import Foundation
import NeuralNetworks
import SAC

/// A float64 copy of an MLP's weights with a float64 forward pass (finite-difference reference).
struct DoubleMLP {
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

  func forward(_ row: [Double]) -> [Double] {
    var current = row
    for layer in weights.indices {
      let isLast = layer == weights.count - 1
      current = weights[layer].indices.map { out in
        var sum = biases[layer][out]
        for index in current.indices { sum += weights[layer][out][index] * current[index] }
        return isLast ? sum : max(sum, 0)
      }
    }
    return current
  }

  /// Visits every parameter as (layer, isBias, row, column) for perturbation loops.
  func parameterIndices() -> [(layer: Int, isBias: Bool, row: Int, column: Int)] {
    var result: [(Int, Bool, Int, Int)] = []
    for layer in weights.indices {
      for row in weights[layer].indices {
        for column in weights[layer][row].indices { result.append((layer, false, row, column)) }
        result.append((layer, true, row, 0))
      }
    }
    return result
  }

  func perturbed(_ index: (layer: Int, isBias: Bool, row: Int, column: Int), by h: Double)
    -> DoubleMLP
  {
    var copy = self
    if index.isBias {
      copy.biases[index.layer][index.row] += h
    } else {
      copy.weights[index.layer][index.row][index.column] += h
    }
    return copy
  }
}

/// The analytic gradient the network stored for a parameter index.
func storedGradient(
  _ network: MLP, _ index: (layer: Int, isBias: Bool, row: Int, column: Int)
) -> Double {
  let layer = network.layers[index.layer]
  return Double(
    index.isBias ? layer.biasGradient[0, index.row] : layer.weightGradient[index.row, index.column])
}

func centralDifference(step: Double = 1e-6, _ f: (Double) -> Double) -> Double {
  (f(step) - f(-step)) / (2 * step)
}

/// |a - b| <= tolerance * max(floor, |a|, |b|).
func close(_ a: Double, _ b: Double, tolerance: Double, floor: Double = 1e-2) -> Bool {
  abs(a - b) <= tolerance * max(floor, abs(a), abs(b))
}

func matrix(_ rows: [[Float]]) -> Matrix {
  Matrix(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0 })
}

func doubles(_ matrix: Matrix) -> [[Double]] {
  (0..<matrix.rows).map { row in (0..<matrix.columns).map { Double(matrix[row, $0]) } }
}

func randomMatrix(rows: Int, columns: Int, generator: inout RandomGenerator) -> Matrix {
  let result = Matrix(rows: rows, columns: columns)
  generator.fillNormal(result.buffer)
  return result
}

/// Float64 log pi of the squashed Gaussian by the change of variables, independent of
/// `SquashedGaussian`: log N(u; mu, sigma) - log|da/du| with da/du = scale * sech(u)^2,
/// and log sech(u)^2 = -2 log cosh(u), finite for any |u| < 700.
func referenceLogProbability(
  mu: [Double], logStd: [Double], u: [Double], scale: [Double]
) -> Double {
  var total = 0.0
  for i in mu.indices {
    let sigma = exp(logStd[i])
    let z = (u[i] - mu[i]) / sigma
    let logNormal = -0.5 * z * z - log(sigma) - 0.5 * log(2 * Double.pi)
    let logJacobian = log(scale[i]) - 2 * log(cosh(u[i]))
    total += logNormal - logJacobian
  }
  return total
}
