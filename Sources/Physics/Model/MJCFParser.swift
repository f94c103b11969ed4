import Foundation

extension BodyModel {
  /// Reads an MJCF-subset model file (see the README's table for the subset).
  ///
  /// Throws `ModelError` with the file and line of the first problem: malformed XML, an unknown
  /// element or attribute, a missing include, a bad value, a dangling or duplicate name.
  public init(contentsOf path: String) throws {
    let root = try MJCFIncludes.load(path: path)
    var parser = MJCFParser(file: path)
    self = try parser.parse(root)
  }

  /// Reads a model from text; `file` names it in errors and anchors relative includes.
  public init(mjcf text: String, file: String = "<memory>.xml") throws {
    let root = try MJCFIncludes.load(text: text, file: file)
    var parser = MJCFParser(file: file)
    self = try parser.parse(root)
  }
}

/// Turns an include-expanded MJCF element tree into a `BodyModel`.
struct MJCFParser {
  let file: String
  var defaults = MJCFDefaults()
  var angles = AngleConvention()
  var autoLimits = true
  var options = ModelOptions()
  var bodies: [ModelBody] = []
  var geomsByBody: [[ModelGeom]] = []
  var sitesByBody: [[ModelSite]] = []
  var joints: [ModelJoint] = []
  var tendons: [ModelTendon] = []
  var actuators: [ModelActuator] = []
  var sensors: [ModelSensor] = []
  var numerics: [String: [Double]] = [:]
  var numericLines: [String: Int] = [:]
  var approximations: [String] = []
  var excludedPairs: [(Int, Int)] = []
  var keyframeNodes: [XMLNode] = []
  var equalities: [ModelEquality] = []
  var contactPairs: [ModelContactPair] = []
  /// `<asset>` height fields and meshes by name.
  var heightFields: [String: HeightField] = [:]
  var meshes: [String: TriangleMesh] = [:]
  /// Where mesh files are, relative to the model file (`meshdir`, or `assetdir`).
  var meshFolder = ""

  init(file: String) {
    self.file = file
  }

  /// Top-level sections, in the order they are processed (compiler settings first).
  static let sections = [
    "compiler", "option", "default", "asset", "worldbody", "contact", "tendon", "equality", "actuator", "sensor", "custom",
    "keyframe",
  ]
  /// Read and ignored: visual assets, and `<size>`, whose attributes only size MuJoCo's memory.
  static let ignoredSections: Set<String> = ["visual", "statistic", "size"]

  mutating func parse(_ root: XMLNode) throws -> BodyModel {
    guard root.name == "mujoco" else {
      throw ModelError(file: root.file, line: root.line, message: "the root element must be <mujoco>, found <\(root.name)>")
    }
    try AttributeSet.rejectUnknown(root, allowed: ["model"])
    func firstText(_ node: XMLNode) -> (XMLNode, Int)? {
      if let line = node.textLines.first { return (node, line) }
      return node.children.lazy.compactMap(firstText).first
    }
    if let (node, line) = firstText(root) {
      approximations.append("text between elements (first inside <\(node.name)> at \(node.file):\(line)) is ignored, as MuJoCo ignores it")
    }
    for child in root.children where !Self.sections.contains(child.name) && !Self.ignoredSections.contains(child.name) {
      throw ModelError(
        file: child.file, line: child.line,
        message: "<\(child.name)> is not supported by Odessa's MJCF subset; supported sections: "
          + (Self.sections + Self.ignoredSections.sorted()).joined(separator: ", "))
    }
    for section in Self.sections {
      for child in root.children where child.name == section {
        switch section {
        case "compiler": try readCompiler(child)
        case "option": try readOption(child)
        case "default": try defaults.read(child)
        case "asset": try readAssets(child)
        case "worldbody": try readWorldBody(child)
        case "contact": try readContact(child)
        case "tendon": try readTendons(child)
        case "equality": try readEqualities(child)
        case "actuator": try readActuators(child)
        case "sensor": try readSensors(child)
        case "keyframe": keyframeNodes.append(child)
        default: try readCustom(child)
        }
      }
    }
    if bodies.isEmpty {
      // A file without <worldbody>: an empty world, as MuJoCo reads it.
      bodies.append(worldBody(line: root.line))
      geomsByBody.append([])
      sitesByBody.append([])
    }
    return try assemble(name: root.attribute("model") ?? "", root: root)
  }

