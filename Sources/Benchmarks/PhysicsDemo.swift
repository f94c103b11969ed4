import Physics
import Foundation

/// The physics demo behind `odessa demo`: drops the chain scene and reports its fall and rest.
package enum PhysicsDemo {
  /// Simulates `seconds` of the chain and returns a printable report, a line every 0.25 s.
  package static func run(seconds: Double = 3, scene: ChainScene = ChainScene()) throws -> String {
    let world = try scene.makeWorld()
    let steps = Int((seconds / scene.timestep).rounded())
    let reportEvery = Int((0.25 / scene.timestep).rounded())
    let initialEnergy = world.kineticEnergy + world.potentialEnergy
    var lines = [
      "A chain of \(scene.links) capsules (\(String(format: "%.2f", world.bodies.reduce(0) { $0 + $1.mass })) kg) "
        + "joined by damped hinges falls from \(scene.height) m onto the floor.",
      "   time   lowest z   highest z   contacts   kinetic J   total energy J",
    ]
    for step in 0...steps {
      if step % reportEvery == 0 {
        let heights = world.bodies.map(\.centerOfMass.z)
        lines.append(String(
          format: "%6.2f s  %8.3f m  %9.3f m  %9d  %10.3f  %15.3f", world.time,
          heights.min() ?? 0, heights.max() ?? 0, world.contacts.count, world.kineticEnergy,
          world.kineticEnergy + world.potentialEnergy))
      }
      if step < steps { try world.step() }
    }
    let restingKinetic = world.kineticEnergy
    let released = initialEnergy - world.potentialEnergy
    lines.append(String(
      format: "After %.1f s the chain rests on the floor (kinetic energy %.4f J): the %.1f J released by "
        + "the fall went into contacts and hinge damping.", world.time, restingKinetic, released))
    return lines.joined(separator: "\n")
  }
}
