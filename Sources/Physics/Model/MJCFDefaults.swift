/// MJCF's `<default>` classes: a tree of named classes, each holding attribute values for the
/// element kinds it mentions, inherited from root to leaf. The unnamed top level is "main".
struct MJCFDefaults {
  struct DefaultClass {
    var name: String
    var parent: String?
    /// Element kind ("geom", "joint", …) → attribute → value.
    var attributes: [String: [String: AttributeValue]] = [:]
    var line: Int
  }

  /// Element kinds a default class may configure, and the visual ones it may mention (ignored).
  static let configurable: Set<String> = ["geom", "joint", "site", "motor", "position", "velocity", "general", "tendon", "equality", "mesh", "pair"]
  static let visualOnly: Set<String> = ["camera", "light", "mesh", "material", "texture"]

  private(set) var classes: [String: DefaultClass] = ["main": DefaultClass(name: "main", parent: nil, line: 0)]

  /// Reads a top-level `<default>` element (and its nested classes).
  mutating func read(_ node: XMLNode) throws {
    try read(node, parent: nil)
  }

  private mutating func read(_ node: XMLNode, parent: String?) throws {
    try AttributeSet.rejectUnknown(node, allowed: ["class"])
    let name: String
    if let given = node.attribute("class") {
      name = given
    } else if parent == nil {
      name = "main"
    } else {
      throw ModelError(file: node.file, line: node.line, message: "a nested <default> needs a class name")
    }
    if parent != nil || name != "main" {
      if classes[name] != nil {
        throw ModelError(file: node.file, line: node.line, message: "default class '\(name)' is defined twice")
      }
      classes[name] = DefaultClass(name: name, parent: parent ?? "main", line: node.line)
    }
    for child in node.children {
      if child.name == "default" {
        try read(child, parent: name)
      } else if Self.configurable.contains(child.name) {
        guard child.children.isEmpty else {
          throw ModelError(file: child.file, line: child.line, message: "<\(child.name)> in a default class must be empty")
        }
        try AttributeSet.rejectUnknown(child, allowed: MJCFVocabulary.attributes(of: child.name).subtracting(["name", "class"]))
        var values = classes[name]!.attributes[child.name] ?? [:]
        for attribute in child.attributes {
          values[attribute.name] = AttributeValue(text: attribute.value, file: child.file, line: attribute.line)
        }
        classes[name]!.attributes[child.name] = values
      } else if Self.visualOnly.contains(child.name) {
        continue
      } else {
        throw ModelError(
          file: child.file, line: child.line,
          message: "<\(child.name)> is not supported inside <default>; supported: "
            + Self.configurable.union(Self.visualOnly).sorted().joined(separator: ", ") + ", default")
      }
    }
  }

  /// The attributes class `name` gives to elements of kind `element`, with inheritance applied.
  func attributes(for element: String, className: String, node: XMLNode) throws -> [String: AttributeValue] {
    guard classes[className] != nil else {
      throw ModelError(file: node.file, line: node.line, message: "<\(node.name)> uses undefined class '\(className)'")
    }
    var chain = [String]()
    var current: String? = className
    while let name = current {
      chain.append(name)
      current = classes[name]?.parent
    }
    var merged = [String: AttributeValue]()
    for name in chain.reversed() {
      for (key, value) in classes[name]?.attributes[element] ?? [:] { merged[key] = value }
    }
    return merged
  }
}

/// The MJCF vocabulary Odessa accepts: for each element, its supported attributes. Visual-only
/// attributes (rgba, material, group) are accepted and ignored wherever MJCF allows them.
enum MJCFVocabulary {
  /// Attributes with no physical meaning, read and ignored: looks, and `user` (numbers MuJoCo
  /// keeps for the user's own code).
  static let visualAttributes: Set<String> = ["rgba", "material", "group", "user"]
  static let orientation: Set<String> = ["quat", "euler", "axisangle", "xyaxes", "zaxis"]
  /// What every actuator element reads.
  static let actuatorCommon: Set<String> = [
    "name", "class", "joint", "tendon", "gear", "ctrlrange", "ctrllimited", "forcerange", "forcelimited", "group", "user",
  ]

  static func attributes(of element: String) -> Set<String> {
    switch element {
    case "geom":
      return Set(["name", "class", "type", "size", "fromto", "pos", "mass", "density", "friction",
        "contype", "conaffinity", "condim", "priority", "solref", "solimp", "solmix", "margin", "gap", "hfield", "mesh"])
        .union(orientation).union(visualAttributes)
    case "joint":
      return ["name", "class", "type", "pos", "axis", "range", "limited", "damping", "stiffness",
        "armature", "ref", "springref", "solreflimit", "solimplimit", "group", "margin", "frictionloss",
        "solreffriction", "solimpfriction", "user"]
    case "site":
      return Set(["name", "class", "type", "size", "pos", "fromto"]).union(orientation).union(visualAttributes)
    case "tendon":
      // Only what Odessa's fixed tendons read, and their looks.
      return Set(["class", "width", "stiffness", "damping", "springlength", "limited", "range", "solreflimit",
        "solimplimit", "margin", "frictionloss"]).union(visualAttributes)
    case "motor":
      return actuatorCommon
    case "position":
      return actuatorCommon.union(["kp", "kv", "timeconst"])
    case "velocity":
      return actuatorCommon.union(["kv"])
    case "general":
      return actuatorCommon.union(["gaintype", "gainprm", "biastype", "biasprm", "dyntype", "dynprm", "actlimited", "actrange", "actearly"])
    case "mesh":
      return ["class", "scale", "inertia", "maxhullvert", "smoothnormal"]
    case "pair":
      return ["name", "class", "geom1", "geom2", "condim", "friction", "solref", "solimp", "solreffriction", "margin", "gap"]
    case "equality":
      // What every equality element reads; the kind-specific attributes are its own.
      return ["name", "class", "active", "solref", "solimp"]
    default:
      return []
    }
  }
}
