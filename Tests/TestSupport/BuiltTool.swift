import Foundation

/// The `odessa` executable that `swift build` made, found through
/// `swift build --show-bin-path` (so no platform triple is written into the tests).
public enum BuiltTool {
  /// The executable's path, or nil when it has not been built.
  public static let path: String? = {
    let root = RepositoryPaths.root
    if let folder = binPath(root: root) {
      let candidate = URL(fileURLWithPath: folder).appendingPathComponent("odessa").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// Asks SwiftPM where the debug build's products are.
  static func binPath(root: URL) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "build", "--show-bin-path"]
    process.currentDirectoryURL = root
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.split(separator: "\n").last.map(String.init)
  }
}
