import Foundation
import NeuralNetworks

/// Text for people, written so that a closed pipe or terminal never stops the program (with
/// SIGPIPE ignored a failed write is just dropped) and a name from a model file can never
/// reach the terminal as a control sequence.
public enum Terminal {
  /// Writes `text` to standard output, dropping it if the stream is closed.
  public static func standardOutput(_ text: String) {
    write(text, to: STDOUT_FILENO)
  }

  /// Writes `text` to standard error, dropping it if the stream is closed.
  public static func standardError(_ text: String) {
    write(text, to: STDERR_FILENO)
  }

  /// Writes `text` to `descriptor`; stops quietly at the first failure (EPIPE).
  static func write(_ text: String, to descriptor: Int32) {
    _ = Array(text.utf8).withUnsafeBytes { AtomicFile.writeAll($0, to: descriptor) }
  }

  /// `text` with control characters (escape sequences, carriage returns, bells) shown as
  /// `\u{…}` instead of acting on the terminal; line breaks and tabs stay.
  public static func clean(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\t" || (scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value)) {
        result.unicodeScalars.append(scalar)
      } else {
        result += "\\u{\(String(scalar.value, radix: 16))}"
      }
    }
    return result
  }
}
