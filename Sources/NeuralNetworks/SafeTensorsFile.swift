import Foundation

/// Reads and writes the safetensors format (huggingface/safetensors).
///
/// Layout: 8-byte little-endian UInt64 N, then N bytes of UTF-8 JSON, then the data block.
/// The JSON maps each tensor name to `{"dtype": "F32", "shape": [..], "data_offsets": [b, e]}`
/// (byte offsets relative to the start of the data block) and may hold `"__metadata__"`, a
/// string-to-string map. The writer sorts tensors by name, packs them without gaps and pads the
/// header with spaces to a multiple of 8 bytes.
public struct SafeTensorsFile: Sendable {
  /// Tensors by name.
  public var tensors: [String: SafeTensor]
  /// Free-form string metadata (`__metadata__`).
  public var metadata: [String: String]

  /// A file with these tensors and metadata (none by default).
  public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The encoded file contents.
  public func encoded() -> Data {
    let metadata = metadataWithChecksums()
    var header = "{"
    var entries: [String] = []
    if !metadata.isEmpty {
      let fields = metadata.keys.sorted().map {
        "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))"
      }
      entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
    }
    var offset = 0
    let names = tensors.keys.sorted()
    for name in names {
      let tensor = tensors[name]!
      let end = offset + tensor.bytes.count
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append(
        "\(Self.jsonString(name)):{\"dtype\":\"\(tensor.dataType.rawValue)\","
          + "\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    header += entries.joined(separator: ",") + "}"
    var headerBytes = Data(header.utf8)
    while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
    var data = Data(capacity: 8 + headerBytes.count + offset)
    withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(headerBytes)
    for name in names { data.append(tensors[name]!.bytes) }
    return data
  }

  /// Writes the file atomically (temporary file + rename).
  public func write(to url: URL) throws {
    try AtomicFile.write(encoded(), to: url)
  }

  /// Reads and validates a file; errors name the file and the problem.
  public static func read(from url: URL) throws -> SafeTensorsFile {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw SafeTensorsError(path: url.path, reason: "cannot read file (\(error))")
    }
    return try decode(data, path: url.path)
  }

  /// Decodes file contents; `path` is only used in error messages.
  public static func decode(_ data: Data, path: String) throws -> SafeTensorsFile {
    func failure(_ reason: String) -> SafeTensorsError {
      SafeTensorsError(path: path, reason: reason)
    }
    guard data.count >= 8 else {
      throw failure("file is \(data.count) bytes, too short for the 8-byte header length")
    }
    let headerLength = data.withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
    }
    guard headerLength <= UInt64(data.count - 8) else {
      throw failure(
        "header length \(headerLength) exceeds the \(data.count - 8) bytes after it (truncated?)")
    }
    let dataStart = 8 + Int(headerLength)
    let headerData = data.subdata(in: (data.startIndex + 8)..<(data.startIndex + dataStart))
    let start = data.startIndex + dataStart
    return try assemble(
      header: headerData, dataLength: data.count - dataStart, path: path, only: { _ in true },
      bytes: { data.subdata(in: (start + $0.begin)..<(start + $0.end)) })
  }

  /// Parses and checks a header against a data block of `dataLength` bytes, takes the bytes of
  /// each tensor `only` accepts from `bytes`, and verifies their recorded checksums.
  static func assemble(
    header headerData: Data, dataLength: Int, path: String, only: (String) -> Bool,
    bytes: (Entry) throws -> Data
  ) throws -> SafeTensorsFile {
    func failure(_ reason: String) -> SafeTensorsError {
      SafeTensorsError(path: path, reason: reason)
    }
    guard let parsed = try? JSONSerialization.jsonObject(with: headerData) else {
      throw failure("header is not valid JSON")
    }
    guard let header = parsed as? [String: Any] else {
      throw failure("header JSON is not an object")
    }
    var result = SafeTensorsFile()
    var largestEnd = 0
    for (name, value) in header {
      if name == "__metadata__" {
        guard let metadata = value as? [String: String] else {
          throw failure("__metadata__ must map strings to strings")
        }
        result.metadata = metadata
        continue
      }
      let entry = try decodeEntry(name: name, entry: value, dataLength: dataLength, failure: failure)
      largestEnd = max(largestEnd, entry.end)
      if only(name) {
        result.tensors[name] = SafeTensor(dataType: entry.dataType, shape: entry.shape, bytes: try bytes(entry))
      }
    }
    guard largestEnd == dataLength else {
      throw failure(
        "data block is \(dataLength) bytes but the tensors cover \(largestEnd) (size mismatch)")
    }
    try verifyChecksums(result, path: path)
    result.metadata[checksumKey] = nil
    return result
  }

  /// One header entry, checked: its dtype, shape and byte range inside the data block.
  struct Entry {
    var dataType: SafeTensor.DataType
    var shape: [Int]
    var begin: Int
    var end: Int
  }

  static func decodeEntry(
    name: String, entry: Any, dataLength: Int, failure: (String) -> SafeTensorsError
  ) throws -> Entry {
    guard let fields = entry as? [String: Any] else {
      throw failure("tensor '\(name)': entry is not a JSON object")
    }
    guard let dtypeName = fields["dtype"] as? String else {
      throw failure("tensor '\(name)': missing dtype")
    }
    guard let dataType = SafeTensor.DataType(rawValue: dtypeName) else {
      throw failure("tensor '\(name)': unsupported dtype \(dtypeName)")
    }
    guard let shapeValues = fields["shape"] as? [Any],
      let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 })
    else {
      throw failure("tensor '\(name)': shape must be a list of non-negative integers")
    }
    guard let offsetValues = fields["data_offsets"] as? [Any],
      let offsets = integers(offsetValues), offsets.count == 2
    else {
      throw failure("tensor '\(name)': data_offsets must be two integers")
    }
    let (begin, end) = (offsets[0], offsets[1])
    guard begin >= 0, begin <= end, end <= dataLength else {
      throw failure(
        "tensor '\(name)': data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data")
    }
    var expected = dataType.byteCount
    for dimension in shape {
      let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw failure("tensor '\(name)': shape \(shape) is too large") }
      expected = product
    }
    guard end - begin == expected else {
      throw failure(
        "tensor '\(name)': shape \(shape) needs \(expected) bytes but offsets give \(end - begin)")
    }
    return Entry(dataType: dataType, shape: shape, begin: begin, end: end)
  }

  private static func integers(_ values: [Any]) -> [Int]? {
    var result: [Int] = []
    for value in values {
      guard let number = value as? NSNumber else { return nil }
      let integer = number.intValue
      guard Double(integer) == number.doubleValue else { return nil }
      result.append(integer)
    }
    return result
  }

  static func jsonString(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        if scalar.value < 0x20 {
          result += String(format: "\\u%04x", scalar.value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
