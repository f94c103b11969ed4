/// Element-wise loops of the training step, written with explicit 16-lane SIMD.
///
/// Swift cannot prove that two `UnsafeMutablePointer`s do not alias, so plain loops over them
/// often stay scalar. Each kernel has a SIMD body over `SIMD16<Float>` (loaded and stored
/// unaligned) and a scalar loop for the tail. Every operation is an IEEE add, multiply,
/// divide, square root or compare (no fused multiply-add) done in the same order in both, so
/// lane and scalar results are bit-identical.
///
/// Debug builds (`-Onone`) run the scalar loops only: unoptimised SIMD types are far slower
/// than scalar code, and the results are the same. `VectorKernelsTests` checks both paths.
package enum VectorKernels {
  package typealias Vector = SIMD16<Float>
  static let width = Vector.scalarCount

  /// Whether the kernels use their SIMD bodies by default (false in debug builds).
  #if DEBUG
    package static let usesSIMD = false
  #else
    package static let usesSIMD = true
  #endif

  @inline(__always)
  static func load(_ pointer: UnsafePointer<Float>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
  }

  @inline(__always)
  static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
  }

  /// Number of leading elements the SIMD body handles (a multiple of 16, or 0 in debug).
  @inline(__always)
  static func simdCount(_ count: Int, simd: Bool = usesSIMD) -> Int {
    simd ? count - count % width : 0
  }

  /// sums[c] = sum over rows r of matrix[r, c] (the bias gradient), rows added in order.
  package static func sumColumns(
    _ matrix: Matrix, into sums: UnsafeMutablePointer<Float>, simd: Bool = usesSIMD
  ) {
    let rows = matrix.rows
    let columns = matrix.columns
    let base = matrix.pointer
    let vectorColumns = simdCount(columns, simd: simd)
    for column in stride(from: 0, to: vectorColumns, by: width) {
      var accumulator = Vector()
      for row in 0..<rows { accumulator += load(base + row * columns + column) }
      store(accumulator, sums + column)
    }
    for column in vectorColumns..<columns {
      var accumulator: Float = 0
      for row in 0..<rows { accumulator += base[row * columns + column] }
      sums[column] = accumulator
    }
  }

  /// output[r, c] = max(output[r, c] + bias[c], 0) when `relu`, else output[r, c] + bias[c].
  package static func addBias(
    _ bias: UnsafePointer<Float>, to output: Matrix, relu: Bool, simd: Bool = usesSIMD
  ) {
    let columns = output.columns
    let vectorColumns = simdCount(columns, simd: simd)
    for row in 0..<output.rows {
      let values = output.rowPointer(row)
      for column in stride(from: 0, to: vectorColumns, by: width) {
        var sum = load(values + column) + load(bias + column)
        if relu { sum.replace(with: 0, where: .!(sum .> 0)) }
        store(sum, values + column)
      }
      for column in vectorColumns..<columns {
        let sum = values[column] + bias[column]
        values[column] = relu ? (sum > 0 ? sum : 0) : sum
      }
    }
  }

  /// gradient[i] = 0 wherever output[i] <= 0 (ReLU backward, mask from the output).
  package static func reluBackward(
    output: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int,
    simd: Bool = usesSIMD
  ) {
    let vectorCount = simdCount(count, simd: simd)
    for index in stride(from: 0, to: vectorCount, by: width) {
      var g = load(gradient + index)
      g.replace(with: 0, where: .!(load(output + index) .> 0))
      store(g, gradient + index)
    }
    for index in vectorCount..<count where !(output[index] > 0) {
      gradient[index] = 0
    }
  }

  /// target[i] = tau * source[i] + keep * target[i] (Polyak averaging, keep = 1 - tau).
  package static func polyak(
    target: UnsafeMutablePointer<Float>, source: UnsafePointer<Float>, count: Int,
    tau: Float, keep: Float, simd: Bool = usesSIMD
  ) {
    let vectorCount = simdCount(count, simd: simd)
    for index in stride(from: 0, to: vectorCount, by: width) {
      store(tau * load(source + index) + keep * load(target + index), target + index)
    }
    for index in vectorCount..<count {
      target[index] = tau * source[index] + keep * target[index]
    }
  }

  /// One Adam update of `count` elements; see `Adam` for the formula and the scalars.
  package static func adam(
    parameter p: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
    firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
    count: Int, oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float, stepSize: Float,
    biasCorrection2Root: Float, epsilon: Float, simd: Bool = usesSIMD
  ) {
    let vectorCount = simdCount(count, simd: simd)
    for index in stride(from: 0, to: vectorCount, by: width) {
      let gradient = load(g + index)
      let oldFirst = load(m + index)
      let first = oldFirst + oneMinusBeta1 * (gradient - oldFirst)
      let second = beta2 * load(v + index) + oneMinusBeta2 * gradient * gradient
      let denominator = second.squareRoot() / biasCorrection2Root + epsilon
      store(first, m + index)
      store(second, v + index)
      store(load(p + index) - stepSize * first / denominator, p + index)
    }
    for index in vectorCount..<count {
      let gradient = g[index]
      m[index] += oneMinusBeta1 * (gradient - m[index])
      v[index] = beta2 * v[index] + oneMinusBeta2 * gradient * gradient
      let denominator = v[index].squareRoot() / biasCorrection2Root + epsilon
      p[index] -= stepSize * m[index] / denominator
    }
  }
}
