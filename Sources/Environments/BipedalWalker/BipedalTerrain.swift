import Randomness

/// The ground of BipedalWalker (Gymnasium's generator, in metres): 200 points a terrain step
/// apart, joined by straight edges, and axis-aligned boxes for obstacles — pit walls, stumps
/// and stair slabs, which only the hardcore version has.
///
/// The generator is a small state machine over grass, stump, stairs and pit. Grass is a
/// smoothed random walk pulled back towards the nominal height; at the end of each stretch of
/// 5 to 9 points the hardcore version draws the next obstacle. Only the distributions and the
/// order of draws are Gymnasium's: the generator is Odessa's, so a seed gives other terrain
/// than Gymnasium's does with the same seed.
public struct BipedalTerrain: Sendable, Equatable {
  /// Metres per Box2D pixel unit of the original (1/30).
  public static let scale = 1.0 / 30
  /// Horizontal spacing of the points (14 pixels).
  public static let step = 14 * scale
  /// Number of points.
  public static let length = 200
  /// Nominal ground height (a quarter of the 400-pixel view).
  public static let height = 400 * scale / 4
  /// Points of flat ground the walker starts on.
  public static let startPad = 20
  /// The x beyond which the walker has finished: ten steps before the last point.
  public static let finishX = Double(length - 10) * step

  /// An axis-aligned solid box: x from `left` to `right`, height from `bottom` to `top`.
  public struct Box: Sendable, Equatable {
    /// Left and right edges (m).
    public var left, right: Double
    /// Bottom and top (m).
    public var bottom, top: Double
  }

  /// Ground heights at x = i · step, i = 0..<200.
  public var heights: [Double]
  /// Pit walls, stumps and stair slabs, in the order made.
  public var obstacles: [Box]

  /// The x of point `i`.
  public static func x(_ i: Int) -> Double { Double(i) * step }

  /// The ground height at `x` along the edges (obstacles not included); the first or last
  /// point's height beyond the ends.
  public func surfaceHeight(at x: Double) -> Double {
    let position = x / Self.step
    guard position > 0 else { return heights[0] }
    let i = Int(position)
    guard i + 1 < heights.count else { return heights[heights.count - 1] }
    let t = position - Double(i)
    return heights[i] + t * (heights[i + 1] - heights[i])
  }

  private enum State: Int { case grass = 0, stump, stairs, pit }

  /// Generates the terrain, drawing from `random` in Gymnasium's order: per point the grass
  /// draw and the obstacle's draws, at the end of a stretch its length and (hardcore) the next
  /// obstacle.
  public init(hardcore: Bool, random: inout RandomGenerator) {
    let step = Self.step, nominal = Self.height
    func uniform(_ low: Double, _ high: Double) -> Double { random.nextDouble(low: low, high: high) }
    func integer(_ low: Int, _ high: Int) -> Int { low + random.nextIndex(below: high - low + 1) }

    var state = State.grass, velocity = 0.0, y = nominal, counter = Self.startPad, oneshot = false
    var stairSteps = 0, stairHeight = 0.0, originalY = 0.0
    let stairWidth = 4
    var heights: [Double] = []
    var obstacles: [Box] = []
    heights.reserveCapacity(Self.length)
    for i in 0..<Self.length {
      let x = Self.x(i)
      switch (state, oneshot) {
      case (.grass, false):
        velocity = 0.8 * velocity + 0.01 * sign(nominal - y)
        if i > Self.startPad { velocity += uniform(-1, 1) / 30 }
        y += velocity
      case (.pit, true):
        let width = integer(3, 4)
        obstacles.append(Box(left: x, right: x + step, bottom: y - 4 * step, top: y))
        let shift = Double(width) * step
        obstacles.append(Box(left: x + shift, right: x + shift + step, bottom: y - 4 * step, top: y))
        counter = width + 2
        originalY = y
      case (.pit, false):
        y = counter > 1 ? originalY - 4 * step : originalY
      case (.stump, true):
        let side = integer(1, 2)
        let size = Double(side) * step
        obstacles.append(Box(left: x, right: x + size, bottom: y, top: y + size))
        counter = side
      case (.stairs, true):
        stairHeight = uniform(0, 1) > 0.5 ? 1 : -1
        stairSteps = integer(3, 4)
        originalY = y
        let width = Double(stairWidth) * step
        for s in 0..<stairSteps {
          obstacles.append(Box(
            left: x + Double(s) * width, right: x + Double(s + 1) * width,
            bottom: y + (Double(s) * stairHeight - 1) * step, top: y + Double(s) * stairHeight * step))
        }
        counter = stairSteps * stairWidth
      case (.stairs, false):
        let k = Double(stairSteps * stairWidth - counter) - stairHeight
        y = originalY + k / Double(stairWidth) * stairHeight * step
      default:
        break
      }
      oneshot = false
      heights.append(y)
      counter -= 1
      if counter == 0 {
        counter = integer(Self.grassMinimum, Self.grassMaximum)
        if state == .grass, hardcore {
          state = State(rawValue: integer(1, 3))!
        } else {
          state = .grass
        }
        oneshot = true
      }
    }
    self.heights = heights
    self.obstacles = obstacles
  }

  /// Shortest and longest stretch of grass, in points.
  static let grassMinimum = 5
  static let grassMaximum = 9
}

/// −1, 0 or +1 by the sign of `value` (NumPy's sign, which the original uses).
func sign(_ value: Double) -> Double { value > 0 ? 1 : (value < 0 ? -1 : 0) }
