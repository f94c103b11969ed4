import Foundation
import Randomness
import Testing
import TestSupport

/// The tool started in the background, with its output in files (so a full pipe never blocks it).
final class Background {
  let process = Process()
  let outputURL: URL
  let errorURL: URL

  init(_ arguments: [String], stdout: Any? = nil) throws {
    let folder = Tool.temporaryFolder("background")
    outputURL = URL(fileURLWithPath: folder + "/out")
    errorURL = URL(fileURLWithPath: folder + "/err")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: try #require(Tool.executable))
    process.arguments = arguments
    process.currentDirectoryURL = Tool.root
    var environment = ProcessInfo.processInfo.environment
    environment["ODESSA_MODELS"] = Tool.root.appendingPathComponent("models").path
    process.environment = environment
    if let stdout {
      process.standardOutput = stdout
    } else {
      process.standardOutput = try FileHandle(forWritingTo: outputURL)
    }
    process.standardError = try FileHandle(forWritingTo: errorURL)
    try process.run()
  }

  /// Waits until `condition` holds (polling), at most `seconds`.
  static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
  }

  func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Waits for the exit, at most `seconds` (then kills); returns the status.
  @discardableResult
  func wait(_ seconds: Double = 60) -> Int32 {
    if !Background.waitFor(seconds, { !process.isRunning }) { process.terminate() }
    process.waitUntilExit()
    return process.terminationStatus
  }

  var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
  var error: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }
}

/// Nothing lost, nothing crashes: signals, two writers, kills mid-checkpoint, closed pipes and
/// bad input, each class of abuse once, through the built tool.
@Suite(.serialized) struct ReliabilityTests {
  static let long = ["train", "point_mass-easy", "--steps", "1000000", "--eval-episodes", "0"] + Tool.tinySAC

  static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  @Test func aSecondWriterIsRefusedAndSIGTERMCheckpointsAndExitsNonZero() throws {
    let folder = Tool.temporaryFolder("writers")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    let first = try Background(Self.long + ["--run-dir", run, "--checkpoint-every", "1000000"])
    #expect(Background.waitFor(30) { Self.exists(run + "/config.json") })
    Thread.sleep(forTimeInterval: 0.5)
    let second = try Tool.run(["train", "point_mass-easy", "--steps", "100", "--run-dir", run, "--force"] + Tool.tinySAC)
    #expect(second.status != 0 && second.error.contains("in use by another process"), "\(second.error)")
    #expect(second.error.contains("pid \(first.process.processIdentifier)"), "\(second.error)")
    let resume = try Tool.run(["resume", run, "--steps", "10"])
    #expect(resume.status != 0 && resume.error.contains("in use by another process"), "\(resume.error)")
    first.signal(SIGTERM)
    #expect(first.wait() == 128 + SIGTERM, "\(first.error)")
    #expect(first.output.contains("interrupted at step") && first.output.contains("SIGTERM"), "\(first.output)")
    #expect(Self.exists(run + "/checkpoints/latest"))
    let resumed = try Tool.run(["resume", run, "--steps", "20"])
    #expect(resumed.status == 0, "\(resumed.error)")
  }

  @Test func SIGHUPCheckpointsAndAClosedStdoutNeverStopsTraining() throws {
    let folder = Tool.temporaryFolder("hangup")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let hung = try Background(Self.long + ["--run-dir", folder + "/hup"])
    #expect(Background.waitFor(30) { Self.exists(folder + "/hup/config.json") })
    Thread.sleep(forTimeInterval: 0.5)
    hung.signal(SIGHUP)
    #expect(hung.wait() == 128 + SIGHUP, "\(hung.error)")
    #expect(Self.exists(folder + "/hup/checkpoints/latest"))
    // `odessa train … | head -1`: the reader goes away at once; training runs to its end.
    let pipe = Pipe()
    let piped = try Background(
      ["train", "point_mass-easy", "--steps", "300", "--eval-every", "100", "--eval-episodes", "1",
       "--run-dir", folder + "/piped"] + Tool.tinySAC, stdout: pipe)
    try pipe.fileHandleForReading.close()
    #expect(piped.wait() == 0, "\(piped.error)")
    #expect(Self.exists(folder + "/piped/checkpoints/step-000000300"))
  }

