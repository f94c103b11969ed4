import Foundation

/// One tensor of a safetensors file: element type, shape and raw little-endian bytes.
public struct SafeTensor: Sendable, Equatable {
  /// Element types this package reads and writes (safetensors dtype strings).
  public enum DataType: String, Sendable {
    case float32 = "F32"
    case uint8 = "U8"

    /// Bytes per element.
    public var byteCount: Int {
      switch self {
      case .float32: return 4
      case .uint8: return 1
      }
    }
  }

  /// Element type.
  public var dataType: DataType
  /// Shape, outermost dimension first (row-major).
  public var shape: [Int]
  /// Raw element bytes, little-endian, `shape.product * dataType.byteCount` long.
  public var bytes: Data

  /// Number of elements, the product of `shape` (1 for a scalar).
  public var elementCount: Int { shape.reduce(1, *) }

  /// A float32 tensor holding `values` in row-major order.
  public init(shape: [Int], floats values: [Float]) {
    precondition(values.count == shape.reduce(1, *), "Shape does not match value count")
    dataType = .float32
    self.shape = shape
    #if _endian(little)
      bytes = values.withUnsafeBytes { Data($0) }
    #else
      var bytes = Data(capacity: values.count * 4)
      for value in values {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
      }
      self.bytes = bytes
    #endif
  }

  /// A float32 tensor with the elements of `matrix`, shaped `[rows, columns]`.
  public init(matrix: Matrix) {
    self.init(shape: [matrix.rows, matrix.columns], floats: matrix.toArray())
  }

  /// A uint8 tensor holding `values`.
  public init(shape: [Int], bytes values: [UInt8]) {
    precondition(values.count == shape.reduce(1, *), "Shape does not match value count")
    dataType = .uint8
    self.shape = shape
    bytes = Data(values)
  }

  /// Creates a tensor from already-encoded bytes (used by the reader).
  public init(dataType: DataType, shape: [Int], bytes: Data) {
    self.dataType = dataType
    self.shape = shape
    self.bytes = bytes
  }

  /// The elements as Float, decoded from little-endian bytes (float32 tensors only).
  public func floats() -> [Float] {
    let count = elementCount
    return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      copyFloats(into: buffer.baseAddress!)
      initialized = count
    }
  }

  /// Writes the elements into `matrix`, which must hold the same number of elements.
  public func copyFloats(into matrix: Matrix) {
    precondition(elementCount == matrix.count, "Tensor size mismatch")
    copyFloats(into: matrix.pointer)
  }

  /// Writes the `elementCount` elements to `destination` (float32 tensors only).
  public func copyFloats(into destination: UnsafeMutablePointer<Float>) {
    precondition(dataType == .float32, "Not a float32 tensor")
    precondition(bytes.count == elementCount * 4, "Tensor byte count mismatch")
    let count = elementCount
    guard count > 0 else { return }
    bytes.withUnsafeBytes { raw in
      #if _endian(little)
        UnsafeMutableRawPointer(destination).copyMemory(
          from: raw.baseAddress!, byteCount: count * 4)
      #else
        for index in 0..<count {
          let bits = raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
          destination[index] = Float(bitPattern: UInt32(littleEndian: bits))
        }
      #endif
    }
  }

  /// The elements as bytes (uint8 tensors only).
  public func uint8s() -> [UInt8] {
    precondition(dataType == .uint8, "Not a uint8 tensor")
    return [UInt8](bytes)
  }
}

/// A problem found while reading a safetensors file; the message names the file.
public struct SafeTensorsError: Error, CustomStringConvertible, LocalizedError {
  /// Path of the offending file.
  public let path: String
  /// What is wrong with it.
  public let reason: String

  /// An error about the file at `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// The message, "path: reason".
  public var description: String { "\(path): \(reason)" }
  /// The same message, for `localizedDescription`.
  public var errorDescription: String? { description }
}
