import Foundation

/// One resolved attribute value and where it was written (the element itself or a default class).
struct AttributeValue {
  var text: String
  var file: String
  var line: Int
}

/// The attributes of one MJCF element after default classes are applied, with typed readers that
/// reject malformed values with the file and line where the value was written.
struct AttributeSet {
  let element: String
  let file: String
  let line: Int
  var values: [String: AttributeValue]

  init(element: XMLNode, inherited: [String: AttributeValue]) {
    self.element = element.name
    self.file = element.file
    self.line = element.line
    values = inherited
    for attribute in element.attributes {
      values[attribute.name] = AttributeValue(text: attribute.value, file: element.file, line: attribute.line)
    }
  }

  /// Largest magnitude accepted for any number: beyond it ODE's arithmetic breaks down.
  static let largestMagnitude = 1e9

  func has(_ name: String) -> Bool { values[name] != nil }

  func error(_ name: String, _ message: String) -> ModelError {
    let where_ = values[name]
    return ModelError(
      file: where_?.file ?? file, line: where_?.line ?? line,
      message: "<\(element)> attribute '\(name)': \(message)")
  }

  func elementError(_ message: String) -> ModelError {
    ModelError(file: file, line: line, message: "<\(element)>: \(message)")
  }

  func string(_ name: String) -> String? { values[name]?.text }

