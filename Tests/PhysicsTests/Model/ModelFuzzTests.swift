import Foundation
import Randomness
import Testing
import TestSupport
@testable import Physics

/// Mutated model files either load (and then simulate or fail with a `PhysicsError`) or are
/// rejected with a `ModelError`: never a crash, a hang or another kind of failure.
@Suite struct ModelFuzzTests {
  static let replacements = ["nan", "-1", "0", "1e308", "-0", "abc", "1e-300", "inf", "3 4 5 6 7 8 9", ""]

  static func mutate(_ text: String, _ generator: inout RandomGenerator) -> String {
    var lines = text.components(separatedBy: "\n")
    let pick = { (count: Int, g: inout RandomGenerator) in Int(g.next() % UInt64(max(count, 1))) }
    for _ in 0...(generator.next() % 3) {
      switch generator.next() % 7 {
      case 0:  // replace a number
        let l = pick(lines.count, &generator)
        if let range = lines[l].range(of: #"-?[0-9]+\.?[0-9]*"#, options: .regularExpression) {
          lines[l].replaceSubrange(range, with: replacements[pick(replacements.count, &generator)])
        }
      case 1:  // duplicate a line
        let l = pick(lines.count, &generator)
        lines.insert(lines[l], at: l)
      case 2:  // delete a line
        if lines.count > 1 { lines.remove(at: pick(lines.count, &generator)) }
      case 3:  // swap two lines
        lines.swapAt(pick(lines.count, &generator), pick(lines.count, &generator))
      case 4:  // insert a stray character
        let l = pick(lines.count, &generator)
        let characters = ["<", ">", "\"", "/", "&", "=", "\u{0}"]
        let position = lines[l].index(lines[l].startIndex, offsetBy: pick(lines[l].count + 1, &generator))
        lines[l].insert(contentsOf: characters[pick(characters.count, &generator)], at: position)
      case 5:  // truncate
        let joined = lines.joined(separator: "\n")
        let cut = joined.index(joined.startIndex, offsetBy: pick(joined.count, &generator))
        lines = String(joined[..<cut]).components(separatedBy: "\n")
      default:  // rename an attribute
        let l = pick(lines.count, &generator)
        lines[l] = lines[l].replacingOccurrences(of: " size=", with: " sise=")
          .replacingOccurrences(of: "range=", with: "ctrlrange=")
      }
    }
    return lines.joined(separator: "\n")
  }

  @Test(arguments: SuiteModels.names)
  func mutatedModelsLoadOrFailCleanly(name: String) throws {
    let path = SuiteModels.folder + "/\(name).xml"
    let original = try String(contentsOfFile: path, encoding: .utf8)
    var generator = RandomGenerator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
    var loaded = 0, rejected = 0
    for _ in 0..<200 {
      let text = Self.mutate(original, &generator)
      do {
        let model = try BodyModel(mjcf: text, file: path)
        let simulation = try Simulation(model: model)
        for _ in 0..<20 {
          try simulation.step(control: model.actuators.map { _ in generator.nextDouble(low: -1, high: 1) })
        }
        loaded += 1
      } catch is ModelError {
        rejected += 1
      } catch is PhysicsError {
        rejected += 1
      } catch {
        Issue.record("unexpected error type \(type(of: error)): \(error)\n\(text)")
      }
    }
    #expect(loaded + rejected == 200)
    #expect(rejected > 0 && loaded > 0, "\(name): \(loaded) loaded, \(rejected) rejected")
  }
}
