import Foundation

/// CRC-32 (the zlib/PNG polynomial 0xEDB88320), so a file's checksum can be checked with
/// Python's `zlib.crc32` or `crc32` from the shell. Every single-bit flip and every burst of
/// up to 32 flipped bits changes it.
public enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
    return value
  }

  /// The checksum of `bytes`, continuing from `initial` (the checksum of what came before).
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing initial: UInt32 = 0) -> UInt32 {
    var crc = ~initial
    table.withUnsafeBufferPointer { table in
      for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
    return ~crc
  }

  /// The checksum of `data`.
  public static func checksum(_ data: Data) -> UInt32 {
    data.withUnsafeBytes { checksum($0) }
  }

  /// Eight lowercase hex digits.
  public static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }
}
