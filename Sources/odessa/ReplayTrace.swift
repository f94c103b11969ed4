import Environments
import Foundation
import Physics

/// One line of `odessa replay --trace`: a step's reward, every joint's position and speed.
enum ReplayTrace {
  static func line(step: Int, result: StepResult, simulation: Simulation) -> String {
    let qpos = simulation.qpos, qvel = simulation.qvel
    var parts = [String(format: "step %d: reward %.3g", step, result.reward)]
    for (j, joint) in simulation.model.joints.enumerated() where joint.type == .hinge || joint.type == .slide {
      let p = simulation.positionAddress[j], v = simulation.velocityAddress[j]
      parts.append(String(format: "%@ %.3f (%.3g/s)", joint.name, qpos[p], qvel[v]))
    }
    return parts.joined(separator: " | ")
  }
}
