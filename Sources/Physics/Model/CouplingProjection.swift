/// Joint and tendon equalities that no ODE joint can hold, solved in joint space after ODE's step.
///
/// A coupling Σ c_j q_j that is neither a rotation along one path of parallel hinges
/// (`pathCoupling`) nor two hinges on one body (`GearPair`) — slides, hinges on different axes or
/// branches, unequal coefficients along a path — has no two-body ODE row. MuJoCo solves
/// it as a soft constraint: J v′ = (1 − hB) J v − h K d r − h R f, f the coupling's force along
/// Jᵀ (`SoftLimit.rowParameters` gives the target and h R). Here ODE steps without it, to q̇*,
/// and then the coupling's force is found in joint space, where J is the coefficients: with M
/// the joint-space inertia at the step's start, q̇′ = q̇* + h M⁻¹ Jᵀ f, and
/// (h J M⁻¹ Jᵀ + h R) f = target − J q̇*, all couplings together. Without other constraints on
/// their bodies this is MuJoCo's step; with contacts or limits acting, those were solved without
/// the coupling's force and it without theirs (listed as an approximation). (M is positive
/// definite; were its factorisation to fail, the step would go without the coupling.)
struct CouplingProjection {
  /// One coupling: its terms as degrees of freedom, its drift's offset and its softness.
  struct Coupling {
    var terms: [(freedom: Int, coefficient: Double, handle: JointHandle)]
    var offset: Double
    var softness: SoftLimit
  }

  let space: JointSpace
  let couplings: [Coupling]
  /// M, then its factor; M⁻¹ Jᵢᵀ per coupling (column i at i·n); the couplings' matrix and its
  /// factor; targets and forces.
  private var factor: [Double]
  private var responses: [Double]
  private var system: [Double]
  private var targets: [Double]
  private var regularisations: [Double]
  private var forces: [Double]
  private var delta: [Double]
  private var ready = false

  init(space: JointSpace, couplings: [Coupling]) {
    self.space = space
    self.couplings = couplings
    let n = space.size, m = couplings.count
    factor = Array(repeating: 0, count: n * n)
    responses = Array(repeating: 0, count: n * m)
    system = Array(repeating: 0, count: m * m)
    targets = Array(repeating: 0, count: m)
    regularisations = targets
    forces = Array(repeating: 0, count: m)
    delta = Array(repeating: 0, count: n)
  }

  /// Before ODE's step of `h`, with `space` begun: each coupling's target and regularisation from
  /// its drift and rate now, and the couplings' matrix h J M⁻¹ Jᵀ + h R, factored.
  mutating func begin(h: Double) {
    let n = space.size, m = couplings.count
    for (i, coupling) in couplings.enumerated() {
      let (drift, rate) = JointHandle.drift(
        of: coupling.terms.lazy.map { ($0.handle, $0.coefficient) }, offset: coupling.offset)
      let row = coupling.softness.rowParameters(violation: drift, rate: rate, h: h)
      targets[i] = row.velocity
      regularisations[i] = row.cfm
    }
    ready = factor.withUnsafeMutableBufferPointer { factor in
      space.inertia.withUnsafeBufferPointer { inertia in
        for k in factor.indices { factor[k] = inertia[k] }
      }
      guard DenseCholesky.factor(factor, size: n) else { return false }
      return responses.withUnsafeMutableBufferPointer { responses in
        for (i, coupling) in couplings.enumerated() {
          let column = UnsafeMutableBufferPointer(rebasing: responses[(i * n)..<(i * n + n)])
          for k in column.indices { column[k] = 0 }
          for term in coupling.terms { column[term.freedom] += term.coefficient }
          DenseCholesky.solve(UnsafeBufferPointer(factor), size: n, column)
        }
        return system.withUnsafeMutableBufferPointer { system in
          for i in 0..<m {
            for k in 0...i {
              var sum = 0.0
              for term in couplings[i].terms { sum += term.coefficient * responses[k * n + term.freedom] }
              system[i * m + k] = h * sum + (i == k ? regularisations[i] : 0)
            }
          }
          return DenseCholesky.factor(system, size: m)
        }
      }
    }
  }

  /// After ODE's step of `h`, with the joint rates the step's: the couplings' forces and their
  /// change of velocities h M⁻¹ Jᵀ f on the bodies (poses stepped again unless `movesPoses` is
  /// false, as `JointSpace.addVelocities` does).
  mutating func end(h: Double, movesPoses: Bool) {
    guard ready else { return }
    let n = space.size, m = couplings.count
    for (i, coupling) in couplings.enumerated() {
      var rate = 0.0
      for term in coupling.terms { rate += term.coefficient * term.handle.rate }
      forces[i] = targets[i] - rate
    }
    system.withUnsafeBufferPointer { system in
      forces.withUnsafeMutableBufferPointer { DenseCholesky.solve(system, size: m, $0) }
    }
    delta.withUnsafeMutableBufferPointer { delta in
      for k in delta.indices { delta[k] = 0 }
      for i in 0..<m {
        let force = h * forces[i]
        for k in 0..<n { delta[k] += force * responses[i * n + k] }
      }
      space.addVelocities(UnsafeBufferPointer(delta), h: h, movesPoses: movesPoses)
    }
  }
}

extension CouplingProjection {
  /// The projection for `simulation`'s couplings held in joint space, or nil when it has none.
  static func make(for simulation: Simulation, space: JointSpace) -> CouplingProjection? {
    let couplings = simulation.couplings.compactMap { coupling -> Coupling? in
      guard case .projected(let softness) = coupling.holder else { return nil }
      let terms = coupling.terms.map {
        (freedom: simulation.velocityAddress[$0.joint], coefficient: $0.coefficient, handle: simulation.jointHandles[$0.joint])
      }
      return Coupling(terms: terms, offset: coupling.offset, softness: softness)
    }
    return couplings.isEmpty ? nil : CouplingProjection(space: space, couplings: couplings)
  }
}
