import Foundation

/// A JSON decoding error in a few words ("missing field 'steps'", "field 'seed': expected a
/// number"), instead of Foundation's debugging dump.
public func describeDecodingError(_ error: any Error) -> String {
  func path(_ codingPath: [any CodingKey]) -> String {
    let keys = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
    return keys.isEmpty ? "the top level" : "field '" + keys.joined(separator: ".") + "'"
  }
  func path(_ context: DecodingError.Context) -> String { path(context.codingPath) }
  guard let error = error as? DecodingError else { return "not valid JSON" }
  switch error {
  case .keyNotFound(let key, let context):
    return "missing \(path(context.codingPath + [key]))"
  case .typeMismatch(let type, let context):
    return "\(path(context)): expected \(type)"
  case .valueNotFound(let type, let context):
    return "\(path(context)): expected \(type), found null"
  case .dataCorrupted(let context):
    return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
  @unknown default:
    return "not valid JSON"
  }
}
