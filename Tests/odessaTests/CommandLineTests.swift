import Foundation
import Testing
import TestSupport

/// Runs the built `odessa` tool the way a user does, on tiny budgets.
enum Tool {
  static var root: URL { RepositoryPaths.root }

  static var executable: String? { BuiltTool.path }

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs `odessa arguments…` in `directory` with `extra` added to the environment;
  /// `interruptAfter` sends Ctrl-C after that many seconds.
  static func run(
    _ arguments: [String], in directory: String? = nil, interruptAfter: Double? = nil, environment extra: [String: String] = [:]
  ) throws -> Result {
    guard let executable else {
      Issue.record("the odessa tool is not built: run `swift build` (make test does) before the CLI tests")
      return Result(status: -1, output: "", error: "")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root.path)
    var environment = ProcessInfo.processInfo.environment
    environment["ODESSA_MODELS"] = root.appendingPathComponent("models").path
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    if let interruptAfter {
      Thread.sleep(forTimeInterval: interruptAfter)
      process.interrupt()
    }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
      error: String(decoding: error, as: UTF8.self))
  }

  static func temporaryFolder(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("odessa-cli-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static let tinySAC = ["--hidden-sizes", "16", "16", "--batch-size", "16", "--learning-starts", "100",
    "--buffer-size", "5000", "--threads", "1"]
}

@Suite(.serialized) struct CommandLineTests {
  @Test func helpListsEveryCommand() throws {
    let result = try Tool.run(["--help"])
    #expect(result.status == 0)
    for command in ["train", "eval", "resume", "plot", "render", "export", "list", "model", "bench"] {
      #expect(result.output.contains("  \(command) "), "\(command) missing from --help")
    }
  }