  /// All numbers of a whitespace-separated list; finite numbers only.
  func numbers(_ name: String) throws -> [Double]? {
    guard let text = values[name]?.text else { return nil }
    var result = [Double]()
    for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
      guard let value = Double(token) else {
        throw error(name, "'\(token)' is not a number")
      }
      guard value.isFinite else { throw error(name, "'\(token)' is not finite") }
      guard abs(value) <= Self.largestMagnitude else {
        throw error(name, "'\(token)' is out of range (magnitudes above 1e9 are not supported)")
      }
      result.append(value)
    }
    return result
  }

  /// Exactly `count` numbers.
  func numbers(_ name: String, count: Int) throws -> [Double]? {
    guard let values = try numbers(name) else { return nil }
    guard values.count == count else {
      throw error(name, "expected \(count) number\(count == 1 ? "" : "s"), got \(values.count)")
    }
    return values
  }

  /// Between `minimum` and `maximum` numbers.
  func numbers(_ name: String, from minimum: Int, to maximum: Int) throws -> [Double]? {
    guard let values = try numbers(name) else { return nil }
    guard values.count >= minimum, values.count <= maximum else {
      throw error(name, "expected \(minimum) to \(maximum) numbers, got \(values.count)")
    }
    return values
  }

  func number(_ name: String) throws -> Double? { try numbers(name, count: 1)?[0] }

  func nonNegative(_ name: String) throws -> Double? {
    guard let value = try number(name) else { return nil }
    guard value >= 0 else { throw error(name, "must be non-negative, got \(value)") }
    return value
  }

  func vector(_ name: String) throws -> Vector3? {
    guard let v = try numbers(name, count: 3) else { return nil }
    return Vector3(v[0], v[1], v[2])
  }

  func integer(_ name: String) throws -> Int? {
    guard let text = values[name]?.text else { return nil }
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
      throw error(name, "expected a whole number, got '\(text)'")
    }
    return value
  }

  func keyword(_ name: String, allowed: [String]) throws -> String? {
    guard let text = values[name]?.text else { return nil }
    guard allowed.contains(text) else {
      throw error(name, "expected one of \(allowed.joined(separator: ", ")), got '\(text)'")
    }
    return text
  }

  /// MJCF's true/false/auto.
  func tristate(_ name: String) throws -> Bool? {
    switch try keyword(name, allowed: ["true", "false", "auto"]) {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  /// Throws for any attribute outside `allowed` (the element's own attributes only).
  static func rejectUnknown(_ node: XMLNode, allowed: Set<String>) throws {
    for attribute in node.attributes where !allowed.contains(attribute.name) {
      throw ModelError(
        file: node.file, line: attribute.line,
        message: "<\(node.name)> has an unsupported attribute '\(attribute.name)'; supported here: "
          + allowed.sorted().joined(separator: ", "))
    }
  }
}

/// Compiler settings that change how values are read.
struct AngleConvention {
  /// Multiplier from file angles to radians.
  var toRadians = Double.pi / 180
  /// `eulerseq`: three axis letters; lowercase rotate with the frame (intrinsic).
  var eulerSequence = "xyz"
}

extension AttributeSet {
  /// The orientation given by quat, euler, axisangle, xyaxes or zaxis (at most one), or identity.
  func orientation(_ angles: AngleConvention) throws -> Quaternion {
    let given = ["quat", "euler", "axisangle", "xyaxes", "zaxis"].filter { has($0) }
    guard given.count <= 1 else {
      throw elementError("give at most one of quat, euler, axisangle, xyaxes, zaxis (found \(given.joined(separator: ", ")))")
    }
    if let q = try numbers("quat", count: 4) {
      let quaternion = Quaternion(w: q[0], x: q[1], y: q[2], z: q[3])
      guard quaternion.norm > 1e-10 else { throw error("quat", "must not be zero") }
      return quaternion.normalized
    }
    if let e = try numbers("euler", count: 3) {
      var result = Quaternion.identity
      for (k, letter) in angles.eulerSequence.enumerated() {
        let axis: Vector3
        switch letter.lowercased() {
        case "x": axis = Vector3(1, 0, 0)
        case "y": axis = Vector3(0, 1, 0)
        default: axis = Vector3(0, 0, 1)
        }
        let rotation = Quaternion(axis: axis, angle: e[k] * angles.toRadians)
        result = letter.isLowercase ? result * rotation : rotation * result
      }
      return result
    }
    if let a = try numbers("axisangle", count: 4) {
      let axis = Vector3(a[0], a[1], a[2])
      guard axis.length > 1e-10 else { throw error("axisangle", "the axis must not be zero") }
      return Quaternion(axis: axis, angle: a[3] * angles.toRadians)
    }
    if let v = try numbers("xyaxes", count: 6) {
      var x = Vector3(v[0], v[1], v[2])
      guard x.length > 1e-10 else { throw error("xyaxes", "the x axis must not be zero") }
      x /= x.length
      var y = Vector3(v[3], v[4], v[5])
      y -= x * x.dot(y)
      guard y.length > 1e-10 else { throw error("xyaxes", "the y axis must not be parallel to x") }
      y /= y.length
      let z = x.cross(y)
      return Quaternion(rotationColumns: (x, y, z))
    }
    if let z = try vector("zaxis") {
      guard z.length > 1e-10 else { throw error("zaxis", "must not be zero") }
      return Quaternion(rotatingZTo: z)
    }
    return .identity
  }
}

extension Quaternion {
  /// The rotation whose matrix has the given orthonormal columns (body axes in world).
  init(rotationColumns c: (Vector3, Vector3, Vector3)) {
    let (m00, m10, m20) = (c.0.x, c.0.y, c.0.z)
    let (m01, m11, m21) = (c.1.x, c.1.y, c.1.z)
    let (m02, m12, m22) = (c.2.x, c.2.y, c.2.z)
    let trace = m00 + m11 + m22
    if trace > 0 {
      let s = (trace + 1).squareRoot() * 2
      self.init(w: s / 4, x: (m21 - m12) / s, y: (m02 - m20) / s, z: (m10 - m01) / s)
    } else if m00 > m11 && m00 > m22 {
      let s = (1 + m00 - m11 - m22).squareRoot() * 2
      self.init(w: (m21 - m12) / s, x: s / 4, y: (m01 + m10) / s, z: (m02 + m20) / s)
    } else if m11 > m22 {
      let s = (1 + m11 - m00 - m22).squareRoot() * 2
      self.init(w: (m02 - m20) / s, x: (m01 + m10) / s, y: s / 4, z: (m12 + m21) / s)
    } else {
      let s = (1 + m22 - m00 - m11).squareRoot() * 2
      self.init(w: (m10 - m01) / s, x: (m02 + m20) / s, y: (m12 + m21) / s, z: s / 4)
    }
    self = normalized
  }
}
