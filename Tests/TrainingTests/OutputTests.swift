import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import NeuralNetworks
import SAC
import Testing
import TestSupport
@testable import Training

/// Evaluation, plots, pictures and export of a trained policy.
@Suite struct OutputTests {
  func trainedRun(task: String = "point_mass-easy", seed: UInt64 = 1) throws -> String {
    let folder = Fixtures.folder("output")
    try Trainer.start(configuration: Fixtures.tiny(task: task, steps: 300, seed: seed), run: RunDirectory(folder), force: false)
      .train(display: .silent)
    return folder
  }

  @Test func evaluationIsDeterministicAndRecordsPoses() throws {
    let folder = try trainedRun()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let first = try policy.evaluate(episodes: 2, seed: 5, stochastic: false, record: true)
    let second = try policy.evaluate(episodes: 2, seed: 5, stochastic: false, record: false)
    #expect(first.summary == second.summary)
    let recording = try #require(first.recording)
    #expect(recording.frames.count == 1001)
    #expect(recording.frames[0].count == 7 * recording.bodies.count)
    // A checkpoint folder works as well as the run folder.
    let byCheckpoint = try TrainedPolicy.load(policy.checkpoint.path)
    #expect(try byCheckpoint.evaluate(episodes: 2, seed: 5, stochastic: false, record: false).summary == first.summary)
  }

  @Test func plotsDrawOneBandPerTask() throws {
    let a = try trainedRun(seed: 1), b = try trainedRun(seed: 2), c = try trainedRun(task: "pendulum-swingup")
    defer { for folder in [a, b, c] { try? FileManager.default.removeItem(atPath: folder) } }
    let out = URL(fileURLWithPath: Fixtures.folder("plot") + ".svg")
    defer { try? FileManager.default.removeItem(at: out) }
    try LearningCurves.write(runs: [a, b, c].map(RunDirectory.init), to: out)
    let svg = try String(contentsOf: out, encoding: .utf8)
    #expect(svg.contains("point_mass-easy (2 runs, min–max)"))
    #expect(svg.contains(">pendulum-swingup<"))
    #expect(svg.components(separatedBy: "<polyline").count == 3)
    #expect(svg.components(separatedBy: "<polygon").count == 2, "one band, for the task with two runs")
    #expect(svg.contains("environment steps") && svg.contains("episode return"))
  }

  @Test func niceTicksAreRound() {
    #expect(LearningCurves.niceTicks(0, 1000) == [0, 200, 400, 600, 800, 1000])
    #expect(LearningCurves.niceTicks(0, 100_000) == [0, 20_000, 40_000, 60_000, 80_000, 100_000])
    #expect(LearningCurves.label(40_000) == "40k")
  }

