/// One joint or tendon equality as simulated, and how to read its drift r = Σ c (q − q0) − offset.
struct CouplingConstraint {
  /// How the constraint is held.
  enum Holder {
    /// Exactly, by an angular motor between the two ends of a path of parallel hinges; each
    /// coefficient is `scale` × ±1, so the constraint's rate is scale · (ω_first − ω_second) · axis.
    case motor(AngularCoupling, scale: Double)
    /// Exactly, by a row at the pitch point of two hinges on one parent body geared together.
    case gear(GearPair)
    /// As MuJoCo's soft equality, solved in joint space after ODE's step (`CouplingProjection`).
    case projected(SoftLimit)
  }

  let holder: Holder
  let terms: [(joint: Int, coefficient: Double)]
  let offset: Double
  /// The fraction of the drift a motor corrects per step: h / (h + 2 τ), τ the time constant,
  /// when the constraint has no `softness`.
  let erp: Double
  /// MuJoCo's soft equality for a motor-held coupling (`solref`, `solimp`, its diagonal at
  /// qpos0): the motor's row then solves MuJoCo's constraint equation, as a soft stop's does.
  var softness: SoftLimit? = nil
}

extension SimulationBuilder {
  /// The ODE joints for the model's `<equality>` elements: a ball joint for `connect`, a fixed joint
  /// for `weld`, an angular motor for a linear joint or tendon coupling.
  mutating func addEqualities() throws {
    let h = world.settings.timestep
    for (index, equality) in model.equalities.enumerated() {
      let erp = h / (h + 2 * equality.timeConstant)
      do {
        switch equality.kind {
        case .connect(let body1, let body2, let anchor, let anchor2):
          let (child, parent) = try constrainedPair(body1, body2, equality)
          let point1 = worldFrame[body1].transform(anchor)
          let point2 = anchor2.map { worldFrame[body2].transform($0) } ?? point1
          let childIsFirst = child === carrier[body1]
          let joint = try world.addBallJoint(
            name: equality.name, parent: parent, child: child, anchor: childIsFirst ? point1 : point2,
            parentAnchor: childIsFirst ? point2 : point1)
          try joint.setSoftness(erp: erp, cfm: world.settings.cfm)
          joint.isEnabled = equality.active && model.options.equalitiesEnabled
        case .weld(let body1, let body2):
          let (child, parent) = try constrainedPair(body1, body2, equality)
          let joint = try world.addFixedJoint(name: equality.name, parent: parent, child: child)
          try joint.setSoftness(erp: erp, cfm: world.settings.cfm)
          joint.isEnabled = equality.active && model.options.equalitiesEnabled
        case .coupling(let terms, let offset):
          guard equality.active && model.options.equalitiesEnabled else { continue }
          let holder: CouplingConstraint.Holder
          let weight = equalityInverseWeight0.indices.contains(index) ? equalityInverseWeight0[index] : nil
          if let motor = try pathCoupling(terms, equality) {
            holder = .motor(motor.motor, scale: motor.scale)
          } else if let gear = try gearCoupling(terms, equality) {
            holder = .gear(gear)
          } else {
            guard let weight, weight > 0 else {
              throw equalityError(equality, "the coupling moves nothing: its joints have no inverse weight")
            }
            holder = .projected(softness(of: equality, inverseWeight: weight))
            approximations.append("""
              equality at \(equality.source) couples joints that are not parallel hinges on one path nor \
              two hinges on one body: solved in joint space after ODE's step, apart from the contacts and \
              limits on its bodies
              """)
          }
          var coupling = CouplingConstraint(holder: holder, terms: terms, offset: offset, erp: erp)
          switch holder {
          case .motor, .gear:
            if let weight, weight > 0 { coupling.softness = softness(of: equality, inverseWeight: weight) }
          case .projected: break
          }
          couplings.append(coupling)
        }
      } catch let physicsError as PhysicsError {
        throw ModelError(file: equality.source.file, line: equality.source.line, message: physicsError.description)
      }
    }
  }

  /// MuJoCo's softness of a coupling (`solref`, `solimp`, τ at least two model steps) with the
  /// diagonal `inverseWeight` at qpos0.
  func softness(of equality: ModelEquality, inverseWeight: Double) -> SoftLimit {
    SoftLimit(
      timeConstant: equality.timeConstant, dampingRatio: equality.dampingRatio, impedance: equality.impedance,
      inverseWeight: inverseWeight, shortestTimeConstant: 2 * model.options.timestep)
  }

  func equalityError(_ equality: ModelEquality, _ message: String) -> ModelError {
    ModelError(file: equality.source.file, line: equality.source.line, message: message)
  }

