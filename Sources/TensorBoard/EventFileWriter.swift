import Foundation
import SwiftProtobuf

/// A TensorBoard event file (`events.out.tfevents.TIME.HOST`) of scalar summaries: each
/// record an `Event` message, encoded by swift-protobuf, in TFRecord framing (length, masked
/// CRC-32C of the length, the bytes, masked CRC-32C of the bytes). Records are appended and
/// flushed to disk on `sync()`; a crash loses at most the records since the last sync.
public final class EventFileWriter {
  /// The file.
  public let url: URL
  private let handle: FileHandle

  /// Creates a new event file in `folder` (made if missing), named the way TensorBoard
  /// expects, and writes its version record.
  public init(folder: URL, now: Date = Date()) throws {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw TensorBoardError("cannot create \(folder.path): \(error.localizedDescription)")
    }
    let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
    var name = "events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(host)"
    var serial = 1
    while FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
      serial += 1
      name = "events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(host).\(serial)"
    }
    url = folder.appendingPathComponent(name)
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw TensorBoardError("cannot create \(url.path)")
    }
    do {
      handle = try FileHandle(forWritingTo: url)
    } catch {
      throw TensorBoardError("cannot open \(url.path): \(error.localizedDescription)")
    }
    var version = Tensorboard_Event()
    version.wallTime = now.timeIntervalSince1970
    version.fileVersion = "brain.Event:2"
    try append(version)
    try sync()
  }

  deinit {
    try? handle.close()
  }

  /// Appends one event holding `scalars` (tag, value) at `step`.
  public func write(step: Int, scalars: [(tag: String, value: Double)], wallTime: Date = Date()) throws {
    guard !scalars.isEmpty else { return }
    var event = Tensorboard_Event()
    event.wallTime = wallTime.timeIntervalSince1970
    event.step = Int64(step)
    var summary = Tensorboard_Summary()
    summary.value = scalars.map { scalar in
      var value = Tensorboard_SummaryValue()
      value.tag = scalar.tag
      value.simpleValue = Float(scalar.value)
      return value
    }
    event.summary = summary
    try append(event)
  }

  /// Flushes the records written so far to disk.
  public func sync() throws {
    do {
      try handle.synchronize()
    } catch {
      throw TensorBoardError("cannot flush \(url.path): \(error.localizedDescription)")
    }
  }

  private func append(_ event: Tensorboard_Event) throws {
    let payload: [UInt8]
    do {
      payload = try event.serializedBytes()
    } catch {
      throw TensorBoardError("cannot encode an event for \(url.path): \(error)")
    }
    try handle.write(contentsOf: Self.record(payload))
  }

  /// One TFRecord: the payload framed by its length and the two masked checksums.
  package static func record(_ payload: [UInt8]) -> Data {
    var bytes = [UInt8]()
    bytes.reserveCapacity(payload.count + 16)
    let length = withUnsafeBytes(of: UInt64(payload.count).littleEndian, Array.init)
    bytes += length
    bytes += withUnsafeBytes(of: CRC32C.masked(length).littleEndian, Array.init)
    bytes += payload
    bytes += withUnsafeBytes(of: CRC32C.masked(payload).littleEndian, Array.init)
    return Data(bytes)
  }
}

/// A TensorBoard file could not be written; the message names the file.
public struct TensorBoardError: Error, CustomStringConvertible {
  /// What went wrong.
  public var description: String
  init(_ description: String) { self.description = description }
}