  @Test(arguments: ["walker-stand", "reacher-easy"])
  func renderingsDrawEveryBodyGeom(task: String) throws {
    let folder = try trainedRun(task: task)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let animated = URL(fileURLWithPath: folder + "/anim.svg"), strip = URL(fileURLWithPath: folder + "/strip.svg")
    _ = try policy.render(to: animated, filmstrip: false, seed: 0)
    _ = try policy.render(to: strip, filmstrip: true, seed: 0)
    let svg = try String(contentsOf: animated, encoding: .utf8)
    let model = try policy.makeEnvironment().simulation.model
    let moving = model.geoms.filter { $0.body != 0 }.count
    #expect(svg.components(separatedBy: "<animate attributeName=\"x1\"").count - 1
      + svg.components(separatedBy: "<animate attributeName=\"cx\"").count - 1 >= moving)
    #expect(svg.contains(task == "reacher-easy" ? "top view" : "side view"))
    let film = try String(contentsOf: strip, encoding: .utf8)
    #expect(film.components(separatedBy: ">step ").count - 1 == 8)
  }

  @Test func bodiesMovingIn3DAreDrawnFromTheSideAndTheFront() throws {
    let folder = try trainedRun(task: "quadruped-walk")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let animated = URL(fileURLWithPath: folder + "/anim.svg"), strip = URL(fileURLWithPath: folder + "/strip.svg")
    _ = try policy.render(to: animated, filmstrip: false, seed: 0)
    _ = try policy.render(to: strip, filmstrip: true, seed: 0)
    for url in [animated, strip] {
      let svg = try String(contentsOf: url, encoding: .utf8)
      #expect(svg.contains("side view") && svg.contains("front view"))
      // Well-formed XML, with the two views' clip paths kept apart.
      #expect(XMLParser(data: Data(svg.utf8)).parse())
    }
    let film = try String(contentsOf: strip, encoding: .utf8)
    #expect(film.components(separatedBy: ">step ").count - 1 == 16)
    #expect(film.contains("id=\"v1panel0\"") && film.contains("url(#v1panel0)"))
  }

  @Test func bipedalWalkerIsDrawnOnItsTerrainWithItsLidar() throws {
    let folder = try trainedRun(task: "bipedal_walker-hardcore")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let animated = URL(fileURLWithPath: folder + "/anim.svg"), strip = URL(fileURLWithPath: folder + "/strip.svg")
    let (_, frames) = try policy.render(to: animated, filmstrip: false, seed: 0)
    _ = try policy.render(to: strip, filmstrip: true, seed: 0)
    let svg = try String(contentsOf: animated, encoding: .utf8)
    #expect(XMLParser(data: Data(svg.utf8)).parse())
    // The ground's 200 points as one solid outline, the hardcore obstacles, 10 animated rays.
    #expect(svg.components(separatedBy: "fill=\"#c9d3c0\"").count - 1 == 1)
    #expect(svg.contains("<rect x=") && svg.components(separatedBy: "fill=\"#a8b89a\"").count - 1 >= 1)
    #expect(svg.components(separatedBy: "stroke=\"#e03c3c\"").count - 1 == 10)
    #expect(frames >= 2)
    // The walker, 2.5 m tall, fills the picture above the ground line (not the 6 m above z = 0).
    let environment = try policy.makeEnvironment()
    let (_, recording) = try evaluatePolicy(policy.policy, environment: environment, seeds: [0], recordFirst: true)
    let rendering = PolicyRendering(model: environment.simulation.model, recording: recording!, view: .side, room: 280)
    #expect(rendering.scale > 45, "\(rendering.scale) px per metre")
    #expect(recording!.rays!.count == recording!.frames.count && recording!.rays![0].count == 40)
    let film = try String(contentsOf: strip, encoding: .utf8)
    #expect(XMLParser(data: Data(film.utf8)).parse())
    #expect(film.components(separatedBy: "stroke=\"#e03c3c\"").count - 1 == 80)
  }

  @Test func geomsAreDrawnFarToNear() throws {
    let folder = try trainedRun(task: "quadruped-walk")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let environment = try policy.makeEnvironment()
    let (_, recording) = try evaluatePolicy(policy.policy, environment: environment, seeds: [0], recordFirst: true)
    let model = environment.simulation.model
    for view in [PolicyRendering.View.side, .front, .top] {
      let rendering = PolicyRendering(model: model, recording: recording!, view: view, room: 200)
      let depths = rendering.drawingOrder.map { g in
        rendering.depth(rendering.bodyPose(model.geoms[g].body, frame: 0).composed(with: model.geoms[g].pose).position)
      }
      #expect(zip(depths, depths.dropFirst()).allSatisfy { $0 >= $1 - 1e-9 }, "\(view)")
    }
  }

  /// The exported actor, run by hand from the file alone, acts exactly like the agent.
  @Test func exportedActorActsLikeTheAgent() throws {
    let folder = try trainedRun()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = try TrainedPolicy.load(folder)
    let url = URL(fileURLWithPath: folder + "/policy.safetensors")
    let description = try PolicyExport.export(policy, to: url)
    let file = try SafeTensorsFile.read(from: url)
    #expect(file.metadata["odessa"]?.contains("tanh(mu)") == true)
    let observation: [Float] = [0.1, -0.2, 0.3, 0.05]
    var activation = observation
    let layers = description.layerSizes.count - 1
    for layer in 0..<layers {
      let weight = try #require(file.tensors["actor.\(2 * layer).weight"]).floats()
      let bias = try #require(file.tensors["actor.\(2 * layer).bias"]).floats()
      let (outputs, inputs) = (description.layerSizes[layer + 1], description.layerSizes[layer])
      activation = (0..<outputs).map { o in
        var sum = bias[o]
        for i in 0..<inputs { sum += weight[o * inputs + i] * activation[i] }
        return layer < layers - 1 ? max(sum, 0) : sum
      }
    }
    let actions = description.actionNames.indices.map { k -> Float in
      let low = description.actionLow[k], high = description.actionHigh[k]
      return low + (Float(tanh(Double(activation[k]))) + 1) / 2 * (high - low)
    }
    let expected = policy.policy.act(observation)
    for (a, b) in zip(actions, expected) { #expect(abs(a - b) < 1e-5, "\(a) vs \(b)") }
  }
}
