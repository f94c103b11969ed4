import NeuralNetworks
import Testing
import TestSupport

/// The matrix type: row-major layout, copies, and the checked gemm wrapper.
struct MatrixTests {
  @Test func rowMajorLayout() {
    let matrix = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    #expect(matrix[1, 0] == 4)
    #expect(matrix.row(1) == [4, 5, 6])
    #expect(matrix.rowPointer(1).pointee == 4)
    let copy = matrix.clone()
    matrix[0, 0] = 9
    #expect(copy[0, 0] == 1)
    #expect(abs(copy.mean() - 3.5) < 1e-6)
  }

  @Test func gemmMatchesHandProduct() {
    let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    let b = Matrix(rows: 3, columns: 2, values: [7, 8, 9, 10, 11, 12])
    let c = Matrix(rows: 2, columns: 2)
    BLAS.gemm(a, b, into: c)
    #expect(c.toArray() == [58, 64, 139, 154])
    let d = Matrix(rows: 3, columns: 3)
    BLAS.gemm(a, transposeA: true, a, into: d)
    #expect(d.toArray() == [17, 22, 27, 22, 29, 36, 27, 36, 45])
  }
}