  @Test func trainEvalResumePlotRenderExport() throws {
    let folder = Tool.temporaryFolder("tour")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    let train = try Tool.run(["train", "point_mass-easy", "--steps", "400", "--eval-every", "200", "--eval-episodes", "1",
      "--run-dir", run] + Tool.tinySAC)
    #expect(train.status == 0, "\(train.error)")
    #expect(train.output.contains("training point_mass-easy for 400 steps"))
    #expect(train.output.contains("step 200: deterministic evaluation"))
    #expect(train.output.contains("done: 400 steps"))
    for file in ["config.json", "metrics.csv", "eval.csv", "learning_curve.svg", "checkpoints/latest"] {
      #expect(FileManager.default.fileExists(atPath: run + "/" + file), "\(file)")
    }
    let eval = try Tool.run(["eval", run, "--episodes", "2", "--record", folder + "/episode.json"])
    #expect(eval.status == 0, "\(eval.error)")
    #expect(eval.output.contains("deterministic actions"))
    #expect(eval.output.contains("return: mean") && eval.output.contains("over 2 episodes"))
    #expect(FileManager.default.fileExists(atPath: folder + "/episode.json"))
    #expect(!eval.output.contains("solved"), "dm_control's tasks name no threshold")
    let stochastic = try Tool.run(["eval", run, "--episodes", "1", "--stochastic"])
    #expect(stochastic.status == 0 && stochastic.output.contains("sampled actions"))
    let resume = try Tool.run(["resume", run, "--steps", "100"])
    #expect(resume.status == 0, "\(resume.error)")
    #expect(resume.output.contains("resuming point_mass-easy at step 400 of 500"))
    #expect(resume.output.contains("done: 500 steps"))
    let plot = try Tool.run(["plot", run, "--out", folder + "/curve.svg"])
    #expect(plot.status == 0 && FileManager.default.fileExists(atPath: folder + "/curve.svg"))
    let render = try Tool.run(["render", run, "--out", folder + "/policy.svg"])
    #expect(render.status == 0 && render.output.contains("1001 frames"), "\(render.error)")
    let strip = try Tool.run(["render", run, "--out", folder + "/strip.svg", "--filmstrip"])
    #expect(strip.status == 0)
    let export = try Tool.run(["export", run, "--out", folder + "/actor.safetensors"])
    #expect(export.status == 0 && export.output.contains("actor 4 → 16 → 16 → 4"), "\(export.output)\(export.error)")
    // A kept episode outside the run folder replays on the run named by --run, traced step by
    // step; this one never diverged, which replay reports with status 1.
    let kept = folder + "/kept.json"
    try Data(#"{"task": "point_mass-easy", "seed": 3, "actions": [[1, 0], [1, 0], [0, 1], [0, 1]], "message": "m"}"#.utf8)
      .write(to: URL(fileURLWithPath: kept))
    let replay = try Tool.run(["replay", kept, "--run", run, "--trace", "2", "--out", folder + "/replay.svg"])
    #expect(replay.status == 1 && replay.output.contains("did not diverge"), "\(replay.output)\(replay.error)")
    #expect(replay.output.contains("replay.svg: 5 frames") && FileManager.default.fileExists(atPath: folder + "/replay.svg"))
    #expect(replay.output.split(separator: "\n").filter { $0.hasPrefix("step ") }.map { $0.prefix(7) } == ["step 3:", "step 4:"])
    let elsewhere = try Tool.run(["replay", kept])
    #expect(elsewhere.status != 0 && elsewhere.error.contains("--run RUN"), "\(elsewhere.error)")
    let missing = try Tool.run(["replay", folder + "/nowhere.json", "--run", run])
    #expect(missing.status != 0 && missing.error.contains("nowhere.json does not exist"), "\(missing.error)")
    let other = folder + "/other.json"
    try Data(#"{"task": "cartpole-swingup", "seed": 3, "actions": [[1]], "message": "m"}"#.utf8)
      .write(to: URL(fileURLWithPath: other))
    let mismatch = try Tool.run(["replay", other, "--run", run])
    #expect(mismatch.status != 0 && mismatch.error.contains("task cartpole-swingup") && mismatch.error.contains(run),
      "\(mismatch.error)")
  }

  @Test func ctrlCStopsAfterACheckpointAndResumeContinues() throws {
    let folder = Tool.temporaryFolder("interrupt")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    let train = try Tool.run(["train", "cartpole-swingup", "--steps", "200000", "--eval-episodes", "0", "--run-dir", run]
      + Tool.tinySAC, interruptAfter: 3)
    #expect(train.status == 130, "an interrupted run exits 128 + SIGINT: \(train.error)")
    #expect(train.output.contains("interrupted at step"), "\(train.output)")
    #expect(FileManager.default.fileExists(atPath: run + "/checkpoints/latest"))
    let resume = try Tool.run(["resume", run, "--steps", "50"])
    #expect(resume.status == 0 && resume.output.contains("resuming cartpole-swingup at step"), "\(resume.error)")
  }

  /// The check a user runs first prints the model's bodies, joints and actuators.
  @Test func modelCheckReportListsBodiesJointsAndActuators() throws {
    let result = try Tool.run(["model", "check", "models/walker.xml", "--steps", "10"])
    #expect(result.status == 0, "\(result.error)")
    let report = result.output
    #expect(report.contains("9 degrees of freedom"))
    #expect(report.contains("torso") && report.contains("10.6"))
    #expect(report.contains("right_knee: hinge on 'right_leg', range [-150.0°, 0.0°]"))
    #expect(report.contains("right_hip: motor on joint 'right_hip', gear 100.0, control [-1.0, 1.0]"))
    let all = try Tool.run(["model", "check", "models/hopper.xml"])
    #expect(all.output.contains("random rollout: 1000 steps stayed finite"), "\(all.output)")
  }

  @Test func badInputGetsClearErrors() throws {
    let folder = Tool.temporaryFolder("bad")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let unknown = try Tool.run(["train", "walker-wlak"])
    #expect(unknown.status != 0 && unknown.error.contains("did you mean walker-walk"), "\(unknown.error)")
    let threads = try Tool.run(["train", "walker-walk", "--threads", "3"])
    #expect(threads.status != 0 && threads.error.contains("--threads must be 1 or 2"), "\(threads.error)")
    let gamma = try Tool.run(["train", "walker-walk", "--gamma", "1.5"])
    #expect(gamma.status != 0 && gamma.error.contains("gamma"), "\(gamma.error)")
    let both = try Tool.run(["train", "walker-walk", "--model", "models/walker.xml", "--task", "locomotion"])
    #expect(both.status != 0 && both.error.contains("not both"), "\(both.error)")
    // An existing run folder needs --force.
    try FileManager.default.createDirectory(atPath: folder + "/taken", withIntermediateDirectories: true)
    try "x".write(toFile: folder + "/taken/file", atomically: true, encoding: .utf8)
    let taken = try Tool.run(["train", "pendulum-swingup", "--run-dir", folder + "/taken"])
    #expect(taken.status != 0 && taken.error.contains("already exists") && taken.error.contains("--force"), "\(taken.error)")
    // Missing and damaged checkpoints name the file.
    let missing = try Tool.run(["eval", folder + "/nowhere"])
    #expect(missing.status != 0 && missing.error.contains("nowhere") && missing.error.contains("does not exist"), "\(missing.error)")
    let notRun = try Tool.run(["eval", folder + "/taken"])
    #expect(notRun.status != 0 && notRun.error.contains("checkpoint"), "\(notRun.error)")
    let badModel = try Tool.run(["train", "--model", folder + "/taken/file", "--task", "reach"])
    #expect(badModel.status != 0 && badModel.error.contains(folder + "/taken/file"), "\(badModel.error)")
    let family = try Tool.run(["train", "--model", "models/walker.xml", "--task", "juggle"])
    #expect(family.status != 0 && family.error.contains("unknown task family 'juggle'"), "\(family.error)")
    let plot = try Tool.run(["plot", folder + "/taken", "--out", folder + "/x.png"])
    #expect(plot.status != 0 && plot.error.contains("--out must name an .svg file"), "\(plot.error)")
  }

  @Test func listModelCheckAndBench() throws {
    let list = try Tool.run(["list"])
    #expect(list.status == 0 && list.output.contains("walker-walk              obs 24  act 6"))
    let check = try Tool.run(["model", "check", "models/cheetah.xml", "--steps", "200"])
    #expect(check.status == 0 && check.output.contains("random rollout: 200 steps stayed finite"))
    let folder = Tool.temporaryFolder("model")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "<mujoco>\n<worldbody>\n  <body><joint/><geom size=\"0.1\" spin=\"1\"/></body>\n</worldbody>\n</mujoco>"
      .write(toFile: folder + "/bad.xml", atomically: true, encoding: .utf8)
    let bad = try Tool.run(["model", "check", folder + "/bad.xml"])
    #expect(bad.status != 0 && bad.error.contains("bad.xml:3:") && bad.error.contains("'spin'"), "\(bad.error)")
    let bench = try Tool.run(["bench", "physics", "--seconds", "0.2", "--json"])
    #expect(bench.status == 0)
    let last = bench.output.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasPrefix("{") && last.contains("\"ratio\""))
    // A task that edits its model in code cannot be compared with MuJoCo's unedited file.
    let edited = try Tool.run(["bench", "fidelity", "--tasks", "finger-spin"])
    #expect(edited.status != 0 && edited.error.contains("finger-spin changes its model in code"), "\(edited.error)")
    let missing = try Tool.run(["bench", "fidelity", "--policy", "/nonexistent/run"])
    #expect(missing.status != 0 && missing.error.contains("/nonexistent/run does not exist"), "\(missing.error)")
  }
}

/// `odessa eval` says whether a task with a threshold for solved (BipedalWalker's 300) is met.
@Suite struct SolvedThresholdTests {
  @Test func evalJudgesBipedalWalkerAgainstGymnasiumsThreshold() throws {
    let folder = Tool.temporaryFolder("solved")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    let train = try Tool.run(["train", "bipedal_walker", "--steps", "300", "--eval-episodes", "0", "--run-dir", run] + Tool.tinySAC)
    #expect(train.status == 0, "\(train.error)")
    let eval = try Tool.run(["eval", run, "--episodes", "2"])
    #expect(eval.status == 0, "\(eval.error)")
    #expect(eval.output.contains("solved: no (the threshold is a mean of 300 over 100 episodes; give --episodes 100 to decide)"), "\(eval.output)")
  }
}
