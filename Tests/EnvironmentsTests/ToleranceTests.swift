import Foundation
import Testing
import TestSupport
@testable import Environments

@Suite struct ToleranceTests {
  /// tasks.md §1: bounds (0, 0), margin 1, value 0.1, at d = 0, 0.5, 1, 2.
  @Test(arguments: [
    (Sigmoid.gaussian, [1, 0.56234, 0.1, 0.0001]),
    (.hyperbolic, [1, 0.42640, 0.1, 0.00503]),
    (.longTail, [1, 0.30769, 0.1, 0.02703]),
    (.reciprocal, [1, 0.18182, 0.1, 0.05263]),
    (.cosine, [1, 0.65811, 0.1, 0]),
    (.linear, [1, 0.55, 0.1, 0]),
    (.quadratic, [1, 0.775, 0.1, 0]),
    (.tanhSquared, [1, 0.48051, 0.1, 0.00277]),
  ])
  func sigmoidsMatchTheSpecTable(sigmoid: Sigmoid, expected: [Double]) {
    for (d, value) in zip([0.0, 0.5, 1, 2], expected) {
      for x in [d, -d] {
        let got = tolerance(x, bounds: (0, 0), margin: 1, sigmoid: sigmoid, valueAtMargin: 0.1)
        #expect(abs(got - value) < 5e-6, "\(sigmoid) at \(x): \(got) vs \(value)")
      }
    }
  }

  @Test func insideBoundsIsOneAndZeroMarginIsAnIndicator() {
    #expect(tolerance(0.3, bounds: (0, 1)) == 1)
    #expect(tolerance(1.0, bounds: (0, 1)) == 1)
    #expect(tolerance(1.0001, bounds: (0, 1)) == 0)
    #expect(tolerance(-5, bounds: (-.infinity, 0)) == 1)
    #expect(tolerance(1e9, bounds: (2, .infinity)) == 1)
  }

  /// The closed forms the tasks rely on (tasks.md §1).
  @Test func closedFormsUsedByTheTasks() {
    for x in stride(from: -3.0, through: 25, by: 0.37) {
      let target = 10.0
      let cheetah = tolerance(x, bounds: (target, .infinity), margin: target, sigmoid: .linear, valueAtMargin: 0)
      #expect(abs(cheetah - min(max(x / target, 0), 1)) < 1e-12)
      let walker = tolerance(x, bounds: (target, .infinity), margin: target / 2, sigmoid: .linear, valueAtMargin: 0.5)
      #expect(abs(walker - min(max(x / target, 0), 1)) < 1e-12)
      let gaussian = tolerance(x, margin: 2)
      #expect(abs(gaussian - pow(0.1, (x / 2) * (x / 2))) < 1e-12)
    }
  }

  @Test func invalidParametersAreRejected() {
    #expect(throws: ToleranceError.self) {
      try validateTolerance(bounds: (1, 0), margin: 1, sigmoid: .gaussian, valueAtMargin: 0.1)
    }
    #expect(throws: ToleranceError.self) {
      try validateTolerance(bounds: (0, 1), margin: -1, sigmoid: .gaussian, valueAtMargin: 0.1)
    }
    #expect(throws: ToleranceError.self) {
      try validateTolerance(bounds: (0, 1), margin: 1, sigmoid: .gaussian, valueAtMargin: 0)
    }
    #expect(throws: Never.self) {
      try validateTolerance(bounds: (0, 1), margin: 1, sigmoid: .linear, valueAtMargin: 0)
    }
  }
}
