/// MuJoCo's Euler step advances positions in joint coordinates: q′ = q + h q̇′, with q̇′ the
/// step's new velocity, so its bodies never part from their joints. ODE advances each body on its
/// own (its centre of mass along a straight chord) and pulls parted bodies back with its joints'
/// rows (ERP): on a running cheetah the leg joints' anchors sat 0.3–0.9 mm apart, as deep as a
/// foot sinks into the floor. Here, after each ODE step, the joint coordinates are advanced as
/// MuJoCo's are from the step's joint velocities and every body is put back on them (forward
/// kinematics), its velocity the joints' at the new pose.
///
/// With its bodies exactly on their joints, ODE's step no longer supplies the velocity-product
/// (Coriolis and centripetal) acceleration J̇ q̇ that a chain's bodies have at constant joint
/// rates: ODE's joint rows act on velocities only, and the drift they corrected carried that
/// term. So before each step every body gets the force −m a and torque −I α, (a, α) its
/// J̇ q̇, and MuJoCo's explicit gyroscopic torque −ω × I ω in place of ODE's implicit one: ODE's
/// step then gives M (q̇′ − q̇) = h (τ − c), c MuJoCo's bias forces. (Without the velocity-product
/// forces the reacher, its first step exact, parted from MuJoCo within 20 steps.) On by default
/// (`ModelOptions.stepsInJointCoordinates`; measured in docs/fidelity.md).
extension Simulation {
  /// The most any body may turn in one step, radians, for the step to be taken in joint
  /// coordinates.
  static let coordinateStepTurnLimit = 0.5

  /// Whether every body turns by less than `coordinateStepTurnLimit` in the coming step (|ω| h),
  /// so that the step may be taken in joint coordinates. Its velocity-product and gyroscopic
  /// forces are explicit, as MuJoCo's are, and like MuJoCo's Euler step they blow up once a body
  /// turns by a sizeable angle per step (the Box2D walker's 80 N·m on 0.3 kg legs at 0.02 s steps
  /// under random torques: legs at 30–150 rad/s, gone in ten steps). Such a step is ODE's own, its
  /// gyroscopic torque implicit, and its end puts the bodies back on their joints
  /// (`seatOnJointsWhereTheyAre`).
  func turnsSlowlyEnoughForCoordinates() -> Bool {
    let limit = Self.coordinateStepTurnLimit / world.settings.timestep
    let slow = forwardKinematics.bodies.allSatisfy { $0.angularVelocity.length < limit }
    if slow != gyroscopicTorqueIsExplicit {
      for body in explicitlyGyroscopic { body.hasGyroscopicTorque = !slow }
      gyroscopicTorqueIsExplicit = slow
    }
    return slow
  }

  /// Adds to every ODE body, for the coming step from the state with joint coordinates `start`
  /// and the current joint velocities, the force and torque that cancel its velocity-product
  /// acceleration: J̇ q̇, taken as the central difference of the bodies' velocities at fixed q̇
  /// between the coordinates advanced by ±ε along q̇.
  func applyVelocityProductForces(at start: [Double]) throws {
    let rates = qvel
    let epsilon = 1e-5
    try kinematics(qpos: advanced(start, by: rates, over: epsilon), qvel: rates, into: .ahead)
    try kinematics(qpos: advanced(start, by: rates, over: -epsilon), qvel: rates, into: .behind)
    let scale = 1 / (2 * epsilon)
    let fk = forwardKinematics
    for (i, body) in fk.bodies.enumerated() {
      let acceleration = (fk.ahead[i].linear - fk.behind[i].linear) * scale
      let angularAcceleration = (fk.ahead[i].angular - fk.behind[i].angular) * scale
      body.addForce(acceleration * -body.mass)
      body.addTorque(body.worldInertia(times: angularAcceleration, rotation: body.rotation) * -1)
    }
    // MuJoCo's bias forces also hold each body's gyroscopic torque −ω × I ω, explicit; ODE's
    // own (Lacoursière's implicit form) is switched off for these bodies.
    for body in explicitlyGyroscopic {
      let w = body.angularVelocity
      body.addTorque(body.worldInertia(times: w, rotation: body.rotation).cross(w))
    }
  }

  /// Keeps every body's pose at the start of the step, for `seatOnJoints`.
  func keepStartPoses() {
    let fk = forwardKinematics
    for (i, body) in fk.bodies.enumerated() { fk.start[i] = body.pose }
  }

  /// Puts every body back at its pose at the step's start, keeping its new velocity: ODE's rows
  /// held the new body velocities to the joints as they were there, so read there the joint
  /// rates are exactly the step's generalised velocities, as MuJoCo's step solves for them (read
  /// at ODE's moved poses, they were off by the step's turn of each axis). The damping's
  /// correction (`EulerDamping.end`) reads them here too.
  func returnToStartPoses() throws {
    let fk = forwardKinematics
    for (i, body) in fk.bodies.enumerated() { try body.setPose(fk.start[i]) }
    stateVersion &+= 1
  }

  /// With the bodies back at the step's start poses (`returnToStartPoses`), advances the joint
  /// coordinates from `start` (the step's) by the new joint velocities over `h` and puts every
  /// body on them.
  func seatOnJoints(from start: [Double], h: Double) throws {
    let rates = qvel
    try placeBodies(qpos: advanced(start, by: rates, over: h), qvel: rates)
    stateVersion &+= 1
  }

  /// After a step of ODE's own (a body turning too fast for the coordinate step), puts every
  /// body on its joints at the coordinates and rates its joints read now. ODE's update leaves a
  /// chain's bodies parted from their joints by up to h²ω²r/2 (2 cm on a cheetah's foot after a
  /// 0.3 rad step), so the next step's contacts would be found where no joint puts the bodies,
  /// and `qpos` would not say where they are.
  func seatOnJointsWhereTheyAre() throws {
    stateVersion &+= 1
    try placeBodies(qpos: qpos, qvel: qvel)
    stateVersion &+= 1
  }

  /// MuJoCo's position update (`mj_integratePos`): hinges and slides q + h q̇, a ball's or free
  /// joint's orientation turned by h ω about its body-frame angular velocity ω, a free joint's
  /// position moved by h v.
  func advanced(_ start: [Double], by rates: [Double], over h: Double) -> [Double] {
    var q = start
    func turn(_ p: Int, by w: Vector3) {
      let speed = w.length
      guard speed > 0 else { return }
      let old = Quaternion(w: q[p], x: q[p + 1], y: q[p + 2], z: q[p + 3])
      let new = (old * Quaternion(axis: w * (1 / speed), angle: h * speed)).normalized
      (q[p], q[p + 1], q[p + 2], q[p + 3]) = (new.w, new.x, new.y, new.z)
    }
    for (j, joint) in model.joints.enumerated() {
      let p = positionAddress[j], v = velocityAddress[j]
      switch joint.type {
      case .hinge, .slide: q[p] += h * rates[v]
      case .ball: turn(p, by: Vector3(rates[v], rates[v + 1], rates[v + 2]))
      case .free:
        for i in 0..<3 { q[p + i] += h * rates[v + i] }
        turn(p + 3, by: Vector3(rates[v + 3], rates[v + 4], rates[v + 5]))
      }
    }
    return q
  }
}
