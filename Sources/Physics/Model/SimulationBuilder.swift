/// Builds the ODE world of a `Simulation` from a `BodyModel` (see the README's mapping notes).
struct SimulationBuilder {
  let model: BodyModel
  let world: World
  /// Intermediate bodies weigh this fraction of their body's mass (their inertia is the only
  /// error they add: gravity is switched off for them).
  static let intermediateMassFraction = 1e-4

  var carrier: [RigidBody?]
  var frameInCarrier: [Pose]
  var worldFrame: [Pose]
  var jointHandles: [JointHandle] = []
  var jointChild: [RigidBody] = []
  /// Per model joint: the ODE motor realising its `frictionloss`, if it has one.
  var frictionJoints: [Joint?] = []
  /// Per model geom: the ODE geom made for it.
  var geomHandles: [Geom?] = []
  var intermediates: [(body: RigidBody, modelBody: Int, afterJoint: Int)] = []
  /// The joint and tendon equalities, held by angular motors whose targets follow the drift.
  var couplings: [CouplingConstraint] = []
  /// What building had to approximate beyond what the parser already listed.
  var approximations: [String] = []
  /// For each body with joints, the bodies it carries (itself and those welded to it).
  var carried: [[Int]] = []
  /// Per model joint, MuJoCo's `dof_invweight0` (hinges and slides; see `inverseWeights`).
  var inverseWeight0: [Double?] = []
  /// Per model body, MuJoCo's translational `body_invweight0` (see `inverseWeights`).
  var bodyInverseWeight0: [Double] = []
  /// Per model equality: MuJoCo's diagonal for a joint or tendon coupling (`InverseWeights`).
  var equalityInverseWeight0: [Double?] = []
  /// Per model tendon, the soft limit of a limited two-site spatial tendon (nil: ODE's stiff row).
  var tendonLimits: [SoftLimit?] = []

  init(model: BodyModel, substeps: Int) throws {
    self.model = model
    var settings = WorldSettings()
    let h = model.options.timestep / Double(substeps)
    settings.timestep = h
    settings.gravity = model.options.gravityEnabled ? model.options.gravity : .zero
    settings.contacts.enabled = model.options.contactsEnabled
    // MuJoCo's default contact solref (time constant 0.02 s, critically damped) as ODE softness.
    settings.contacts.softERP = h / (h + 2 * ContactMaterial.mjcfDefaultTimeConstant)
    if model.options.softContacts {
      // MuJoCo's refsafe: no time constant below two of the model's steps.
      settings.contacts.soft = SoftContactModel(
        cone: model.options.cone, impedanceRatio: model.options.impedanceRatio,
        shortestTimeConstant: 2 * model.options.timestep, planeNormal: model.motionPlaneNormal)
    }
    world = try World(settings: settings)
    carrier = Array(repeating: nil, count: model.bodies.count)
    frameInCarrier = Array(repeating: .identity, count: model.bodies.count)
    worldFrame = Array(repeating: .identity, count: model.bodies.count)
  }

  func error(_ body: ModelBody, _ message: String) -> ModelError {
    ModelError(file: body.source.file, line: body.source.line, message: message)
  }

  /// The nearest body at or above `b` that has joints (its geoms ride on that body), or 0.
  func carrierIndex(_ b: Int) -> Int { model.jointedAncestor(of: b) }

