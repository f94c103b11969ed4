/// Forward kinematics (MuJoCo's `mj_kinematics` with the velocities of `mj_comVel`): where each
/// ODE body sits and how it moves for given joint coordinates and rates. Setting a state places
/// the bodies once; the Euler step in joint coordinates runs it three times a step, so it works
/// in buffers kept between calls and allocates nothing.
final class ForwardKinematics {
  /// Every ODE body placed, in the order `Simulation.kinematics(qpos:qvel:into:)` lists them:
  /// per model body, its intermediate bodies, then its carrier.
  let bodies: [RigidBody]
  /// Per model body: its frame, and the motion of its frame's origin.
  var frames: [Pose]
  var origins: [Motion]
  /// Results of the coordinate step's three passes (`Simulation.applyVelocityProductForces`,
  /// `seatOnJoints`), one entry per `bodies`.
  var ahead: [BodyState]
  var behind: [BodyState]
  var seat: [BodyState]
  /// Each body's pose at the start of the coordinate step (`Simulation.step`).
  var start: [Pose]

  /// One of the three result buffers.
  enum Buffer {
    case ahead, behind, seat
  }

  init(bodies: [RigidBody], modelBodies: Int) {
    self.bodies = bodies
    frames = Array(repeating: .identity, count: modelBodies)
    origins = Array(repeating: Motion(), count: modelBodies)
    ahead = Array(repeating: BodyState(), count: bodies.count)
    behind = ahead
    seat = ahead
    start = Array(repeating: .identity, count: bodies.count)
  }

  /// The ODE bodies forward kinematics places for `model`, in its order: a body's intermediate
  /// bodies follow the ODE joint that ends there (a universal joint ends with its second hinge,
  /// and both name the same child), then the body's carrier.
  static func placedBodies(model: BodyModel, jointChild: [RigidBody], carrier: [RigidBody?]) -> [RigidBody] {
    var result = [RigidBody]()
    for b in model.bodies.indices where b != 0 {
      let joints = model.bodies[b].joints
      for (k, j) in joints.enumerated() where endsIntermediate(k, of: joints, jointChild: jointChild) {
        result.append(jointChild[j])
      }
      if let own = carrier[b], !joints.isEmpty { result.append(own) }
    }
    return result
  }

  /// Whether the `k`th joint of a body with `joints` ends at an intermediate body.
  @inline(__always)
  static func endsIntermediate(_ k: Int, of joints: [Int], jointChild: [RigidBody]) -> Bool {
    k < joints.count - 1 && jointChild[joints[k]] !== jointChild[joints[k + 1]]
  }
}

/// One ODE body's pose and the velocity of its centre of mass and its angular velocity.
struct BodyState {
  var pose = Pose.identity
  var linear = Vector3.zero
  var angular = Vector3.zero
}

/// A rigid motion during forward kinematics: the velocity of the point `reference` moving with
/// the body, and the angular velocity (kept about a nearby point, not the world's origin, so a
/// body far from it loses no digits).
struct Motion {
  var linear = Vector3.zero
  var angular = Vector3.zero
  var reference = Vector3.zero

  /// Adds a translation at velocity `u`.
  @inline(__always) mutating func add(linear u: Vector3) {
    linear += u
  }

  /// Adds a turn at angular velocity `w` about an axis through `anchor`.
  @inline(__always) mutating func add(angular w: Vector3, through anchor: Vector3) {
    angular += w
    linear += w.cross(reference - anchor)
  }

  @inline(__always) func velocity(at point: Vector3) -> Vector3 {
    linear + angular.cross(point - reference)
  }

  /// The same motion, its velocity now kept at `point`.
  @inline(__always) func referred(to point: Vector3) -> Motion {
    Motion(linear: velocity(at: point), angular: angular, reference: point)
  }
}

