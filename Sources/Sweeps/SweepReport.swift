import Foundation
import SAC
import Training

/// `odessa sweep report`: the runs under some folders grouped by task and settings, each
/// group's final and best evaluation returns across seeds (mean, median, interquartile mean,
/// stratified bootstrap 95 % intervals), an aggregate across tasks per setting, as a Markdown
/// table and an SVG of the learning curves.
public struct SweepReport {
  /// One run as the report reads it.
  public struct Run: Sendable {
    public var folder: String
    public var task: String
    public var setting: String
    public var seed: UInt64
    public var steps: [Int]
    public var means: [Double]
    /// The run's last evaluation.
    public var final: Double { means.last ?? .nan }
    /// Its best evaluation.
    public var best: Double { means.max() ?? .nan }
  }

  /// The runs of one task with one setting.
  public struct Group: Sendable {
    public var task: String
    public var setting: String
    public var runs: [Run]
  }

  /// The groups, tasks in first-seen order, settings in first-seen order within a task.
  public var groups: [Group]
  /// Run folders that could not be read, and why (they are left out).
  public var skipped: [String]
  /// Bootstrap resamples per interval.
  public var repetitions = 2_000
  /// The settings every run shares that differ from the defaults (left out of the labels).
  public var shared: [String]

  /// Runs left out because they have not reached their configured steps yet.
  public var unfinished: [String] = []

