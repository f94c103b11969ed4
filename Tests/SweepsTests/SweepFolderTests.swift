import Foundation
import Testing
import TestSupport
import Training
@testable import Sweeps

@Suite struct SweepFolderTests {
  func grid(seeds: [UInt64], steps: Int = 1_000) -> SweepGrid {
    var base = RunConfiguration(modelsFolder: RepositoryPaths.models)
    base.steps = steps
    return SweepGrid(tasks: ["pendulum-swingup"], seeds: seeds, base: base)
  }

  @Test func manifestListsCellsAndAGrownGridContinuesTheSameFolder() throws {
    let folder = SweepFolder(RepositoryPaths.temporaryPath("sweep-folder"))
    let cells = try folder.prepare(grid: grid(seeds: [0, 1]))
    let manifest = try #require(try folder.readManifest())
    #expect(manifest.cells.map(\.folder) == cells.map(\.relativeFolder))
    #expect(manifest.cells[1].arguments.prefix(6) == ["train", "pendulum-swingup", "--seed", "1", "--run-dir", cells[1].relativeFolder])
    #expect(cells.allSatisfy { folder.state(of: $0) == .queued })
    // More seeds with the same shared settings: the same folder, the manifest grows.
    let grown = try folder.prepare(grid: grid(seeds: [0, 1, 2]))
    let grownManifest = try folder.readManifest()
    #expect(grown.count == 3 && grownManifest?.cells.count == 3)
    // Other shared settings: refused, naming the flag that differs with both values.
    do {
      try folder.prepare(grid: grid(seeds: [0, 1], steps: 2_000))
      Issue.record("a sweep with other shared settings was accepted")
    } catch let error as SweepError {
      #expect("\(error)".contains("--steps was 1000, now 2000"))
    }
  }

  @Test func aFolderWithOtherFilesIsRefused() throws {
    let path = RepositoryPaths.temporaryPath("not-a-sweep")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try "x".write(toFile: path + "/thesis.tex", atomically: true, encoding: .utf8)
    #expect(throws: SweepError.self) { try SweepFolder(path).prepare(grid: grid(seeds: [0])) }
  }

  @Test func statesFollowTheRunFolder() throws {
    let folder = SweepFolder(RepositoryPaths.temporaryPath("sweep-states"))
    let cell = try folder.prepare(grid: grid(seeds: [0]))[0]
    let run = folder.run(cell)
    try FileManager.default.createDirectory(at: run.checkpointsURL, withIntermediateDirectories: true)
    try run.write(configuration: cell.configuration)
    #expect(folder.state(of: cell) == .partial(step: 0))
    folder.recordFailure(cell, reason: "exited with status 1")
    guard case .failed(let note) = folder.state(of: cell) else {
      Issue.record("a recorded failure is not reported")
      return
    }
    #expect(note.hasPrefix("exited with status 1"))
    folder.clearFailure(cell)
    #expect(folder.state(of: cell) == .partial(step: 0))
  }

  @Test func progressCountsAndEstimatesTheTimeLeft() throws {
    let cells = try grid(seeds: [0, 1, 2]).cells()
    var progress = SweepProgress(queue: cells.map { ($0, 0) }, finished: 0)
    progress.started(cells[0], step: 0)
    progress.update(cells[0], step: 500)
    let start = Date()
    var snapshot = progress.snapshot(now: start.addingTimeInterval(10))
    #expect(snapshot.queued == 2 && snapshot.running.count == 1 && snapshot.running[0].step == 500)
    progress.finished(cells[0])
    progress.started(cells[1], step: 0)
    snapshot = progress.snapshot(now: start.addingTimeInterval(10))
    #expect(snapshot.finished == 1 && snapshot.queued == 1)
    // 1,000 steps done in about 10 s and 2,000 left: about 20 s.
    let eta = try #require(snapshot.eta)
    #expect(abs(eta - 20) < 1)
  }
}

@Suite struct SlurmScriptTests {
  @Test func arraySpecsCompressRuns() {
    #expect(SlurmSweep.arraySpec([0, 1, 2, 3, 7, 9, 10]) == "0-3,7,9-10")
    #expect(SlurmSweep.arraySpec([4]) == "4")
  }

  @Test func squeueLinesBecomeCellStates() {
    let states = SlurmJobs.parseQueue("12 12_0 RUNNING\n12 12_3 PENDING\ngarbage\n")
    #expect(states == [0: "RUNNING", 3: "PENDING"])
  }

  @Test func scriptCarriesTheResourcesAndRunsTheCell() throws {
    let folder = SweepFolder("/shared/sweeps/lr")
    var options = SlurmSweep.Options()
    options.partition = "cpu"
    options.maxParallel = 8
    options.extra = ["--account=lab"]
    let sweep = SlurmSweep(folder: folder, cells: [], executable: "/opt/odessa", options: options)
    let script = sweep.batchScript(indices: [0, 1, 2, 5], name: "odessa-lr")
    for line in ["#SBATCH --array=0-2,5%8", "#SBATCH --partition=cpu", "#SBATCH --time=12:00:00", "#SBATCH --mem=4G",
      "#SBATCH --account=lab", "#SBATCH --signal=B:TERM@180",
      "exec '/opt/odessa' sweep cell '/shared/sweeps/lr' \"$SLURM_ARRAY_TASK_ID\""] {
      #expect(script.contains(line + "\n"), "\(line)")
    }
  }

  @Test func aRefusedSubmissionSaysWhy() throws {
    let folder = SweepFolder(RepositoryPaths.temporaryPath("slurm-refused"))
    var base = RunConfiguration(modelsFolder: RepositoryPaths.models)
    base.steps = 1_000
    let cells = try folder.prepare(grid: SweepGrid(tasks: ["pendulum-swingup"], seeds: [0], base: base))
    let shell = CommandRunner { command, _ in
      command == "sbatch" ? CommandRunner.Result(1, "", "sbatch: error: invalid partition specified: gpu") : CommandRunner.Result(0, "")
    }
    let sweep = SlurmSweep(folder: folder, cells: cells, executable: "/opt/odessa", options: .init(), shell: shell)
    do {
      _ = try sweep.submit()
      Issue.record("a refused submission was not reported")
    } catch {
      #expect("\(error)".contains("invalid partition specified: gpu"))
    }
  }

  @Test func aMissingSbatchIsReportedBeforeAnythingIsMade() {
    let refusing = CommandRunner { _, _ in CommandRunner.Result(1, "", "sbatch: error: cannot contact slurmctld") }
    do {
      try SlurmJobs.requireSbatch(shell: refusing)
      Issue.record("a failing sbatch was accepted")
    } catch {
      #expect("\(error)".contains("cannot contact slurmctld"))
    }
  }
}
