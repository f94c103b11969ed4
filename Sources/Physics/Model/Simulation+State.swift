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

  /// The world velocity of a body frame's origin.
  func frameOriginVelocity(_ b: Int) -> Vector3 {
    guard let body = carrier[b] else { return .zero }
    return body.linearVelocity + body.angularVelocity.cross(bodyPose(b).position - body.centerOfMass)
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
