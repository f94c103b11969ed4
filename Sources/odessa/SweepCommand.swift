import ArgumentParser
import Environments
import Foundation
import NeuralNetworks
import Sweeps
import Training

/// `odessa sweep`: grids of tasks × seeds × settings, run here or on SLURM, and their report.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of tasks × seeds × settings, here or on a SLURM cluster, and report it.",
    discussion: """
      Examples:
        odessa sweep --dir sweeps/lr --tasks walker-walk,cheetah-run --seeds 0-4 --set actor-lr=3e-4,1e-3
        odessa sweep --dir sweeps/lr --file grid.yaml
        odessa sweep status sweeps/lr
        odessa sweep report sweeps/lr
      """,
    subcommands: [SweepRunCommand.self, SweepStatusCommand.self, SweepReportCommand.self],
    defaultSubcommand: SweepRunCommand.self)
}

/// `odessa sweep [run]`.
struct SweepRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run (or continue) a sweep: one run folder per cell under --dir, with a manifest.",
    discussion: """
      Running the same command again continues the sweep: finished runs are skipped, interrupted \
      ones resume from their newest checkpoint, failed ones are tried again. Ctrl-C makes every \
      running run write a checkpoint and stop.
      """)

  @Option(help: "The sweep folder (created; an existing one continues).") var dir: String
  @Option(help: "Suite tasks, comma-separated (e.g. walker-walk,cheetah-run).") var tasks: String?
  @Option(help: "Seeds: 0-4, 0,2,7 or 0-2,10.") var seeds: String?
  @Option(name: .customLong("set"), help: "A setting to vary: FLAG=V1,V2,… (repeat for more; the grid takes every combination).")
  var varied: [String] = []
  @Option(help: "A YAML sweep file with tasks:, seeds:, set: and shared train settings (see the README).")
  var file: String?
  @Option(help: "Runs at once on this machine (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Folder of the suite's model files.") var models = ModelsFolder.default
  @OptionGroup(title: "Schedule of every run (--threads defaults to 1 in a sweep)") var schedule: ScheduleOptions
  @OptionGroup(title: "SAC settings every run shares") var sac: SACOptions

  func validate() throws {
    if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if file != nil && (tasks != nil || seeds != nil || !varied.isEmpty) {
      throw ValidationError("give the grid either with --file or with --tasks/--seeds/--set, not both")
    }
    if file == nil && (tasks == nil || seeds == nil) {
      throw ValidationError("give --tasks and --seeds (or --file FILE)")
    }
  }

  /// The grid from the flags or the file.
  func grid() throws -> SweepGrid {
    var base = RunConfiguration(task: nil, modelsFolder: URL(fileURLWithPath: models).standardizedFileURL.path)
    base.threads = 1
    var problems = schedule.apply(to: &base) + sac.problems
    base.sac = sac.configuration
    var grid: SweepGrid
    if let file {
      let sweepFile = try SweepFile(path: file)
      for (flag, text) in sweepFile.shared { try SweepSettings.apply(flag: flag, text: text, to: &base) }
      grid = SweepGrid(tasks: sweepFile.tasks, seeds: sweepFile.seeds, varied: sweepFile.varied, base: base)
    } else {
      let taskList = (tasks ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      grid = SweepGrid(tasks: taskList, seeds: try parseSeeds(seeds ?? ""), varied: try varied.map(VariedSetting.init(parsing:)), base: base)
    }
    problems += grid.problems(knownTasks: Suite.entries.map(\.name))
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    return grid
  }

  func run() throws {
    try withCommandErrors {
      let grid = try grid()
      let folder = SweepFolder(dir)
      let cells = try folder.prepare(grid: grid)
      let stop = InterruptSignal.install()
      let sweep = LocalSweep(folder: folder, cells: cells, jobs: jobs, executable: try ownExecutable())
      let summary = try sweep.run(display: SweepDisplay(), shouldStop: stop)
      if summary.stopped { throw ExitCode(InterruptSignal.exitStatus) }
      if !summary.failed.isEmpty { throw ExitCode(1) }
    }
  }
}

/// `odessa sweep status`.
struct SweepStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show each cell of a sweep: finished, at which step, failed (and why), or queued.")

  @Argument(help: "The sweep folder.") var sweep: String

  func run() throws {
    try withCommandErrors {
      let folder = SweepFolder(sweep)
      guard let manifest = try folder.readManifest() else {
        throw CommandFailure(message: "\(folder.manifestURL.path) is missing: is \(sweep) a sweep folder made by `odessa sweep`?")
      }
      Terminal.standardOutput(SweepStatus(folder: folder, cells: try manifest.grid.cells()).text + "\n")
    }
  }
}

/// `odessa sweep report`.
struct SweepReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Tables and curves of a sweep (or of any run folders) with robust statistics and 95% intervals.",
    discussion: """
      Groups runs by task and SAC settings; per group the final and best evaluation return across \
      seeds (mean, median, interquartile mean, stratified bootstrap 95% confidence intervals), and \
      an aggregate across tasks per setting. Prints the Markdown table; writes it and an SVG of the \
      learning curves into the sweep folder (or to --markdown / --svg).
      """)

  @Argument(help: "Sweep folders, run folders, or folders holding runs.") var paths: [String]
  @Option(help: "Write the Markdown table here (default: REPORT.md in the one sweep folder given).") var markdown: String?
  @Option(help: "Write the SVG here (default: report.svg in the one sweep folder given).") var svg: String?
  @Option(help: "Bootstrap resamples per interval.") var resamples: Int = 2_000

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one sweep or run folder") }
    if !(100...1_000_000).contains(resamples) { throw ValidationError("--resamples must be between 100 and 1000000, got \(resamples)") }
  }

  func run() throws {
    try withCommandErrors {
      var report = try SweepReport(paths: paths)
      report.repetitions = resamples
      let command = "odessa sweep report " + paths.joined(separator: " ")
      let text = report.markdown(command: command)
      Terminal.standardOutput(text)
      for line in report.skipped { Terminal.standardError("skipped \(line)\n") }
      let single = paths.count == 1 && FileManager.default.fileExists(atPath: SweepFolder(paths[0]).manifestURL.path)
      let markdownPath = markdown ?? (single ? SweepFolder(paths[0]).url.appendingPathComponent("report.md").path : nil)
      let svgPath = svg ?? (single ? SweepFolder(paths[0]).url.appendingPathComponent("report.svg").path : nil)
      if let markdownPath {
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: markdownPath))
        Terminal.standardOutput("wrote \(markdownPath)\n")
      }
      if let svgPath {
        try AtomicFile.write(Data(report.svg().utf8), to: URL(fileURLWithPath: svgPath))
        Terminal.standardOutput("wrote \(svgPath)\n")
      }
    }
  }
}

/// This executable's path, for the sweep's child runs.
func ownExecutable() throws -> String {
  let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
  guard FileManager.default.isExecutableFile(atPath: path) else {
    throw CommandFailure(message: "cannot find the odessa executable to start runs with (tried \(path))")
  }
  return path
}
