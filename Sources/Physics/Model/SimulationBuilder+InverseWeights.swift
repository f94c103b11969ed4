/// MuJoCo's inverse weights at qpos0 (`dof_invweight0`, `body_invweight0`): how fast a unit
/// force accelerates a coordinate or a body while everything else moves freely. Soft limits and
/// soft contacts scale their regularisation by them.
struct InverseWeights {
  /// Per model joint: the diagonal of the inverse joint-space inertia for its coordinate,
  /// armature included (hinges and slides; nil for ball and free joints).
  var joints: [Double?]
  /// Per model body: the mean over the three axes of J M⁻¹ Jᵀ, J the translational Jacobian of
  /// the body's own centre of mass (0 for the world and bodies welded to it).
  var bodies: [Double]
  /// Per model equality: MuJoCo's diagonal for a joint or tendon coupling, the sum of the
  /// inverse weights of its `weightParts` (xᵀ M⁻¹ x each); nil for the others.
  var equalities: [Double?] = []
  /// Per model tendon: J M⁻¹ Jᵀ for a limited two-site spatial tendon, J its length's gradient
  /// over the coordinates (MuJoCo's `tendon_invweight0`); nil for the others.
  var tendons: [Double?] = []
  /// Whether the joint-space inertia was singular, so that each joint took the inverse of its
  /// own diagonal entry and each body the inverse of its carrier's mass.
  var fellBack: Bool
}