  @Test func randomKillsLeaveARunThatEvalAndResumeAccept() throws {
    let folder = Tool.temporaryFolder("kills")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    var generator = RandomGenerator(seed: 7)
    for round in 0..<5 {
      let arguments = round == 0
        ? Self.long + ["--run-dir", run, "--checkpoint-every", "20"]
        : ["resume", run, "--steps", "1000000"]
      let training = try Background(arguments)
      #expect(Background.waitFor(30) { Self.exists(run + "/checkpoints/latest") })
      Thread.sleep(forTimeInterval: generator.nextDouble(low: 0.2, high: 1.2))
      training.signal(SIGKILL)
      training.wait()
      let eval = try Tool.run(["eval", run, "--episodes", "1"])
      #expect(eval.status == 0, "round \(round): \(eval.error)")
    }
    let resume = try Tool.run(["resume", run, "--steps", "10"])
    #expect(resume.status == 0, "\(resume.error)")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: run + "/checkpoints").filter { $0.hasPrefix(".tmp") }
    #expect(leftovers.count <= 1, "temporary folders pile up: \(leftovers)")
  }

  @Test func badFlagsAreRefusedInTheUsersWordsBeforeAnythingIsCreated() throws {
    let folder = Tool.temporaryFolder("flags")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = folder + "/run"
    let cases: [([String], String)] = [
      (["--run-dir", ""], "--run-dir must name a folder"),
      (["--actor-lr", "-1"], "--actor-lr must be in (0, 1], got -1.0"),
      (["--tau", "0"], "--tau must be in (0, 1]"),
      (["--log-std-max", "1000"], "--log-std-max must be in [-30, 10]"),
      (["--adam-beta1", "1"], "--adam-beta1 must be in [0, 1)"),
      (["--gamma", "nan"], "--gamma must be in [0, 1), got nan"),
      (["--batch-size", "100", "--buffer-size", "50"], "--batch-size (100) must not exceed --buffer-size (50)"),
      (["--hidden-sizes", "100000", "100000"], "--hidden-sizes must be 1 to 16 widths"),
      (["--buffer-size", "1000000000"], "--buffer-size 1000000000 needs"),
      (["--steps", "2.5"], "--steps must be a whole number"),
    ]
    for (flags, message) in cases {
      let arguments = ["train", "point_mass-easy", "--steps", "10"] + flags + (flags.contains("--run-dir") ? [] : ["--run-dir", run])
      let result = try Tool.run(arguments)
      #expect(result.status != 0 && result.error.contains(message), "\(flags): \(result.error)")
      #expect(!Self.exists(run), "\(flags) created the run folder")
      #expect(!result.error.contains("replayCapacity") && !result.error.contains("batchSize"))
    }
    // Negative values reach flags that take them.
    let negative = try Tool.run(["train", "point_mass-easy", "--steps", "30", "--target-entropy", "-3", "--log-std-min", "-5",
      "--run-dir", run, "--eval-episodes", "0"] + Tool.tinySAC)
    #expect(negative.status == 0, "\(negative.error)")
    #expect(negative.error.contains("warning: --learning-starts 100 is not below --steps 30"), "\(negative.error)")
    let huge = try Tool.run(["resume", run, "--steps", "9223372036854775000"])
    #expect(huge.status != 0 && huge.error.contains("--steps must be between 1 and"), "\(huge.error)")
  }

