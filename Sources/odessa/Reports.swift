/// The report text of the benchmarks and of `odessa model check`: what people read lives in
/// the command-line tool, not in the libraries.
import Benchmarks
import Foundation
import Physics

extension PhysicsBenchmark.Result {
    /// A human-readable summary.
    var report: String {
      """
      physics benchmark: \(scene), dt \(timestep) s, \(String(format: "%.1f", meanContactsPerStep)) contacts/step
        Odessa Physics API  \(String(format: "%10.0f", apiStepsPerSecond)) steps/s
        raw ODE C calls     \(String(format: "%10.0f", rawStepsPerSecond)) steps/s
        ratio API/raw       \(String(format: "%10.3f", ratio))   (Swift layer cost \(String(format: "%.1f", overheadPercent)) %, target < 10 %)
        same trajectory     \(trajectoriesMatch ? "yes, bit for bit" : "NO")
      """
    }
}

extension EnvironmentBenchmark.Result {
    /// A table for people.
    var report: String {
      var lines = ["environment benchmark (random actions, one core" + (stepper == "exact" ? "" : ", ODE stepper \(stepper)") + "):",
        "  task               env steps/s   physics-only steps/s   substeps/s   env overhead"
          + (episodesForReturns > 0 ? "   zero-action return   random return" : "")]
      for t in tasks {
        var line = "  " + t.task.padding(toLength: 17, withPad: " ", startingAt: 0)
          + String(format: "%13.0f %22.0f %12.0f %12.1f %%", t.envStepsPerSecond, t.physicsStepsPerSecond,
            t.substepsPerSecond, t.overheadPercent)
        if let zero = t.zeroActionReturn, let random = t.randomActionReturn {
          line += String(format: " %20.1f %15.1f", zero, random)
        }
        if t.divergences > 0 { line += "   (\(t.divergences) episodes diverged)" }
        lines.append(line)
      }
      return lines.joined(separator: "\n")
    }
}

extension ModelCheck {
  /// The report as printed by the CLI.
  var report: String {
    var lines = ["model '\(modelName)' from \(file)"]
    lines.append(String(format: "  timestep %g s, %d degrees of freedom (%d position coordinates), total mass %.4f kg",
      timestep, velocityCount, positionCount, totalMass))
    // The figures MuJoCo's compiler reports (nbody counts the world), to compare at a glance.
    lines.append("  as MuJoCo counts: nbody \(bodies.count + 1), njnt \(joints.count), nq \(positionCount), "
      + "nv \(velocityCount), nu \(actuators.count), ntendon \(tendonCount), neq \(equalityCount), mass \(String(format: "%.6f", totalMass))")
    lines.append("approximations in the mapping onto ODE:")
    lines += approximations.isEmpty ? ["  none"] : approximations.map { "  - " + $0 }
    lines.append("bodies (mass; MuJoCo's body_invweight0, translational, at qpos0):")
    for body in bodies {
      let name = body.name.padding(toLength: max(16, body.name.count), withPad: " ", startingAt: 0)
      lines.append("  \(name)" + String(format: "%9.4f kg   w0 %.8g /kg", body.mass, body.inverseWeight)
        + "   (child of \(body.parent))")
    }
    lines.append("joints:")
    lines += joints.map { "  " + $0 }
    lines.append("actuators:")
    lines += actuators.isEmpty ? ["  (none)"] : actuators.map { "  " + $0 }
    if let failure = rolloutFailure {
      lines.append("random rollout: FAILED after \(rolloutSteps) steps: \(failure)")
    } else {
      lines.append(String(format: "random rollout: %d steps stayed finite (largest joint speed %.3g)", rolloutSteps, largestSpeed))
    }
    return lines.joined(separator: "\n")
  }
}

extension FidelityBenchmark.Result {
  /// One line per task and control sequence.
  var report: String {
    var lines = [
      "fidelity against MuJoCo \(mujocoVersion): the same initial state and controls, \(steps) control steps"
        + (stepper == "exact" ? "" : ", Odessa on ODE stepper \(stepper)"),
      "errors: |Odessa - MuJoCo| per coordinate over its joint range (or its spread under random controls), largest over the coordinates",
      "one-step: MuJoCo restarted from each of Odessa's states with the same control, the largest position error after one step (median / largest over the run, and the step of the largest)",
      "task                      controls  pos@1    pos@10   pos@100  mean@100  vel@100  one-step med / max @ step  |Δr|/step  return O / M     separates at (> \(threshold))",
    ]
    func number(_ values: [Double], _ k: Int) -> String {
      k < values.count ? String(format: "%-8.3g", values[k]) : "-       "
    }
    for c in cases {
      let head = c.task.padding(toLength: 26, withPad: " ", startingAt: 0) + c.controls.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
      if let error = c.error {
        lines.append(head + "not compared: " + error)
        continue
      }
      lines.append(head + number(c.positionError, 0) + " " + number(c.positionError, 1) + " " + number(c.positionError, 2) + " "
        + number(c.meanPositionError, 2) + "  " + number(c.velocityError, 2) + " "
        + number(c.stepError, 0) + " / " + number(c.stepError, 1) + " @ "
        + (c.worstStep.map { String($0) } ?? "-").padding(toLength: 5, withPad: " ", startingAt: 0) + " "
        + String(format: "%-10.3g %6.1f / %-7.1f ", c.rewardDifference, c.odessaReturn, c.mujocoReturn)
        + (c.separationStep.map { "step \($0) (\(c.worstCoordinate))" } ?? "not within \(c.steps) (worst: \(c.worstCoordinate))"))
    }
    return lines.joined(separator: "\n")
  }
}
