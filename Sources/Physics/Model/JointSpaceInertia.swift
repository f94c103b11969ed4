/// One degree of freedom's velocity field at a configuration: a unit rate of the coordinate
/// moves a point p of the bodies it carries at linear + angular × (p − anchor).
struct VelocityField {
  var angular = Vector3.zero
  var linear = Vector3.zero
  var anchor = Vector3.zero

  @inline(__always) func velocity(at point: Vector3) -> Vector3 { linear + angular.cross(point - anchor) }
}

extension RigidBody {
  /// Adds this body's share of a joint-space inertia to the lower triangle of the `size`×`size`
  /// row-major `matrix`: m vᵢ·vⱼ + ωᵢ·I ωⱼ for every pair of the `freedoms` that move it
  /// (indices into `fields`, increasing), vᵢ the freedom's velocity at the centre of mass and ωᵢ
  /// its angular part, I the inertia in world axes. `velocities` and `spins` are scratch.
  /// `InverseWeights` (at qpos0) and `EulerDamping` (every step) build M with it.
  func addJointSpaceInertia(
    freedoms: [Int], fields: UnsafeBufferPointer<VelocityField>, to matrix: UnsafeMutableBufferPointer<Double>,
    size n: Int, velocities: inout [Vector3], spins: inout [Vector3]
  ) {
    let com = centerOfMass, rotation = rotation
    velocities.removeAll(keepingCapacity: true)
    spins.removeAll(keepingCapacity: true)
    for f in freedoms {
      velocities.append(fields[f].velocity(at: com))
      spins.append(worldInertia(times: fields[f].angular, rotation: rotation))
    }
    velocities.withUnsafeBufferPointer { velocities in
      spins.withUnsafeBufferPointer { spins in
        freedoms.withUnsafeBufferPointer { freedoms in
          for x in freedoms.indices {
            let f = freedoms[x], angular = fields[f].angular
            for y in 0...x {
              // Freedoms are listed in increasing order, so g ≤ f: the lower triangle.
              matrix[f * n + freedoms[y]] += mass * velocities[x].dot(velocities[y]) + angular.dot(spins[y])
            }
          }
        }
      }
    }
  }
}
