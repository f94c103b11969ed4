extension Simulation {
  /// Generalised positions in MJCF joint order: hinge/slide 1 value (rad or m, `ref` included),
  /// ball 4 (w x y z, in the body frame), free 7 (world position, then orientation).
  public var qpos: [Double] {
    let version = stateVersion &+ world.generation &* 1_000_003
    if cache.qposVersion == version { return cache.qpos }
    var values = cache.qpos
    values.removeAll(keepingCapacity: true)
    for (j, joint) in model.joints.enumerated() {
      switch jointHandles[j] {
      case .hinge(let hinge): values.append(hinge.angle + joint.reference)
      case .slide(let slider): values.append(slider.position + joint.reference)
      case .ball(let ball):
        let q = ball.localRotation
        values += [q.w, q.x, q.y, q.z]
      case .free:
        let pose = bodyPose(joint.body)
        values += [pose.position.x, pose.position.y, pose.position.z,
          pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z]
      }
    }
    cache.qpos = values
    cache.qposVersion = version
    return values
  }

  /// Generalised velocities in MJCF joint order: hinge/slide 1, ball 3 (relative angular velocity
  /// in the body frame), free 6 (frame-origin linear velocity in world, angular velocity in body).
  public var qvel: [Double] {
    let version = stateVersion &+ world.generation &* 1_000_003
    if cache.qvelVersion == version { return cache.qvel }
    var values = cache.qvel
    values.removeAll(keepingCapacity: true)
    for (j, joint) in model.joints.enumerated() {
      switch jointHandles[j] {
      case .hinge(let hinge): values.append(hinge.rate)
      case .slide(let slider): values.append(slider.rate)
      case .ball(let ball):
        let local = bodyPose(joint.body).orientation.conjugate.rotate(ball.relativeAngularVelocity)
        values += [local.x, local.y, local.z]
      case .free:
        let body = jointChild[j]
        let linear = frameOriginVelocity(joint.body)
        let angular = body.orientation.conjugate.rotate(body.angularVelocity)
        values += [linear.x, linear.y, linear.z, angular.x, angular.y, angular.z]
      }
    }
    cache.qvel = values
    cache.qvelVersion = version
    return values
  }

  /// qpos at the model's rest configuration (`ref` for hinges and slides).
  public var initialQpos: [Double] {
    var values = [Double]()
    for joint in model.joints {
      switch joint.type {
      case .hinge, .slide: values.append(joint.reference)
      case .ball: values += [1, 0, 0, 0]
      case .free:
        var frame = Pose.identity
        var b = joint.body
        var chain = [Int]()
        while b != 0 {
          chain.append(b)
          b = model.bodies[b].parent
        }
        for c in chain.reversed() { frame = frame.composed(with: model.bodies[c].pose) }
        values += [frame.position.x, frame.position.y, frame.position.z,
          frame.orientation.w, frame.orientation.x, frame.orientation.y, frame.orientation.z]
      }
    }
    return values
  }

  /// Puts the model at `qpos` at rest (zero velocity).
  public func setState(qpos: [Double]) throws {
    try setState(qpos: qpos, qvel: [Double](repeating: 0, count: model.velocityCount))
  }

  /// Puts every body where the generalised coordinates say (forward kinematics, as MuJoCo's
  /// mj_kinematics does) and gives it the matching velocity. Contacts are found by the next step.
  public func setState(qpos: [Double], qvel: [Double]) throws {
    previousSiteVelocities.removeAll()
    forgetLastStepForces()
    stateVersion &+= 1
    defer { stateVersion &+= 1 }
    guard qpos.count == model.positionCount, qvel.count == model.velocityCount else {
      throw PhysicsError.invalidArgument(
        "expected \(model.positionCount) positions and \(model.velocityCount) velocities, "
          + "got \(qpos.count) and \(qvel.count)")
    }
    for (k, value) in (qpos + qvel).enumerated() where !value.isFinite {
      throw PhysicsError.invalidArgument("state entry \(k) is not finite: \(value)")
    }
    try placeBodies(qpos: qpos, qvel: qvel)
    world.forgetContacts()
  }

  /// Puts every ODE body where forward kinematics says for `qpos` and `qvel` and tells the
  /// hinges their angles; nothing else (contacts, measured forces) is touched.
  func placeBodies(qpos: [Double], qvel: [Double]) throws {
    for placement in try placements(qpos: qpos, qvel: qvel) {
      try placement.body.setPose(placement.pose)
      try placement.body.setLinearVelocity(placement.linear)
      try placement.body.setAngularVelocity(placement.angular)
    }
    for (j, joint) in model.joints.enumerated() {
      if case .hinge(let hinge) = jointHandles[j] {
        hinge.synchronize(angle: qpos[positionAddress[j]] - joint.reference)
      }
    }
  }

  /// Where forward kinematics puts every ODE body (intermediate ones included) and how it moves,
  /// for `qpos` and `qvel`, without moving anything.
  func placements(qpos: [Double], qvel: [Double]) throws -> [Placement] {
    var result = [Placement]()
    result.reserveCapacity(model.bodies.count + 4)
    var frames = [Pose](repeating: .identity, count: model.bodies.count)
    var origins = [Motion](repeating: Motion(), count: model.bodies.count)
    for b in model.bodies.indices where b != 0 {
      let body = model.bodies[b]
      let parentFrame = frames[body.parent]
      var pose = parentFrame.composed(with: body.pose)
      var motion = origins[body.parent]
      motion.parentOrigin = parentFrame.position
      motion.terms = []
      for (k, j) in body.joints.enumerated() {
        let joint = model.joints[j]
        let p = positionAddress[j], v = velocityAddress[j]
        switch joint.type {
        case .slide:
          let axis = pose.orientation.rotate(joint.axis)
          pose.position += axis * (qpos[p] - joint.reference)
          motion.terms.append(.linear(axis * qvel[v]))
        case .hinge:
          let axis = pose.orientation.rotate(joint.axis)
          let anchor = pose.transform(joint.position)
          let rotation = pose.orientation * Quaternion(axis: joint.axis, angle: qpos[p] - joint.reference)
          pose = Pose(position: anchor - rotation.rotate(joint.position), orientation: rotation)
          motion.terms.append(.angular(axis * qvel[v], anchor))
        case .ball:
          let q = Quaternion(w: qpos[p], x: qpos[p + 1], y: qpos[p + 2], z: qpos[p + 3])
          guard q.norm > 1e-12 else { throw PhysicsError.invalidArgument("ball joint '\(joint.name)': zero quaternion") }
          let anchor = pose.transform(joint.position)
          let rotation = pose.orientation * q.normalized
          pose = Pose(position: anchor - rotation.rotate(joint.position), orientation: rotation)
          motion.terms.append(.angular(rotation.rotate(Vector3(qvel[v], qvel[v + 1], qvel[v + 2])), anchor))
        case .free:
          let q = Quaternion(w: qpos[p + 3], x: qpos[p + 4], y: qpos[p + 5], z: qpos[p + 6])
          guard q.norm > 1e-12 else { throw PhysicsError.invalidArgument("free joint '\(joint.name)': zero quaternion") }
          pose = Pose(position: Vector3(qpos[p], qpos[p + 1], qpos[p + 2]), orientation: q.normalized)
          motion = Motion()
          motion.parentOrigin = pose.position
          motion.base = (Vector3(qvel[v], qvel[v + 1], qvel[v + 2]),
            pose.orientation.rotate(Vector3(qvel[v + 3], qvel[v + 4], qvel[v + 5])))
        }
        // An intermediate body follows the ODE joint that ends here (a universal joint ends
        // with its second hinge, and both name the same child).
        if k < body.joints.count - 1, jointChild[j] !== jointChild[body.joints[k + 1]] {
          result.append(Placement(jointChild[j], pose, motion))
        }
      }
      frames[b] = pose
      if let own = carrier[b], !body.joints.isEmpty {
        result.append(Placement(own, pose, motion))
      }
      // Children see this body's frame origin moving with the resolved velocity.
      let originVelocity = motion.velocity(at: pose.position)
      origins[b] = Motion(base: (originVelocity, motion.angularVelocity), parentOrigin: pose.position, terms: [])
    }
    return result
  }

  /// The world velocity of a body frame's origin.
  func frameOriginVelocity(_ b: Int) -> Vector3 {
    guard let body = carrier[b] else { return .zero }
    return body.linearVelocity + body.angularVelocity.cross(bodyPose(b).position - body.centerOfMass)
  }
}

