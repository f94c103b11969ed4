import CODE

/// A snapshot of everything a step changes: each body's position, orientation and velocities,
/// the joints' turn counters, and the clock. Restoring it replays a trajectory bit for bit.
public struct WorldState: Equatable, Sendable, Codable {
  /// Simulated time, seconds.
  public var time: Double
  /// Steps taken since creation or the last `resetClock()`.
  public var stepCount: Int
  /// Per body, 22 values: centre-of-mass position (3), quaternion w x y z (4), rotation
  /// matrix row-major (9), linear velocity (3), angular velocity (3).
  public var bodyValues: [Double]
  /// Per joint, the values it tracks between steps (a hinge's turn count and last angle).
  public var jointValues: [[Double]]

  /// Values stored per body.
  public static let valuesPerBody = 22
}

extension World {
  /// Captures the current state.
  public func snapshot() -> WorldState {
    var values = [Double]()
    values.reserveCapacity(bodies.count * WorldState.valuesPerBody)
    for body in bodies {
      let position = dBodyGetPosition(body.id)!
      let quaternion = dBodyGetQuaternion(body.id)!
      let rotation = dBodyGetRotation(body.id)!
      let linear = dBodyGetLinearVel(body.id)!
      let angular = dBodyGetAngularVel(body.id)!
      for k in 0..<3 { values.append(position[k]) }
      for k in 0..<4 { values.append(quaternion[k]) }
      for row in 0..<3 {
        for column in 0..<3 { values.append(rotation[4 * row + column]) }
      }
      for k in 0..<3 { values.append(linear[k]) }
      for k in 0..<3 { values.append(angular[k]) }
    }
    return WorldState(
      time: time, stepCount: stepCount, bodyValues: values,
      jointValues: joints.map(\.trackingState))
  }

  /// Puts the world back into a captured state. Contacts are recomputed by the next step.
  public func restore(_ state: WorldState) throws {
    guard state.bodyValues.count == bodies.count * WorldState.valuesPerBody else {
      throw PhysicsError.snapshotMismatch(
        "it holds \(state.bodyValues.count / WorldState.valuesPerBody) bodies, the world has \(bodies.count)")
    }
    // Joints without state of their own (motors a task adds once running) may follow the
    // shared ones on either side: a fresh world restoring a running one's snapshot has not
    // made them yet, and a running world restoring a fresh one's has.
    let shared = min(state.jointValues.count, joints.count)
    guard zip(state.jointValues, joints).allSatisfy({ $0.count == $1.trackingState.count }),
      state.jointValues[shared...].allSatisfy(\.isEmpty),
      joints[shared...].allSatisfy({ $0.trackingState.isEmpty })
    else {
      throw PhysicsError.snapshotMismatch("its joints do not match the world's \(joints.count) joints")
    }
    guard state.bodyValues.allSatisfy(\.isFinite) else {
      throw PhysicsError.snapshotMismatch("it contains non-finite values")
    }
    for (i, body) in bodies.enumerated() {
      restoreBody(body.id, state.bodyValues[(i * WorldState.valuesPerBody)..<((i + 1) * WorldState.valuesPerBody)])
    }
    for (joint, values) in zip(joints, state.jointValues) {
      joint.trackingState = values
    }
    time = state.time
    stepCount = state.stepCount
    generation &+= 1
    forgetContacts()
  }
}

/// Writes one body's saved values back bit for bit.
///
/// `dBodySetQuaternion` re-normalises the quaternion and recomputes the rotation matrix, which
/// can change the last bit and make a restored trajectory drift from the original. So after it
/// has told the body's geoms that they moved, the saved quaternion and matrix are written back
/// into the body exactly as they were (through the pointers ODE hands out for reading: the
/// body's own storage).
func restoreBody(_ id: dBodyID, _ v: ArraySlice<Double>) {
  let v = Array(v)
  var q: dQuaternion = (v[3], v[4], v[5], v[6])
  withUnsafeMutablePointer(to: &q) { p in
    p.withMemoryRebound(to: dReal.self, capacity: 4) { dBodySetQuaternion(id, $0) }
  }
  let quaternion = UnsafeMutablePointer(mutating: dBodyGetQuaternion(id)!)
  for k in 0..<4 { quaternion[k] = v[3 + k] }
  let rotation = UnsafeMutablePointer(mutating: dBodyGetRotation(id)!)
  for row in 0..<3 {
    for column in 0..<3 { rotation[4 * row + column] = v[7 + 3 * row + column] }
  }
  dBodySetPosition(id, v[0], v[1], v[2])
  dBodySetLinearVel(id, v[16], v[17], v[18])
  dBodySetAngularVel(id, v[19], v[20], v[21])
}
