import Foundation
import Testing
import TestSupport
@testable import Training

/// A metrics file written before a column was added keeps its header when a run is resumed.
struct CSVLogHeaderTests {
  @Test func anOlderHeaderThatIsAPrefixIsKept() throws {
    let url = URL(fileURLWithPath: RepositoryPaths.temporaryPath("csv") + ".csv")
    try "step,loss\n1,0.5\n".write(to: url, atomically: true, encoding: .utf8)
    let log = try CSVLog(url: url, columns: ["step", "loss", "value_loss"])
    #expect(log.columns == ["step", "loss"])
    try log.write(["step": "2", "loss": "0.25", "value_loss": "9"])
    #expect(try String(contentsOf: url, encoding: .utf8) == "step,loss\n1,0.5\n2,0.25\n")
  }

  @Test func anUnrelatedHeaderIsRefusedNamingTheFile() throws {
    let url = URL(fileURLWithPath: RepositoryPaths.temporaryPath("csv") + ".csv")
    try "when,what\n1,2\n".write(to: url, atomically: true, encoding: .utf8)
    do {
      _ = try CSVLog(url: url, columns: ["step", "loss"])
      Issue.record("an unrelated header was accepted")
    } catch {
      #expect("\(error)".contains(url.path))
    }
  }
}