  @Test func brokenModelsAreClearErrorsAndNamesCannotInjectMarkup() throws {
    let folder = Tool.temporaryFolder("models")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func model(_ name: String, _ text: String) throws -> String {
      let path = folder + "/\(name).xml"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let body = #"<worldbody><body name="torso" pos="0 0 1"><joint name="j" type="hinge" axis="0 1 0"/><geom type="capsule" fromto="0 0 0 0 0 0.5" size="0.05"/></body></worldbody>"#
    let motor = #"<actuator><motor joint="j" ctrlrange="-1 1" ctrllimited="true"/></actuator>"#
    let cases: [(String, String, String)] = [
      ("empty", "<mujoco model=\"empty\"/>", "needs body 'torso'"),
      ("still", "<mujoco model=\"still\">\(body)</mujoco>", "no actuators"),
      ("forever", "<mujoco model=\"forever\">\(body)\(motor)<custom><numeric name=\"time_limit\" data=\"1e9\"/></custom></mujoco>", "time limit"),
      ("slow", "<mujoco model=\"slow\">\(body)\(motor)<custom><numeric name=\"control_timestep\" data=\"1000\"/></custom></mujoco>", "control timestep"),
      ("huge", "<mujoco model=\"huge\">\(body)\(motor)<custom><numeric name=\"time_limit\" size=\"999999999\"/></custom></mujoco>", "and 1000000, got 999999999"),
    ]
    for (name, text, message) in cases {
      let path = try model(name, text)
      let result = try Tool.run(["train", "--model", path, "--task", "locomotion", "--steps", "10", "--run-dir", folder + "/r-\(name)"])
      #expect(result.status != 0 && result.error.contains(message), "\(name): \(result.error)")
      #expect(!result.error.contains("Fatal error"), "\(name) crashed")
    }
    // A name with markup and control characters: escaped in the SVG, harmless on the terminal.
    let hostile = try model("hostile", "<mujoco model=\"&lt;script&gt;alert(1)&lt;/script&gt;&#27;[2J\">\(body)\(motor)</mujoco>")
    let check = try Tool.run(["model", "check", hostile, "--steps", "10"])
    #expect(!check.output.contains("\u{1B}"), "an escape character reached the terminal")
    let run = folder + "/hostile-run"
    let train = try Tool.run(["train", "--model", hostile, "--task", "locomotion", "--steps", "40", "--eval-episodes", "0",
      "--run-dir", run] + Tool.tinySAC)
    #expect(train.status == 0, "\(train.error)")
    #expect(!train.output.contains("\u{1B}"))
    let render = try Tool.run(["render", run, "--out", folder + "/hostile.svg", "--filmstrip"])
    #expect(render.status == 0, "\(render.error)")
    let svg = try String(contentsOfFile: folder + "/hostile.svg", encoding: .utf8)
    #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;"))
    // --out naming a symlink is refused, not replaced.
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.svg", withDestinationPath: folder + "/hostile.svg")
    let linked = try Tool.run(["render", run, "--out", folder + "/link.svg"])
    #expect(linked.status != 0 && linked.error.contains("not a regular file"), "\(linked.error)")
  }
}

/// A small tmpfs, mounted for the disk-full test when the tests run as root.
enum SmallDisk {
  static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("odessa-small-disk").path

  static func command(_ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }

  /// Whether a 600 kB tmpfs could be mounted (root only).
  static let available: Bool = {
    guard getuid() == 0 else { return false }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    _ = command(["umount", folder])
    return command(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", folder])
  }()
}

@Suite(.serialized) struct DiskFullTests {
  @Test(.enabled(if: SmallDisk.available, "needs root to mount a small tmpfs; skipped otherwise"))
  func aFullDiskStopsTrainingWithOneLineAndKeepsTheLastCheckpoint() throws {
    defer { _ = SmallDisk.command(["umount", SmallDisk.folder]) }
    let run = SmallDisk.folder + "/run"
    let result = try Tool.run([
      "train", "point_mass-easy", "--steps", "20000", "--checkpoint-every", "2000", "--eval-episodes", "0",
      "--hidden-sizes", "16", "16", "--batch-size", "16", "--learning-starts", "100", "--buffer-size", "100000",
      "--threads", "1", "--run-dir", run,
    ])
    #expect(result.status == 1)
    #expect(result.error.contains("No space left on device") && result.error.contains("replay.safetensors"), "\(result.error)")
    #expect(result.error.contains("the last good checkpoint") && result.error.contains("is kept"), "\(result.error)")
    #expect(!result.error.contains("Fatal error"))
    let latest = try String(contentsOfFile: run + "/checkpoints/latest", encoding: .utf8)
    #expect(FileManager.default.fileExists(atPath: run + "/checkpoints/" + latest + "/checksums.json"))
    let eval = try Tool.run(["eval", run, "--episodes", "1"])
    #expect(eval.status == 0, "\(eval.error)")
  }
}
