import CBLAS

/// Thin wrappers over OpenBLAS: the single-precision matrix product and the thread count.
///
/// All matrices are row-major. `gemm` computes `C = alpha * op(A) * op(B) + beta * C` where
/// `op(X)` is `X` or its transpose, `op(A)` is `m x k`, `op(B)` is `k x n` and `C` is `m x n`.
/// Leading dimensions (`lda`, `ldb`, `ldc`) are row strides in elements, which lets callers
/// address column blocks of a wider matrix without copying.
package enum BLAS {
  /// Number of threads OpenBLAS uses for subsequent calls.
  package static var threadCount: Int {
    Int(openblas_get_num_threads())
  }

  /// Sets the number of OpenBLAS worker threads (1 disables threading).
  package static func setThreadCount(_ count: Int) {
    openblas_set_num_threads(Int32(max(1, count)))
  }

  /// `C = alpha * op(A) * op(B) + beta * C` with explicit row strides.
  @inline(__always)
  package static func gemm(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor,
      transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k),
      alpha, a, blasint(lda), b, blasint(ldb),
      beta, c, blasint(ldc))
  }

  /// `C = alpha * op(A) * op(B) + beta * C` on whole matrices, shapes checked.
  package static func gemm(
    _ a: Matrix, transposeA: Bool = false,
    _ b: Matrix, transposeB: Bool = false,
    into c: Matrix, alpha: Float = 1, beta: Float = 0
  ) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kB = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kB && c.rows == m && c.columns == n, "gemm shape mismatch")
    gemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a.pointer, lda: a.columns, b: b.pointer, ldb: b.columns,
      beta: beta, c: c.pointer, ldc: c.columns)
  }
}