  /// The ODE bodies carrying two model bodies, the moving one first.
  func constrainedPair(_ body1: Int, _ body2: Int, _ equality: ModelEquality) throws -> (RigidBody, RigidBody?) {
    let first = carrier[body1], second = carrier[body2]
    if let first, first !== second { return (first, second) }
    if let second, second !== first { return (second, first) }
    throw equalityError(equality, "the constraint joins '\(model.bodies[body1].name)' and '\(model.bodies[body2].name)', which move as one body (welded together or both fixed to the world)")
  }

  /// The angular motor for Σ c_j q_j when the hinges lie on one path of bodies from one end to
  /// the other, with parallel axes and coefficients of one size (signed by the direction each hinge
  /// is crossed), so that the sum's rate is the rotation rate of one end relative to the other;
  /// nil otherwise.
  func pathCoupling(_ terms: [(joint: Int, coefficient: Double)], _ equality: ModelEquality) throws
    -> (motor: AngularCoupling, scale: Double)?
  {
    var hinges = [(joint: Int, hinge: HingeJoint, coefficient: Double)]()
    for (j, coefficient) in terms {
      guard case .hinge(let coordinate) = jointHandles[j], let hinge = coordinate as? HingeJoint else { return nil }
      hinges.append((j, hinge, coefficient))
    }
    let axis = hinges[0].hinge.axis
    // Nodes are ODE bodies by index, −1 for the world; edges are the hinges.
    func node(_ body: RigidBody?) -> Int { body?.index ?? -1 }
    var degree = [Int: Int]()
    for entry in hinges {
      guard entry.hinge.axis.cross(axis).length < 1e-6 else { return nil }
      degree[node(entry.hinge.parent), default: 0] += 1
      degree[node(entry.hinge.child), default: 0] += 1
    }
    let ends = degree.filter { $0.value == 1 }.map(\.key).sorted()
    guard ends.count == 2, degree.values.allSatisfy({ $0 <= 2 }) else { return nil }
    // Walk from one end to the other: crossing a hinge from parent to child adds its rate to the
    // far end's rotation, crossing it from child to parent subtracts it.
    var signs = [Int: Double](), current = ends[0], remaining = hinges
    while let k = remaining.firstIndex(where: { node($0.hinge.parent) == current || node($0.hinge.child) == current }) {
      let entry = remaining.remove(at: k)
      let downward = node(entry.hinge.parent) == current
      let direction = entry.hinge.axis.dot(axis) > 0 ? 1.0 : -1.0
      signs[entry.joint] = (downward ? 1 : -1) * direction
      current = downward ? node(entry.hinge.child) : node(entry.hinge.parent)
    }
    guard remaining.isEmpty, current == ends[1] else { return nil }
    let scale = hinges[0].coefficient / signs[hinges[0].joint]!
    for entry in hinges where abs(entry.coefficient - scale * signs[entry.joint]!) > 1e-9 * abs(scale) {
      return nil
    }
    let bodies = world.bodies
    let far = bodies[current]
    let near = ends[0] >= 0 ? bodies[ends[0]] : nil
    let motor = try world.addAngularCoupling(name: equality.name, first: far, second: near, axis: axis)
    return (motor, scale)
  }

  /// The gear pair for c₁q₁ + c₂q₂ when both are hinges on one parent body with parallel or
  /// antiparallel axes at different places, and the coupling is no relative rotation of the two
  /// children (that is a path, `pathCoupling`); nil otherwise.
  func gearCoupling(_ terms: [(joint: Int, coefficient: Double)], _ equality: ModelEquality) throws -> GearPair? {
    guard terms.count == 2, case .hinge(let one) = jointHandles[terms[0].joint],
      case .hinge(let two) = jointHandles[terms[1].joint], let first = one as? HingeJoint,
      let second = two as? HingeJoint, first.parent === second.parent, first.child !== second.child
    else { return nil }
    let axis = first.axis
    guard axis.cross(second.axis).length < 1e-6 else { return nil }
    let sigma = axis.dot(second.axis) > 0 ? 1.0 : -1.0
    let (c1, c2) = (terms[0].coefficient, terms[1].coefficient)
    guard abs(c2 + sigma * c1) > 1e-9 * max(abs(c1), abs(c2)) else { return nil }
    var across = second.anchor - first.anchor
    across = across - across.dot(axis) * axis
    guard across.length > 1e-6 else { return nil }
    let row = try world.addLineCoupling(name: equality.name, first: first.child, second: second.child)
    return GearPair(row: row, first: first, second: second, firstCoefficient: c1, secondCoefficient: c2)
  }
}