/// The velocity field of a body during forward kinematics: its parent's frame-origin velocity
/// and angular velocity, then each joint's contribution in order.
struct Motion {
  enum Term {
    case linear(Vector3)
    /// Angular velocity about an axis through a world point.
    case angular(Vector3, Vector3)
  }

  /// (linear velocity at `parentOrigin`, angular velocity).
  var base: (Vector3, Vector3) = (.zero, .zero)
  var parentOrigin = Vector3.zero
  var terms: [Term] = []

  var angularVelocity: Vector3 {
    terms.reduce(base.1) { total, term in
      if case .angular(let w, _) = term { return total + w }
      return total
    }
  }

  func velocity(at point: Vector3) -> Vector3 {
    var v = base.0 + base.1.cross(point - parentOrigin)
    for term in terms {
      switch term {
      case .linear(let u): v += u
      case .angular(let w, let anchor): v += w.cross(point - anchor)
      }
    }
    return v
  }
}

extension Simulation {
  /// Forgets what the last step measured (joint constraint forces, actuator forces along joints),
  /// so force and torque sensors read zero until the next step after a reset or a hand-set state.
  func forgetLastStepForces() {
    for handle in jointHandles { handle.joint?.forgetMeasuredForce() }
    for friction in frictionJoints { friction?.forgetMeasuredForce() }
    for j in actuatorJointForce.indices { actuatorJointForce[j] = 0 }
  }
}

/// One ODE body's pose and velocity (of its centre of mass, and angular) from forward kinematics.
struct Placement {
  let body: RigidBody
  let pose: Pose
  let linear: Vector3
  let angular: Vector3

  init(_ body: RigidBody, _ pose: Pose, _ motion: Motion) {
    self.body = body
    self.pose = pose
    linear = motion.velocity(at: pose.transform(body.localCenterOfMass))
    angular = motion.angularVelocity
  }
}