  /// Reads every run folder (a folder with `config.json`) under `paths`; a path may be a
  /// sweep folder, a run folder, or any folder holding runs. Runs that have not been evaluated
  /// at their configured total are left out (listed in `unfinished`) unless
  /// `includeUnfinished`, so a report of a sweep still running compares like with like.
  public init(paths: [String], includeUnfinished: Bool = false) throws {
    var runs = [Run]()
    var skipped = [String]()
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw SweepError.report("\(path) is not a folder: give sweep folders or run folders")
      }
      for folder in Self.runFolders(under: URL(fileURLWithPath: path).standardizedFileURL) {
        let run = RunDirectory(folder.path)
        do {
          let configuration = try run.readConfiguration()
          let curve = try LearningCurves.read(run)
          guard !curve.steps.isEmpty else {
            skipped.append("\(run.path): no evaluation yet")
            continue
          }
          if !includeUnfinished, (curve.steps.last ?? 0) < configuration.steps {
            unfinished.append("\(configuration.taskName) seed \(configuration.seed) (at step \(curve.steps.last ?? 0) of \(configuration.steps))")
            continue
          }
          runs.append(Run(folder: run.path, task: configuration.taskName, setting: Self.settingParts(configuration).joined(separator: ","),
            seed: configuration.seed, steps: curve.steps, means: curve.means))
        } catch {
          skipped.append("\(run.path): \(error)")
        }
      }
    }
    guard !runs.isEmpty else {
      throw SweepError.report("no finished, evaluated runs under \(paths.joined(separator: ", "))"
        + (unfinished.isEmpty ? "" : " (\(unfinished.count) still running; --include-unfinished reports them)")
        + (skipped.isEmpty ? "" : " (" + skipped.prefix(3).joined(separator: "; ") + ")"))
    }
    // Settings every run has in common are said once, not in every label.
    let partsOfRuns = runs.map { $0.setting.isEmpty ? [String]() : $0.setting.split(separator: ",").map(String.init) }
    let common = partsOfRuns.dropFirst().reduce(Set(partsOfRuns[0])) { $0.intersection($1) }
    shared = partsOfRuns[0].filter(common.contains)
    for index in runs.indices {
      let rest = partsOfRuns[index].filter { !common.contains($0) }
      runs[index].setting = rest.isEmpty ? "default" : rest.joined(separator: ",")
    }
    var order = [String]()
    var byKey = [String: Group]()
    for run in runs {
      let key = run.task + "\u{0}" + run.setting
      if byKey[key] == nil {
        order.append(key)
        byKey[key] = Group(task: run.task, setting: run.setting, runs: [])
      }
      byKey[key]!.runs.append(run)
    }
    groups = order.map { key in
      var group = byKey[key]!
      group.runs.sort { $0.seed < $1.seed }
      return group
    }
    self.skipped = skipped
  }

  /// Folders under `root` (itself included) holding `config.json`, sorted; checkpoint folders
  /// are not entered.
  static func runFolders(under root: URL) -> [URL] {
    if FileManager.default.fileExists(atPath: root.appendingPathComponent("config.json").path) { return [root] }
    let children = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])) ?? []
    return children.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
      .flatMap { runFolders(under: $0) }
  }

  /// Every SAC setting that differs from its default, as `flag=value`.
  public static func settingParts(_ configuration: RunConfiguration) -> [String] {
    let defaults = SACConfiguration()
    var parts = SACConfiguration.settings.filter { $0.read(configuration.sac) != $0.read(defaults) }
      .map { "\($0.flag)=\($0.valueText(configuration.sac))" }
    if configuration.sac.hiddenSizes != defaults.hiddenSizes {
      parts.insert("hidden-sizes=" + configuration.sac.hiddenSizes.map(String.init).joined(separator: "x"), at: 0)
    }
    if !configuration.sac.autotuneAlpha { parts.append("fixed-alpha") }
    if configuration.sac.algorithm != .sac { parts.insert("algorithm=" + configuration.sac.algorithm.rawValue, at: 0) }
    return parts
  }

  /// A statistic with its interval.
  public struct Estimate: Sendable {
    public var value: Double
    public var low: Double
    public var high: Double
  }

  /// Final and best returns of a group (or an aggregate) across runs.
  public struct Summary: Sendable {
    public var runs: Int
    public var finalMean: Estimate
    public var finalIQM: Estimate
    public var finalMedian: Double
    public var bestMean: Estimate
  }

  /// The statistics of runs pooled from `strata` (one stratum per task).
  func summary(_ strata: [[Run]]) -> Summary {
    let finals = strata.map { $0.map(\.final) }
    let bests = strata.map { $0.map(\.best) }
    func estimate(_ values: [[Double]], _ statistic: @escaping ([Double]) -> Double) -> Estimate {
      let interval = RobustStatistics.stratifiedBootstrap(values, statistic: statistic, repetitions: repetitions)
      return Estimate(value: statistic(values.flatMap { $0 }), low: interval.low, high: interval.high)
    }
    return Summary(
      runs: finals.reduce(0) { $0 + $1.count },
      finalMean: estimate(finals, RobustStatistics.mean), finalIQM: estimate(finals, RobustStatistics.interquartileMean),
      finalMedian: RobustStatistics.median(finals.flatMap { $0 }), bestMean: estimate(bests, RobustStatistics.mean))
  }

  /// The settings in first-seen order.
  public var settings: [String] {
    groups.map(\.setting).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  }

  /// The Markdown report: a row per task and setting, then the aggregate per setting.
  public func markdown(command: String? = nil) -> String {
    func text(_ e: Estimate) -> String {
      String(format: "%.1f [%.1f, %.1f]", e.value, e.low, e.high)
    }
    var s = "| task | setting | runs (seeds) | steps | final: mean [95% CI] | final: IQM [95% CI] | final: median | best: mean [95% CI] |\n"
    s += "|---|---|---|---|---|---|---|---|\n"
    for group in groups {
      let summary = summary([group.runs])
      let finalSteps = Set(group.runs.compactMap(\.steps.last)).sorted()
      let stepsText = finalSteps.count == 1 ? "\(finalSteps[0])" : "\(finalSteps.first!)–\(finalSteps.last!)"
      let seeds = group.runs.map { String($0.seed) }.joined(separator: ", ")
      s += "| \(group.task) | \(group.setting) | \(summary.runs) (\(seeds)) | \(stepsText) | \(text(summary.finalMean)) | "
        + "\(text(summary.finalIQM)) | \(String(format: "%.1f", summary.finalMedian)) | \(text(summary.bestMean)) |\n"
    }
    if Set(groups.map(\.task)).count > 1 {
      s += "\n| aggregate over tasks | tasks | runs | final: IQM [95% CI] | final: mean [95% CI] | final: median |\n"
      s += "|---|---|---|---|---|---|\n"
      for setting in settings {
        let strata = groups.filter { $0.setting == setting }.map(\.runs)
        let summary = summary(strata)
        s += "| \(setting) | \(strata.count) | \(summary.runs) | \(text(summary.finalIQM)) | \(text(summary.finalMean)) | "
          + "\(String(format: "%.1f", summary.finalMedian)) |\n"
      }
    }
    s += "\nFinal: each run's last deterministic evaluation; best: its highest. IQM: the mean of the middle half "
      + "of the runs. Intervals: percentile bootstrap, \(repetitions) resamples of the seeds"
      + (Set(groups.map(\.task)).count > 1 ? " within each task (stratified, Agarwal et al. 2021); the aggregate pools the tasks' returns as they are." : ".")
      + (groups.contains { $0.runs.count < 3 } ? " With fewer than 3 runs an interval says little." : "") + "\n"
    if !unfinished.isEmpty { s += "\nLeft out, not finished yet: " + unfinished.joined(separator: "; ") + ".\n" }
    if !shared.isEmpty { s += "\nEvery run: " + shared.joined(separator: ", ") + " (other SAC settings at their defaults).\n" }
    if let command { s += "\nMade by `\(command)`.\n" }
    return s
  }
}
