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
        odessa sweep --dir /shared/sweeps/lr --file grid.yaml --backend slurm --partition cpu --time 06:00:00
        odessa sweep status sweeps/lr
        odessa sweep report sweeps/lr
      """,
    subcommands: [SweepRunCommand.self, SweepStatusCommand.self, SweepReportCommand.self, SweepCellCommand.self],
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
  @Option(help: "Where the runs go: local (this machine) or slurm (a job array submitted with sbatch).")
  var backend: String = "local"
  @Flag(help: "Check the grid and print each run's `odessa train` command; start nothing, write nothing.")
  var dryRun = false
  @OptionGroup(title: "SLURM (with --backend slurm)") var slurm: SlurmOptions
  @Option(help: "Folder of the suite's model files.") var models = ModelsFolder.default
  @OptionGroup(title: "Schedule of every run (--threads defaults to 1 in a sweep)") var schedule: ScheduleOptions
  @OptionGroup(title: "SAC settings every run shares") var sac: SACOptions

  func validate() throws {
    if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if backend != "local" && backend != "slurm" { throw ValidationError("--backend must be local or slurm, got '\(backend)'") }
    try slurm.validate()
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
      if dryRun {
        let cells = try grid.cells()
        for cell in cells {
          let arguments = SweepSettings.trainArguments(cell.configuration, folder: (dir as NSString).appendingPathComponent(cell.relativeFolder))
          Terminal.standardOutput("odessa " + arguments.joined(separator: " ") + "\n")
        }
        Terminal.standardOutput("\(cells.count) runs; nothing started (--dry-run)\n")
        return
      }
      let folder = SweepFolder(dir)
      if backend == "slurm" { try SlurmJobs.requireSbatch() }
      let cells = try folder.prepare(grid: grid)
      if backend == "slurm" {
        let sweep = SlurmSweep(folder: folder, cells: cells, executable: try ownExecutable(), options: slurm.options)
        guard let submission = try sweep.submit() else {
          Terminal.standardOutput("nothing to submit: every cell of \(folder.path) is finished, queued or running (see `odessa sweep status \(dir)`)\n")
          return
        }
        Terminal.standardOutput(
          "submitted SLURM job array \(submission.jobID) with \(submission.indices.count) of \(cells.count) runs "
            + "(script in \(sweep.slurmURL.path)); follow it with `odessa sweep status \(dir)`\n")
        return
      }
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
      Terminal.standardOutput(try SweepStatus.read(SweepFolder(sweep)).text + "\n")
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
  @Flag(help: "Also report runs that have not reached their configured steps (their last evaluation counts as final).")
  var includeUnfinished = false

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one sweep or run folder") }
    if !(100...1_000_000).contains(resamples) { throw ValidationError("--resamples must be between 100 and 1000000, got \(resamples)") }
  }

  func run() throws {
    try withCommandErrors {
      var report = try SweepReport(paths: paths, includeUnfinished: includeUnfinished)
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

/// `odessa sweep cell`: what each SLURM array task runs.
struct SweepCellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cell",
    abstract: "Train (or resume) one cell of a sweep in this process; SLURM's array tasks run this.")

  @Argument(help: "The sweep folder.") var sweep: String
  @Argument(help: "The cell's index (its line in sweep.json's cells, from 0).") var index: Int

  func run() throws {
    try withCommandErrors {
      let stop = InterruptSignal.install()
      guard let summary = try SweepFolder(sweep).runCell(index, display: ProgressDisplay(), shouldStop: stop) else {
        Terminal.standardOutput("cell \(index) of \(sweep) is already finished\n")
        return
      }
      if summary.interrupted { throw ExitCode(InterruptSignal.exitStatus) }
    }
  }
}

/// The SLURM flags of `odessa sweep`.
struct SlurmOptions: ParsableArguments {
  @Option(help: "SLURM partition.") var partition: String?
  @Option(help: "Time limit per run (SLURM's --time, e.g. 04:00:00; the run checkpoints before it).") var time = "12:00:00"
  @Option(help: "Memory per run (SLURM's --mem, e.g. 4G).") var mem = "4G"
  @Option(help: "Cores per run (SLURM's --cpus-per-task).") var cpusPerTask = 1
  @Option(help: "At most this many runs at once (the array's %N).") var maxParallel: Int?
  @Option(help: "A further #SBATCH line, e.g. --sbatch=--account=lab (repeatable).") var sbatch: [String] = []

  func validate() throws {
    if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1, got \(cpusPerTask)") }
    if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1, got \(maxParallel)") }
    for (flag, value) in [("--time", time), ("--mem", mem)] + (partition.map { [("--partition", $0)] } ?? [])
    where value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" }) {
      throw ValidationError("\(flag) must be one word without spaces or quotes, got '\(value)'")
    }
    for line in sbatch where !line.hasPrefix("--") || line.contains("\n") {
      throw ValidationError("--sbatch takes one sbatch option such as --account=lab, got '\(line)'")
    }
  }

  var options: SlurmSweep.Options {
    var options = SlurmSweep.Options()
    options.partition = partition
    options.time = time
    options.memory = mem
    options.cpusPerTask = cpusPerTask
    options.maxParallel = maxParallel
    options.extra = sbatch
    return options
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