extension Simulation {
  /// Puts every ODE body where forward kinematics says for `qpos` and `qvel` and tells the
  /// hinges their angles; nothing else (contacts, measured forces) is touched.
  func placeBodies(qpos: [Double], qvel: [Double]) throws {
    try kinematics(qpos: qpos, qvel: qvel, into: .seat)
    for (body, state) in zip(forwardKinematics.bodies, forwardKinematics.seat) {
      try body.setPose(state.pose)
      try body.setLinearVelocity(state.linear)
      try body.setAngularVelocity(state.angular)
    }
    for (j, joint) in model.joints.enumerated() {
      if case .hinge(let hinge) = jointHandles[j] {
        hinge.synchronize(angle: qpos[positionAddress[j]] - joint.reference)
      }
    }
  }

  /// Where forward kinematics puts every ODE body (`forwardKinematics.bodies`, intermediate
  /// ones included) and how it moves, for `qpos` and `qvel`, written into one of
  /// `forwardKinematics`' buffers without moving anything.
  func kinematics(qpos: [Double], qvel: [Double], into buffer: ForwardKinematics.Buffer) throws {
    let fk = forwardKinematics
    var placed = 0
    func place(_ pose: Pose, _ motion: Motion, localCenterOfMass: Vector3) {
      let state = BodyState(
        pose: pose, linear: motion.velocity(at: pose.transform(localCenterOfMass)), angular: motion.angular)
      switch buffer {
      case .ahead: fk.ahead[placed] = state
      case .behind: fk.behind[placed] = state
      case .seat: fk.seat[placed] = state
      }
      placed += 1
    }
    for b in model.bodies.indices where b != 0 {
      let body = model.bodies[b]
      let parentFrame = fk.frames[body.parent]
      var pose = parentFrame.composed(with: body.pose)
      var motion = fk.origins[body.parent]
      for (k, j) in body.joints.enumerated() {
        let joint = model.joints[j]
        let p = positionAddress[j], v = velocityAddress[j]
        switch joint.type {
        case .slide:
          let axis = pose.orientation.rotate(joint.axis)
          pose.position += axis * (qpos[p] - joint.reference)
          motion.add(linear: axis * qvel[v])
        case .hinge:
          let axis = pose.orientation.rotate(joint.axis)
          let anchor = pose.transform(joint.position)
          let rotation = pose.orientation * Quaternion(axis: joint.axis, angle: qpos[p] - joint.reference)
          pose = Pose(position: anchor - rotation.rotate(joint.position), orientation: rotation)
          motion.add(angular: axis * qvel[v], through: anchor)
        case .ball:
          let q = Quaternion(w: qpos[p], x: qpos[p + 1], y: qpos[p + 2], z: qpos[p + 3])
          guard q.norm > 1e-12 else { throw PhysicsError.invalidArgument("ball joint '\(joint.name)': zero quaternion") }
          let anchor = pose.transform(joint.position)
          let rotation = pose.orientation * q.normalized
          pose = Pose(position: anchor - rotation.rotate(joint.position), orientation: rotation)
          motion.add(angular: rotation.rotate(Vector3(qvel[v], qvel[v + 1], qvel[v + 2])), through: anchor)
        case .free:
          let q = Quaternion(w: qpos[p + 3], x: qpos[p + 4], y: qpos[p + 5], z: qpos[p + 6])
          guard q.norm > 1e-12 else { throw PhysicsError.invalidArgument("free joint '\(joint.name)': zero quaternion") }
          pose = Pose(position: Vector3(qpos[p], qpos[p + 1], qpos[p + 2]), orientation: q.normalized)
          motion = Motion(
            linear: Vector3(qvel[v], qvel[v + 1], qvel[v + 2]),
            angular: pose.orientation.rotate(Vector3(qvel[v + 3], qvel[v + 4], qvel[v + 5])), reference: pose.position)
        }
        if ForwardKinematics.endsIntermediate(k, of: body.joints, jointChild: jointChild) {
          place(pose, motion, localCenterOfMass: jointChild[j].localCenterOfMass)
        }
      }
      fk.frames[b] = pose
      if let own = carrier[b], !body.joints.isEmpty {
        place(pose, motion, localCenterOfMass: own.localCenterOfMass)
      }
      // Children see this body's frame origin moving with the resolved velocity.
      fk.origins[b] = motion.referred(to: pose.position)
    }
  }
}
