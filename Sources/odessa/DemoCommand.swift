import ArgumentParser
import Physics
import Benchmarks

/// `odessa demo`: the physics demo — a hinged chain dropped onto the floor.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "physics-demo",
    abstract: "Drop a hinged chain of capsules onto the floor and report what happens.")

  func run() throws {
    print(try PhysicsDemo.run())
  }
}