extension SimulationBuilder {
  /// MuJoCo's inverse weights at qpos0, from the joint-space inertia built from the bodies'
  /// masses and inertias (each coordinate's column of the bodies' velocity Jacobians) and its
  /// Cholesky factor.
  func inverseWeights() -> InverseWeights {
    // One entry per degree of freedom: the joint it belongs to, the body it moves, and its
    // velocity field.
    struct Freedom {
      var joint: Int
      var body: Int
      var field: VelocityField
      init(joint: Int, body: Int, angular: Vector3, linear: Vector3, anchor: Vector3) {
        self.joint = joint
        self.body = body
        field = VelocityField(angular: angular, linear: linear, anchor: anchor)
      }
      func velocity(at point: Vector3) -> Vector3 { field.velocity(at: point) }
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
    var bodyWeights = [Double](repeating: 0, count: model.bodies.count)
    guard n > 0 else { return InverseWeights(joints: Array(repeating: nil, count: model.joints.count), bodies: bodyWeights, fellBack: false) }
    // The bodies each freedom moves: its body's subtree, by carrier (welded bodies ride on one).
    let subtrees = model.subtreeRanges()
    var mass = [Double](repeating: 0, count: n * n)
    var seen = Set<ObjectIdentifier>()
    var velocities = [Vector3](), spins = [Vector3]()
    let fields = freedoms.map(\.field)
    fields.withUnsafeBufferPointer { fields in
      mass.withUnsafeMutableBufferPointer { mass in
        for b in model.bodies.indices where b != 0 {
          guard let body = carrier[b], seen.insert(ObjectIdentifier(body)).inserted else { continue }
          let moving = freedoms.indices.filter { subtrees[freedoms[$0].body].contains(b) }
          body.addJointSpaceInertia(
            freedoms: moving, fields: fields, to: mass, size: n, velocities: &velocities, spins: &spins)
        }
      }
    }
    for (f, freedom) in freedoms.enumerated() {
      let joint = model.joints[freedom.joint]
      if joint.type == .hinge || joint.type == .slide { mass[f * n + f] += joint.armature }
    }
    let factor = CholeskyFactor(mass, size: n)
    var weights = InverseWeights(
      joints: Array(repeating: nil, count: model.joints.count), bodies: bodyWeights, fellBack: factor == nil)
    for (f, freedom) in freedoms.enumerated() {
      let type = model.joints[freedom.joint].type
      guard type == .hinge || type == .slide else { continue }
      var unit = [Double](repeating: 0, count: n)
      unit[f] = 1
      if let value = factor?.inverseQuadratic(unit), value.isFinite, value > 0 {
        weights.joints[freedom.joint] = value
      } else {
        weights.joints[freedom.joint] = 1 / max(mass[f * n + f], 1e-12)
        weights.fellBack = true
      }
    }
    let parents = Set(model.bodies.indices.dropFirst().map { model.bodies[$0].parent })
    for b in model.bodies.indices where b != 0 && carrierIndex(b) != 0 {
      let body = model.bodies[b]
      if isSimpleSlider(b, parents: parents) {
        bodyWeights[b] = 1 / max(1e-15, body.mass)
        continue
      }
      let com = worldFrame[b].transform(body.inertial?.pose.position ?? body.centerOfMass)
      let moving = freedoms.indices.filter { subtrees[freedoms[$0].body].contains(b) }
      var total = 0.0
      var valid = factor != nil
      for axis in units {
        var row = [Double](repeating: 0, count: n)
        for f in moving { row[f] = freedoms[f].velocity(at: com).dot(axis) }
        if let value = factor?.inverseQuadratic(row), value.isFinite { total += value } else { valid = false }
      }
      // Zero is a true weight: a body whose centre of mass lies on its only axis does not move.
      if valid {
        bodyWeights[b] = total / 3
      } else if let carried = carrier[b], carried.mass > 0 {
        bodyWeights[b] = 1 / carried.mass
        weights.fellBack = true
      }
    }
    weights.bodies = bodyWeights
    let freedomOf = Dictionary(
      freedoms.indices.filter { [.hinge, .slide].contains(model.joints[freedoms[$0].joint].type) }
        .map { (freedoms[$0].joint, $0) }, uniquingKeysWith: { first, _ in first })
    weights.equalities = model.equalities.map { equality in
      guard !equality.weightParts.isEmpty else { return nil }
      var total = 0.0
      for part in equality.weightParts {
        var x = [Double](repeating: 0, count: n)
        for (j, c) in part { if let f = freedomOf[j] { x[f] += c } }
        if let value = factor?.inverseQuadratic(x), value.isFinite {
          total += value
        } else {
          total += part.reduce(0.0) { sum, term in
            sum + (freedomOf[term.joint].map { term.coefficient * term.coefficient / max(mass[$0 * n + $0], 1e-12) } ?? 0)
          }
        }
      }
      return total
    }
    weights.tendons = model.tendons.map { tendon in
      guard tendon.range != nil, tendon.sites.count == 2 else { return nil }
      let ends = tendon.sites.map { model.sites[$0] }
      let points = ends.map { worldFrame[$0.body].transform($0.pose.position) }
      let span = points[1] - points[0]
      guard span.length > 1e-12 else { return nil }
      let direction = span / span.length
      var gradient = [Double](repeating: 0, count: n)
      for (f, freedom) in freedoms.enumerated() {
        let moved = subtrees[freedom.body]
        if moved.contains(ends[1].body) { gradient[f] += direction.dot(freedom.velocity(at: points[1])) }
        if moved.contains(ends[0].body) { gradient[f] -= direction.dot(freedom.velocity(at: points[0])) }
      }
      guard let value = factor?.inverseQuadratic(gradient), value.isFinite, value > 0 else { return nil }
      return value
    }
    return weights
  }
}

extension SimulationBuilder {
  /// Whether MuJoCo's compiler makes body `b` "simple" with sliders only (`body_simple` 2),
  /// whose inverse weight is then 1/mass: a body whose parent is the world (or a body welded to
  /// it), with no children, only slide joints at its origin along a coordinate axis, and its
  /// centre of mass and principal axes at its frame (checked here for an `<inertial>` without
  /// rotation or products of inertia, or geoms at the origin: spheres, or boxes, capsules,
  /// cylinders and ellipsoids along the body's axes).
  func isSimpleSlider(_ b: Int, parents: Set<Int>) -> Bool {
    let body = model.bodies[b]
    guard !body.joints.isEmpty, !parents.contains(b) else { return false }
    let parent = body.parent
    guard parent == 0 || (model.bodies[parent].parent == 0 && model.bodies[parent].joints.isEmpty) else { return false }
    for j in body.joints {
      let joint = model.joints[j]
      let axis = joint.axis
      let nonZero = [axis.x, axis.y, axis.z].filter { abs($0) > 1e-14 }.count
      guard joint.type == .slide, joint.position == .zero, nonZero == 1 else { return false }
    }
    if let inertial = body.inertial {
      let pose = inertial.pose
      return pose.position == .zero && pose.orientation == .identity
        && inertial.inertia.count == 6 && inertial.inertia[3...].allSatisfy { $0 == 0 }
    }
    return body.centerOfMass == .zero && !body.geoms.isEmpty && body.geoms.allSatisfy { g in
      let geom = model.geoms[g]
      guard geom.pose.position == .zero else { return false }
      switch geom.shape {
      case .sphere: return true
      case .box, .capsule, .cylinder, .ellipsoid: return geom.pose.orientation == .identity
      default: return false
      }
    }
  }
}

/// The Cholesky factor L of a symmetric positive definite matrix M = L Lᵀ.
struct CholeskyFactor {
  let size: Int
  /// Row-major; L in the lower triangle (the upper one is left over from the matrix).
  private var lower: [Double]

  /// The factor of the `size`×`size` row-major `matrix`; nil when it is not positive definite.
  init?(_ matrix: [Double], size n: Int) {
    size = n
    lower = matrix
    guard lower.withUnsafeMutableBufferPointer({ DenseCholesky.factor($0, size: n) }) else { return nil }
  }

  /// xᵀ M⁻¹ x = ‖L⁻¹ x‖², by forward substitution.
  func inverseQuadratic(_ x: [Double]) -> Double {
    var y = [Double](repeating: 0, count: size)
    var total = 0.0
    for r in 0..<size {
      var sum = x[r]
      for k in 0..<r { sum -= lower[r * size + k] * y[k] }
      y[r] = sum / lower[r * size + r]
      total += y[r] * y[r]
    }
    return total
  }
}