  func worldBody(line: Int) -> ModelBody {
    ModelBody(name: "world", parent: 0, pose: .identity, source: SourceLocation(file: file, line: line))
  }

  // MARK: compiler, option, custom

  mutating func readCompiler(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [
      "angle", "settotalmass", "inertiafromgeom", "coordinate", "eulerseq", "autolimits",
      "meshdir", "texturedir", "assetdir", "discardvisual",
    ])
    try rejectChildren(node)
    let a = AttributeSet(element: node, inherited: [:])
    if let angle = try a.keyword("angle", allowed: ["degree", "radian"]) {
      angles.toRadians = angle == "degree" ? Double.pi / 180 : 1
    }
    if let total = try a.number("settotalmass"), total > 0 { options.totalMass = total }
    if let mode = try a.keyword("inertiafromgeom", allowed: ["true", "auto", "false"]) {
      options.inertiaFromGeom = mode
    }
    _ = try a.keyword("coordinate", allowed: ["local"])
    if let sequence = a.string("eulerseq") {
      guard sequence.count == 3, sequence.allSatisfy({ "xyzXYZ".contains($0) }) else {
        throw a.error("eulerseq", "expected three of x, y, z (lowercase: intrinsic), got '\(sequence)'")
      }
      angles.eulerSequence = sequence
    }
    if let auto = try a.keyword("autolimits", allowed: ["true", "false"]) { autoLimits = auto == "true" }
    if let folder = a.string("assetdir") { meshFolder = folder }
    if let folder = a.string("meshdir") { meshFolder = folder }
  }

  /// Solver settings of MuJoCo's iterative solvers: ODE solves each step directly, so they have
  /// no counterpart and are read and ignored.
  static let solverSettings: Set<String> = [
    "iterations", "tolerance", "ls_iterations", "ls_tolerance", "noslip_iterations", "noslip_tolerance",
    "mpr_iterations", "mpr_tolerance", "ccd_iterations", "ccd_tolerance", "sdf_iterations", "sdf_initpoints",
    "solver", "jacobian", "apirate",
  ]

  mutating func readOption(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(
      node,
      allowed: Self.solverSettings.union([
        "timestep", "gravity", "integrator", "cone", "impratio", "density", "viscosity", "wind", "magnetic",
        "o_margin", "o_solref", "o_solimp", "o_friction",
      ]))
    let a = AttributeSet(element: node, inherited: [:])
    if let timestep = try a.number("timestep") {
      guard timestep > 0 else { throw a.error("timestep", "must be positive, got \(timestep)") }
      options.timestep = timestep
    }
    if let gravity = try a.vector("gravity") { options.gravity = gravity }
    if let integrator = try a.keyword("integrator", allowed: ["Euler", "RK4", "implicit", "implicitfast"]) {
      switch integrator {
      case "RK4": options.integrator = .rk4
      case "implicit", "implicitfast":
        approximations.append(
          "integrator \(integrator): the Euler step with MuJoCo's implicit joint damping stands in for it (other velocity derivatives stay explicit)")
      default: options.integrator = .euler
      }
    }
    if try a.keyword("cone", allowed: ["pyramidal", "elliptic"]) == "elliptic" {
      options.cone = .elliptic
      approximations.append(
        "elliptic friction cone: a sliding contact (condim 3) takes the zone MuJoCo's solver gives it, the step solved again (up to \(EllipticCone.attempts) times) until every contact's guess holds; condim 4 and 6 contacts keep one ODE contact with box friction, and a contact with friction below 0.01 is one frictionless row")
    }
    if let ratio = try a.number("impratio") {
      guard ratio > 0 else { throw a.error("impratio", "must be positive, got \(ratio)") }
      options.impedanceRatio = ratio
    }
    if let density = try a.nonNegative("density") { options.density = density }
    if let viscosity = try a.nonNegative("viscosity") { options.viscosity = viscosity }
    if let wind = try a.vector("wind") { options.wind = wind }
    _ = try a.vector("magnetic")
    _ = try a.numbers("o_solref", from: 2, to: 2)
    _ = try a.numbers("o_solimp", from: 3, to: 5)
    _ = try a.number("o_margin")
    _ = try a.numbers("o_friction", from: 1, to: 5)
    if Self.solverSettings.contains(where: { a.string($0) != nil }) && !approximations.contains(Self.solverNote) {
      approximations.append(Self.solverNote)
    }
    for child in node.children {
      guard child.name == "flag" else {
        throw ModelError(file: child.file, line: child.line, message: "<option> may contain only <flag>, found <\(child.name)>")
      }
      try readFlags(child)
    }
  }

  /// Records an approximation once (the first place that needs it).
  mutating func note(_ text: String) {
    let kind = text.prefix(while: { $0 != "(" && $0 != ":" })
    guard !approximations.contains(where: { $0.hasPrefix(kind) }) else { return }
    approximations.append(text)
  }

  static let solverNote = "solver settings (iterations, tolerances, solver, jacobian) are ignored: ODE solves each step directly"

  /// `<option><flag>`: the switches with a physical meaning are applied; those that only tune
  /// MuJoCo's numerics or bookkeeping are read and ignored.
  mutating func readFlags(_ node: XMLNode) throws {
    let physical = ["constraint", "equality", "frictionloss", "limit", "contact", "passive", "gravity", "clampctrl",
      "filterparent", "actuation", "override", "eulerdamp"]
    let numericsOnly = ["warmstart", "refsafe", "sensor", "midphase", "autoreset", "nativeccd", "energy", "fwdinv",
      "invdiscrete", "multiccd", "island", "sensornoise"]
    try AttributeSet.rejectUnknown(node, allowed: Set(physical + numericsOnly))
    try rejectChildren(node)
    let flags = AttributeSet(element: node, inherited: [:])
    func enabled(_ name: String) throws -> Bool? {
      try flags.keyword(name, allowed: ["enable", "disable"]).map { $0 == "enable" }
    }
    for name in numericsOnly { _ = try enabled(name) }
    if let on = try enabled("contact") { options.contactsEnabled = on }
    if let on = try enabled("gravity") { options.gravityEnabled = on }
    if let on = try enabled("limit") { options.limitsEnabled = on }
    if let on = try enabled("passive") { options.passiveEnabled = on }
    if let on = try enabled("actuation") { options.actuationEnabled = on }
    if let on = try enabled("clampctrl") { options.clampControls = on }
    if let on = try enabled("filterparent") { options.filterParent = on }
    if try enabled("constraint") == false {
      options.contactsEnabled = false
      options.limitsEnabled = false
      options.equalitiesEnabled = false
    }
    if let on = try enabled("equality") { options.equalitiesEnabled = on }
    if let on = try enabled("frictionloss") { options.frictionLossEnabled = on }
    if try enabled("override") == true {
      throw flags.error("override", "contact parameter overrides (o_solref, o_solimp, o_margin) are not supported")
    }
    if let on = try enabled("eulerdamp") { options.eulerDampingEnabled = on }
  }

  /// `<contact>`: `<exclude body1 body2>` keeps two bodies from touching; `<pair geom1 geom2>`
  /// makes two geoms collide with the pair's own parameters.
  mutating func readContact(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      try rejectChildren(child)
      switch child.name {
      case "exclude":
        try AttributeSet.rejectUnknown(child, allowed: ["name", "body1", "body2"])
        let a = AttributeSet(element: child, inherited: [:])
        let names = bodies.map(\.name)
        let first = try index(of: a.string("body1"), in: names, kind: "body", attribute: "body1", node: child)
        let second = try index(of: a.string("body2"), in: names, kind: "body", attribute: "body2", node: child)
        excludedPairs.append((first, second))
      case "pair":
        try readContactPair(child)
      default:
        throw ModelError(
          file: child.file, line: child.line, message: "<contact> supports <exclude> and <pair>, found <\(child.name)>")
      }
    }
  }

  /// `<pair>`: MJCF's pair defaults (condim 3, friction 1 1 0.005 0.0001 0.0001), not the geoms'.
  mutating func readContactPair(_ child: XMLNode) throws {
    try AttributeSet.rejectUnknown(child, allowed: MJCFVocabulary.attributes(of: "pair"))
    let inherited = try defaults.attributes(for: "pair", className: child.attribute("class") ?? "main", node: child)
    let a = AttributeSet(element: child, inherited: inherited)
    let first = try index(of: a.string("geom1"), in: geomNames, kind: "geom", attribute: "geom1", node: child)
    let second = try index(of: a.string("geom2"), in: geomNames, kind: "geom", attribute: "geom2", node: child)
    guard first != second else { throw a.error("geom2", "a pair needs two different geoms") }
    var friction = [1.0, 1, 0.005, 0.0001, 0.0001]
    if let values = try a.numbers("friction", from: 1, to: 5) {
      for (k, value) in values.enumerated() {
        guard value >= 0 else { throw a.error("friction", "must be non-negative, got \(value)") }
        friction[k] = value
      }
    }
    if friction[1] != friction[0] {
      note("pair friction with two different sliding coefficients (at \(source(child))): ODE uses the first in both directions")
    }
    if friction[4] != friction[3] {
      note("pair friction with two different rolling coefficients (at \(source(child))): ODE uses the first about both axes")
    }
    var material = ContactMaterial()
    material.condim = try a.integer("condim") ?? 3
    guard [1, 3, 4, 6].contains(material.condim) else { throw a.error("condim", "must be 1, 3, 4 or 6") }
    material.torsionalFriction = friction[2]
    material.rollingFriction = friction[3]
    if let (timeConstant, ratio) = try solref(a, "solref", node: child) {
      material.timeConstant = timeConstant
      material.dampingRatio = ratio
    }
    if let impedance = try impedance(a, "solimp") { material.impedance = impedance }
    if a.string("margin") != nil || a.string("gap") != nil {
      note("pair margin and gap (first at \(source(child))): not represented, as for geoms")
    }
    contactPairs.append(ModelContactPair(
      name: child.attribute("name") ?? "", geom1: first, geom2: second,
      friction: material.condim == 1 ? 0 : friction[0], material: material, source: source(child)))
  }

  /// `<keyframe><key name time qpos qvel ctrl>`: named states, checked against the model's sizes
  /// (missing vectors take qpos0, zero velocity, zero control).
  func readKeyframes(_ node: XMLNode, model: BodyModel) throws -> [Keyframe] {
    try AttributeSet.rejectUnknown(node, allowed: [])
    return try node.children.map { key in
      guard key.name == "key" else {
        throw ModelError(file: key.file, line: key.line, message: "<keyframe> may contain only <key>, found <\(key.name)>")
      }
      try AttributeSet.rejectUnknown(key, allowed: ["name", "time", "qpos", "qvel", "ctrl", "act", "mpos", "mquat"])
      try rejectChildren(key)
      let a = AttributeSet(element: key, inherited: [:])
      func vector(_ name: String, count: Int) throws -> [Double]? {
        guard let values = try a.numbers(name, from: 0, to: 100_000) else { return nil }
        guard values.count == count else {
          throw a.error(name, "needs \(count) numbers for this model, got \(values.count)")
        }
        return values
      }
      return Keyframe(
        name: a.string("name") ?? "", time: try a.number("time") ?? 0,
        qpos: try vector("qpos", count: model.positionCount), qvel: try vector("qvel", count: model.velocityCount),
        control: try vector("ctrl", count: model.actuators.count))
    }
  }

  mutating func readCustom(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      guard child.name == "numeric" else {
        throw ModelError(file: child.file, line: child.line, message: "<custom> supports only <numeric>, found <\(child.name)>")
      }
      try AttributeSet.rejectUnknown(child, allowed: ["name", "data", "size"])
      try rejectChildren(child)
      let a = AttributeSet(element: child, inherited: [:])
      guard let name = a.string("name"), !name.isEmpty else { throw a.elementError("needs a name") }
      if let first = numericLines[name] {
        throw a.error("name", "numeric '\(name)' is already defined on line \(first)")
      }
      var data = try a.numbers("data") ?? []
      if let size = try a.integer("size") {
        guard size >= data.count, size > 0, size <= 1_000_000 else {
          throw a.error("size", "must be between the number of data values (\(max(data.count, 1))) and 1000000, got \(size)")
        }
        data += Array(repeating: 0, count: size - data.count)
      }
      guard !data.isEmpty else { throw a.elementError("numeric '\(name)' needs data or size") }
      numerics[name] = data
      numericLines[name] = child.line
    }
  }

  func rejectChildren(_ node: XMLNode) throws {
    if let child = node.children.first {
      throw ModelError(file: child.file, line: child.line, message: "<\(node.name)> cannot contain <\(child.name)>")
    }
  }

  // MARK: assembly

  /// Numbers geoms and sites in body order (as MuJoCo does), computes body masses, applies
  /// settotalmass, and checks names.
  mutating func assemble(name: String, root: XMLNode) throws -> BodyModel {
    var geoms = [ModelGeom]()
    var sites = [ModelSite]()
    for b in bodies.indices {
      bodies[b].geoms = Array(geoms.count..<(geoms.count + geomsByBody[b].count))
      geoms += geomsByBody[b]
      bodies[b].sites = Array(sites.count..<(sites.count + sitesByBody[b].count))
      sites += sitesByBody[b]
    }
    // Where mass comes from (MuJoCo's inertiafromgeom): an <inertial> replaces the body's geoms
    // unless the compiler says "true"; with "false" a body without one has no mass.
    for b in bodies.indices where b != 0 {
      switch options.inertiaFromGeom {
      case "true": bodies[b].inertial = nil
      case "false" where bodies[b].inertial == nil:
        for g in bodies[b].geoms { geoms[g].mass = 0 }
      default: break
      }
      if bodies[b].inertial != nil { for g in bodies[b].geoms { geoms[g].mass = 0 } }
    }
    if let total = options.totalMass {
      let current = geoms.filter { $0.body != 0 }.reduce(0) { $0 + $1.mass }
        + bodies.reduce(0) { $0 + ($1.inertial?.mass ?? 0) }
      guard current > 0 else {
        throw ModelError(file: file, line: root.line, message: "settotalmass needs bodies with mass")
      }
      let scale = total / current
      for g in geoms.indices where geoms[g].body != 0 { geoms[g].mass *= scale }
      for b in bodies.indices {
        if var inertial = bodies[b].inertial {
          inertial.mass *= scale
          inertial.inertia = inertial.inertia.map { $0 * scale }
          bodies[b].inertial = inertial
        }
      }
    }
    for b in bodies.indices where b != 0 {
      if let inertial = bodies[b].inertial {
        bodies[b].mass = inertial.mass
        bodies[b].centerOfMass = inertial.pose.position
        continue
      }
      let own = bodies[b].geoms.map { geoms[$0] }
      let mass = own.reduce(0) { $0 + $1.mass }
      bodies[b].mass = mass
      if mass > 0 {
        bodies[b].centerOfMass = own.reduce(Vector3.zero) { $0 + $1.mass * $1.pose.position } / mass
      }
    }
    try checkUnique(bodies.map { ($0.name, $0.source) }, kind: "body")
    try checkUnique(geoms.map { ($0.name, $0.source) }, kind: "geom")
    try checkUnique(joints.map { ($0.name, $0.source) }, kind: "joint")
    try checkUnique(sites.map { ($0.name, $0.source) }, kind: "site")
    try checkUnique(tendons.map { ($0.name, $0.source) }, kind: "tendon")
    try checkUnique(actuators.map { ($0.name, $0.source) }, kind: "actuator")
    try checkUnique(sensors.map { ($0.name, $0.source) }, kind: "sensor")
    var model = BodyModel(
      name: name, file: file, options: options, bodies: bodies, geoms: geoms, joints: joints,
      sites: sites, tendons: tendons, actuators: actuators, sensors: sensors, numerics: numerics)
    model.approximations = approximations
    model.excludedBodyPairs = excludedPairs
    model.equalities = equalities
    model.contactPairs = contactPairs
    model.keyframes = try keyframeNodes.flatMap { try readKeyframes($0, model: model) }
    return model
  }

  func checkUnique(_ names: [(String, SourceLocation)], kind: String) throws {
    var seen = [String: SourceLocation]()
    for (name, source) in names where !name.isEmpty {
      if let first = seen[name] {
        throw ModelError(
          file: source.file, line: source.line,
          message: "duplicate \(kind) name '\(name)' (first defined at \(first))")
      }
      seen[name] = source
    }
  }
}
