/// A row-major matrix of 32-bit floats that owns stable storage.
///
/// Element (r, c) lives at `pointer[r * columns + c]`. The storage is allocated once in `init`
/// and never moves or grows, so pointers into it stay valid for the matrix's lifetime. The
/// BLAS wrappers and the preallocated training workspaces rely on that: a training step reads
/// and writes existing matrices and allocates nothing.
///
/// `Matrix` is a reference type on purpose: a workspace hands the same buffer to several
/// layers, and a copy would defeat the point of preallocating.
public final class Matrix {
  /// Number of rows (for activations: the batch size).
  public let rows: Int
  /// Number of columns (for activations: the feature count).
  public let columns: Int
  /// Start of the `rows * columns` owned elements.
  package let pointer: UnsafeMutablePointer<Float>

  /// Total number of elements, `rows * columns`.
  public var count: Int { rows * columns }

  /// The whole storage as a buffer pointer.
  package var buffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }

  /// Creates a `rows x columns` matrix with every element set to `value`.
  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
    self.rows = rows
    self.columns = columns
    pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(rows * columns, 1))
    pointer.initialize(repeating: value, count: max(rows * columns, 1))
  }

  /// Creates a matrix from row-major `values`; `values.count` must equal `rows * columns`.
  public convenience init(rows: Int, columns: Int, values: [Float]) {
    precondition(values.count == rows * columns, "Expected \(rows * columns) values")
    self.init(rows: rows, columns: columns)
    values.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      pointer.update(from: base, count: values.count)
    }
  }

  deinit {
    pointer.deallocate()
  }

  /// Element at row `row`, column `column`.
  @inline(__always)
  public subscript(row: Int, column: Int) -> Float {
    get { pointer[row * columns + column] }
    set { pointer[row * columns + column] = newValue }
  }

  /// Pointer to the first element of row `row`.
  @inline(__always)
  package func rowPointer(_ row: Int) -> UnsafeMutablePointer<Float> {
    pointer + row * columns
  }

  /// The elements in row-major order.
  public func toArray() -> [Float] {
    Array(buffer)
  }

  /// Row `row` as an array.
  public func row(_ row: Int) -> [Float] {
    Array(UnsafeBufferPointer(start: rowPointer(row), count: columns))
  }

  /// Overwrites every element with `value`.
  public func fill(_ value: Float) {
    pointer.update(repeating: value, count: count)
  }

  /// Copies the elements of `other`, which must have the same shape.
  public func copy(from other: Matrix) {
    precondition(rows == other.rows && columns == other.columns, "Matrix shape mismatch")
    pointer.update(from: other.pointer, count: count)
  }

  /// Copies row-major `values`; `values.count` must equal `count`.
  public func copy(from values: [Float]) {
    precondition(values.count == count, "Expected \(count) values, got \(values.count)")
    values.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      pointer.update(from: base, count: count)
    }
  }

  /// A new matrix with the same shape and elements.
  public func clone() -> Matrix {
    let result = Matrix(rows: rows, columns: columns)
    result.copy(from: self)
    return result
  }

  /// Mean of all elements, accumulated in Double.
  public func mean() -> Float {
    guard count > 0 else { return 0 }
    var sum = 0.0
    for index in 0..<count { sum += Double(pointer[index]) }
    return Float(sum / Double(count))
  }
}
