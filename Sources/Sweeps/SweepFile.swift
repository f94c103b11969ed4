import Foundation
import Yams

/// A sweep written as a YAML file (`odessa sweep --file grid.yaml`):
///
///     tasks: [walker-walk, cheetah-run]   # or one per line with "- "
///     seeds: 0-4                          # or [0, 1, 2], or 0-2,10
///     set:                                # the settings to vary, each a list of values
///       actor-lr: [3e-4, 1e-3]
///       batch-size: [256, 512]
///     steps: 100000                       # any other key: a train flag every run shares
///     hidden-sizes: 256x256
public struct SweepFile: Sendable {
  /// The tasks.
  public var tasks: [String]
  /// The seeds.
  public var seeds: [UInt64]
  /// The varied settings, in the file's order.
  public var varied: [VariedSetting]
  /// The shared settings: (train flag, value as written), in the file's order.
  public var shared: [(flag: String, text: String)]

  /// Reads and checks the file; errors name the file, the line and what was expected.
  public init(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw SweepError.grid("cannot read the sweep file \(path)")
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      throw SweepError.grid("\(path): not valid YAML: \(error)")
    }
    guard let mapping = root?.mapping else {
      throw SweepError.grid("\(path): expected a mapping with tasks:, seeds: and optionally set: and train settings")
    }
    func place(_ node: Node) -> String { node.mark.map { "\(path):\($0.line)" } ?? path }
    func scalars(_ node: Node, _ key: String) throws -> [String] {
      if let scalar = node.scalar { return [scalar.string] }
      guard let sequence = node.sequence else {
        throw SweepError.grid("\(place(node)): \(key) must be a value or a list of values")
      }
      return try sequence.map { item in
        guard let scalar = item.scalar else { throw SweepError.grid("\(place(item)): \(key) must list plain values") }
        return scalar.string
      }
    }
    var tasks: [String]?, seeds: [UInt64]?, varied = [VariedSetting](), shared = [(flag: String, text: String)]()
    for (keyNode, value) in mapping {
      guard let key = keyNode.scalar?.string else { throw SweepError.grid("\(place(keyNode)): keys must be plain names") }
      switch key {
      case "tasks":
        tasks = try scalars(value, key).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
      case "seeds":
        do {
          seeds = try parseSeeds(try scalars(value, key).joined(separator: ","))
        } catch {
          throw SweepError.grid("\(place(value)): seeds: \(error)")
        }
      case "set":
        guard let settings = value.mapping else {
          throw SweepError.grid("\(place(value)): set: expected a mapping of setting names to lists of values")
        }
        for (name, values) in settings {
          guard let flag = name.scalar?.string else { throw SweepError.grid("\(place(name)): set: keys must be setting names") }
          let texts = try scalars(values, flag)
          guard SweepSettings.flags.contains(flag) else {
            throw SweepError.grid("\(place(name)): unknown setting '\(flag)'; a sweep can set: " + SweepSettings.flags.joined(separator: ", "))
          }
          varied.append(VariedSetting(flag: flag, values: texts))
        }
      default:
        guard let scalar = value.scalar else { throw SweepError.grid("\(place(value)): \(key) must be one value") }
        guard SweepSettings.flags.contains(key) else {
          throw SweepError.grid("\(place(keyNode)): unknown key '\(key)'; expected tasks, seeds, set, or a train setting: "
            + SweepSettings.flags.joined(separator: ", "))
        }
        shared.append((key, scalar.string))
      }
    }
    guard let tasks else { throw SweepError.grid("\(path): the file names no tasks (add tasks: [TASK, …])") }
    guard let seeds else { throw SweepError.grid("\(path): the file names no seeds (add seeds: 0-4)") }
    self.tasks = tasks
    self.seeds = seeds
    self.varied = varied
    self.shared = shared
  }
}
