/// A problem in a model file: where it is (file and line) and what was expected.
public struct ModelError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The file the problem is in.
  public var file: String
  /// 1-based line of the problem; 0 when it concerns the whole file.
  public var line: Int
  /// What is wrong, or what was expected.
  public var message: String

  /// A problem at `line` of `file`.
  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// The message, "file:line: message" (without the line when it is 0).
  public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
