import Foundation

/// Where the suite's model files are: $ODESSA_MODELS, else ./models, else the models folder of
/// the checkout the tool was built in (found from the executable's path).
enum ModelsFolder {
  static var `default`: String {
    if let path = ProcessInfo.processInfo.environment["ODESSA_MODELS"], !path.isEmpty { return path }
    let fileManager = FileManager.default
    if fileManager.fileExists(atPath: "models/walker.xml") { return "models" }
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    for _ in 0..<5 {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent("models")
      if fileManager.fileExists(atPath: candidate.appendingPathComponent("walker.xml").path) { return candidate.path }
    }
    return "models"
  }
}
