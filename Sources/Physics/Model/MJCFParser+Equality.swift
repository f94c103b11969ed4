extension MJCFParser {
  /// `<equality>`: `<connect>`, `<weld>`, `<joint>` and `<tendon>` constraints, with their default
  /// class (`<default><equality>`), `active` and the time constant of `solref`.
  mutating func readEqualities(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    let common = MJCFVocabulary.attributes(of: "equality")
    for child in node.children {
      try rejectChildren(child)
      let own: Set<String>
      switch child.name {
      case "connect": own = ["body1", "body2", "anchor", "site1", "site2"]
      case "weld": own = ["body1", "body2", "anchor", "relpose", "torquescale", "site1", "site2"]
      case "joint": own = ["joint1", "joint2", "polycoef"]
      case "tendon": own = ["tendon1", "tendon2", "polycoef"]
      default:
        throw ModelError(
          file: child.file, line: child.line,
          message: "<equality> supports <connect>, <weld>, <joint> and <tendon>, found <\(child.name)>")
      }
      try AttributeSet.rejectUnknown(child, allowed: common.union(own))
      let inherited = try defaults.attributes(for: "equality", className: child.attribute("class") ?? "main", node: child)
      let a = AttributeSet(element: child, inherited: inherited)
      let kind: ModelEquality.Kind
      var weightParts = [[(joint: Int, coefficient: Double)]]()
      switch child.name {
      case "connect", "weld":
        let (body1, body2, anchor, anchor2) = try equalityBodies(a, node: child)
        if child.name == "connect" {
          kind = .connect(body1: body1, body2: body2, anchor: anchor, anchor2: anchor2)
        } else {
          if anchor2 != nil {
            note("weld between sites (first at \(source(child))): the bodies keep their qpos0 relative pose; the sites are not pulled together")
          }
          if let pose = try a.numbers("relpose", count: 7), pose[3...6].contains(where: { $0 != 0 }) {
            throw a.error("relpose", "only the default (the relative pose at qpos0) is supported")
          }
          if let scale = try a.number("torquescale"), scale != 1 {
            note("weld torquescale (\(scale) at \(source(child))): ODE's weld holds rotation as stiffly as position")
          }
          kind = .weld(body1: body1, body2: body2)
        }
      default:
        (kind, weightParts) = try coupling(a, node: child)
      }
      let solref = try solref(a, "solref", node: child) ?? (0.02, 1)
      let solimp = try impedance(a, "solimp")
      if solimp != nil, child.name == "connect" || child.name == "weld" {
        note("connect and weld solimp (first at \(source(child))): the impedance is constant, at ODE's stiffness")
      }
      var equality = ModelEquality(
        name: child.attribute("name") ?? "", kind: kind, active: try a.keyword("active", allowed: ["true", "false"]).map { $0 == "true" } ?? true,
        timeConstant: solref.timeConstant, dampingRatio: solref.dampingRatio, source: source(child))
      equality.impedance = solimp ?? .mujocoDefault
      equality.weightParts = weightParts
      equalities.append(equality)
    }
    try checkUnique(equalities.map { ($0.name, $0.source) }, kind: "equality")
  }

  /// body1, body2 (0: the world), the anchor in body1's frame and, for sites, the one in body2's.
  func equalityBodies(_ a: AttributeSet, node: XMLNode) throws -> (Int, Int, Vector3, Vector3?) {
    if let site1 = a.string("site1") {
      let sites = sitesByBody.flatMap { $0 }
      let first = try index(of: site1, in: siteNames, kind: "site", attribute: "site1", node: node)
      let second = try index(of: a.string("site2"), in: siteNames, kind: "site", attribute: "site2", node: node)
      guard a.string("body1") == nil, a.string("body2") == nil else {
        throw a.elementError("names bodies and sites: use body1/body2 with anchor, or site1/site2")
      }
      guard sites[first].body != sites[second].body else { throw a.error("site2", "the two sites are on one body") }
      return (sites[first].body, sites[second].body, sites[first].pose.position, sites[second].pose.position)
    }
    let body1 = try index(of: a.string("body1"), in: bodyNames, kind: "body", attribute: "body1", node: node)
    let body2 = try a.string("body2").map {
      try index(of: $0, in: bodyNames, kind: "body", attribute: "body2", node: node)
    } ?? 0
    guard body1 != body2 else { throw a.error("body2", "a constraint needs two different bodies") }
    return (body1, body2, try a.vector("anchor") ?? .zero, nil)
  }

  /// A joint or tendon equality as a linear coupling: q1 − q1₀ = c0 + c1 (q2 − q2₀), or the same
  /// for tendon lengths (each tendon's Σ coefficient · q).
  /// Also the couplings whose inverse weights MuJoCo adds up for the constraint's regularisation:
  /// each joint alone, or each tendon's coefficients.
  func coupling(_ a: AttributeSet, node: XMLNode) throws
    -> (ModelEquality.Kind, [[(joint: Int, coefficient: Double)]])
  {
    // Unwritten coefficients keep MJCF's defaults 0 1 0 0 0.
    let given = try a.numbers("polycoef", from: 1, to: 5) ?? []
    let coefficients = given + [0.0, 1, 0, 0, 0].dropFirst(given.count)
    guard coefficients[2...4].allSatisfy({ $0 == 0 }) else {
      throw a.error("polycoef", "only linear couplings (the first two coefficients) are supported")
    }
    func terms(_ attribute: String) throws -> [(joint: Int, coefficient: Double)]? {
      guard let name = a.string(attribute) else { return nil }
      if node.name == "joint" {
        let j = try index(of: name, in: jointNames, kind: "joint", attribute: attribute, node: node)
        guard joints[j].type == .hinge || joints[j].type == .slide else {
          throw a.error(attribute, "a joint equality needs hinge or slide joints")
        }
        return [(j, 1)]
      }
      let t = try index(of: name, in: tendons.map(\.name), kind: "tendon", attribute: attribute, node: node)
      guard !tendons[t].isSpatial else { throw a.error(attribute, "equalities on spatial tendons are not supported") }
      return tendons[t].joints
    }
    let first = node.name == "joint" ? "joint1" : "tendon1", second = node.name == "joint" ? "joint2" : "tendon2"
    guard let left = try terms(first) else { throw a.elementError("needs '\(first)'") }
    var combined = left, parts = [left]
    if let right = try terms(second) {
      parts.append(right)
      for (joint, coefficient) in right {
        if let k = combined.firstIndex(where: { $0.joint == joint }) {
          combined[k].coefficient -= coefficients[1] * coefficient
        } else {
          combined.append((joint, -coefficients[1] * coefficient))
        }
      }
    }
    combined.removeAll { $0.coefficient == 0 }
    guard !combined.isEmpty else { throw a.elementError("couples nothing: the coefficients cancel") }
    return (.coupling(terms: combined, offset: coefficients[0]), parts)
  }
}
