/// An interval of allowed values, each end open or closed, printed the way the help text and
/// the error messages show it: "(0, 1]", "[1, 4096]", "any finite number".
public struct AllowedRange: Sendable, Equatable {
  /// The lower end; -infinity for none.
  public var lower: Double
  /// The upper end; +infinity for none.
  public var upper: Double
  /// Whether `lower` itself is allowed (a closed lower end).
  public var lowerIncluded: Bool
  /// Whether `upper` itself is allowed (a closed upper end).
  public var upperIncluded: Bool

  /// [lower, upper].
  public static func closed(_ lower: Double, _ upper: Double) -> AllowedRange {
    AllowedRange(lower: lower, upper: upper, lowerIncluded: true, upperIncluded: true)
  }
  /// (lower, upper].
  public static func leftOpen(_ lower: Double, _ upper: Double) -> AllowedRange {
    AllowedRange(lower: lower, upper: upper, lowerIncluded: false, upperIncluded: true)
  }
  /// [lower, upper).
  public static func rightOpen(_ lower: Double, _ upper: Double) -> AllowedRange {
    AllowedRange(lower: lower, upper: upper, lowerIncluded: true, upperIncluded: false)
  }
  /// Every finite number.
  public static let finite = AllowedRange(
    lower: -.infinity, upper: .infinity, lowerIncluded: false, upperIncluded: false)

  /// Whether `value` is finite and inside.
  public func contains(_ value: Double) -> Bool {
    guard value.isFinite else { return false }
    let aboveLower = lowerIncluded ? value >= lower : value > lower
    let belowUpper = upperIncluded ? value <= upper : value < upper
    return aboveLower && belowUpper
  }

  /// "(0, 1]" or "any finite number".
  public var text: String {
    if lower == -.infinity && upper == .infinity { return "any finite number" }
    return (lowerIncluded ? "[" : "(") + Self.number(lower) + ", " + Self.number(upper)
      + (upperIncluded ? "]" : ")")
  }

  static func number(_ value: Double) -> String {
    if value == .infinity { return "∞" }
    if value == -.infinity { return "-∞" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }
}

/// One numeric setting, stated once: the command-line flag that sets it, what it means, the
/// values it may take, and where it lives in its configuration type `Root` (whose default
/// value is the setting's default). Help text, validation messages and the CLI's flags all
/// come from here, so they cannot disagree.
public struct Setting<Root>: @unchecked Sendable {
  /// The long flag without dashes, e.g. "actor-lr".
  public let flag: String
  /// What the setting means, one sentence.
  public let meaning: String
  /// The allowed values.
  public let range: AllowedRange
  /// Whether only whole numbers are allowed.
  public let isInteger: Bool
  /// Reads the value (integers as Double) from a configuration; nil when unset (optional).
  public let read: (Root) -> Double?
  /// Writes a value that `range` allows.
  public let write: (inout Root, Double) -> Void

  private init(
    flag: String, meaning: String, range: AllowedRange, isInteger: Bool,
    read: @escaping (Root) -> Double?, write: @escaping (inout Root, Double) -> Void
  ) {
    self.flag = flag
    self.meaning = meaning
    self.range = range
    self.isInteger = isInteger
    self.read = read
    self.write = write
  }

  /// A floating-point setting.
  public init(
    _ flag: String, _ keyPath: WritableKeyPath<Root, Double>, _ range: AllowedRange,
    _ meaning: String
  ) {
    self.init(
      flag: flag, meaning: meaning, range: range, isInteger: false,
      read: { $0[keyPath: keyPath] }, write: { $0[keyPath: keyPath] = $1 })
  }

  /// An optional floating-point setting (nil means "derived", as the meaning says).
  public init(
    _ flag: String, _ keyPath: WritableKeyPath<Root, Double?>, _ range: AllowedRange,
    _ meaning: String
  ) {
    self.init(
      flag: flag, meaning: meaning, range: range, isInteger: false,
      read: { $0[keyPath: keyPath] }, write: { $0[keyPath: keyPath] = $1 })
  }

  /// An integer setting; out-of-range values saturate, so `problem` can still name them.
  public init(
    _ flag: String, _ keyPath: WritableKeyPath<Root, Int>, _ range: AllowedRange,
    _ meaning: String
  ) {
    self.init(
      flag: flag, meaning: meaning, range: range, isInteger: true,
      read: { Double($0[keyPath: keyPath]) },
      write: { $0[keyPath: keyPath] = $1.isNaN ? Int.min : Int(exactly: $1.rounded()) ?? ($1 > 0 ? .max : .min) })
  }

  /// The value in `configuration`, as text.
  public func valueText(_ configuration: Root) -> String {
    guard let value = read(configuration) else { return "unset" }
    return isInteger ? String(Int(value)) : "\(value)"
  }

  /// The problem with the value in `configuration`, naming the flag; nil when it is allowed.
  public func problem(_ configuration: Root) -> String? {
    guard let value = read(configuration) else { return nil }
    return problem(value: value, shown: valueText(configuration))
  }

  /// The problem with `value` as given for this setting (before it is stored), naming the flag.
  public func problem(value: Double, shown: String? = nil) -> String? {
    let whole = value == value.rounded() && abs(value) < 9e18
    if range.contains(value) && (!isInteger || whole) { return nil }
    let kind = isInteger && !whole ? "a whole number " : ""
    let text = shown ?? (isInteger && whole ? String(Int(value)) : "\(value)")
    return "--\(flag) must be \(kind)\(allowedText), got \(text)"
  }

  /// "between 1 and 100", "1 or 2" (integer ranges), or "in (0, 1]".
  var allowedText: String {
    if isInteger, range.lowerIncluded, range.upperIncluded, range.lower.isFinite, range.upper.isFinite {
      let (low, high) = (AllowedRange.number(range.lower), AllowedRange.number(range.upper))
      return range.upper == range.lower + 1 ? "\(low) or \(high)" : "between \(low) and \(high)"
    }
    return "in \(range.text)"
  }

  /// The help line: the meaning, the default and the allowed values.
  public func help(defaults: Root) -> String {
    let value = read(defaults)
    let defaultText = value == nil ? "" : "default \(valueText(defaults)); "
    return "\(meaning) (\(defaultText)\(allowedText))."
  }
}
