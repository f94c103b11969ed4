/// The model's degrees of freedom as seen from the ODE bodies, for the corrections MuJoCo's Euler
/// step makes in joint space after the constraints are solved (`EulerDamping`,
/// `CouplingProjection`): at each step's start it reads every freedom's velocity field and
/// builds the joint-space inertia M (armature included) from the bodies' masses, inertias and
/// velocity Jacobians, as `InverseWeights` builds it at qpos0; after ODE's step it adds a change
/// of joint velocities Δq̇ to the bodies. The light intermediate bodies of multi-joint bodies are
/// moved along but weigh nothing in M (MuJoCo has no such bodies).
final class JointSpace {
  /// How to read one degree of freedom's field from the ODE world.
  enum Source {
    case hinge(any RotaryCoordinate)
    case slide(SliderJoint)
    case ball(BallJoint, axis: Int)
    case freeLinear(axis: Int)
    case freeAngular(RigidBody, axis: Int)
  }

  /// An ODE body the corrections move: the degrees of freedom that move it, and whether it
  /// counts in M (carriers do; intermediate bodies do not).
  struct Moved {
    var body: RigidBody
    var freedoms: [Int]
    var weighs: Bool
  }

  /// One source per degree of freedom, in qvel's order.
  let sources: [Source]
  let armature: [Double]
  let moved: [Moved]
  /// The number of degrees of freedom.
  var size: Int { sources.count }
  private(set) var fields: [VelocityField]
  /// M at the step's start, row-major, lower triangle (the upper is zero).
  private(set) var inertia: [Double]
  /// Each moved body's centre of mass and orientation at the step's start.
  private var startPoses: [(centerOfMass: Vector3, orientation: Quaternion)] = []
  /// Scratch for `addJointSpaceInertia`.
  private var pointVelocities: [Vector3] = []
  private var inertiaSpins: [Vector3] = []

  init(sources: [Source], armature: [Double], moved: [Moved]) {
    self.sources = sources
    self.armature = armature
    self.moved = moved
    fields = Array(repeating: VelocityField(), count: sources.count)
    inertia = Array(repeating: 0, count: sources.count * sources.count)
  }

  /// At the step's start: reads the velocity fields and the bodies' poses and builds M.
  func begin() {
    let n = size
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
      inertia.withUnsafeMutableBufferPointer { matrix in
        for k in matrix.indices { matrix[k] = 0 }
        for item in moved where item.weighs {
          item.body.addJointSpaceInertia(
            freedoms: item.freedoms, fields: fields, to: matrix, size: n, velocities: &pointVelocities,
            spins: &inertiaSpins)
        }
        for f in 0..<n { matrix[f * n + f] += armature[f] }
      }
    }
  }

  /// After ODE's step of `h`: adds the joint velocities `delta` to the bodies' velocities, and
  /// steps each body's pose again from the step's start with its new velocity unless
  /// `movesPoses` is false (the step in joint coordinates places the bodies itself).
  func addVelocities(_ delta: UnsafeBufferPointer<Double>, h: Double, movesPoses: Bool) {
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

  @inline(__always) static func unit(_ axis: Int) -> Vector3 {
    axis == 0 ? Vector3(1, 0, 0) : (axis == 1 ? Vector3(0, 1, 0) : Vector3(0, 0, 1))
  }
}

extension JointSpace {
  /// The joint space of `simulation`'s model: one source per degree of freedom, and every ODE
  /// body with the freedoms that move it.
  static func make(for simulation: Simulation) -> JointSpace {
    let model = simulation.model
    var sources = [Source](), armature = [Double](), jointOf = [Int]()
    for (j, joint) in model.joints.enumerated() {
      switch simulation.jointHandles[j] {
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
      jointOf += Array(repeating: j, count: count)
    }
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
    return JointSpace(sources: sources, armature: armature, moved: moved)
  }
}
