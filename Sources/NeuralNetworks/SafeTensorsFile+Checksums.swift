import Foundation

extension SafeTensorsFile {
  /// The metadata key under which the writer records each tensor's CRC-32: a JSON object
  /// mapping tensor names to eight hex digits. Readers verify every tensor they load against
  /// it, so a flipped byte in a tensor is found even when only some tensors are read.
  public static let checksumKey = "crc32"

  /// `metadata` with this file's per-tensor checksums added.
  func metadataWithChecksums() -> [String: String] {
    var result = metadata
    let entries = tensors.keys.sorted().map { name in
      "\(Self.jsonString(name)):\"\(CRC32.hex(CRC32.checksum(tensors[name]!.bytes)))\""
    }
    result[Self.checksumKey] = "{" + entries.joined(separator: ",") + "}"
    return result
  }

  /// Checks every loaded tensor against the checksums recorded in the metadata, if any.
  static func verifyChecksums(_ file: SafeTensorsFile, path: String) throws {
    guard let text = file.metadata[checksumKey] else { return }
    guard let recorded = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else {
      throw SafeTensorsError(path: path, reason: "the checksum table in __metadata__ is damaged")
    }
    for (name, tensor) in file.tensors {
      guard let expected = recorded[name] else {
        throw SafeTensorsError(path: path, reason: "tensor '\(name)' has no recorded checksum (the header is damaged)")
      }
      let actual = CRC32.hex(CRC32.checksum(tensor.bytes))
      guard actual == expected else {
        throw SafeTensorsError(
          path: path, reason: "tensor '\(name)' fails its checksum (recorded \(expected), computed \(actual)): the file is damaged")
      }
    }
  }
}
