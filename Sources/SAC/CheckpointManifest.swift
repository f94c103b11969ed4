import Foundation
import NeuralNetworks

/// `checksums.json`, written last into a checkpoint folder: the size of every file and the
/// CRC-32 of the JSON files. Loading checks the sizes (a truncated or missing file) and the
/// JSON checksums (a flipped digit in a counter still parses); the safetensors files carry a
/// checksum per tensor in their own header. A checkpoint without a manifest is from an older
/// format and loads unverified.
public enum CheckpointManifest {
  /// The manifest's file name.
  public static let file = "checksums.json"

  struct Entry: Codable {
    var bytes: Int
    var crc32: String?
  }

  /// Records every regular file in `folder` (but the manifest itself), durably.
  public static func write(folder: URL) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0 != file && !$0.hasPrefix(".") }.sorted()
    var entries = [String: Entry]()
    for name in names {
      let url = folder.appendingPathComponent(name)
      if name.hasSuffix(".json") {
        guard let data = FileManager.default.contents(atPath: url.path) else {
          throw FileError(path: url.path, reason: "cannot read back to record its checksum")
        }
        entries[name] = Entry(bytes: data.count, crc32: CRC32.hex(CRC32.checksum(data)))
      } else {
        entries[name] = Entry(bytes: try size(url), crc32: nil)
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(entries), to: folder.appendingPathComponent(file))
  }

  /// Whether `folder` has a manifest.
  public static func exists(in folder: URL) -> Bool {
    FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path)
  }

  /// Checks `name` in `folder` against the manifest (its size, and its checksum when
  /// recorded); does nothing when the folder has no manifest.
  public static func verify(_ name: String, in folder: URL) throws {
    let manifestURL = folder.appendingPathComponent(file)
    guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return }
    guard let entries = try? JSONDecoder().decode([String: Entry].self, from: data) else {
      throw CheckpointError(path: manifestURL.path, reason: "the checksum manifest is damaged")
    }
    let url = folder.appendingPathComponent(name)
    guard let entry = entries[name] else {
      throw CheckpointError(path: url.path, reason: "is not listed in \(file) (the checkpoint is incomplete or damaged)")
    }
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw CheckpointError(path: url.path, reason: "is missing")
    }
    let bytes = try size(url)
    guard bytes == entry.bytes else {
      throw CheckpointError(path: url.path, reason: "is \(bytes) bytes, but \(entry.bytes) were written (truncated or damaged)")
    }
    if let expected = entry.crc32 {
      guard let contents = FileManager.default.contents(atPath: url.path) else {
        throw CheckpointError(path: url.path, reason: "cannot be read")
      }
      let actual = CRC32.hex(CRC32.checksum(contents))
      guard actual == expected else {
        throw CheckpointError(path: url.path, reason: "fails its checksum (recorded \(expected), computed \(actual)): the file is damaged")
      }
    }
  }

  static func size(_ url: URL) throws -> Int {
    var status = stat()
    guard stat(url.path, &status) == 0 else { throw FileError.system(url.path, "cannot read its size") }
    return Int(status.st_size)
  }
}
