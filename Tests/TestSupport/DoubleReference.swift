import Foundation
import NeuralNetworks
import Randomness

/// A float64 copy of an MLP's weights with a float64 forward pass: the reference that
/// finite-difference gradient checks perturb.
public struct DoubleMLP {
  /// Per layer: weight `[out][in]`.
  public var weights: [[[Double]]]
  /// Per layer: bias `[out]`.
  public var biases: [[Double]]

  /// Copies `network`'s weights.
  public init(_ network: MLP) {
    weights = network.layers.map { layer in
      (0..<layer.outputSize).map { row in
        (0..<layer.inputSize).map { Double(layer.weight[row, $0]) }
      }
    }
    biases = network.layers.map { layer in
      (0..<layer.outputSize).map { Double(layer.bias[0, $0]) }
    }
  }

  /// The output for one input row (ReLU between layers, none after the last).
  public func forward(_ row: [Double]) -> [Double] {
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

  /// The outputs for a batch of rows.
  public func forward(_ batch: [[Double]]) -> [[Double]] {
    batch.map { forward($0) }
  }

  /// Every parameter as (layer, isBias, row, column), for perturbation loops.
  public func parameterIndices() -> [(layer: Int, isBias: Bool, row: Int, column: Int)] {
    var result: [(Int, Bool, Int, Int)] = []
    for layer in weights.indices {
      for row in weights[layer].indices {
        for column in weights[layer][row].indices { result.append((layer, false, row, column)) }
        result.append((layer, true, row, 0))
      }
    }
    return result
  }

  /// A copy with one parameter moved by `h`.
  public func perturbed(_ index: (layer: Int, isBias: Bool, row: Int, column: Int), by h: Double)
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
public func storedGradient(
  _ network: MLP, _ index: (layer: Int, isBias: Bool, row: Int, column: Int)
) -> Double {
  let layer = network.layers[index.layer]
  return Double(
    index.isBias ? layer.biasGradient[0, index.row] : layer.weightGradient[index.row, index.column])
}

/// Central difference (f(h) - f(-h)) / 2h of `f` around a scalar perturbation.
public func centralDifference(step: Double = 1e-6, _ f: (Double) -> Double) -> Double {
  (f(step) - f(-step)) / (2 * step)
}

/// |a - b| <= tolerance * max(floor, |a|, |b|): relative for large values, absolute near zero.
public func close(_ a: Double, _ b: Double, tolerance: Double, floor: Double = 1e-2) -> Bool {
  abs(a - b) <= tolerance * max(floor, abs(a), abs(b))
}

/// Sum of element-wise products: the scalar loss L = sum(output * probe) of the checks.
public func dot(_ a: [[Double]], _ b: [[Double]]) -> Double {
  var sum = 0.0
  for row in a.indices {
    for column in a[row].indices { sum += a[row][column] * b[row][column] }
  }
  return sum
}

/// A matrix from rows.
public func matrix(_ rows: [[Float]]) -> Matrix {
  Matrix(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0 })
}

/// A matrix's values in float64.
public func doubles(_ matrix: Matrix) -> [[Double]] {
  (0..<matrix.rows).map { row in (0..<matrix.columns).map { Double(matrix[row, $0]) } }
}

/// A matrix of standard normal values from `generator`.
public func randomMatrix(rows: Int, columns: Int, generator: inout RandomGenerator) -> Matrix {
  let result = Matrix(rows: rows, columns: columns)
  generator.fillNormal(result.buffer)
  return result
}

/// Float64 log pi of the tanh-squashed Gaussian by the change of variables, independent of
/// the code under test: log N(u; mu, sigma) - log|da/du| with da/du = scale * sech(u)^2, and
/// log sech(u)^2 = -2 log cosh(u), finite for any |u| < 700.
public func referenceLogProbability(
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
