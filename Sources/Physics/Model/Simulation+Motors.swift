extension Simulation {
  /// Drives hinge or slide joint `j` towards the rate `speed` (rad/s or m/s, the sign of qvel)
  /// with at most `maxForce` (N·m or N) until changed or `reset()`: Box2D's joint motor, which a
  /// task may use beside or instead of the model's actuators. The motor is made on first use.
  public func driveJoint(_ j: Int, speed: Double, maxForce: Double) throws {
    guard model.joints.indices.contains(j) else {
      throw PhysicsError.invalidArgument("no joint \(j): the model has \(model.joints.count)")
    }
    if velocityMotors[j] == nil {
      guard let joint = jointHandles[j].joint, joint is HingeJoint || joint is SliderJoint else {
        throw PhysicsError.invalidArgument("joint '\(model.joints[j].name)': only a hinge or a slide can be driven")
      }
      velocityMotors[j] = try world.addVelocityMotor(to: joint)
    }
    try velocityMotors[j]!.drive(speed: speed, maxForce: maxForce)
  }

  /// The static and ground geoms (indices in `world.geoms`) that the last step's contacts joined
  /// to a geom of body `b` (or of a body welded to it), in contact order, each once.
  public func groundGeomsTouched(byBody b: Int) -> [Int] {
    guard let carried = carrier[b] else { return [] }
    var touched: [Int] = []
    for contact in world.contacts
    where world.geoms[contact.geom1].bodyIndex == carried.index && world.geoms[contact.geom2].bodyIndex < 0
      && !touched.contains(contact.geom2)
    {
      touched.append(contact.geom2)
    }
    return touched
  }

  /// Whether any of the last step's contacts joined a geom of body `b` (or of a body welded to
  /// it) to static or ground geometry.
  public func bodyTouchedStatic(_ b: Int) -> Bool {
    guard let carried = carrier[b] else { return false }
    for contact in world.contacts
    where world.geoms[contact.geom1].bodyIndex == carried.index && world.geoms[contact.geom2].bodyIndex < 0 {
      return true
    }
    return false
  }
}

extension Simulation {
  /// Pushes body `b` with `force` (N, world axes) at its centre of mass during the next step only
  /// (ODE clears applied forces after each step).
  public func applyForce(_ force: Vector3, atCenterOfMassOf b: Int) throws {
    guard model.bodies.indices.contains(b), let body = carrier[b] else {
      throw PhysicsError.invalidArgument("body \(b) does not move, so it cannot be pushed")
    }
    guard force.isFinite else { throw PhysicsError.invalidArgument("a push must be finite, got \(force)") }
    body.addForce(force, atWorldPoint: bodyCenterOfMass(b))
  }
}
