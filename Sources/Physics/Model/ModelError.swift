/// A problem in a model file: where it is (file and line) and what was expected.
public struct ModelError: Error, Sendable, CustomStringConvertible, Equatable {
  public var file: String
  public var line: Int
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