  mutating func build() throws {
    for b in model.bodies.indices where b != 0 {
      worldFrame[b] = worldFrame[model.bodies[b].parent].composed(with: model.bodies[b].pose)
    }
    // Frames of welded bodies relative to their carrier.
    for b in model.bodies.indices where b != 0 {
      let c = carrierIndex(b)
      frameInCarrier[b] = c == b ? .identity : frameInCarrier[model.bodies[b].parent].composed(with: model.bodies[b].pose)
      if c == 0 { frameInCarrier[b] = worldFrame[b] }
    }
    carried = Array(repeating: [], count: model.bodies.count)
    geomHandles = Array(repeating: nil, count: model.geoms.count)
    for w in model.bodies.indices { carried[carrierIndex(w)].append(w) }
    try addStaticGeoms()
    for b in model.bodies.indices where b != 0 && !model.bodies[b].joints.isEmpty {
      try addMovingBody(b)
    }
    for b in model.bodies.indices where b != 0 {
      carrier[b] = carrier[carrierIndex(b)]
    }
    // MJCF never lets a body touch its parent (the world excepted), unless filterparent is off.
    for b in model.bodies.indices where b != 0 && model.options.filterParent {
      if let child = carrier[b], let parent = carrier[model.bodies[b].parent], child !== parent {
        world.excludeContacts(between: parent, and: child)
      }
    }
    for (first, second) in model.excludedBodyPairs {
      if let a = carrier[first], let b = carrier[second], a !== b { world.excludeContacts(between: a, and: b) }
    }
    try addJoints()
    try addEqualities()
    for pair in model.contactPairs {
      guard let first = geomHandles[pair.geom1], let second = geomHandles[pair.geom2] else { continue }
      do {
        try world.addContactPair(first, second, friction: pair.friction, material: pair.material)
      } catch let physicsError as PhysicsError {
        throw ModelError(file: pair.source.file, line: pair.source.line, message: physicsError.description)
      }
    }
    let fluid = model.options.density > 0 || model.options.viscosity > 0
    if fluid, model.bodies.indices.contains(where: { $0 != 0 && model.bodies[$0].joints.isEmpty && model.bodies[$0].mass > 0 && carrierIndex($0) != 0 }) {
      approximations.append("fluid drag: a body welded to a moving parent feels the drag of the combined rigid body, not its own")
    }
  }

  func geomDescription(_ g: Int, pose: Pose) -> GeomDescription {
    let geom = model.geoms[g]
    var description = GeomDescription(
      name: geom.name, shape: geom.shape, pose: pose, mass: .mass(geom.mass),
      friction: geom.condim == 1 ? 0 : geom.friction.x, categoryBits: geom.contype,
      collideBits: geom.conaffinity)
    description.material = geom.material
    return description
  }

  mutating func addStaticGeoms() throws {
    for b in model.bodies.indices where carrierIndex(b) == 0 {
      for g in model.bodies[b].geoms {
        let geom = model.geoms[g]
        let pose: Pose
        if case .plane = geom.shape { pose = .identity } else { pose = worldFrame[b].composed(with: geom.pose) }
        var description = geomDescription(g, pose: pose)
        if case .plane(let normal, let offset) = geom.shape, b != 0 {
          // A plane in a welded body: move it into world coordinates.
          let frame = worldFrame[b]
          let n = frame.orientation.rotate(normal)
          description.shape = .plane(normal: n, offset: offset + n.dot(frame.position))
        }
        geomHandles[g] = try world.addStaticGeom(description)
      }
    }
  }

  /// The ODE body for model body `b`, carrying its geoms and those of bodies welded to it.
  mutating func addMovingBody(_ b: Int) throws {
    var geoms = [GeomDescription]()
    var modelGeoms = [Int]()
    var massElements = [MassElement]()
    for w in carried[b] {
      for g in model.bodies[w].geoms {
        geoms.append(geomDescription(g, pose: frameInCarrier[w].composed(with: model.geoms[g].pose)))
        modelGeoms.append(g)
      }
      if var inertial = model.bodies[w].inertial {
        inertial.pose = frameInCarrier[w].composed(with: inertial.pose)
        massElements.append(inertial)
      }
    }
    let body = model.bodies[b]
    guard geoms.contains(where: { $0.resolvedMass > 0 }) || !massElements.isEmpty else {
      throw error(body, "body '\(body.name)' moves (it has joints) but has no mass: give one of its geoms mass or density")
    }
    do {
      let made = try world.addBody(
        name: body.name.isEmpty ? "body\(b)" : body.name, pose: worldFrame[b], geoms: geoms,
        massElements: massElements)
      carrier[b] = made
      for (k, g) in modelGeoms.enumerated() { geomHandles[g] = made.geoms[k] }
    } catch let physicsError as PhysicsError {
      throw error(body, "body '\(body.name)': \(physicsError.description)")
    }
  }

