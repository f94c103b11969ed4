import ArgumentParser
import Environments
import Foundation
import NeuralNetworks
import Training

/// `odessa replay`: runs a diverged episode that a run or an evaluation kept, to see it diverge again.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay an episode whose physics diverged, from the file a run kept in RUN/divergences/ "
      + "(or `odessa eval --keep-divergences` kept).",
    discussion: "The episode is rebuilt from its reset seed and actions, on the run's task and models; "
      + "on the same machine and build it diverges at the same step.")

  @Argument(help: "A file from a run folder's divergences/, or one `odessa eval --keep-divergences` wrote.") var file: String
  @Option(name: .customLong("run"), help: "The run whose task and models to use (default: the run folder holding the file).")
  var runFolder: String?
  @Option(help: ArgumentHelp("Print every joint's position and speed after each of the last N steps.", valueName: "N"))
  var trace: Int = 0
  @Option(help: "Also draw the replayed episode as an animated SVG (or a filmstrip with --filmstrip).") var out: String?
  @Flag(help: "With --out: a static strip of 8 frames instead of an animation.") var filmstrip = false

  func validate() throws {
    guard trace >= 0 else { throw ValidationError("--trace must be 0 or more, got \(trace)") }
    if let out, !out.hasSuffix(".svg") { throw ValidationError("--out must name an .svg file, got \(out)") }
  }

  func run() throws {
    try withCommandErrors {
      let url = URL(fileURLWithPath: file).standardizedFileURL
      let record = try DivergenceRecord.read(from: url)
      let folder = RunDirectory(runFolder ?? url.deletingLastPathComponent().deletingLastPathComponent().path)
      guard FileManager.default.fileExists(atPath: folder.configURL.path) else {
        throw CommandFailure(
          message: runFolder == nil
            ? "\(file) is not inside a run's divergences/ folder: give the run it came from with --run RUN"
            : "--run \(folder.path) is not a run folder (it has no config.json)")
      }
      let configuration = try folder.readSettledConfiguration()
      let environment = try configuration.environmentFactory()
      guard environment.spec.name == record.task else {
        throw CommandFailure(
          message: "\(file) is an episode of task \(record.task), but run \(folder.path) trains \(environment.spec.name)")
      }
      environment.warn = { _ in }
      print("\(record.task), seed \(record.seed), \(record.actions.count) steps; kept as: \(record.message)")
      var traced = ReplayTrace.LastLines(capacity: trace)
      var recording: EpisodeRecording?
      let divergence: String?
      do {
        divergence = try record.replay(in: environment) {
          if out != nil { recording = EpisodeRecording(startingFrom: environment) }
        } afterStep: { step, result in
          // A diverged frame holds no meaningful pose (it may not be finite): it is not drawn.
          if result.divergence == nil { recording?.append(environment, reward: result.reward) }
          traced.append(ReplayTrace.line(step: step, result: result, simulation: environment.simulation))
        }
      } catch {
        // The trace matters most when the replay fails.
        for line in traced.lines { print(line) }
        throw error
      }
      for line in traced.lines { print(line) }
      if let out, let recording {
        let picture = PolicyRendering.picture(
          of: recording, model: environment.simulation.model, view: environment.task.cameraView, filmstrip: filmstrip)
        try AtomicFile.write(Data(picture.utf8), to: URL(fileURLWithPath: out))
        print("wrote \(out): \(recording.frames.count) frames")
      }
      if let divergence {
        print("diverged again: \(divergence)")
      } else {
        print("did not diverge this time (another build, machine or model files than the run's?)")
        throw ExitCode(1)
      }
    }
  }
}
