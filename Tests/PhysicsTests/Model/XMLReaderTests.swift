import Testing
import TestSupport
@testable import Physics

@Suite struct XMLReaderTests {
  @Test func readsElementsAttributesCommentsAndEntities() throws {
    let text = """
      <?xml version="1.0"?>
      <!-- a comment -->
      <mujoco model="a &amp; b">
        <worldbody>
          <geom name='g' size="0.1"/>  <!-- inline -->
          <body pos="0 0 1"
                name="b&#65;"></body>
        </worldbody>
      </mujoco>
      """
    let root = try XMLReader.parse(text, file: "t.xml")
    #expect(root.name == "mujoco" && root.line == 3)
    #expect(root.attribute("model") == "a & b")
    let world = root.children[0]
    #expect(world.children.map(\.name) == ["geom", "body"])
    #expect(world.children[0].attribute("name") == "g")
    #expect(world.children[1].attribute("name") == "bA")
    #expect(world.children[1].line == 6)
    #expect(world.children[1].attributes[1].line == 7)
  }

  @Test(arguments: [
    ("<mujoco>", 1, "never closed"),
    ("<mujoco>\n<a></b>\n</mujoco>", 2, "does not match"),
    ("<mujoco>\n\n<a x=\"1\" x=\"2\"/></mujoco>", 3, "twice"),
    ("<mujoco a=1/>", 1, "quotes"),
    ("<mujoco a=\"&nope;\"/>", 1, "entity"),
    ("", 1, "empty"),
    ("<mujoco/><second/>", 1, "after the root"),
    ("<mujoco>\n<!-- open\n", 2, "comment"),
  ])
  func malformedXMLIsReportedWithItsLine(text: String, line: Int, words: String) {
    do {
      _ = try XMLReader.parse(text, file: "bad.xml")
      Issue.record("accepted: \(text)")
    } catch let error as XMLSyntaxError {
      #expect(error.line == line, "\(error)")
      #expect(error.description.contains(words), "\(error)")
      #expect(error.description.hasPrefix("bad.xml:\(line):"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// Stray text (dm_control's stacker.xml has a doubled '>') is skipped, as MuJoCo skips it, and
  /// the model lists where it was.
  @Test func strayTextIsSkippedAndListed() throws {
    let root = try XMLReader.parse("<mujoco>\n<option/>>\n<worldbody/></mujoco>", file: "t.xml")
    #expect(root.children.map(\.name) == ["option", "worldbody"])
    #expect(root.textLines == [2])
    let model = try BodyModel(mjcf: "<mujoco>\n<option/>>\n<worldbody/></mujoco>")
    #expect(model.approximations.contains { $0.contains("text between elements") && $0.contains(":2)") })
  }
}
