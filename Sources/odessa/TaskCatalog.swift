import Foundation
import Physics
import Environments

/// What `odessa list` shows: every suite task with its sizes, the task families, and the model
/// files found in a folder.
enum TaskCatalog {
  /// A printable listing.
  static func listing(modelsFolder: String) -> String {
    var lines = ["suite tasks (observation size, action size, steps per episode):"]
    let nameWidth = (Suite.entries.map(\.name.count).max() ?? 16) + 2
    for entry in Suite.entries {
      do {
        let environment = try Suite.environment(entry.name, modelsFolder: modelsFolder)
        let spec = environment.spec
        lines.append("  " + entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
          + "obs \(spec.observationSize)".padding(toLength: 8, withPad: " ", startingAt: 0)
          + "act \(spec.actionSize)".padding(toLength: 7, withPad: " ", startingAt: 0)
          + "\(spec.episodeSteps) steps   (models/\(entry.model).xml)")
      } catch {
        lines.append("  " + entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "unavailable: \(error)")
      }
    }
    lines.append("task families for your own models (--model FILE --task FAMILY):")
    for family in TaskFamily.allCases {
      lines.append("  " + family.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + "needs " + family.requirements)
    }
    let files = (FileManager.default.subpaths(atPath: modelsFolder) ?? [])
      .filter { $0.hasSuffix(".xml") && !$0.hasPrefix("common/") }.sorted()
    lines.append("model files in \(modelsFolder):")
    lines += files.isEmpty ? ["  (none)"] : files.map { "  " + $0 }
    return lines.joined(separator: "\n")
  }
}
