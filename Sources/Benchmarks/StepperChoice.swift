import Environments
import Physics

/// The `--stepper` choice of the benchmarks: ODE's exact `dWorldStep` (Odessa's default), or
/// `dWorldQuickStep` with N iterations ("quick:N"), to measure what the faster, approximate
/// solver gains and costs.
package enum StepperChoice {
  /// Parses "exact" or "quick:N" (N from 1 to 10,000).
  package static func parse(_ text: String) throws -> Stepper {
    if text == "exact" { return .exact }
    if text.hasPrefix("quick:"), let n = Int(text.dropFirst(6)), (1...10_000).contains(n) { return .iterative(iterations: n) }
    throw BenchmarkError("--stepper must be exact or quick:N with N iterations from 1 to 10000, got '\(text)'")
  }

  /// "exact" or "quick:N".
  package static func name(_ stepper: Stepper) -> String {
    switch stepper {
    case .exact: return "exact"
    case .iterative(let iterations): return "quick:\(iterations)"
    }
  }

  /// Makes `environment` step with `stepper`.
  package static func apply(_ stepper: Stepper, to environment: Environment) throws {
    var settings = environment.simulation.world.settings
    settings.stepper = stepper
    try environment.simulation.world.update(settings: settings)
  }
}
