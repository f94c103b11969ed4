import Foundation
import Testing
import TestSupport
@testable import Sweeps

@Suite struct SweepFileTests {
  func write(_ text: String) throws -> String {
    let path = RepositoryPaths.temporaryPath("sweep") + ".yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func readsTasksSeedsVariedAndSharedSettings() throws {
    let file = try SweepFile(path: write("""
      # a grid
      tasks: [walker-walk, cheetah-run]
      seeds: 0-2
      set:
        actor-lr: [3e-4, 1e-3]
        batch-size: 512
      steps: 50000
      hidden-sizes: 64x64
      """))
    #expect(file.tasks == ["walker-walk", "cheetah-run"])
    #expect(file.seeds == [0, 1, 2])
    #expect(file.varied == [VariedSetting(flag: "actor-lr", values: ["3e-4", "1e-3"]), VariedSetting(flag: "batch-size", values: ["512"])])
    #expect(file.shared.map(\.flag) == ["steps", "hidden-sizes"])
    #expect(file.shared.map(\.text) == ["50000", "64x64"])
  }

  @Test func seedsAsAListAndTasksAsLines() throws {
    let file = try SweepFile(path: write("tasks:\n  - reacher-easy\n  - cartpole-swingup\nseeds: [3, 5]\n"))
    #expect(file.tasks == ["reacher-easy", "cartpole-swingup"])
    #expect(file.seeds == [3, 5])
  }

  @Test func errorsNameTheFileAndLine() throws {
    let path = try write("tasks: [walker-walk]\nseeds: 0-1\nwings: 3\n")
    do {
      _ = try SweepFile(path: path)
      Issue.record("an unknown key was accepted")
    } catch {
      #expect("\(error)".contains("\(path):3"))
      #expect("\(error)".contains("unknown key 'wings'"))
    }
    let noSeeds = try write("tasks: [walker-walk]\n")
    #expect(throws: SweepError.self) { try SweepFile(path: noSeeds) }
    let broken = try write("tasks: [walker-walk\nseeds: 1\n")
    do {
      _ = try SweepFile(path: broken)
      Issue.record("broken YAML was accepted")
    } catch {
      #expect("\(error)".contains("not valid YAML"))
    }
  }
}
