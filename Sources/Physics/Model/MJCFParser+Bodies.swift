extension MJCFParser {
  static let bodyChildren: Set<String> = ["body", "geom", "joint", "freejoint", "site", "camera", "light"]

  mutating func readWorldBody(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    if bodies.isEmpty {
      bodies.append(worldBody(line: node.line))
      geomsByBody.append([])
      sitesByBody.append([])
    }
    try readBodyContents(node, body: 0, childClass: "main")
  }

  mutating func readBodyContents(_ node: XMLNode, body: Int, childClass: String) throws {
    for child in node.children {
      switch child.name {
      case "body": try readBody(child, parent: body, childClass: childClass)
      case "geom":
        let geom = try readGeom(child, body: body, childClass: childClass)
        geomsByBody[body].append(geom)
      case "site": sitesByBody[body].append(try readSite(child, body: body, childClass: childClass))
      case "joint", "freejoint":
        guard body != 0 else {
          throw ModelError(file: child.file, line: child.line, message: "the world body cannot have joints")
        }
        let joint = try readJoint(child, body: body, childClass: childClass)
        joints.append(joint)
        bodies[body].joints.append(joints.count - 1)
      case "camera", "light": continue
      case "inertial":
        guard body != 0 else {
          throw ModelError(file: child.file, line: child.line, message: "the world body cannot have <inertial>")
        }
        guard bodies[body].inertial == nil else {
          throw ModelError(file: child.file, line: child.line, message: "a body may have one <inertial>")
        }
        let inertial = try readInertial(child)
        bodies[body].inertial = inertial
      default:
        throw ModelError(
          file: child.file, line: child.line,
          message: "<\(child.name)> is not supported inside <\(node.name)>; supported: "
            + Self.bodyChildren.sorted().joined(separator: ", "))
      }
    }
  }

  mutating func readBody(_ node: XMLNode, parent: Int, childClass inherited: String) throws {
    try AttributeSet.rejectUnknown(node, allowed: Set(["name", "pos", "childclass"]).union(MJCFVocabulary.orientation))
    let a = AttributeSet(element: node, inherited: [:])
    let childClass = a.string("childclass") ?? inherited
    _ = try defaults.attributes(for: "geom", className: childClass, node: node)
    let pose = Pose(position: try a.vector("pos") ?? .zero, orientation: try a.orientation(angles))
    bodies.append(ModelBody(
      name: a.string("name") ?? "", parent: parent, pose: pose,
      source: SourceLocation(file: node.file, line: node.line)))
    geomsByBody.append([])
    sitesByBody.append([])
    let index = bodies.count - 1
    try readBodyContents(node, body: index, childClass: childClass)
    let ownJoints = bodies[index].joints.map { joints[$0] }
    if ownJoints.contains(where: { $0.type == .free }) {
      guard ownJoints.count == 1 else {
        throw ModelError(file: node.file, line: node.line, message: "a body with a free joint cannot have other joints")
      }
      guard parent == 0 else {
        throw ModelError(file: node.file, line: node.line, message: "a free joint is allowed only in a child of the world body")
      }
    }
  }

  /// The attributes of `node` with its default class applied.
  func resolved(_ node: XMLNode, kind: String, childClass: String) throws -> AttributeSet {
    try AttributeSet.rejectUnknown(node, allowed: MJCFVocabulary.attributes(of: kind))
    try rejectChildren(node)
    let className = node.attribute("class") ?? childClass
    let inherited = try defaults.attributes(for: kind, className: className, node: node)
    return AttributeSet(element: node, inherited: inherited)
  }

  func source(_ node: XMLNode) -> SourceLocation { SourceLocation(file: node.file, line: node.line) }

  /// A `solref`-style attribute as (time constant, damping ratio). MJCF's direct form (−stiffness,
  /// −damping), reference acceleration −b v − k r, becomes the time constant 2/b and the ratio
  /// b / (2 √k), as the standard form's b = 2/τ, k = 1/(τ ζ)² have it.
  mutating func solref(_ a: AttributeSet, _ name: String, node: XMLNode) throws -> (timeConstant: Double, dampingRatio: Double)? {
    guard let values = try a.numbers(name, count: 2) else { return nil }
    if values[0] > 0, values[1] > 0 { return (values[0], values[1]) }
    guard values[0] < 0, values[1] < 0 else {
      throw a.error(name, "needs two positive numbers (time constant, damping ratio) or two negative ones (−stiffness, −damping), got \(values)")
    }
    let stiffness = -values[0], damping = -values[1]
    note("\(name) in the direct (−stiffness, −damping) form (first at \(source(node))): used as the time constant 2/damping")
    return (2 / damping, damping / (2 * stiffness.squareRoot()))
  }

  /// A `solimp`-style attribute (d0, dmax, width, and optionally midpoint and power).
  func impedance(_ a: AttributeSet, _ name: String) throws -> Impedance? {
    guard let v = try a.numbers(name, from: 3, to: 5) else { return nil }
    let impedance = Impedance(
      d0: v[0], dmax: v[1], width: v[2], midpoint: v.count > 3 ? v[3] : 0.5, power: v.count > 4 ? v[4] : 2)
    if let problem = impedance.problem { throw a.error(name, problem) }
    return impedance
  }

  // MARK: geoms

  mutating func readGeom(_ node: XMLNode, body: Int, childClass: String) throws -> ModelGeom {
    let a = try resolved(node, kind: "geom", childClass: childClass)
    let type = try a.keyword("type", allowed: ["plane", "sphere", "capsule", "cylinder", "box", "ellipsoid", "mesh", "hfield", "sdf"]) ?? "sphere"
    guard ["plane", "sphere", "capsule", "cylinder", "box", "ellipsoid", "hfield", "mesh"].contains(type) else {
      throw a.error("type", "'\(type)' geoms are not supported; use plane, sphere, capsule, cylinder, box, ellipsoid, hfield or mesh")
    }
    var pose = Pose(position: try a.vector("pos") ?? .zero, orientation: try a.orientation(angles))
    let size = try a.numbers("size", from: 1, to: 3) ?? []
    func sizeValue(_ k: Int, _ what: String) throws -> Double {
      guard k < size.count else { throw a.error("size", "a \(type) needs its \(what) (size has \(size.count) number\(size.count == 1 ? "" : "s"))") }
      guard size[k] > 0 else { throw a.error("size", "the \(type)'s \(what) must be positive, got \(size[k])") }
      return size[k]
    }
    var halfLengthFromTo: Double?
    if let ft = try a.numbers("fromto", count: 6) {
      guard type == "capsule" || type == "cylinder" else {
        throw a.error("fromto", "is supported for capsules and cylinders only")
      }
      let from = Vector3(ft[0], ft[1], ft[2]), to = Vector3(ft[3], ft[4], ft[5])
      let length = (to - from).length
      guard length > 0 else { throw a.error("fromto", "the two ends must differ") }
      pose = Pose(position: (from + to) / 2, orientation: Quaternion(rotatingZTo: to - from))
      halfLengthFromTo = length / 2
    }
    let shape: Shape
    switch type {
    case "sphere": shape = .sphere(radius: try sizeValue(0, "radius"))
    case "box":
      shape = .box(halfExtents: Vector3(try sizeValue(0, "x half-size"), try sizeValue(1, "y half-size"),
        try sizeValue(2, "z half-size")))
    case "capsule", "cylinder":
      let radius = try sizeValue(0, "radius")
      let half = try halfLengthFromTo ?? sizeValue(1, "half-length")
      shape = type == "capsule" ? .capsule(radius: radius, halfLength: half) : .cylinder(radius: radius, halfLength: half)
    case "hfield":
      guard body == 0 else {
        throw ModelError(file: node.file, line: node.line, message: "an hfield geom must belong to the world body")
      }
      guard let name = a.string("hfield"), let field = heightFields[name] else {
        throw a.error("hfield", "names no <hfield> asset ('\(a.string("hfield") ?? "")')")
      }
      shape = .heightField(field)
    case "mesh":
      shape = try meshShape(a)
    case "ellipsoid":
      shape = .ellipsoid(radii: Vector3(try sizeValue(0, "x semi-axis"), try sizeValue(1, "y semi-axis"),
        try sizeValue(2, "z semi-axis")))
      note("ellipsoid geoms (first at \(source(node))): exact mass and inertia and exact contacts with planes; against other geoms they collide as the capsule along the longest semi-axis, its radius the mean of the other two")
    default:
      guard body == 0 else {
        throw ModelError(file: node.file, line: node.line, message: "a plane geom must belong to the world body")
      }
      for value in size where value < 0 { throw a.error("size", "plane sizes must be non-negative") }
      let normal = pose.orientation.rotate(Vector3(0, 0, 1))
      shape = .plane(normal: normal, offset: normal.dot(pose.position))
    }
    var mass = 0.0
    if body != 0 {
      if let explicit = try a.number("mass") {
        guard explicit >= 0 else { throw a.error("mass", "must be non-negative, got \(explicit)") }
        mass = explicit
      } else {
        let density = try a.nonNegative("density") ?? 1000
        mass = density * shape.volume
      }
    }
    var friction = Vector3(1, 0.005, 0.0001)
    if let values = try a.numbers("friction", from: 1, to: 3) {
      for (k, value) in values.enumerated() {
        guard value >= 0 else { throw a.error("friction", "must be non-negative, got \(value)") }
        friction[k] = value
      }
    }
    let contype = try a.integer("contype") ?? 1
    let conaffinity = try a.integer("conaffinity") ?? 1
    guard contype >= 0, contype <= 0xFFFF_FFFF else { throw a.error("contype", "must be a non-negative bit mask") }
    guard conaffinity >= 0, conaffinity <= 0xFFFF_FFFF else {
      throw a.error("conaffinity", "must be a non-negative bit mask")
    }
    let condim = try a.integer("condim") ?? 3
    guard [1, 3, 4, 6].contains(condim) else {
      throw a.error("condim", "must be 1 (frictionless), 3 (sliding), 4 (also torsional) or 6 (also rolling), got \(condim)")
    }
    var material = ContactMaterial()
    material.condim = condim
    if condim >= 4 {
      note("condim \(condim) (first at \(source(node))): soft contacts keep one ODE contact with the cone interior's softness and ODE's rolling rows, not MuJoCo's torsional and rolling edges")
    }
    material.torsionalFriction = friction.y
    material.rollingFriction = friction.z
    material.priority = try a.integer("priority") ?? 0
    if let (timeConstant, ratio) = try solref(a, "solref", node: node) {
      if timeConstant != ContactMaterial.mjcfDefaultTimeConstant { material.timeConstant = timeConstant }
      material.dampingRatio = ratio
    }
    if let impedance = try impedance(a, "solimp") { material.impedance = impedance }
    if let solmix = try a.nonNegative("solmix") { material.mixWeight = solmix }
    let margin = try a.number("margin") ?? 0, gap = try a.number("gap") ?? 0
    if margin != 0 || gap != 0 {
      note("geom margin/gap (first at \(source(node))): ODE makes contacts at touch only")
    }
    return ModelGeom(
      name: a.string("name") ?? "", body: body, shape: shape, pose: pose, mass: mass,
      friction: friction, contype: UInt(contype), conaffinity: UInt(conaffinity), condim: condim,
      material: material, source: source(node))
  }

  // MARK: inertial

  /// `<inertial pos mass diaginertia|fullinertia>` with an optional orientation.
  func readInertial(_ node: XMLNode) throws -> MassElement {
    try AttributeSet.rejectUnknown(
      node, allowed: Set(["pos", "mass", "diaginertia", "fullinertia"]).union(MJCFVocabulary.orientation))
    try rejectChildren(node)
    let a = AttributeSet(element: node, inherited: [:])
    guard let position = try a.vector("pos") else { throw a.elementError("<inertial> needs pos") }
    guard let mass = try a.number("mass"), mass > 0 else { throw a.elementError("<inertial> needs a positive mass") }
    let pose = Pose(position: position, orientation: try a.orientation(angles))
    switch (try a.numbers("diaginertia", count: 3), try a.numbers("fullinertia", count: 6)) {
    case (let diagonal?, nil):
      guard diagonal.allSatisfy({ $0 >= 0 }), diagonal[0] + diagonal[1] >= diagonal[2],
        diagonal[1] + diagonal[2] >= diagonal[0], diagonal[0] + diagonal[2] >= diagonal[1]
      else {
        throw a.error("diaginertia", "must be non-negative and satisfy the triangle inequality, got \(diagonal)")
      }
      return MassElement(mass: mass, pose: pose, inertia: diagonal + [0, 0, 0])
    case (nil, let full?):
      guard node.attribute("quat") == nil, MJCFVocabulary.orientation.allSatisfy({ node.attribute($0) == nil }) else {
        throw a.error("fullinertia", "cannot be combined with an orientation (it is given in the body frame)")
      }
      return MassElement(mass: mass, pose: pose, inertia: full)
    default:
      throw a.elementError("<inertial> needs exactly one of diaginertia and fullinertia")
    }
  }

  // MARK: joints

  mutating func readJoint(_ node: XMLNode, body: Int, childClass: String) throws -> ModelJoint {
    if node.name == "freejoint" {
      try AttributeSet.rejectUnknown(node, allowed: ["name", "group"])
      try rejectChildren(node)
      return ModelJoint(
        name: node.attribute("name") ?? "", body: body, type: .free, position: .zero,
        axis: Vector3(0, 0, 1), range: nil, damping: 0, stiffness: 0, armature: 0, reference: 0,
        springReference: 0, limitTimeConstant: 0.02, source: source(node))
    }
    let a = try resolved(node, kind: "joint", childClass: childClass)
    let type = JointType(rawValue: try a.keyword("type", allowed: ["hinge", "slide", "ball", "free"]) ?? "hinge")!
    let angular = type == .hinge ? angles.toRadians : 1
    var axis = try a.vector("axis") ?? Vector3(0, 0, 1)
    guard axis.length > 1e-10 else { throw a.error("axis", "must not be zero") }
    axis /= axis.length
    var range: ClosedRange<Double>?
    let rangeValues = try a.numbers("range", count: 2)
    let limited = try a.tristate("limited") ?? (autoLimits && rangeValues != nil)
    if limited {
      guard let values = rangeValues else { throw a.elementError("a limited joint needs a range") }
      guard values[0] <= values[1] else {
        throw a.error("range", "is inverted: lower \(values[0]) is above upper \(values[1])")
      }
      guard type == .hinge || type == .slide else {
        throw a.error("range", "limits on \(type.rawValue) joints are not supported")
      }
      range = (values[0] * angular)...(values[1] * angular)
    }
    let limitSolref = try solref(a, "solreflimit", node: node)
    let limitImpedance = try impedance(a, "solimplimit") ?? Impedance.mujocoDefault
    var armature = try a.nonNegative("armature") ?? 0
    if armature > 0, type == .ball || type == .free {
      note("armature on \(type.rawValue) joints (first at \(source(node))): ignored; Odessa adds it to hinge and slide coordinates only")
      armature = 0
    }
    if type == .free || type == .ball {
      // Zero values (as files that state every default write them) change nothing.
      for attribute in ["stiffness", "ref", "springref"] where node.attribute(attribute) != nil {
        if try a.number(attribute) ?? 0 != 0 {
          throw a.error(attribute, "is not supported on \(type.rawValue) joints")
        }
      }
    }
    let frictionLoss = try a.nonNegative("frictionloss") ?? 0
    if frictionLoss > 0, type != .hinge && type != .slide {
      note("frictionloss on \(type.rawValue) joints (first at \(source(node))): ignored; ODE adds it to hinges and slides")
    }
    if let margin = try a.number("margin"), margin != 0 {
      note("joint limit margin (first at \(source(node))): ODE's stops act at the limit itself")
    }
    var joint = ModelJoint(
      name: a.string("name") ?? "", body: body, type: type, position: try a.vector("pos") ?? .zero,
      axis: axis, range: range, frictionLoss: type == .hinge || type == .slide ? frictionLoss : 0,
      damping: try a.nonNegative("damping") ?? 0, stiffness: try a.nonNegative("stiffness") ?? 0, armature: armature,
      reference: (try a.number("ref") ?? 0) * angular,
      springReference: (try a.number("springref") ?? 0) * angular,
      limitTimeConstant: limitSolref?.timeConstant ?? 0.02, source: source(node))
    joint.limitDampingRatio = limitSolref?.dampingRatio ?? 1
    joint.limitImpedance = limitImpedance
    return joint
  }

  // MARK: sites

  func readSite(_ node: XMLNode, body: Int, childClass: String) throws -> ModelSite {
    let a = try resolved(node, kind: "site", childClass: childClass)
    let type = try a.keyword("type", allowed: ["sphere", "capsule", "cylinder", "ellipsoid", "box"]) ?? "sphere"
    // MuJoCo's default site size is 0.005 in every component.
    var size = try a.numbers("size", from: 1, to: 3) ?? [0.005]
    while size.count < 3 { size.append(0.005) }
    guard size.allSatisfy({ $0 > 0 }) else { throw a.error("size", "a site's sizes must be positive, got \(size)") }
    var pose = Pose(position: try a.vector("pos") ?? .zero, orientation: try a.orientation(angles))
    var halfLength = size[1]
    if let ft = try a.numbers("fromto", count: 6) {
      guard type == "capsule" || type == "cylinder" else {
        throw a.error("fromto", "is supported for capsule and cylinder sites only")
      }
      let from = Vector3(ft[0], ft[1], ft[2]), to = Vector3(ft[3], ft[4], ft[5])
      guard (to - from).length > 0 else { throw a.error("fromto", "the two ends must differ") }
      pose = Pose(position: (from + to) / 2, orientation: Quaternion(rotatingZTo: to - from))
      halfLength = (to - from).length / 2
    }
    let shape: SiteShape
    switch type {
    case "capsule": shape = .capsule(radius: size[0], halfLength: halfLength)
    case "cylinder": shape = .cylinder(radius: size[0], halfLength: halfLength)
    case "ellipsoid": shape = .ellipsoid(radii: Vector3(size[0], size[1], size[2]))
    case "box": shape = .box(halfExtents: Vector3(size[0], size[1], size[2]))
    default: shape = .sphere(radius: size[0])
    }
    return ModelSite(
      name: a.string("name") ?? "", body: body, pose: pose, radius: size[0], shape: shape,
      source: source(node))
  }
}
