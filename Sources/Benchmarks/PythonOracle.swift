import Foundation

/// A Python script used as an oracle by a benchmark (MuJoCo, Box2D): one JSON object in on
/// standard input, one JSON object out on standard output.
enum PythonOracle {
  /// Runs `script` with `python`, `input` on standard input; returns its decoded answer. A missing
  /// Python names `installHint`; a failing script is reported with its last lines of errors.
  static func run(python: String, script: String, input: [String: Any], installHint: String) throws -> [String: Any] {
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw BenchmarkError("no Python at \(python): \(installHint)")
    }
    guard FileManager.default.fileExists(atPath: script) else { throw BenchmarkError("the oracle script \(script) is missing") }
    let data = try JSONSerialization.data(withJSONObject: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script]
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Write on another thread, so a large answer cannot block on a full pipe while we write.
    let writer = Thread {
      stdin.fileHandleForWriting.write(data)
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let answer = try? JSONSerialization.jsonObject(with: output) as? [String: Any]
    else {
      throw BenchmarkError("\(script) failed (status \(process.terminationStatus)): "
        + String(decoding: errors, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | "))
    }
    return answer
  }
}
