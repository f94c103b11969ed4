import Foundation
import Testing
import TestSupport
@testable import Physics

/// Wraps worldbody content in a minimal model.
func mjcf(_ worldbody: String, extra: String = "") -> String {
  "<mujoco model=\"test\">\n\(extra)\n<worldbody>\n\(worldbody)\n</worldbody>\n</mujoco>"
}

@Suite struct MJCFParserTests {
  @Test func defaultClassesInheritAsMJCFDoes() throws {
    let model = try BodyModel(mjcf: """
      <mujoco>
        <default>
          <joint type="hinge" axis="0 0 1" limited="true" range="-0.29 0.29" damping="1"/>
          <geom density="500"/>
          <default class="leg">
            <joint damping="2"/>
            <geom type="capsule" size="0.1 0.2"/>
            <default class="foot">
              <geom size="0.05 0.1"/>
            </default>
          </default>
        </default>
        <worldbody>
          <body name="mass">
            <joint name="x" type="slide" axis="1 0 0"/>
            <geom name="ball" size="0.1"/>
          </body>
          <body name="hip" childclass="leg">
            <joint name="hip"/>
            <geom name="thigh"/>
            <geom name="sole" class="foot"/>
            <body name="ankle">
              <joint name="ankle" class="main" damping="3"/>
              <geom name="toe" type="sphere" size="0.02"/>
            </body>
          </body>
        </worldbody>
      </mujoco>
      """)
    let x = model.joints[model.jointIndex("x")!]
    #expect(x.type == .slide)
    #expect(x.range == -0.29...0.29, "slide ranges are metres, not degrees")
    #expect(x.damping == 1)
    let hip = model.joints[model.jointIndex("hip")!]
    #expect(hip.type == .hinge && hip.damping == 2)
    #expect(abs(hip.range!.upperBound - 0.29 * Double.pi / 180) < 1e-15, "hinge ranges are degrees")
    #expect(model.joints[model.jointIndex("ankle")!].damping == 3)
    let thigh = model.geoms[model.geomIndex("thigh")!]
    #expect(thigh.shape == .capsule(radius: 0.1, halfLength: 0.2))
    #expect(abs(thigh.mass - 500 * thigh.shape.volume) < 1e-12)
    #expect(model.geoms[model.geomIndex("sole")!].shape == .capsule(radius: 0.05, halfLength: 0.1))
    #expect(model.geoms[model.geomIndex("toe")!].shape == .sphere(radius: 0.02))
    #expect(model.geoms[model.geomIndex("ball")!].shape == .sphere(radius: 0.1))
  }

  @Test func fromtoEulerAndCompilerAngles() throws {
    let model = try BodyModel(mjcf: mjcf("""
      <body name="b">
        <joint name="j" range="-1 1"/>
        <geom name="rod" type="capsule" fromto="0 0 0 0.2 0 0" size="0.01"/>
        <geom name="tilted" type="box" size="0.1 0.1 0.1" euler="0 1.5707963267948966 0"/>
      </body>
      """, extra: "<compiler angle=\"radian\"/>"))
    let rod = model.geoms[model.geomIndex("rod")!]
    #expect(rod.shape == .capsule(radius: 0.01, halfLength: 0.1))
    #expect((rod.pose.position - Vector3(0.1, 0, 0)).length < 1e-15)
    #expect((rod.pose.orientation.rotate(Vector3(0, 0, 1)) - Vector3(1, 0, 0)).length < 1e-12)
    let tilted = model.geoms[model.geomIndex("tilted")!]
    #expect((tilted.pose.orientation.rotate(Vector3(0, 0, 1)) - Vector3(1, 0, 0)).length < 1e-12)
    #expect(model.joints[0].range == -1...1)
  }

  @Test func settotalmassScalesEveryBody() throws {
    let model = try BodyModel(mjcf: mjcf("""
      <body name="a"><joint/><geom size="0.1"/></body>
      <body name="b"><joint/><geom size="0.2"/></body>
      """, extra: "<compiler settotalmass=\"10\"/>"))
    #expect(abs(model.totalMass - 10) < 1e-12)
    #expect(abs(model.bodies[2].mass / model.bodies[1].mass - 8) < 1e-9)
  }

  @Test func customNumericsAndSensorsResolve() throws {
    let model = try BodyModel(mjcf: mjcf("""
      <body name="b"><joint name="j"/><geom size="0.1"/><site name="s" size="0.02"/></body>
      """, extra: """
      <custom><numeric name="target_speed" data="1.5"/><numeric name="pad" data="1 2" size="4"/></custom>
      <sensor><subtreelinvel name="v" body="b"/><touch name="t" site="s"/><jointpos name="q" joint="j"/></sensor>
      """))
    #expect(model.numerics["target_speed"] == [1.5])
    #expect(model.numerics["pad"] == [1, 2, 0, 0])
    #expect(model.sensors.map(\.kind) == [.subtreeLinearVelocity(body: 1), .touch(site: 0), .jointPosition(joint: 0)])
  }

  @Test func visualOnlyContentIsAcceptedAndIgnored() throws {
    let model = try BodyModel(mjcf: mjcf("""
      <light pos="0 0 1" directional="true"/>
      <camera name="c" pos="0 -1 1" mode="trackcom"/>
      <body name="b"><joint/><geom size="0.1" rgba="1 0 0 1" material="m" group="2"/></body>
      """, extra: """
      <asset><texture name="t" builtin="checker"/><material name="m" texture="t"/></asset>
      <visual><headlight ambient="0.4 0.4 0.4"/></visual>
      <statistic extent="2"/>
      """))
    #expect(model.bodies.count == 2)
  }
}
