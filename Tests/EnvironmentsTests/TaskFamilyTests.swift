import Foundation
import Physics
import Testing
import TestSupport
@testable import Environments

@Suite struct TaskFamilyTests {
  func write(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("odessa-family-\(UUID().uuidString).xml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aModelMissingNamesIsRejectedWithTheList() throws {
    let path = try write("""
      <mujoco><worldbody><body name="arm"><joint name="shoulder" axis="0 0 1"/>
        <geom type="capsule" fromto="0 0 0 0.1 0 0" size="0.01"/></body></worldbody>
        <actuator><motor joint="shoulder"/></actuator></mujoco>
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      _ = try TaskFamily.environment(modelFile: path, family: "reach")
      Issue.record("accepted")
    } catch {
      #expect("\(error)".contains("geom or site 'fingertip'") && "\(error)".contains("geom 'target'"), "\(error)")
    }
    #expect(throws: EnvironmentError.self) { try TaskFamily.environment(modelFile: path, family: "juggle") }
  }

  @Test func aNewArmBecomesAReachingTaskWithoutSwift() throws {
    let path = try write("""
      <mujoco model="arm3">
        <option timestep="0.02"><flag contact="disable"/></option>
        <custom><numeric name="target_distance_min" data="0.05"/><numeric name="target_distance_max" data="0.25"/>
          <numeric name="target_radius" data="0.03"/></custom>
        <default><joint axis="0 0 1" damping="0.01"/><motor gear="0.05" ctrlrange="-1 1"/></default>
        <worldbody>
          <geom name="target" type="sphere" pos="0.1 0.1 0.01" size="0.03" contype="0" conaffinity="0"/>
          <body name="link1" pos="0 0 0.01"><joint name="j1"/>
            <geom type="capsule" fromto="0 0 0 0.1 0 0" size="0.01"/>
            <body name="link2" pos="0.1 0 0"><joint name="j2" range="-150 150"/>
              <geom type="capsule" fromto="0 0 0 0.1 0 0" size="0.01"/>
              <body name="link3" pos="0.1 0 0"><joint name="j3" range="-150 150"/>
                <geom type="capsule" fromto="0 0 0 0.08 0 0" size="0.01"/>
                <site name="fingertip" pos="0.08 0 0" size="0.01"/>
              </body></body></body>
        </worldbody>
        <actuator><motor joint="j1"/><motor joint="j2"/><motor joint="j3"/></actuator>
      </mujoco>
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let environment = try TaskFamily.environment(modelFile: path, family: "reach")
    #expect(environment.spec.name == "arm3-reach")
    #expect(environment.spec.observationSize == 3 + 2 + 3)
    #expect(environment.spec.actionSize == 3)
    try environment.reset(seed: 0)
    for _ in 0..<100 {
      let result = try environment.step([0.5, -0.2, 0.1])
      #expect(result.reward >= 0 && result.reward <= 1)
    }
  }

  @Test func theWalkerModelTrainsAsALocomotionFamilyTask() throws {
    let environment = try TaskFamily.environment(modelFile: Models.folder + "/walker.xml", family: "locomotion")
    #expect(environment.spec.observationSize == 24)
    try environment.reset(seed: 0)
    _ = try environment.step([Float](repeating: 0, count: 6))
    let pole = try TaskFamily.environment(modelFile: Models.folder + "/pendulum.xml", family: "swingup")
    #expect(pole.spec.observationSize == 3)
  }
}