  /// Creates the ODE joints. A body with n > 1 joints gets a light intermediate body after each
  /// ODE joint but the last; two of its hinges that `universalPair` finds become one universal
  /// joint, which needs no body between them.
  mutating func addJoints() throws {
    // Soft limits (`configure`) and soft contacts read the inverse weights; `model check` shows them.
    let weights = inverseWeights()
    inverseWeight0 = weights.joints
    bodyInverseWeight0 = weights.bodies
    equalityInverseWeight0 = weights.equalities
    tendonLimits = model.tendons.indices.map { t in
      let tendon = model.tendons[t]
      guard model.options.softLimits, let weight = weights.tendons[t] else { return nil }
      return SoftLimit(
        timeConstant: tendon.limitTimeConstant, dampingRatio: tendon.limitDampingRatio, impedance: tendon.limitImpedance,
        inverseWeight: weight, shortestTimeConstant: 2 * model.options.timestep)
    }
    if world.settings.contacts.soft != nil {
      for (g, geom) in geomHandles.enumerated() where geom?.body != nil {
        geom?.contactInverseWeight = weights.bodies[model.geoms[g].body]
      }
    }
    let softLimits = model.options.softLimits && model.options.limitsEnabled && model.joints.contains { $0.range != nil }
    if weights.fellBack, softLimits || world.settings.contacts.soft != nil {
      approximations.append(
        "the joint-space inertia at qpos0 is singular: soft limits and contacts take each joint's and body's own inertia")
    }
    let coupled = Set(model.equalities.flatMap { equality -> [Int] in
      if case .coupling(let terms, _) = equality.kind { return terms.map(\.joint) }
      return []
    })
    for b in model.bodies.indices where b != 0 && !model.bodies[b].joints.isEmpty {
      let body = model.bodies[b]
      let frame = worldFrame[b]
      let target = carrier[b]!
      let paired = model.options.groupsHinges ? universalPair(body.joints, excluding: coupled) : nil
      var parent = carrier[body.parent]
      var k = 0
      while k < body.joints.count {
        let j = body.joints[k]
        let last = k == paired ? k + 1 : k
        var child = target
        if last < body.joints.count - 1 {
          let mass = max(target.mass * Self.intermediateMassFraction, 1e-9)
          child = try world.addBody(
            name: "\(body.name)#\(last + 1)", pose: Pose(position: frame.position, orientation: frame.orientation),
            geoms: [GeomDescription(shape: .sphere(radius: 0.01), mass: .mass(mass), categoryBits: 0, collideBits: 0)])
          child.isAffectedByGravity = false
          child.checksAppliedForces = false  // its joints pass the actuator torques on
          child.hasGyroscopicTorque = false
          intermediates.append((child, b, body.joints[last]))
        }
        if last > k {
          let second = body.joints[last]
          let universal = try makeUniversalJoint(j, second, parent: parent, child: child, frame: frame)
          jointHandles += [.hinge(universal.parentCoordinate), .hinge(universal.childCoordinate)]
          frictionJoints += [nil, nil]
          jointChild += [child, child]
        } else {
          let (handle, friction) = try makeJoint(j, parent: parent, child: child, frame: frame)
          jointHandles.append(handle)
          frictionJoints.append(friction)
          jointChild.append(child)
        }
        parent = child
        k = last + 1
      }
    }
  }

  /// The first k for which a body's joints k and k + 1 can be one universal joint: two hinges
  /// at the same point with perpendicular axes, no dry friction, not in a joint equality, and
  /// stops (if any) inside ODE's (−π, π) for universal angles; nil when no pair qualifies.
  func universalPair(_ joints: [Int], excluding coupled: Set<Int>) -> Int? {
    func qualifies(_ j: Int) -> Bool {
      let joint = model.joints[j]
      guard joint.type == .hinge, joint.frictionLoss == 0 || !model.options.frictionLossEnabled,
        !coupled.contains(j)
      else { return false }
      guard let range = joint.range, model.options.limitsEnabled else { return true }
      return range.lowerBound - joint.reference > -Double.pi + 1e-6 && range.upperBound - joint.reference < Double.pi - 1e-6
    }
    return joints.indices.dropLast().first { k in
      let first = model.joints[joints[k]], second = model.joints[joints[k + 1]]
      return qualifies(joints[k]) && qualifies(joints[k + 1]) && (first.position - second.position).length < 1e-12
        && abs(first.axis.dot(second.axis)) < 1e-9 * first.axis.length * second.axis.length
    }
  }

