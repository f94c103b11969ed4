import ArgumentParser
import Environments
import Foundation
import Training

/// `odessa eval`.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a trained policy: the deterministic action tanh(mean), or sampled with --stochastic.")

  @Argument(help: "A run folder (its latest checkpoint) or a checkpoint folder.") var target: String
  @Option(help: "Episodes to run (1 to 1000).") var episodes = 10
  @Option(help: "Seed of the evaluation episodes (default: the run's seed).") var seed: UInt64?
  @Flag(help: "Sample actions from the policy instead of acting with its mean.") var stochastic = false
  @Option(help: "Write the per-step body poses of the first episode to this JSON file.") var record: String?
  @Option(help: ArgumentHelp(
    "Keep each episode whose physics diverges as a file in this folder, for `odessa replay FILE --run RUN`.",
    valueName: "folder")) var keepDivergences: String?

  func validate() throws {
    guard (1...1000).contains(episodes) else { throw ValidationError("--episodes must be between 1 and 1000, got \(episodes)") }
  }

  func run() throws {
    try withCommandErrors {
      let stop = InterruptSignal.install()
      let policy = try TrainedPolicy.load(target, warn: { Terminal.standardError("warning: \($0)\n") })
      let evaluation: (summary: EvaluationSummary, recording: EpisodeRecording?)
      do {
        let keeper = keepDivergences.map { DivergenceKeeper(folder: $0, policy: policy) }
        evaluation = try policy.evaluate(
          episodes: episodes, seed: seed ?? policy.configuration.seed, stochastic: stochastic,
          record: record != nil, keepDivergence: keeper.map { keeper in { keeper.keep($0) } }, shouldStop: stop)
      } catch is EvaluationInterrupted {
        Terminal.standardError("evaluation interrupted\n")
        throw ExitCode(InterruptSignal.exitStatus)
      }
      let (summary, recording) = evaluation
      print(Terminal.clean("\(policy.configuration.taskName)") + ", checkpoint \(policy.checkpoint.lastPathComponent), "
        + (stochastic ? "sampled actions" : "deterministic actions"))
      print(String(format: "return: mean %.2f, std %.2f, min %.2f, max %.2f over %d episodes",
        summary.mean, summary.standardDeviation, summary.minimum, summary.maximum, summary.returns.count))
      if let solved = try policy.makeEnvironment().task.solvedAt {
        print(SolvedVerdict.text(mean: summary.mean, episodes: summary.returns.count, threshold: solved))
      }
      if let record, let recording {
        try recording.write(to: URL(fileURLWithPath: record))
        print("recorded \(recording.frames.count) frames of episode 1 to \(record)")
      }
    }
  }
}

/// Writes each diverged evaluation episode into `--keep-divergences`' folder, named after the
/// checkpoint and the episode's seed, so that evaluations of other checkpoints never overwrite it.
final class DivergenceKeeper {
  let folder: URL
  let policy: TrainedPolicy
  private var kept = 0

  init(folder: String, policy: TrainedPolicy) {
    self.folder = URL(fileURLWithPath: folder)
    self.policy = policy
  }

  func keep(_ divergence: DivergenceRecord) {
    kept += 1
    let name = "\(policy.checkpoint.lastPathComponent)-evaluation-\(kept)-seed-\(divergence.seed).json"
    let url = folder.appendingPathComponent(name)
    do {
      try divergence.write(to: url)
      Terminal.standardError("warning: the diverged episode is kept for `odessa replay \(url.path) --run \(policy.run.path)`\n")
    } catch {
      Terminal.standardError("warning: could not keep the diverged episode in \(folder.path): \(error)\n")
    }
  }
}

/// `odessa plot`.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw learning curves (deterministic evaluation return against steps) of one or more runs as SVG.",
    discussion: "Runs of the same task are drawn as their mean with a min–max band.")

  @Argument(help: "Run folders.") var runs: [String]
  @Option(help: "The SVG file to write.") var out: String
  @Option(help: "A title (default: the task's name).") var title: String?

  func validate() throws {
    guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
    guard out.hasSuffix(".svg") else { throw ValidationError("--out must name an .svg file, got \(out)") }
  }

  func run() throws {
    try withCommandErrors {
      try LearningCurves.write(runs: runs.map(RunDirectory.init), to: URL(fileURLWithPath: out), title: title)
      print("wrote \(out)")
    }
  }
}

/// `odessa render`.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw the trained deterministic policy acting: an animated SVG, or a filmstrip of frames.")

  @Argument(help: "A run folder (its latest checkpoint) or a checkpoint folder.") var target: String
  @Option(help: "The SVG file to write.") var out: String
  @Flag(help: "A static strip of 8 frames instead of an animation.") var filmstrip = false
  @Option(help: "Seed of the episode (default: the run's seed).") var seed: UInt64?

  func validate() throws {
    guard out.hasSuffix(".svg") else { throw ValidationError("--out must name an .svg file, got \(out)") }
  }

  func run() throws {
    try withCommandErrors {
      let policy = try TrainedPolicy.load(target)
      let (summary, frames) = try policy.render(
        to: URL(fileURLWithPath: out), filmstrip: filmstrip, seed: seed ?? policy.configuration.seed)
      print(String(format: "wrote %@: %d frames, episode return %.1f", out, frames, summary.mean))
    }
  }
}

/// `odessa export`.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the trained actor alone as safetensors, with its observation layout, action bounds and squashing.")

  @Argument(help: "A run folder (its latest checkpoint) or a checkpoint folder.") var target: String
  @Option(help: "The .safetensors file to write.") var out: String

  func validate() throws {
    guard out.hasSuffix(".safetensors") else { throw ValidationError("--out must name a .safetensors file, got \(out)") }
  }

  func run() throws {
    try withCommandErrors {
      let description = try PolicyExport.export(TrainedPolicy.load(target), to: URL(fileURLWithPath: out))
      print("wrote \(out): actor \(description.layerSizes.map(String.init).joined(separator: " → ")), "
        + "\(description.actionNames.count) actions in [\(description.actionLow.min() ?? 0), \(description.actionHigh.max() ?? 0)]")
    }
  }
}

/// Whether an evaluation meets a task's threshold for solved, said with its terms.
enum SolvedVerdict {
  static func text(mean: Double, episodes: Int, threshold: (meanReturn: Double, episodes: Int)) -> String {
    let met = mean >= threshold.meanReturn
    let terms = String(format: "a mean of %g over %d episodes", threshold.meanReturn, threshold.episodes)
    if episodes < threshold.episodes {
      return "solved: \(met ? "on course" : "no") (the threshold is \(terms); give --episodes \(threshold.episodes) to decide)"
    }
    return "solved: \(met ? "yes" : "no") (the threshold is \(terms))"
  }
}
