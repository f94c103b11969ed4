extension MJCFParser {
  func index(of name: String?, in names: [String], kind: String, attribute: String, node: XMLNode) throws -> Int {
    guard let name, !name.isEmpty else {
      throw ModelError(file: node.file, line: node.line, message: "<\(node.name)> needs a '\(attribute)' attribute naming a \(kind)")
    }
    guard let index = names.firstIndex(of: name) else {
      let line = node.attributes.first { $0.name == attribute }?.line ?? node.line
      throw ModelError(file: node.file, line: line, message: "<\(node.name)> names \(kind) '\(name)', which does not exist")
    }
    return index
  }

  var bodyNames: [String] { bodies.map(\.name) }
  var jointNames: [String] { joints.map(\.name) }
  var siteNames: [String] { sitesByBody.flatMap { $0 }.map(\.name) }
  var geomNames: [String] { geomsByBody.flatMap { $0 }.map(\.name) }

  /// `<tendon>`: `<fixed>` tendons over joints and `<spatial>` tendons through sites, with their
  /// springs, dampers and (spatial) length limits.
  mutating func readTendons(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      guard child.name == "fixed" || child.name == "spatial" else {
        throw ModelError(
          file: child.file, line: child.line, message: "<tendon> supports <fixed> and <spatial>, found <\(child.name)>")
      }
      try AttributeSet.rejectUnknown(child, allowed: MJCFVocabulary.attributes(of: "tendon").union(["name"]))
      let inherited = try defaults.attributes(for: "tendon", className: child.attribute("class") ?? "main", node: child)
      let a = AttributeSet(element: child, inherited: inherited)
      var tendon = ModelTendon(name: child.attribute("name") ?? "", joints: [], source: source(child))
      if child.name == "fixed" {
        tendon.joints = try fixedTendonJoints(child)
      } else {
        tendon.sites = try spatialTendonSites(child)
      }
      tendon.stiffness = try a.nonNegative("stiffness") ?? 0
      tendon.damping = try a.nonNegative("damping") ?? 0
      // Unset (or MJCF's −1): the length at qpos0.
      if let given = try a.numbers("springlength", from: 1, to: 2), given[0] >= 0 {
        let upper = given.count == 2 ? given[1] : given[0]
        guard upper >= given[0] else { throw a.error("springlength", "a dead band needs lower ≤ upper, got \(given)") }
        tendon.springLength = given[0]...upper
      }
      let rangeValues = try a.numbers("range", count: 2)
      if try a.tristate("limited") ?? (autoLimits && rangeValues != nil) {
        guard let values = rangeValues, values[0] <= values[1] else {
          throw a.elementError("a limited tendon needs a range with lower ≤ upper")
        }
        guard tendon.isSpatial else { throw a.error("range", "length limits are supported on spatial tendons only") }
        guard tendon.sites.count == 2 else {
          throw a.error("range", "length limits are supported on spatial tendons between two sites only")
        }
        tendon.range = values[0]...values[1]
        if let solref = try solref(a, "solreflimit", node: child) {
          tendon.limitTimeConstant = solref.timeConstant
          tendon.limitDampingRatio = solref.dampingRatio
        }
        if let impedance = try impedance(a, "solimplimit") { tendon.limitImpedance = impedance }
      }
      if let friction = try a.number("frictionloss"), friction != 0 {
        throw a.error("frictionloss", "tendon friction is not supported")
      }
      tendons.append(tendon)
    }
  }

  func fixedTendonJoints(_ child: XMLNode) throws -> [(joint: Int, coefficient: Double)] {
    var entries = [(joint: Int, coefficient: Double)]()
    for entry in child.children {
      guard entry.name == "joint" else {
        throw ModelError(file: entry.file, line: entry.line, message: "<fixed> may contain only <joint>, found <\(entry.name)>")
      }
      try AttributeSet.rejectUnknown(entry, allowed: ["joint", "coef"])
      try rejectChildren(entry)
      let a = AttributeSet(element: entry, inherited: [:])
      let joint = try index(of: a.string("joint"), in: jointNames, kind: "joint", attribute: "joint", node: entry)
      guard joints[joint].type == .hinge || joints[joint].type == .slide else {
        throw a.error("joint", "a fixed tendon can use hinge and slide joints only")
      }
      entries.append((joint, try a.number("coef") ?? 1))
    }
    guard !entries.isEmpty else {
      throw ModelError(file: child.file, line: child.line, message: "<fixed> needs at least one <joint>")
    }
    return entries
  }

  /// A spatial tendon's sites; wrapping around geoms and pulleys are not supported.
  func spatialTendonSites(_ child: XMLNode) throws -> [Int] {
    var sites = [Int]()
    for entry in child.children {
      guard entry.name == "site" else {
        throw ModelError(
          file: entry.file, line: entry.line,
          message: "<spatial> supports straight paths through <site>s only (wrapping around geoms and pulleys are not supported), found <\(entry.name)>")
      }
      try AttributeSet.rejectUnknown(entry, allowed: ["site"])
      try rejectChildren(entry)
      sites.append(try index(of: entry.attribute("site"), in: siteNames, kind: "site", attribute: "site", node: entry))
    }
    guard sites.count >= 2 else {
      throw ModelError(file: child.file, line: child.line, message: "<spatial> needs at least two <site>s")
    }
    return sites
  }

  mutating func readActuators(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      guard ["motor", "position", "velocity", "general"].contains(child.name) else {
        throw ModelError(
          file: child.file, line: child.line,
          message: "<\(child.name)> actuators are not supported; Odessa supports <motor>, <position>, <velocity>, <general>")
      }
      try AttributeSet.rejectUnknown(child, allowed: MJCFVocabulary.attributes(of: child.name))
      try rejectChildren(child)
      let inherited = try defaults.attributes(for: child.name, className: child.attribute("class") ?? "main", node: child)
      let a = AttributeSet(element: child, inherited: inherited)
      let target: ActuatorTarget
      switch (a.string("joint"), a.string("tendon")) {
      case (let joint?, nil):
        let j = try index(of: joint, in: jointNames, kind: "joint", attribute: "joint", node: child)
        guard joints[j].type == .hinge || joints[j].type == .slide else {
          throw a.error("joint", "a motor can drive hinge and slide joints only")
        }
        target = .joint(j)
      case (nil, let tendon?):
        target = .tendon(try index(of: tendon, in: tendons.map(\.name), kind: "tendon", attribute: "tendon", node: child))
      default:
        throw a.elementError("a motor needs exactly one of 'joint' and 'tendon'")
      }
      // On a joint or a tendon only the first component acts (the others matter for site and
      // body transmissions, which Odessa does not have).
      let gears = try a.numbers("gear", from: 1, to: 6) ?? [1]
      var controlRange: ClosedRange<Double>?
      let rangeValues = try a.numbers("ctrlrange", count: 2)
      let limited = try a.tristate("ctrllimited") ?? (autoLimits && rangeValues != nil)
      if limited {
        guard let values = rangeValues else { throw a.elementError("ctrllimited needs a ctrlrange") }
        guard values[0] < values[1] else {
          throw a.error("ctrlrange", "lower \(values[0]) must be below upper \(values[1])")
        }
        controlRange = values[0]...values[1]
      }
      var actuator = ModelActuator(
        name: a.string("name") ?? "", target: target, gear: gears[0], controlRange: controlRange,
        source: source(child))
      try readGainAndBias(child.name, a, into: &actuator)
      let forceValues = try a.numbers("forcerange", count: 2)
      if try a.tristate("forcelimited") ?? (autoLimits && forceValues != nil) {
        guard let values = forceValues, values[0] <= values[1] else {
          throw a.elementError("forcelimited needs a forcerange with lower ≤ upper")
        }
        actuator.forceRange = values[0]...values[1]
      }
      actuators.append(actuator)
    }
  }

  /// MJCF's actuator families as gain and bias: force = gain · ctrl + b0 + b1 · length + b2 ·
  /// velocity (actuator space), with MuJoCo's activation dynamics none, integrator and filter.
  func readGainAndBias(_ element: String, _ a: AttributeSet, into actuator: inout ModelActuator) throws {
    switch element {
    case "position":
      let kp = try a.nonNegative("kp") ?? 1, kv = try a.nonNegative("kv") ?? 0
      if let tau = try a.number("timeconst"), tau != 0 {
        guard tau > 0 else { throw a.error("timeconst", "must be positive, got \(tau)") }
        actuator.dynamics = .filterExact(timeConstant: tau)
      }
      actuator.gain = kp
      actuator.bias = [0, -kp, -kv]
    case "velocity":
      let kv = try a.nonNegative("kv") ?? 1
      actuator.gain = kv
      actuator.bias = [0, 0, -kv]
    case "general":
      _ = try a.keyword("gaintype", allowed: ["fixed"])
      let biasType = try a.keyword("biastype", allowed: ["none", "affine"]) ?? "none"
      let parameters = try a.numbers("dynprm", from: 1, to: 10) ?? [1]
      switch try a.keyword("dyntype", allowed: ["none", "integrator", "filter", "filterexact", "muscle", "user"]) ?? "none" {
      case "none": break
      case "integrator": actuator.dynamics = .integrator
      case let filter where filter.hasPrefix("filter"):
        guard parameters[0] > 0 else { throw a.error("dynprm", "a filter needs a positive time constant, got \(parameters[0])") }
        actuator.dynamics = filter == "filter"
          ? .filter(timeConstant: parameters[0]) : .filterExact(timeConstant: parameters[0])
      case let other:
        throw a.error("dyntype", "activation dynamics '\(other)' are not supported (none, integrator, filter, filterexact are)")
      }
      let actRange = try a.numbers("actrange", count: 2)
      if try a.tristate("actlimited") ?? (autoLimits && actRange != nil) {
        guard let values = actRange, values[0] <= values[1] else {
          throw a.elementError("actlimited needs an actrange with lower ≤ upper")
        }
        actuator.activationRange = values[0]...values[1]
      }
      actuator.activatesEarly = try a.keyword("actearly", allowed: ["true", "false"]) == "true"
      let gain = try a.numbers("gainprm", from: 1, to: 10) ?? [1]
      guard gain.dropFirst().allSatisfy({ $0 == 0 }) else {
        throw a.error("gainprm", "only a fixed gain (the first number) is supported")
      }
      actuator.gain = gain[0]
      if biasType == "affine" {
        let bias = (try a.numbers("biasprm", from: 1, to: 10) ?? [0]) + [0, 0]
        guard bias.dropFirst(3).allSatisfy({ $0 == 0 }) else {
          throw a.error("biasprm", "only the affine terms b0, b1, b2 are supported")
        }
        actuator.bias = Array(bias.prefix(3))
      }
    default:
      break
    }
  }

  static let sensorKinds = [
    "subtreelinvel", "subtreecom", "subtreeangmom", "touch", "jointpos", "jointvel", "actuatorfrc", "framepos",
    "framequat", "framexaxis", "frameyaxis", "framezaxis", "framelinvel", "frameangvel", "velocimeter", "gyro",
    "accelerometer", "force", "torque", "rangefinder",
  ]
  /// Attributes every sensor may carry without effect here (`noise` only matters with the
  /// sensornoise flag, which Odessa leaves off; `user` is the user's data).
  static let sensorIgnored: Set<String> = ["noise", "user"]

  mutating func readSensors(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      try rejectChildren(child)
      let kind: SensorKind
      func site() throws -> Int {
        try AttributeSet.rejectUnknown(child, allowed: Self.sensorIgnored.union(["name", "site"]))
        return try index(of: child.attribute("site"), in: siteNames, kind: "site", attribute: "site", node: child)
      }
      switch child.name {
      case "subtreelinvel", "subtreecom", "subtreeangmom":
        try AttributeSet.rejectUnknown(child, allowed: Self.sensorIgnored.union(["name", "body"]))
        let body = try index(of: child.attribute("body"), in: bodyNames, kind: "body", attribute: "body", node: child)
        switch child.name {
        case "subtreelinvel": kind = .subtreeLinearVelocity(body: body)
        case "subtreecom": kind = .subtreeCenterOfMass(body: body)
        default: kind = .subtreeAngularMomentum(body: body)
        }
      case "touch": kind = .touch(site: try site())
      case "velocimeter": kind = .velocimeter(site: try site())
      case "gyro": kind = .gyro(site: try site())
      case "accelerometer":
        kind = .accelerometer(site: try site())
        note("accelerometer (first at \(source(child))): the mean acceleration over the last step, by finite difference")
      case "rangefinder":
        kind = .rangefinder(site: try site())
      case "force", "torque":
        kind = child.name == "force" ? .force(site: try site()) : .torque(site: try site())
        note("force and torque sensors (first at \(source(child))): the last step's joint constraint force plus the actuator and spring force along the joint; on a body without joints, the force on the nearest ancestor with joints")
      case "actuatorfrc":
        try AttributeSet.rejectUnknown(child, allowed: Self.sensorIgnored.union(["name", "actuator"]))
        kind = .actuatorForce(actuator: try index(
          of: child.attribute("actuator"), in: actuators.map(\.name), kind: "actuator", attribute: "actuator", node: child))
      case "jointpos", "jointvel":
        try AttributeSet.rejectUnknown(child, allowed: Self.sensorIgnored.union(["name", "joint"]))
        let joint = try index(of: child.attribute("joint"), in: jointNames, kind: "joint", attribute: "joint", node: child)
        guard joints[joint].type == .hinge || joints[joint].type == .slide else {
          throw ModelError(file: child.file, line: child.line, message: "<\(child.name)> needs a hinge or slide joint")
        }
        kind = child.name == "jointpos" ? .jointPosition(joint: joint) : .jointVelocity(joint: joint)
      case "framepos", "framequat", "framexaxis", "frameyaxis", "framezaxis", "framelinvel", "frameangvel":
        try AttributeSet.rejectUnknown(child, allowed: Self.sensorIgnored.union(["name", "objtype", "objname"]))
        let a = AttributeSet(element: child, inherited: [:])
        let type = try a.keyword("objtype", allowed: ["body", "xbody", "geom", "site"])
        guard let type else { throw a.elementError("needs objtype (body, xbody, geom or site)") }
        let object: ModelObject
        switch type {
        case "geom":
          object = .geom(try index(of: a.string("objname"), in: geomNames, kind: "geom", attribute: "objname", node: child))
        case "site":
          object = .site(try index(of: a.string("objname"), in: siteNames, kind: "site", attribute: "objname", node: child))
        default:
          object = .body(try index(of: a.string("objname"), in: bodyNames, kind: "body", attribute: "objname", node: child))
        }
        switch child.name {
        case "framepos": kind = .framePosition(object)
        case "framequat": kind = .frameQuaternion(object)
        case "framexaxis": kind = .frameAxis(object, axis: 0)
        case "frameyaxis": kind = .frameAxis(object, axis: 1)
        case "framezaxis": kind = .frameAxis(object, axis: 2)
        case "framelinvel": kind = .frameLinearVelocity(object)
        default: kind = .frameAngularVelocity(object)
        }
      default:
        throw ModelError(
          file: child.file, line: child.line,
          message: "<\(child.name)> sensors are not supported; supported: " + Self.sensorKinds.joined(separator: ", "))
      }
      sensors.append(ModelSensor(name: child.attribute("name") ?? "", kind: kind, source: source(child)))
    }
  }
}
