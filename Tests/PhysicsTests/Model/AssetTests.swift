import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Physics

/// `<asset>`: meshes from OBJ and STL files and inline data (a mesh cube weighs and turns like the
/// box, and rests on its face), height fields, and rangefinders that look at them.
@Suite struct AssetTests {
  /// The eight corners of a cube of half-size h, and its twelve outward-facing triangles.
  static func cube(_ h: Double) -> (vertices: [Vector3], faces: [[Int]]) {
    let vertices = (0..<8).map { k in Vector3(k & 1 == 0 ? -h : h, k & 2 == 0 ? -h : h, k & 4 == 0 ? -h : h) }
    let quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]]
    return (vertices, quads.flatMap { [[$0[0], $0[1], $0[2]], [$0[0], $0[2], $0[3]]] })
  }

  func temporaryFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "odessa-assets-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder + "/meshes", withIntermediateDirectories: true)
    return folder
  }

  func writeCubeFiles(in folder: String, half h: Double) throws {
    let (vertices, faces) = Self.cube(h)
    var obj = "# a cube\n" + vertices.map { "v \($0.x) \($0.y) \($0.z)" }.joined(separator: "\n") + "\n"
    obj += faces.map { "f " + $0.map { "\($0 + 1)/1/1" }.joined(separator: " ") }.joined(separator: "\n") + "\n"
    try obj.write(toFile: folder + "/meshes/cube.obj", atomically: true, encoding: .utf8)
    var ascii = "solid cube\n"
    for face in faces {
      ascii += "facet normal 0 0 0\n outer loop\n"
      for k in face { ascii += "  vertex \(vertices[k].x) \(vertices[k].y) \(vertices[k].z)\n" }
      ascii += " endloop\nendfacet\n"
    }
    try (ascii + "endsolid cube\n").write(toFile: folder + "/meshes/ascii.stl", atomically: true, encoding: .utf8)
    var binary = Data(count: 80)
    withUnsafeBytes(of: UInt32(faces.count).littleEndian) { binary.append(contentsOf: $0) }
    for face in faces {
      for value in [Float](repeating: 0, count: 3) + face.flatMap({ k in [Float(vertices[k].x), Float(vertices[k].y), Float(vertices[k].z)] }) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { binary.append(contentsOf: $0) }
      }
      binary.append(contentsOf: [0, 0])
    }
    try binary.write(to: URL(fileURLWithPath: folder + "/meshes/binary.stl"))
  }

  @Test(arguments: ["cube.obj", "ascii.stl", "binary.stl", "inline"])
  func aMeshCubeWeighsAndTurnsLikeTheBoxAndRestsOnItsFace(file: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try writeCubeFiles(in: folder, half: 0.1)
    let (vertices, faces) = Self.cube(0.1)
    let vertexText: String = vertices.map { "\($0.x) \($0.y) \($0.z)" }.joined(separator: " ")
    let faceText: String = faces.flatMap { $0 }.map { String($0) }.joined(separator: " ")
    let asset = file == "inline"
      ? "<mesh name=\"cube\" vertex=\"\(vertexText)\" face=\"\(faceText)\"/>"
      : "<mesh name=\"cube\" file=\"\(file)\"/>"
    let path = folder + "/model.xml"
    try """
      <mujoco><compiler meshdir="meshes"/><option timestep="0.001"/>
        <asset>\(asset)</asset>
        <worldbody><geom type="plane" size="5 5 1"/>
          <body name="mesh" pos="0 0 0.3"><freejoint/><geom type="mesh" mesh="cube" density="500"/></body>
          <body name="box" pos="1 0 0.3"><freejoint/><geom type="box" size="0.1 0.1 0.1" density="500"/></body>
        </worldbody></mujoco>
      """.write(toFile: path, atomically: true, encoding: .utf8)
    let model = try BodyModel(contentsOf: path)
    #expect(abs(model.bodies[1].mass - model.bodies[2].mass) < 1e-6 * model.bodies[2].mass, "\(model.bodies[1].mass)")
    let simulation = try Simulation(model: model)
    let mesh = simulation.world.bodies[0], box = simulation.world.bodies[1]
    #expect(abs(mesh.mass - 4) < 1e-5)
    for k in 0..<3 { #expect(abs(mesh.inertia[k, k] - box.inertia[k, k]) < 1e-6 * box.inertia[k, k]) }
    #expect(abs(mesh.inertia[0, 1]) < 1e-9)
    for _ in 0..<1500 { try simulation.step() }
    #expect(abs(simulation.qpos[2] - 0.1) < 2e-3, "the cube rests on its face: \(simulation.qpos[2])")
  }

  /// ODE's trimesh colliders share one cache per process in this build (`ODERuntime`): sixteen
  /// simulations dropping a mesh cube on sixteen threads at once came to rest at five different
  /// heights before collisions with meshes took a lock. Now every copy steps bit for bit alike.
  @Test func meshSimulationsOnManyThreadsAtOnceAgree() throws {
    let (vertices, faces) = Self.cube(0.1)
    let xml = """
      <mujoco><option timestep="0.001"/>
        <asset><mesh name="cube" vertex="\(vertices.map { "\($0.x) \($0.y) \($0.z)" }.joined(separator: " "))"
          face="\(faces.flatMap { $0 }.map(String.init).joined(separator: " "))"/></asset>
        <worldbody><geom type="plane" size="5 5 1"/>
          <body pos="0 0 0.3" euler="10 20 0"><freejoint/><geom type="mesh" mesh="cube" density="500"/></body>
        </worldbody></mujoco>
      """
    let model = try BodyModel(mjcf: xml)
    let finals = Mutex<[[Double]]>([])
    DispatchQueue.concurrentPerform(iterations: 12) { _ in
      guard let simulation = try? Simulation(model: model) else { return }
      for _ in 0..<1000 { try? simulation.step() }
      let state = simulation.qpos + simulation.qvel
      finals.withLock { $0.append(state) }
    }
    let states = finals.withLock { $0 }
    #expect(states.count == 12)
    #expect(states.allSatisfy { $0 == states[0] }, "\(Set(states.map { $0[2] }))")
  }

  @Test func badMeshesAreRefusedWithTheirLine() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "v 0 0 0\nf 1 2 3\n".write(toFile: folder + "/bad.obj", atomically: true, encoding: .utf8)
    for asset in [#"<mesh file="missing.stl"/>"#, #"<mesh file="bad.obj"/>"#, #"<mesh name="m" vertex="0 0 0 1 0 0 0 1 0" face="0 1 2"/>"#] {
      try "<mujoco>\n<asset>\n\(asset)\n</asset><worldbody/></mujoco>".write(
        toFile: folder + "/model.xml", atomically: true, encoding: .utf8)
      do {
        _ = try BodyModel(contentsOf: folder + "/model.xml")
        Issue.record("accepted \(asset)")
      } catch let error as ModelError {
        #expect(error.line == 3, "\(error)")
      }
    }
  }

  /// A height field 1 m high at one end and 0 at the other: a ball rests on it at the height of
  /// the surface below it plus its radius (the slope is gentle enough that it barely creeps).
  @Test func aBallRestsOnAHeightFieldAtTheSurface() throws {
    // Rising along x, the same in every row.
    let elevation: String = Array(repeating: "0 0.5 1", count: 3).joined(separator: " ")
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <asset><hfield name="ramp" nrow="3" ncol="3" size="1 1 0.2 0.1" elevation="\(elevation)"/></asset>
        <worldbody><geom type="hfield" hfield="ramp" pos="0 0 0.5"/>
          <body pos="0 0 1"><freejoint/><geom type="sphere" size="0.05" mass="1"/></body></worldbody></mujoco>
      """))
    for _ in 0..<600 { try simulation.step() }
    // Surface at x: 0.5 + 0.2 · (x + 1) / 2; the ball has drifted a little down the slope.
    let x = simulation.qpos[0]
    let surface = 0.5 + 0.2 * (x + 1) / 2
    let expected = surface + 0.05 / cos(atan(0.1))
    #expect(abs(simulation.qpos[2] - expected) < 3e-3, "z \(simulation.qpos[2]) vs \(expected) at x \(x)")
  }

  @Test func aRangefinderMeasuresTheDistanceAlongItsZAxis() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><worldbody><geom type="plane" size="5 5 1"/><geom type="box" size="0.1 0.1 0.1" pos="2 0 0.3"/>
        <body pos="0 0 1.5"><joint type="slide" axis="1 0 0"/><geom size="0.05"/>
          <site name="down" euler="180 0 0"/><site name="side" euler="0 90 0"/><site name="up"/></body></worldbody>
        <sensor><rangefinder site="down"/><rangefinder site="side"/><rangefinder site="up"/></sensor></mujoco>
      """))
    // Down to the floor (the body's own sphere is skipped); along +x the box's face at x = 1.9 is
    // missed from z = 1.5, so nothing; up, nothing.
    #expect(abs(simulation.sensorValue(0)[0] - 1.5) < 1e-9)
    #expect(simulation.sensorValue(1) == [-1])
    #expect(simulation.sensorValue(2) == [-1])
    let low = try Simulation(model: BodyModel(mjcf: """
      <mujoco><worldbody><geom type="box" size="0.1 0.1 0.1" pos="2 0 0.3"/>
        <body pos="0 0 0.3"><joint type="slide" axis="1 0 0"/><geom size="0.05"/><site name="side" euler="0 90 0"/></body>
      </worldbody><sensor><rangefinder site="side"/></sensor></mujoco>
      """))
    #expect(abs(low.sensorValue(0)[0] - 1.9) < 1e-9)
  }

  /// solref's direct form (−stiffness, −damping) is read as the time constant 2/damping.
  @Test func directSolrefIsATimeConstant() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><worldbody><body><freejoint/><geom size="0.1" solref="-10000 -40"/></body></worldbody></mujoco>
      """)
    #expect(model.geoms[0].material.timeConstant == 0.05)
    #expect(throws: ModelError.self) {
      try BodyModel(mjcf: #"<mujoco><worldbody><body><freejoint/><geom size="0.1" solref="-1 2"/></body></worldbody></mujoco>"#)
    }
  }

  /// A rangefinder on the world skips the world's own geoms (the floor) and sees moving bodies.
  @Test func aRangefinderOnTheWorldSkipsTheWorldsGeoms() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><worldbody><geom type="plane" size="5 5 1"/><site name="eye" pos="0 0 1" euler="180 0 0"/>
        <site name="far" pos="3 0 1" euler="180 0 0"/>
        <body pos="0 0 0.5"><freejoint/><geom size="0.1"/></body></worldbody>
        <sensor><rangefinder site="eye"/><rangefinder site="far"/></sensor></mujoco>
      """))
    #expect(abs(simulation.sensorValue(0)[0] - 0.4) < 1e-9)
    #expect(simulation.sensorValue(1) == [-1])
  }
}
