import Foundation

/// Odessa's one random number generator: xoshiro256** (Blackman & Vigna, 2018).
///
/// State: four 64-bit words, seeded from a single `UInt64` by running splitmix64 four times
/// (the seeding procedure the xoshiro authors recommend; it never yields the all-zero state).
/// Period 2^256 - 1. The state is `Codable`, so a checkpoint restores the exact stream:
/// the same seed, or the same saved state, always produces the same numbers.
///
/// - `nextUniform()`: Float in [0, 1) from the top 24 bits, i.e. multiples of 2^-24.
/// - `nextNormal()`: standard normal Float by the Box–Muller transform, in Double.
public struct RandomGenerator: RandomNumberGenerator, Codable, Sendable, Equatable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// The four state words s0...s3 (what a checkpoint stores).
  public var state: [UInt64] { [s0, s1, s2, s3] }

  /// Seeds the state with splitmix64(seed) applied four times.
  public init(seed: UInt64) {
    var seeder = SplitMix64(state: seed)
    s0 = seeder.next()
    s1 = seeder.next()
    s2 = seeder.next()
    s3 = seeder.next()
  }

  /// Restores a previously saved state (four words, not all zero).
  public init(state: [UInt64]) throws {
    guard state.count == 4, state.contains(where: { $0 != 0 }) else {
      throw RandomGeneratorError.invalidState(state)
    }
    s0 = state[0]
    s1 = state[1]
    s2 = state[2]
    s3 = state[3]
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    try self.init(state: container.decode([UInt64].self))
  }

  /// Encodes the four state words as one array.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(state)
  }

  /// Next 64 random bits (xoshiro256** step).
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let shifted = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= shifted
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// Uniform Float in [0, 1) with 24 random bits.
  public mutating func nextUniform() -> Float {
    Float(next() >> 40) * 0x1.0p-24
  }

  /// Uniform Float in [low, high).
  public mutating func nextUniform(low: Float, high: Float) -> Float {
    low + (high - low) * nextUniform()
  }

  /// Uniform Double in (0, 1] with 53 random bits (never 0, safe under log).
  public mutating func nextOpenUnitDouble() -> Double {
    (Double(next() >> 11) + 1) * 0x1.0p-53
  }

  /// Standard normal sample: sqrt(-2 ln u1) * cos(2 pi u2), u1 in (0, 1], u2 in [0, 1).
  public mutating func nextNormal() -> Float {
    let radius = (-2 * Foundation.log(nextOpenUnitDouble())).squareRoot()
    let angle = 2 * Double.pi * (Double(next() >> 11) * 0x1.0p-53)
    return Float(radius * Foundation.cos(angle))
  }

  /// Fills `buffer` with standard normal samples, two per Box–Muller pair.
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
    var index = 0
    while index < buffer.count {
      let radius = (-2 * Foundation.log(nextOpenUnitDouble())).squareRoot()
      let angle = 2 * Double.pi * (Double(next() >> 11) * 0x1.0p-53)
      buffer[index] = Float(radius * Foundation.cos(angle))
      if index + 1 < buffer.count {
        buffer[index + 1] = Float(radius * Foundation.sin(angle))
      }
      index += 2
    }
  }

  /// Uniform integer in 0..<upperBound, without modulo bias (Lemire's method).
  public mutating func nextIndex(below upperBound: Int) -> Int {
    precondition(upperBound > 0, "upperBound must be positive")
    return Int(next(upperBound: UInt64(upperBound)))
  }

  @inline(__always)
  private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }
}

/// A saved generator state that xoshiro256** cannot use.
public enum RandomGeneratorError: Error, CustomStringConvertible {
  case invalidState([UInt64])

  /// The message, naming the rejected words.
  public var description: String {
    switch self {
    case .invalidState(let words):
      return "invalid xoshiro256** state \(words): need 4 words, not all zero"
    }
  }
}

/// splitmix64 (Steele, Lea & Flood): used only to expand one seed into xoshiro's state.
public struct SplitMix64: Sendable {
  /// The 64-bit counter.
  public var state: UInt64

  /// A generator whose counter starts at `state`.
  public init(state: UInt64) {
    self.state = state
  }

  /// Next 64 bits: advance by the golden-ratio increment, then mix.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension RandomGenerator {
  /// Uniform Double in [0, 1) with 53 random bits.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform Double in [low, high).
  public mutating func nextDouble(low: Double, high: Double) -> Double {
    low + (high - low) * nextDouble()
  }

  /// Standard normal Double (Box–Muller, the cosine branch).
  public mutating func nextGaussian() -> Double {
    let radius = (-2 * Foundation.log(nextOpenUnitDouble())).squareRoot()
    return radius * Foundation.cos(2 * Double.pi * nextDouble())
  }
}
