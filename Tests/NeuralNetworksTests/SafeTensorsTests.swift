import Foundation
import NeuralNetworks
import Testing
import TestSupport

/// The safetensors reader and writer: round trip, a hand-assembled file, damaged files.
struct SafeTensorsTests {
  func temporaryURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("safetensors-tests-\(UUID().uuidString)")
      .appendingPathComponent(name)
  }

  @Test func roundTrip() throws {
    let file = SafeTensorsFile(
      tensors: [
        "layer.weight": SafeTensor(shape: [2, 3], floats: [1, 2, 3, -4, 5.5, .infinity]),
        "scalar": SafeTensor(shape: [], floats: [0.25]),
        "flags": SafeTensor(shape: [4], bytes: [0, 1, 1, 0]),
      ],
      metadata: ["format": "pt", "note": "quote \" and backslash \\"])
    let url = temporaryURL("model.safetensors")
    try file.write(to: url)
    let loaded = try SafeTensorsFile.read(from: url)
    #expect(loaded.tensors == file.tensors)
    #expect(loaded.metadata == file.metadata)
    #expect(loaded.tensors["layer.weight"]?.floats() == [1, 2, 3, -4, 5.5, .infinity])
    let raw = try Data(contentsOf: url)
    let headerLength = raw.prefix(8).enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    #expect(headerLength % 8 == 0)
  }

  @Test func readsHandAssembledFile() throws {
    let header = #"{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    var bytes: [UInt8] = []
    let length = UInt64(header.utf8.count)
    for shift in stride(from: 0, to: 64, by: 8) {
      bytes.append(UInt8((length >> UInt64(shift)) & 0xFF))
    }
    bytes += Array(header.utf8)
    bytes += [0x00, 0x00, 0x80, 0x3F]  // 1.0 little-endian
    bytes += [0x00, 0x00, 0x00, 0xC0]  // -2.0 little-endian
    let file = try SafeTensorsFile.decode(Data(bytes), path: "hand.safetensors")
    #expect(file.metadata == ["k": "v"])
    #expect(file.tensors["w"]?.shape == [2])
    #expect(file.tensors["w"]?.floats() == [1, -2])
  }

  func expectFailure(_ data: Data, mentions fragment: String) {
    do {
      _ = try SafeTensorsFile.decode(data, path: "/tmp/bad.safetensors")
      Issue.record("expected a failure mentioning \(fragment)")
    } catch let error as SafeTensorsError {
      #expect(error.description.contains("/tmp/bad.safetensors"))
      #expect(error.description.contains(fragment), "message was: \(error.description)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  func assemble(header: String, payload: [UInt8]) -> Data {
    var data = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: Array(header.utf8))
    data.append(contentsOf: payload)
    return data
  }

  @Test func rejectsDamagedFiles() {
    let good = SafeTensorsFile(tensors: ["w": SafeTensor(shape: [2, 2], floats: [1, 2, 3, 4])])
      .encoded()
    expectFailure(good.prefix(5), mentions: "too short")
    expectFailure(good.prefix(20), mentions: "header length")
    expectFailure(good.dropLast(4), mentions: "w")
    expectFailure(good + Data([1, 2, 3, 4]), mentions: "size mismatch")
    expectFailure(assemble(header: "{not json", payload: []), mentions: "not valid JSON")
    expectFailure(
      assemble(header: #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#,
        payload: Array(repeating: 0, count: 8)),
      mentions: "unsupported dtype F64")
    expectFailure(
      assemble(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
        payload: Array(repeating: 0, count: 8)),
      mentions: "needs 12 bytes")
    expectFailure(
      assemble(header: #"{"w":{"dtype":"F32","shape":[2]}}"#, payload: []),
      mentions: "data_offsets")
    // A shape whose product overflows is an error, not a trap.
    expectFailure(
      assemble(header: #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#,
        payload: Array(repeating: 0, count: 8)),
      mentions: "too large")
    // A flipped bit in a tensor's data fails its recorded checksum.
    var flipped = good
    flipped[flipped.count - 3] ^= 0x10
    expectFailure(flipped, mentions: "fails its checksum")
  }
}
