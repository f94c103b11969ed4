/// The observation vector a task writes, field by field, in dm_control's order.
///
/// A task calls `put("height", value)` or `put("velocity", values)` for each quantity; consecutive
/// puts under one name form one field. The environment runs `observe` once when it is built to
/// learn the layout (names, offsets, sizes), so a task states its observation in one place.
public struct Observation {
  /// The values, in order.
  public private(set) var values: [Float]
  private var index = 0
  /// The layout being recorded, when learning it.
  private var fields: [ObservationField]?

  /// A writer that records the layout as it goes.
  static func recordingLayout() -> Observation {
    var observation = Observation(size: 0)
    observation.fields = []
    return observation
  }

  /// A writer into `size` values.
  init(size: Int) {
    values = [Float](repeating: 0, count: size)
  }

  /// The recorded layout.
  var layout: [ObservationField] { fields ?? [] }

  /// Rewinds to the first value (before a task writes a new observation).
  mutating func rewind() {
    index = 0
  }

  /// Appends one value to the field `name`.
  public mutating func put(_ name: StaticString, _ value: Double) {
    if fields != nil {
      extend(name, by: 1)
      values.append(Float(value))
    } else {
      values[index] = Float(value)
    }
    index += 1
  }

  /// Appends every value of `list` to the field `name`.
  public mutating func put<Values: Collection<Double>>(_ name: StaticString, _ list: Values) {
    for value in list { put(name, value) }
  }

  private mutating func extend(_ name: StaticString, by count: Int) {
    let text = name.description
    if let last = fields!.last, last.name == text {
      fields![fields!.count - 1].count += count
    } else {
      fields!.append(ObservationField(name: text, offset: index, count: count))
    }
  }
}
