import Foundation

/// Where the repository's files are, seen from the tests.
public enum RepositoryPaths {
  /// The repository's root folder.
  public static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  /// The suite's model files.
  public static var models: String { root.appendingPathComponent("models").path }

  /// A model file of the suite, by name without ".xml".
  public static func model(_ name: String) -> String {
    root.appendingPathComponent("models/\(name).xml").path
  }

  /// A fresh path in the temporary folder (not created).
  public static func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("odessa-\(name)-\(UUID().uuidString)").path
  }
}
