/// Joint damping as MuJoCo's Euler step integrates it (`<option integrator="Euler">`, the
/// default, with `eulerdamp` on).
///
/// MuJoCo finds the constraint forces (contacts, limits) with the damping as an explicit force
/// −D q̇ and the joint-space inertia M, and only then integrates the damping implicitly: the
/// step's acceleration becomes (M + hD)⁻¹ M a, a the acceleration the constraints were solved
/// for. An implicit damper row solved together with the constraints (ODE's way) finds other
/// contact forces whenever a damped joint pushes on a contact: a cheetah's leg on the floor
/// moved 25 % further in its first step than in MuJoCo.
///
/// So ODE's step takes the damping as an explicit torque −D q̇ (armature stays on the joint's
/// implicit row: it belongs to M), and after it the bodies get MuJoCo's correction: with q̇ the
/// rates before the step and q̇′ after it, Δq̇ = −(M + hD)⁻¹ h D (q̇′ − q̇), which is
/// (M + hD)⁻¹ M a − a over the step, is added to the velocities, and each body's pose is
/// stepped again from the step's start with the corrected velocity (MuJoCo moves the positions
/// with it; moving them with the explicit step's velocity, which a stiff damper makes large, and
/// shifting them after would leave the joints apart). M, with armature, is built at the step's
/// start from the bodies' masses, inertias and velocity Jacobians, as `inverseWeights` builds it
/// at qpos0; the light intermediate bodies of multi-joint bodies are moved along but weigh
/// nothing here (MuJoCo has no such bodies). Ball joints' damping stays an explicit torque (its
/// implicit part is not corrected).
struct EulerDamping {
  /// A damped coordinate: its degree of freedom, its damping and how to read and push it.
  struct Damped {
    var freedom: Int
    var damping: Double
    var handle: JointHandle
  }

  /// The degrees of freedom, their velocity fields and M at the step's start.
  let space: JointSpace
  /// False with `eulerdamp` off: the damping stays explicit, as MuJoCo then has it.
  let corrects: Bool
  let damped: [Damped]
  /// M + hD, row-major, factored in place (lower triangle) at the step's start.
  private var matrix: [Double]
  private var rates: [Double]
  private var delta: [Double]
  private var factored = false

  init(space: JointSpace, corrects: Bool, damped: [Damped]) {
    self.space = space
    self.corrects = corrects
    self.damped = damped
    let n = space.size
    matrix = Array(repeating: 0, count: n * n)
    rates = Array(repeating: 0, count: damped.count)
    delta = Array(repeating: 0, count: n)
  }

  /// Before ODE's step of `h`, with `space` begun: reads the damped rates, applies the explicit
  /// damping torques and builds and factors M + hD.
  mutating func begin(h: Double) {
    guard corrects else {
      for item in damped { item.handle.addForce(-item.damping * item.handle.rate) }
      return
    }
    let n = space.size
    matrix.withUnsafeMutableBufferPointer { matrix in
      space.inertia.withUnsafeBufferPointer { inertia in
        for k in matrix.indices { matrix[k] = inertia[k] }
      }
      for item in damped { matrix[item.freedom * n + item.freedom] += h * item.damping }
      factored = DenseCholesky.factor(matrix, size: n)
    }
    for (k, item) in damped.enumerated() {
      let rate = item.handle.rate
      rates[k] = rate
      item.handle.addForce(-item.damping * rate)
    }
  }

  /// After ODE's step of `h`: the correction Δq̇ = −(M + hD)⁻¹ h D (q̇′ − q̇) on the bodies'
  /// velocities, and each body's pose stepped again from the start with it unless `movesPoses`
  /// is false (the step in joint coordinates places the bodies itself, and calls this with them
  /// back at their start poses, where the joint rates are the step's).
  mutating func end(h: Double, movesPoses: Bool = true) {
    guard corrects, factored else { return }
    let n = space.size
    delta.withUnsafeMutableBufferPointer { delta in
      for k in delta.indices { delta[k] = 0 }
      for (k, item) in damped.enumerated() {
        delta[item.freedom] = -h * item.damping * (item.handle.rate - rates[k])
      }
      matrix.withUnsafeBufferPointer { DenseCholesky.solve($0, size: n, delta) }
      space.addVelocities(UnsafeBufferPointer(delta), h: h, movesPoses: movesPoses)
    }
  }
}

extension EulerDamping {
  /// The damping of `simulation`'s model as MuJoCo's Euler step has it, or nil when it needs
  /// none (no damped hinge or slide, passive forces off, RK4, or the building choice
  /// `ModelOptions.dampingAfterConstraints` off).
  static func make(for simulation: Simulation, space: JointSpace) -> EulerDamping? {
    let model = simulation.model
    guard takesDamping(model.options) else { return nil }
    var damped = [Damped]()
    for (j, joint) in model.joints.enumerated() where joint.type == .hinge || joint.type == .slide {
      guard joint.damping > 0 else { continue }
      damped.append(
        Damped(freedom: simulation.velocityAddress[j], damping: joint.damping, handle: simulation.jointHandles[j]))
    }
    guard !damped.isEmpty else { return nil }
    return EulerDamping(space: space, corrects: model.options.eulerDampingEnabled, damped: damped)
  }

  /// Whether joint damping leaves ODE's implicit rows for `EulerDamping` under `options`.
  static func takesDamping(_ options: ModelOptions) -> Bool {
    options.dampingAfterConstraints && options.integrator == .euler && options.passiveEnabled
  }
}
