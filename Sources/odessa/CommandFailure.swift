/// A failure the CLI reports as "Error: <message>" with exit status 1 (ArgumentParser's way).
struct CommandFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
