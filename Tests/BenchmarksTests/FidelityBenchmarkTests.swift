import Environments
import Foundation
import Testing
import TestSupport
@testable import Benchmarks

@Suite struct FidelityBenchmarkTests {
  @Test func coordinatesFollowMuJoCosQposLayout() throws {
    let environment = try Suite.environment("humanoid-walk", modelsFolder: RepositoryPaths.models)
    let coordinates = FidelityBenchmark.coordinates(environment.simulation.model)
    // The free root counts twice (position, orientation), each of the 21 hinges once.
    #expect(coordinates.count == 2 + 21)
    #expect(coordinates[0].name == "root position" && coordinates[1].name == "root orientation")
    // An orientation error is the rotation angle between the two quaternions.
    var p = [Double](repeating: 0, count: 28), q = p
    p[3] = 1
    q[3] = cos(0.25)
    q[6] = sin(0.25)  // 0.5 rad about z
    #expect(abs(coordinates[1].error(p, q) - 0.5) < 1e-12)
  }

  @Test func controlsStayInsideTheActionBounds() throws {
    let environment = try Suite.environment("cheetah-run", modelsFolder: RepositoryPaths.models)
    for kind in FidelityBenchmark.Controls.standard {
      let controls = FidelityBenchmark.controls(kind, spec: environment.spec, steps: 50)
      #expect(controls.count == 50 && controls.allSatisfy { $0.count == 6 })
      #expect(controls.joined().allSatisfy { $0 >= -1 && $0 <= 1 })
      if kind == .zero { #expect(controls.joined().allSatisfy { $0 == 0 }) }
    }
  }

  @Test func identicalTrajectoriesDoNotSeparateAndAShiftIsMeasuredInRangeUnits() throws {
    let environment = try Suite.environment("cartpole-swingup", modelsFolder: RepositoryPaths.models)
    let controls = FidelityBenchmark.controls(.random, spec: environment.spec, steps: 120)
    let odessa = try FidelityBenchmark.simulate(environment, controls: controls)
    let same = try FidelityBenchmark.compare(
      task: "cartpole-swingup", kind: .random, controls: controls, odessa: odessa, mujoco: odessa,
      spreadQpos: odessa.qpos, spreadQvel: odessa.qvel, modelsFolder: RepositoryPaths.models, threshold: 0.1)
    #expect(same.positionError == [0, 0, 0] && same.velocityError == [0, 0, 0])
    #expect(same.separationStep == nil && same.steps == 120)
    #expect(abs(same.rewardDifference) < 1e-12)
    // The slider is limited; a shift of just over a tenth of its range from step 50 on
    // separates exactly at step 50, with that error.
    let range = try #require(environment.simulation.model.joints[0].range)
    var shifted = odessa
    for step in 50..<shifted.qpos.count { shifted.qpos[step][0] += 0.1001 * (range.upperBound - range.lowerBound) }
    let moved = try FidelityBenchmark.compare(
      task: "cartpole-swingup", kind: .random, controls: controls, odessa: odessa, mujoco: shifted,
      spreadQpos: odessa.qpos, spreadQvel: odessa.qvel, modelsFolder: RepositoryPaths.models, threshold: 0.1)
    #expect(moved.separationStep == 50)
    // Restarted from each of its own states, MuJoCo's one step lands where Odessa's did: no
    // one-step error; one restart off by a fifth of the range is the largest, not the median.
    var next = Array(odessa.qpos.dropFirst())
    let exact = try FidelityBenchmark.compare(
      task: "cartpole-swingup", kind: .random, controls: controls, odessa: odessa, mujoco: odessa,
      spreadQpos: odessa.qpos, spreadQvel: odessa.qvel, modelsFolder: RepositoryPaths.models, threshold: 0.1,
      restarted: next)
    #expect(exact.stepError == [0, 0])
    next[7][0] += 0.2 * (range.upperBound - range.lowerBound)
    let oneOff = try FidelityBenchmark.compare(
      task: "cartpole-swingup", kind: .random, controls: controls, odessa: odessa, mujoco: odessa,
      spreadQpos: odessa.qpos, spreadQvel: odessa.qvel, modelsFolder: RepositoryPaths.models, threshold: 0.1,
      restarted: next)
    #expect(oneOff.stepError[0] == 0 && abs(oneOff.stepError[1] - 0.2) < 1e-9)
    // next[7] is the state after the eighth control step.
    #expect(oneOff.worstStep == 8)
    #expect(moved.worstCoordinate == environment.simulation.model.joints[0].name)
    #expect(abs(moved.positionError[2] - 0.1001) < 1e-9)
  }

  @Test func aMissingPythonSaysHowToGetOne() {
    do {
      _ = try FidelityBenchmark.runMuJoCo(python: "/nonexistent/python", script: "x.py", jobs: [])
      Issue.record("a missing Python was accepted")
    } catch {
      #expect("\(error)".contains("make fidelity"))
    }
  }
}
