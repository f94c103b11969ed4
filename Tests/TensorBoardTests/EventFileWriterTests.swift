import Foundation
import Testing
import TestSupport
@testable import TensorBoard

@Suite struct EventFileWriterTests {
  @Test func crc32cMatchesTheStandardCheckValue() {
    // The check value of CRC-32C (RFC 3720, appendix B.4): "123456789" → 0xE3069283.
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
  }

  /// The records of a TFRecord file, each checked against its two masked checksums.
  static func records(_ data: Data) throws -> [[UInt8]] {
    let bytes = [UInt8](data)
    var records = [[UInt8]]()
    var offset = 0
    func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) } }
    while offset < bytes.count {
      let lengthBytes = Array(bytes[offset..<offset + 8])
      let length = lengthBytes.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
      #expect(u32(offset + 8) == CRC32C.masked(lengthBytes))
      let payload = Array(bytes[offset + 12..<offset + 12 + length])
      #expect(u32(offset + 12 + length) == CRC32C.masked(payload))
      records.append(payload)
      offset += 16 + length
    }
    return records
  }

  @Test func recordsDecodeBackToTheScalarsWritten() throws {
    let folder = URL(fileURLWithPath: RepositoryPaths.temporaryPath("tensorboard"))
    let writer = try EventFileWriter(folder: folder)
    try writer.write(step: 1000, scalars: [("charts/episodic_return", 12.5), ("losses/alpha", 0.25)])
    try writer.write(step: 2000, scalars: [("charts/episodic_return", -3)])
    try writer.sync()
    #expect(writer.url.lastPathComponent.hasPrefix("events.out.tfevents."))
    let records = try Self.records(Data(contentsOf: writer.url))
    #expect(records.count == 3)
    let events = try records.map { try Tensorboard_Event(serializedBytes: $0) }
    #expect(events[0].fileVersion == "brain.Event:2")
    #expect(events[1].step == 1000)
    #expect(events[1].summary.value.map(\.tag) == ["charts/episodic_return", "losses/alpha"])
    #expect(events[1].summary.value.map(\.simpleValue) == [12.5, 0.25])
    #expect(events[2].step == 2000 && events[2].summary.value[0].simpleValue == -3)
    // A second writer in the same second gets a file of its own.
    let second = try EventFileWriter(folder: folder)
    #expect(second.url != writer.url)
  }
}

@Suite struct ZeroValueTests {
  @Test func aZeroScalarIsStillWritten() throws {
    var value = Tensorboard_SummaryValue()
    value.tag = "eval/mean_return"
    value.simpleValue = 0
    let decoded = try Tensorboard_SummaryValue(serializedBytes: try value.serializedBytes() as [UInt8])
    #expect(decoded.value == .simpleValue(0))
  }
}
