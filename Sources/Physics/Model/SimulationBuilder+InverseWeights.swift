extension SimulationBuilder {
  /// MuJoCo's `dof_invweight0` for every hinge and slide joint (nil for ball and free joints):
  /// the diagonal of the inverse joint-space inertia at qpos0, armature included — how fast a
  /// unit force on that coordinate alone accelerates it while every other coordinate moves
  /// freely. A joint's soft limit scales its regularisation by it. Built from the bodies' masses
  /// and inertias (each coordinate's column of the bodies' velocity Jacobians), then inverted;
  /// every coordinate falls back to the inverse of its own diagonal entry if the matrix is
  /// singular (`fellBack`).
  func inverseWeights() -> (weights: [Double?], fellBack: Bool) {
    // One entry per degree of freedom: the joint it belongs to, the body it moves, and its
    // velocity field ω, with v(p) = linear + ω × (p − anchor).
    struct Freedom {
      var joint: Int
      var body: Int
      var angular: Vector3
      var linear: Vector3
      var anchor: Vector3
    }
    let units = [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)]
    var freedoms = [Freedom]()
    for (j, joint) in model.joints.enumerated() {
      let frame = worldFrame[joint.body]
      let anchor = frame.transform(joint.position), axis = frame.orientation.rotate(joint.axis)
      switch joint.type {
      case .hinge: freedoms.append(Freedom(joint: j, body: joint.body, angular: axis, linear: .zero, anchor: anchor))
      case .slide: freedoms.append(Freedom(joint: j, body: joint.body, angular: .zero, linear: axis, anchor: anchor))
      case .ball:
        freedoms += units.map { Freedom(joint: j, body: joint.body, angular: $0, linear: .zero, anchor: anchor) }
      case .free:
        freedoms += units.map { Freedom(joint: j, body: joint.body, angular: .zero, linear: $0, anchor: anchor) }
        freedoms += units.map { Freedom(joint: j, body: joint.body, angular: $0, linear: .zero, anchor: anchor) }
      }
    }
    let n = freedoms.count
    guard n > 0 else { return ([], false) }
    // The bodies each freedom moves: its body's subtree, by carrier (welded bodies ride on one).
    let subtrees = model.subtreeRanges()
    var mass = [Double](repeating: 0, count: n * n)
    var seen = Set<ObjectIdentifier>()
    for b in model.bodies.indices where b != 0 {
      guard let body = carrier[b], seen.insert(ObjectIdentifier(body)).inserted else { continue }
      let moving = freedoms.indices.filter { subtrees[freedoms[$0].body].contains(b) }
      let com = body.centerOfMass
      let velocities = moving.map { f in freedoms[f].linear + freedoms[f].angular.cross(com - freedoms[f].anchor) }
      let spins = moving.map { body.orientation.conjugate.rotate(freedoms[$0].angular) }
      for (x, f) in moving.enumerated() {
        for (y, g) in moving.enumerated() {
          mass[f * n + g] += body.mass * velocities[x].dot(velocities[y]) + spins[x].dot(body.inertia.apply(spins[y]))
        }
      }
    }
    for (f, freedom) in freedoms.enumerated() {
      let joint = model.joints[freedom.joint]
      if joint.type == .hinge || joint.type == .slide { mass[f * n + f] += joint.armature }
    }
    let inverseDiagonal = Self.inverseDiagonal(of: mass, size: n)
    var weights = [Double?](repeating: nil, count: model.joints.count)
    var fellBack = false
    for (f, freedom) in freedoms.enumerated() {
      let type = model.joints[freedom.joint].type
      guard type == .hinge || type == .slide else { continue }
      if let value = inverseDiagonal?[f], value.isFinite, value > 0 {
        weights[freedom.joint] = value
      } else {
        weights[freedom.joint] = 1 / max(mass[f * n + f], 1e-12)
        fellBack = true
      }
    }
    return (weights, fellBack)
  }

  /// The diagonal of the inverse of the symmetric positive definite `size`×`size` matrix
  /// `matrix` (row-major), by Cholesky factorisation; nil when it is not positive definite.
  static func inverseDiagonal(of matrix: [Double], size n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = matrix[i * n + j]
        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
        if i == j {
          guard sum > 1e-300 else { return nil }
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
    // (M⁻¹)ᵢᵢ = ‖L⁻¹ eᵢ‖²: solve L y = eᵢ for each i.
    var diagonal = [Double](repeating: 0, count: n)
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for r in 0..<n {
        if r < i { y[r] = 0; continue }
        var sum = r == i ? 1.0 : 0.0
        for k in i..<r { sum -= l[r * n + k] * y[k] }
        y[r] = sum / l[r * n + r]
      }
      diagonal[i] = y[i...].reduce(0) { $0 + $1 * $1 }
    }
    return diagonal
  }
}
