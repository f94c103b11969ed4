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
  /// How to read one degree of freedom's field from the ODE world.
  enum Source {
    case hinge(any RotaryCoordinate)
    case slide(SliderJoint)
    case ball(BallJoint, axis: Int)
    case freeLinear(axis: Int)
    case freeAngular(RigidBody, axis: Int)
  }

  /// A damped coordinate: its degree of freedom, its damping and how to read and push it.
  struct Damped {
    var freedom: Int
    var damping: Double
    var handle: JointHandle
  }

  /// An ODE body the correction moves: the degrees of freedom that move it, and whether it
  /// counts in M (carriers do; intermediate bodies do not).
  struct Moved {
    var body: RigidBody
    var freedoms: [Int]
    var weighs: Bool
  }

  let sources: [Source]
  /// False with `eulerdamp` off: the damping stays explicit, as MuJoCo then has it.
  let corrects: Bool
  let armature: [Double]
  let damped: [Damped]
  let moved: [Moved]
  private var fields: [VelocityField]
  /// M + hD, row-major, factored in place (lower triangle) at the step's start.
  private var matrix: [Double]
  private var rates: [Double]
  private var delta: [Double]
  private var factored = false
  /// Scratch for `addJointSpaceInertia`.
  private var pointVelocities: [Vector3] = []
  /// Each moved body's centre of mass and orientation at the step's start.
  private var startPoses: [(centerOfMass: Vector3, orientation: Quaternion)] = []
  private var inertiaSpins: [Vector3] = []

  init(sources: [Source], corrects: Bool, armature: [Double], damped: [Damped], moved: [Moved]) {
    self.sources = sources
    self.corrects = corrects
    self.armature = armature
    self.damped = damped
    self.moved = moved
    let n = sources.count
    fields = Array(repeating: VelocityField(), count: n)
    matrix = Array(repeating: 0, count: n * n)
    rates = Array(repeating: 0, count: damped.count)
    delta = Array(repeating: 0, count: n)
  }

  /// Before ODE's step of `h`: reads the damped rates, applies the explicit damping torques and
  /// builds and factors M + hD.
  mutating func begin(h: Double) {
    guard corrects else {
      for item in damped { item.handle.addForce(-item.damping * item.handle.rate) }
      return
    }
    let n = sources.count
    for (f, source) in sources.enumerated() {
      switch source {
      case .hinge(let hinge): fields[f] = VelocityField(angular: hinge.axis, anchor: hinge.anchor)
      case .slide(let slider): fields[f] = VelocityField(linear: slider.axis)
      case .ball(let ball, let axis): fields[f] = VelocityField(angular: Self.unit(axis), anchor: ball.anchor)
      case .freeLinear(let axis): fields[f] = VelocityField(linear: Self.unit(axis))
      case .freeAngular(let body, let axis): fields[f] = VelocityField(angular: Self.unit(axis), anchor: body.centerOfMass)
      }
    }
    startPoses.removeAll(keepingCapacity: true)
    for item in moved { startPoses.append((item.body.centerOfMass, item.body.orientation)) }
    fields.withUnsafeBufferPointer { fields in
      matrix.withUnsafeMutableBufferPointer { matrix in
        for k in matrix.indices { matrix[k] = 0 }
        for item in moved where item.weighs {
          item.body.addJointSpaceInertia(
            freedoms: item.freedoms, fields: fields, to: matrix, size: n, velocities: &pointVelocities,
            spins: &inertiaSpins)
        }
        for f in 0..<n { matrix[f * n + f] += armature[f] }
        for item in damped { matrix[item.freedom * n + item.freedom] += h * item.damping }
        factored = DenseCholesky.factor(matrix, size: n)
      }
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
    let n = sources.count
    delta.withUnsafeMutableBufferPointer { delta in
      for k in delta.indices { delta[k] = 0 }
      for (k, item) in damped.enumerated() {
        delta[item.freedom] = -h * item.damping * (item.handle.rate - rates[k])
      }
      matrix.withUnsafeBufferPointer { DenseCholesky.solve($0, size: n, delta) }
      fields.withUnsafeBufferPointer { fields in
        for (index, item) in moved.enumerated() {
          let start = startPoses[index]
          var linear = item.body.linearVelocity, angular = item.body.angularVelocity
          for f in item.freedoms where delta[f] != 0 {
            linear = linear + delta[f] * fields[f].velocity(at: start.centerOfMass)
            angular = angular + delta[f] * fields[f].angular
          }
          if movesPoses {
            item.body.restep(
              from: start.centerOfMass, start.orientation, velocity: linear, angularVelocity: angular, over: h)
          } else {
            item.body.setVelocities(linear: linear, angular: angular)
          }
        }
      }
    }
  }

  @inline(__always) static func unit(_ axis: Int) -> Vector3 {
    axis == 0 ? Vector3(1, 0, 0) : (axis == 1 ? Vector3(0, 1, 0) : Vector3(0, 0, 1))
  }
}

extension EulerDamping {
  /// The damping of `simulation`'s model as MuJoCo's Euler step has it, or nil when it needs
  /// none (no damped hinge or slide, passive forces off, RK4, or the building choice
  /// `ModelOptions.dampingAfterConstraints` off).
  static func make(for simulation: Simulation) -> EulerDamping? {
    let model = simulation.model
    guard takesDamping(model.options) else { return nil }
    var sources = [Source](), armature = [Double](), damped = [Damped](), jointOf = [Int]()
    for (j, joint) in model.joints.enumerated() {
      let handle = simulation.jointHandles[j]
      switch handle {
      case .hinge(let hinge): sources.append(.hinge(hinge))
      case .slide(let slider): sources.append(.slide(slider))
      case .ball(let ball): sources += (0..<3).map { .ball(ball, axis: $0) }
      case .free:
        sources += (0..<3).map { .freeLinear(axis: $0) }
        sources += (0..<3).map { .freeAngular(simulation.jointChild[j], axis: $0) }
      }
      let count = sources.count - jointOf.count
      let isCoordinate = joint.type == .hinge || joint.type == .slide
      armature += Array(repeating: isCoordinate ? joint.armature : 0, count: count)
      if isCoordinate, joint.damping > 0 { damped.append(Damped(freedom: sources.count - 1, damping: joint.damping, handle: handle)) }
      jointOf += Array(repeating: j, count: count)
    }
    guard !damped.isEmpty else { return nil }
    let subtrees = simulation.subtrees
    var moved = [Moved](), seen = Set<ObjectIdentifier>()
    for b in model.bodies.indices where b != 0 {
      guard let body = simulation.carrier[b], seen.insert(ObjectIdentifier(body)).inserted else { continue }
      let freedoms = jointOf.indices.filter { subtrees[model.joints[jointOf[$0]].body].contains(b) }
      moved.append(Moved(body: body, freedoms: freedoms, weighs: true))
    }
    for item in simulation.intermediates {
      let b = item.modelBody
      let freedoms = jointOf.indices.filter { f in
        let owner = model.joints[jointOf[f]].body
        return owner == b ? jointOf[f] <= item.afterJoint : subtrees[owner].contains(b)
      }
      moved.append(Moved(body: item.body, freedoms: freedoms, weighs: false))
    }
    return EulerDamping(
      sources: sources, corrects: model.options.eulerDampingEnabled, armature: armature, damped: damped, moved: moved)
  }

  /// Whether joint damping leaves ODE's implicit rows for `EulerDamping` under `options`.
  static func takesDamping(_ options: ModelOptions) -> Bool {
    options.dampingAfterConstraints && options.integrator == .euler && options.passiveEnabled
  }
}
