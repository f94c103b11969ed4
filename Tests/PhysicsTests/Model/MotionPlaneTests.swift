import Testing
import TestSupport
@testable import Physics

/// `BodyModel.motionPlaneNormal`: the plane a model's joints keep every body in.
@Suite struct MotionPlaneTests {
  @Test(arguments: ["hopper", "walker", "cheetah", "acrobot", "finger", "manipulator", "ball_in_cup", "swimmer6"])
  func dmControlsPlanarModelsMoveInOnePlane(name: String) throws {
    let normal = try #require(try Models.load(name).motionPlaneNormal)
    // The swimmers swim in the floor's plane; the others stand in the x–z plane.
    let expected = name.hasPrefix("swimmer") ? Vector3(0, 0, 1) : Vector3(0, 1, 0)
    #expect(abs(abs(normal.dot(expected)) - 1) < 1e-12, "\(name): \(normal)")
  }

  @Test(arguments: ["humanoid", "quadruped", "fish"])
  func modelsWithBallOrFreeJointsHaveNoPlane(name: String) throws {
    #expect(try Models.load(name).motionPlaneNormal == nil)
  }

  @Test func slidesAloneFixThePlaneAndOneOutOfLineJointBreaksIt() throws {
    func normal(_ joints: String) throws -> Vector3? {
      try BodyModel(mjcf: """
        <mujoco><worldbody><body pos="0 0 1">\(joints)<geom type="sphere" size="0.1"/></body></worldbody></mujoco>
        """).motionPlaneNormal
    }
    let slides = try #require(try normal(#"<joint type="slide" axis="1 0 0"/><joint type="slide" axis="0 1 0"/>"#))
    #expect(abs(abs(slides.z) - 1) < 1e-12)
    #expect(try normal(#"<joint type="slide" axis="1 0 0"/>"#) == nil)
    #expect(try normal(#"<joint type="slide" axis="1 0 0"/><joint type="slide" axis="0 0 1"/><joint type="hinge" axis="1 0 0"/>"#) == nil)
    #expect(try normal(#"<joint type="slide" axis="1 0 0"/><joint type="slide" axis="0 0 1"/><joint type="slide" axis="0 1 0"/>"#) == nil)
    // A body turned about the plane's normal keeps its joints in the plane.
    let turned = try BodyModel(mjcf: """
      <mujoco><worldbody><body pos="0 0 1"><joint type="slide" axis="1 0 0"/><joint type="slide" axis="0 0 1"/>
        <joint type="hinge" axis="0 1 0"/><geom type="sphere" size="0.1"/>
        <body euler="0 40 0"><joint type="hinge" axis="0 1 0"/><joint type="slide" axis="1 0 0"/>
          <geom type="sphere" size="0.1"/></body></body></worldbody></mujoco>
      """)
    #expect(turned.motionPlaneNormal != nil)
  }
}
