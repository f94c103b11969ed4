import Foundation
import Testing
import TestSupport
@testable import Physics

/// Every bad input is rejected with its file, its line and what was expected.
@Suite struct ModelErrorTests {
  func expectError(_ text: String, line: Int, _ words: String..., file: String = "bad.xml") {
    do {
      _ = try BodyModel(mjcf: text, file: file)
      Issue.record("accepted a bad model; expected an error on line \(line)")
    } catch let error as ModelError {
      #expect(error.line == line, "\(error)")
      for word in words { #expect(error.description.contains(word), "\(error)") }
    } catch {
      Issue.record("unexpected error type: \(error)")
    }
  }

  @Test func malformedXML() {
    expectError("<mujoco>\n<worldbody>\n</mujoco>", line: 3, "malformed XML", "does not match")
  }

  @Test func unknownElementAndAttribute() {
    expectError(mjcf("<body>\n<joint/><geom size=\"1\"/><composite/></body>"), line: 5, "<composite>", "not supported")
    expectError(mjcf("<geom size=\"1\"\n  fluidshape=\"ellipsoid\"/>"), line: 5, "fluidshape", "unsupported attribute")
    expectError("<mujoco>\n<equality><gear/></equality>\n</mujoco>", line: 2, "<gear>")
    expectError(mjcf("<body><inertial mass=\"1\"/></body>"), line: 4, "<inertial>")
    expectError(mjcf("<body><joint/><geom type=\"mesh\" size=\"1\"/></body>"), line: 4, "mesh")
  }

  @Test func nonPositiveSizesAndMasses() {
    expectError(mjcf("<body><joint/>\n<geom size=\"-0.1\"/></body>"), line: 5, "radius", "positive")
    expectError(mjcf("<body><joint/>\n<geom type=\"box\" size=\"0.1 0 0.1\"/></body>"), line: 5, "positive")
    expectError(mjcf("<body><joint/>\n<geom size=\"0.1\" mass=\"-1\"/></body>"), line: 5, "mass", "non-negative")
    expectError(mjcf("<body><joint/>\n<geom type=\"capsule\" size=\"0.1\"/></body>"), line: 5, "half-length")
  }

  @Test func invertedRangesAndDanglingNames() {
    expectError(mjcf("<body><geom size=\"0.1\"/>\n<joint range=\"1 -1\"/></body>"), line: 5, "inverted")
    expectError(mjcf("<body><joint name=\"j\"/><geom size=\"0.1\"/></body>", extra: "<actuator>\n<motor joint=\"nope\"/></actuator>"),
      line: 3, "joint 'nope'", "does not exist")
    expectError(mjcf("<body><joint/><geom size=\"0.1\"/></body>", extra: "<sensor>\n<touch site=\"missing\"/></sensor>"),
      line: 3, "site 'missing'")
  }

  @Test func duplicateNames() {
    expectError(mjcf("<body name=\"a\"><joint/><geom size=\"0.1\"/></body>\n<body name=\"a\"><joint/><geom size=\"0.1\"/></body>"),
      line: 5, "duplicate body name 'a'", "bad.xml:4")
  }

  @Test(arguments: ["nan", "inf", "-inf", "1e999", "abc"])
  func nonFiniteAndNonNumericValues(value: String) {
    expectError(mjcf("<body>\n<joint damping=\"\(value)\"/><geom size=\"0.1\"/></body>"), line: 5, "damping")
  }

  @Test func undefinedClass() {
    expectError(mjcf("<body><joint/>\n<geom class=\"ghost\" size=\"0.1\"/></body>"), line: 5, "undefined class 'ghost'")
  }

  @Test func includesMissingAndCyclic() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("odessa-include-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = folder.appendingPathComponent("a.xml"), b = folder.appendingPathComponent("b.xml")
    try "<mujoco>\n  <include file=\"b.xml\"/>\n</mujoco>".write(to: a, atomically: true, encoding: .utf8)
    try "<mujoco>\n\n  <include file=\"a.xml\"/>\n</mujoco>".write(to: b, atomically: true, encoding: .utf8)
    do {
      _ = try BodyModel(contentsOf: a.path)
      Issue.record("a cycle was accepted")
    } catch let error as ModelError {
      #expect(error.file == b.path && error.line == 3, "\(error)")
      #expect(error.message.contains("cycle") && error.message.contains("a.xml → b.xml → a.xml"), "\(error)")
    }
    try "<mujoco>\n  <include file=\"missing.xml\"/>\n</mujoco>".write(to: a, atomically: true, encoding: .utf8)
    do {
      _ = try BodyModel(contentsOf: a.path)
      Issue.record("a missing include was accepted")
    } catch let error as ModelError {
      #expect(error.file == a.path && error.line == 2 && error.message.contains("missing.xml"), "\(error)")
    }
    // A working include: the body comes from the included file.
    try "<mujoco><worldbody><body name=\"inc\"><joint/><geom size=\"0.1\"/></body></worldbody></mujoco>"
      .write(to: b, atomically: true, encoding: .utf8)
    try "<mujoco>\n  <include file=\"b.xml\"/>\n</mujoco>".write(to: a, atomically: true, encoding: .utf8)
    #expect(try BodyModel(contentsOf: a.path).bodyIndex("inc") == 1)
  }

  @Test func movingBodyWithoutMassIsRejectedWhenSimulated() throws {
    let model = try BodyModel(mjcf: mjcf("<body name=\"ghost\">\n<joint/><geom size=\"0.1\" mass=\"0\"/></body>"))
    do {
      _ = try Simulation(model: model)
      Issue.record("a massless moving body was accepted")
    } catch let error as ModelError {
      #expect(error.line == 4 && error.message.contains("ghost") && error.message.contains("mass"), "\(error)")
    }
  }
}
