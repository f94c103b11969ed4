/// Force and torque sensors: what a body's parent exerts on it through its joint.
extension Simulation {
  /// The model joint through which body `b` (or, for a body welded to its parent, the nearest
  /// ancestor with joints) is held by its parent: the last of that body's joints; nil for bodies
  /// welded to the world and for free bodies.
  func interactionJoint(ofBody b: Int) -> Int? {
    let carrierBody = model.jointedAncestor(of: b)
    guard carrierBody != 0, let j = model.bodies[carrierBody].joints.last, model.joints[j].type != .free else {
      return nil
    }
    return j
  }

  /// The force (N) and torque about site `s` (N·m), world axes, that the parent exerts on the
  /// site's body through its joint in the last step (MuJoCo's `cfrc_int`, moved to the site): the
  /// joint's constraint force (limits and damper included) and dry friction, plus what actuators
  /// and the spring apply along its axis. Zero for free bodies and bodies welded to the world.
  public func interactionForce(atSite s: Int) -> (force: Vector3, torque: Vector3) {
    guard let j = interactionJoint(ofBody: model.sites[s].body), let joint = jointHandles[j].joint else {
      return (.zero, .zero)
    }
    var (force, torque) = joint.constraintForceOnChild
    if let friction = frictionJoints[j] {
      let extra = friction.constraintForceOnChild
      force += extra.force
      torque += extra.torque
    }
    // Generalised forces the joint receives explicitly (actuators, spring) act along its axis;
    // a universal joint receives those of both the hinges it stands for.
    let sharing = model.bodies[model.joints[j].body].joints.filter { jointHandles[$0].joint === joint }
    for k in sharing {
      var along = actuatorJointForce[k]
      switch jointHandles[k] {
      case .hinge(let hinge):
        along -= hinge.spring.stiffness * (hinge.angle - hinge.spring.reference)
        torque += along * hinge.axis
      case .slide(let slider):
        along -= slider.spring.stiffness * (slider.position - slider.spring.reference)
        force += along * slider.axis
      case .ball, .free:
        break
      }
    }
    let arm = jointChild[j].centerOfMass - sitePosition(s)
    return (force, torque + arm.cross(force))
  }
}
