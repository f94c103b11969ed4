import Environments
import Foundation
import Physics
import Randomness

/// `odessa bench bipedal`: BipedalWalker on ODE beside the original on Box2D. Gymnasium's
/// heuristic gait walks both (normal and hardcore terrain, the same number of seeds; terrains
/// differ, the generators being different), and, step by step along the gait's walk on flat
/// ground in Box2D, Odessa takes each of Box2D's states and actions and predicts the next state:
/// the mean prediction error per quantity shows where the two physics part.
package enum BipedalBenchmark {
  /// The gait over many seeds of one kind of terrain.
  package struct GaitSummary: Codable, Sendable {
    package var episodes: Int
    package var meanReturn: Double
    package var standardDeviation: Double
    package var finished: Int
    package var medianDistance: Double
    package var farthest: Double

    init(returns: [Double], distances: [Double], finished: Int) {
      episodes = returns.count
      meanReturn = returns.reduce(0, +) / Double(max(returns.count, 1))
      let mean = meanReturn
      standardDeviation = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(returns.count, 1))).squareRoot()
      self.finished = finished
      medianDistance = distances.isEmpty ? 0 : distances.sorted()[distances.count / 2]
      farthest = distances.max() ?? 0
    }

    var line: String {
      String(format: "mean return %7.1f ± %5.1f, finished %3d of %d, median distance %5.1f m, farthest %5.1f m",
        meanReturn, standardDeviation, finished, episodes, medianDistance, farthest)
    }
  }

  /// One quantity's one-step prediction error.
  package struct StepError: Codable, Sendable {
    package var quantity: String
    package var meanError: Double
    /// The mean size of its change over a step in Box2D, for scale.
    package var meanChange: Double
  }

  /// Everything the benchmark measured.
  package struct Result: Codable, Sendable {
    package var odessa: [String: GaitSummary]
    package var box2d: [String: GaitSummary]?
    package var box2dVersion: String?
    package var oneStep: [StepError]?
    package var note: String?

    /// The report, for people.
    package var report: String {
      var lines = ["BipedalWalker: Gymnasium's heuristic gait, Odessa (ODE) beside the original (Box2D)"]
      for terrain in ["normal", "hardcore"] {
        if let ours = odessa[terrain] { lines.append("  \(terrain.padding(toLength: 9, withPad: " ", startingAt: 0)) Odessa  \(ours.line)") }
        if let theirs = box2d?[terrain] { lines.append("  \(terrain.padding(toLength: 9, withPad: " ", startingAt: 0)) Box2D   \(theirs.line)") }
      }
      if let version = box2dVersion { lines.append("  (Box2D side: \(version))") }
      if let oneStep {
        lines.append("One step from Box2D's states along the gait's walk on flat ground: mean |Odessa − Box2D| after one step")
        for error in oneStep {
          lines.append("  " + error.quantity.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(format: " %9.5f   (Box2D's mean change per step %8.5f)", error.meanError, error.meanChange))
        }
      }
      if let note { lines.append(note) }
      return lines.joined(separator: "\n")
    }

    /// The result as one JSON line.
    package func jsonLine() throws -> String {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
  }

  /// Runs the gait over `seeds` seeds of each terrain in Odessa and, when `python` has
  /// Gymnasium with Box2D, in the original too, and the one-step comparison.
  package static func run(modelsFolder: String, seeds: Int, python: String?, script: String) throws -> Result {
    var result = Result(odessa: [:])
    for (terrain, task) in [("normal", "bipedal_walker"), ("hardcore", "bipedal_walker-hardcore")] {
      let environment = try Suite.environment(task, modelsFolder: modelsFolder)
      environment.warn = { _ in }
      var returns: [Double] = [], distances: [Double] = [], finished = 0
      for seed in 0..<seeds {
        let episode = try BipedalHeuristicGait.run(environment, seed: UInt64(seed))
        returns.append(episode.score)
        distances.append(episode.distance)
        if episode.finished { finished += 1 }
      }
      result.odessa[terrain] = GaitSummary(returns: returns, distances: distances, finished: finished)
    }
    guard let python else {
      result.note = "Box2D's side not run: give --python with Gymnasium and Box2D (`make bipedal-oracle` installs them)."
      return result
    }
    let answer = try PythonOracle.run(
      python: python, script: script, input: ["seeds": seeds, "trajectory_steps": 1600],
      installHint: "run `make bipedal-oracle`, which installs Gymnasium with Box2D into a virtual environment, or give --python")
    result.box2dVersion = "Gymnasium \(answer["gymnasium"] as? String ?? "?"), Box2D \(answer["box2d"] as? String ?? "?")"
    if let heuristic = answer["heuristic"] as? [String: [[String: Any]]] {
      result.box2d = heuristic.mapValues { episodes in
        GaitSummary(
          returns: episodes.map { $0["return"] as? Double ?? 0 }, distances: episodes.map { $0["distance"] as? Double ?? 0 },
          finished: episodes.filter { $0["finished"] as? Bool ?? false }.count)
      }
    }
    if let rows = answer["flat"] as? [[String: Any]] {
      result.oneStep = try oneStepErrors(rows, modelsFolder: modelsFolder)
    }
    return result
  }

  /// The names of the 14 numbers of a state (the script's order).
  static let quantities = [
    ("hull position (m)", [0, 1]), ("hull angle (rad)", [2]), ("joint angles (rad)", [3, 4, 5, 6]),
    ("hull velocity (m/s)", [7, 8]), ("hull angular velocity", [9]), ("joint speeds (rad/s)", [10, 11, 12, 13]),
  ]

  /// From each of Box2D's states, one step of Odessa with Box2D's action.
  static func oneStepErrors(_ rows: [[String: Any]], modelsFolder: String) throws -> [StepError] {
    let environment = try Suite.environment("bipedal_walker", modelsFolder: modelsFolder)
    environment.warn = { _ in }
    let task = environment.task as! BipedalWalker
    let simulation = environment.simulation
    try environment.reset(seed: 0)
    var random = RandomGenerator(seed: 0)
    var flat = BipedalTerrain(hardcore: false, random: &random)
    flat.heights = Array(repeating: BipedalTerrain.height, count: BipedalTerrain.length)
    try task.replaceTerrain(flat, in: simulation)
    let hull = simulation.model.bodies.firstIndex { $0.name == "hull" }!
    let start = simulation.model.bodies[hull].pose.position
    var errors = [Double](repeating: 0, count: 14), changes = [Double](repeating: 0, count: 14)
    var count = 0
    // The first steps are Box2D's settling from its inconsistent starting pose; skip them.
    for row in rows.dropFirst(3) {
      guard let before = row["before"] as? [Double], let after = row["after"] as? [Double],
        let action = row["action"] as? [Double], before.count == 14, after.count == 14
      else { continue }
      try simulation.setState(
        qpos: [before[0] - start.x, before[1] - start.z, before[2], before[3], before[4], before[5], before[6]],
        qvel: Array(before[7...]))
      try task.applyAction(action, to: simulation)
      for _ in 0..<environment.spec.substeps { try simulation.step() }
      task.afterStep(simulation)
      let q = simulation.qpos, v = simulation.qvel
      let predicted = [q[0] + start.x, q[1] + start.z] + Array(q[2...]) + v
      for k in 0..<14 {
        errors[k] += abs(predicted[k] - after[k])
        changes[k] += abs(after[k] - before[k])
      }
      count += 1
    }
    guard count > 0 else { return [] }
    return quantities.map { name, indices in
      StepError(
        quantity: name, meanError: indices.map { errors[$0] }.reduce(0, +) / Double(count * indices.count),
        meanChange: indices.map { changes[$0] }.reduce(0, +) / Double(count * indices.count))
    }
  }
}
