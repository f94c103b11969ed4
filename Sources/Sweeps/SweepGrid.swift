import Foundation
import SAC
import Training

/// A sweep's grid: every task × every combination of the varied settings × every seed, each
/// cell one `odessa train` run built on the settings every run shares (`base`).
public struct SweepGrid: Codable, Sendable, Equatable {
  /// Suite task names, in the order given.
  public var tasks: [String]
  /// Seeds, in the order given.
  public var seeds: [UInt64]
  /// The settings varied across the grid, in the order given; their combinations are the
  /// grid's "settings" axis.
  public var varied: [VariedSetting]
  /// The settings every run shares (task and seed are filled in per cell).
  public var base: RunConfiguration

  /// A grid; `problems()` says what is wrong with it.
  public init(tasks: [String], seeds: [UInt64], varied: [VariedSetting] = [], base: RunConfiguration) {
    self.tasks = tasks
    self.seeds = seeds
    self.varied = varied
    self.base = base
  }

  /// Every cell: tasks outermost, then setting combinations, then seeds.
  public func cells() throws -> [SweepCell] {
    var cells = [SweepCell]()
    for task in tasks {
      for combination in combinations() {
        for seed in seeds {
          var configuration = base
          configuration.task = task
          configuration.modelFile = nil
          configuration.family = nil
          configuration.seed = seed
          for value in combination {
            try SweepSettings.apply(flag: value.flag, text: value.text, to: &configuration)
          }
          configuration.sac.applyFirstPaperDefaults(task: task)
          cells.append(SweepCell(task: task, settings: combination, seed: seed, configuration: configuration))
        }
      }
    }
    return cells
  }

  /// Every combination of the varied settings' values, first setting slowest; one empty
  /// combination when nothing is varied.
  func combinations() -> [[SettingValue]] {
    varied.reduce([[SettingValue]()]) { partial, setting in
      partial.flatMap { prefix in setting.values.map { prefix + [SettingValue(flag: setting.flag, text: $0)] } }
    }
  }

  /// Every problem, each naming the flag or value; empty when the grid can run.
  public func problems(knownTasks: [String]) -> [String] {
    var found = [String]()
    if tasks.isEmpty { found.append("--tasks: name at least one task") }
    for task in tasks where !knownTasks.contains(task) {
      found.append("--tasks: unknown task '\(task)' (see `odessa list`)")
    }
    if Set(tasks).count != tasks.count { found.append("--tasks: a task is listed twice") }
    if seeds.isEmpty { found.append("--seeds: name at least one seed") }
    if Set(seeds).count != seeds.count { found.append("--seeds: a seed is listed twice") }
    var flags = Set<String>()
    for setting in varied {
      if !flags.insert(setting.flag).inserted { found.append("--set \(setting.flag): the setting is varied twice") }
      if setting.values.isEmpty { found.append("--set \(setting.flag): give at least one value") }
      if Set(setting.values).count != setting.values.count { found.append("--set \(setting.flag): a value is listed twice") }
      for value in setting.values {
        var probe = base
        do { try SweepSettings.apply(flag: setting.flag, text: value, to: &probe) } catch { found.append("\(error)") }
      }
    }
    if found.isEmpty {
      do {
        for cell in try cells() {
          found += cell.configuration.problems().map { "\(cell.name): \($0)" }
        }
      } catch { found.append("\(error)") }
    }
    return found
  }
}

/// A setting varied across a sweep: its train flag (without dashes) and the values to try, as
/// written (so folder names and tables show them the way the user wrote them).
public struct VariedSetting: Codable, Sendable, Equatable {
  /// The train flag, e.g. "actor-lr".
  public var flag: String
  /// The values, as written, e.g. ["3e-4", "1e-3"].
  public var values: [String]

  /// A varied setting.
  public init(flag: String, values: [String]) {
    self.flag = flag
    self.values = values
  }

  /// Parses `FLAG=V1,V2,…` (the form `--set` takes); a leading `--` on the flag is allowed.
  public init(parsing text: String) throws {
    guard let equals = text.firstIndex(of: "=") else {
      throw SweepError.grid("--set '\(text)': expected FLAG=VALUE[,VALUE…], e.g. actor-lr=3e-4,1e-3")
    }
    var flag = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
    while flag.hasPrefix("-") { flag.removeFirst() }
    let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard !flag.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
      throw SweepError.grid("--set '\(text)': expected FLAG=VALUE[,VALUE…] with no empty value")
    }
    self.init(flag: flag, values: values)
  }
}

/// One value of a varied setting in one cell.
public struct SettingValue: Codable, Sendable, Equatable, Hashable {
  /// The train flag, e.g. "actor-lr".
  public var flag: String
  /// The value as written.
  public var text: String
}

/// One run of a sweep.
public struct SweepCell: Codable, Sendable, Equatable {
  /// The suite task.
  public var task: String
  /// The varied settings' values of this cell (empty when nothing is varied).
  public var settings: [SettingValue]
  /// The run's seed.
  public var seed: UInt64
  /// The run's full configuration.
  public var configuration: RunConfiguration

  /// "default", or the varied values as `flag=value` joined by commas.
  public var settingLabel: String {
    settings.isEmpty ? "default" : settings.map { "\($0.flag)=\($0.text)" }.joined(separator: ",")
  }

  /// The run folder inside the sweep folder: `TASK/SETTINGS/seed-S`.
  public var relativeFolder: String { "\(task)/\(Self.safe(settingLabel))/seed-\(seed)" }

  /// "TASK SETTINGS seed S", for messages.
  public var name: String { "\(task) [\(settingLabel)] seed \(seed)" }

  /// A label usable as one folder name: path separators and control characters replaced.
  static func safe(_ label: String) -> String {
    String(label.map { $0 == "/" || $0 == "\\" || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0 })
  }
}

/// Parses a seed list: `0-4`, `0,2,7` or a mix such as `0-2,10`.
public func parseSeeds(_ text: String) throws -> [UInt64] {
  var seeds = [UInt64]()
  for part in text.split(separator: ",", omittingEmptySubsequences: false) {
    let piece = part.trimmingCharacters(in: .whitespaces)
    let ends = piece.split(separator: "-", omittingEmptySubsequences: false)
    if ends.count == 1, let seed = UInt64(piece) {
      seeds.append(seed)
    } else if ends.count == 2, let low = UInt64(ends[0]), let high = UInt64(ends[1]), low <= high, high - low < 10_000 {
      seeds += Array(low...high)
    } else {
      throw SweepError.grid("--seeds '\(text)': expected seeds such as 0-4, 0,2,7 or 0-2,10 (ranges low-high, at most 10,000 seeds)")
    }
  }
  return seeds
}

/// Problems with sweeps, each naming the flag, file or cell.
public enum SweepError: Error, CustomStringConvertible {
  case grid(String)
  case folder(String)
  case backend(String)
  case report(String)

  /// The message.
  public var description: String {
    switch self {
    case .grid(let m), .folder(let m), .backend(let m), .report(let m): return m
    }
  }
}