  /// The universal joint for two hinges at one point: `first` (fixed in the parent) about the
  /// parent's axis, `second` (turning with the body) about the child's.
  func makeUniversalJoint(_ j1: Int, _ j2: Int, parent: RigidBody?, child: RigidBody, frame: Pose)
    throws -> UniversalJoint
  {
    let first = model.joints[j1], second = model.joints[j2]
    do {
      let universal = try world.addUniversalJoint(
        name: first.name + "+" + second.name, parent: parent, child: child, anchor: frame.transform(first.position),
        childAxis: frame.orientation.rotate(second.axis), parentAxis: frame.orientation.rotate(first.axis))
      try configure(universal.parentCoordinate, as: j1)
      try configure(universal.childCoordinate, as: j2)
      return universal
    } catch let physicsError as PhysicsError {
      throw ModelError(file: first.source.file, line: first.source.line, message: "joints '\(first.name)' and '\(second.name)': \(physicsError.description)")
    }
  }

  /// Limits (shifted by `ref`, since ODE measures from the rest pose), their softness, and the
  /// spring and damper of hinge or slide joint `j`. The limits are as soft as MuJoCo's
  /// (`SoftLimit`), unless `ModelOptions.softLimits` is off: then ODE stops with the fixed
  /// ERP h / (h + 2τ), τ `solreflimit`'s time constant.
  func configure(_ odeJoint: some CoordinateSettings, as j: Int) throws {
    let joint = model.joints[j]
    if let range = joint.range, model.options.limitsEnabled {
      let h = world.settings.timestep
      try odeJoint.setLimits(lower: range.lowerBound - joint.reference, upper: range.upperBound - joint.reference)
      try odeJoint.setLimitSoftness(erp: h / (h + 2 * joint.limitTimeConstant), cfm: world.settings.cfm)
      if model.options.softLimits, let weight = inverseWeight0[j] {
        try odeJoint.setSoftLimit(SoftLimit(
          timeConstant: joint.limitTimeConstant, dampingRatio: joint.limitDampingRatio,
          impedance: joint.limitImpedance, inverseWeight: weight,
          shortestTimeConstant: 2 * model.options.timestep))
      }
    }
    let passive = model.options.passiveEnabled
    // Armature is inertia, not a passive force: MuJoCo keeps it when passive forces are off.
    // Under MuJoCo's Euler step the damping is `EulerDamping`'s, not the joint's implicit row.
    let rowDamping = passive && !EulerDamping.takesDamping(model.options) ? joint.damping : 0
    try odeJoint.setSpring(JointSpring(
      stiffness: passive ? joint.stiffness : 0, damping: rowDamping,
      reference: joint.springReference - joint.reference, armature: joint.armature))
  }

  /// MJCF `frictionloss` as ODE dry friction beside the joint.
  func addFriction(_ joint: ModelJoint, to odeJoint: Joint) throws -> Joint? {
    guard joint.frictionLoss > 0, model.options.frictionLossEnabled else { return nil }
    return try world.addJointFriction(to: odeJoint, maxForce: joint.frictionLoss)
  }

  /// The ODE joint for one MJCF joint, and the motor for its dry friction if it has any.
  func makeJoint(_ j: Int, parent: RigidBody?, child: RigidBody, frame: Pose) throws -> (JointHandle, Joint?) {
    let joint = model.joints[j]
    let anchor = frame.transform(joint.position)
    let axis = frame.orientation.rotate(joint.axis)
    do {
      switch joint.type {
      case .hinge:
        let hinge = try world.addHingeJoint(name: joint.name, parent: parent, child: child, anchor: anchor, axis: axis)
        try configure(hinge, as: j)
        return (.hinge(hinge), try addFriction(joint, to: hinge))
      case .slide:
        let slider = try world.addSliderJoint(name: joint.name, parent: parent, child: child, axis: axis)
        try configure(slider, as: j)
        return (.slide(slider), try addFriction(joint, to: slider))
      case .ball:
        let ball = try world.addBallJoint(name: joint.name, parent: parent, child: child, anchor: anchor)
        try ball.setSpring(JointSpring(damping: model.options.passiveEnabled ? joint.damping : 0))
        return (.ball(ball), nil)
      case .free:
        return (.free, nil)
      }
    } catch let physicsError as PhysicsError {
      throw ModelError(file: joint.source.file, line: joint.source.line, message: "joint '\(joint.name)': \(physicsError.description)")
    }
  }
}
