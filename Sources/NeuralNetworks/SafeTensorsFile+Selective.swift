import Foundation

extension SafeTensorsFile {
  /// Reads the header and then only the tensors whose names `only` accepts, each from its own
  /// byte range: a policy can be loaded from a file of critics and optimiser state without
  /// reading them. The header is checked as in `read(from:)`, including that the tensors cover
  /// the data block exactly.
  public static func read(from url: URL, only: (String) -> Bool) throws -> SafeTensorsFile {
    func failure(_ reason: String) -> SafeTensorsError {
      SafeTensorsError(path: url.path, reason: reason)
    }
    let handle: FileHandle
    do {
      handle = try FileHandle(forReadingFrom: url)
    } catch {
      throw failure("cannot read file (\(error.localizedDescription))")
    }
    defer { try? handle.close() }
    func bytes(at offset: UInt64, count: Int) throws -> Data {
      do {
        try handle.seek(toOffset: offset)
        let data = try handle.read(upToCount: count) ?? Data()
        guard data.count == count else {
          throw failure("file ends before byte \(offset + UInt64(count)) (truncated?)")
        }
        return data
      } catch let error as SafeTensorsError {
        throw error
      } catch {
        throw failure("cannot read file (\(error.localizedDescription))")
      }
    }
    let fileSize: UInt64
    do {
      fileSize = try handle.seekToEnd()
    } catch {
      throw failure("cannot read file (\(error.localizedDescription))")
    }
    guard fileSize >= 8 else {
      throw failure("file is \(fileSize) bytes, too short for the 8-byte header length")
    }
    let headerLength = try bytes(at: 0, count: 8).withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
    }
    guard headerLength <= fileSize - 8 else {
      throw failure("header length \(headerLength) exceeds the \(fileSize - 8) bytes after it (truncated?)")
    }
    let headerData = try bytes(at: 8, count: Int(headerLength))
    let dataStart = 8 + headerLength
    return try assemble(
      header: headerData, dataLength: Int(fileSize - dataStart), path: url.path, only: only,
      bytes: { try bytes(at: dataStart + UInt64($0.begin), count: $0.end - $0.begin) })
  }
}
