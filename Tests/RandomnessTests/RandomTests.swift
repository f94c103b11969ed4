import Randomness
import Foundation
import Testing
import TestSupport

/// The xoshiro256** generator: reproducibility, ranges, moments and state round trips.
struct RandomTests {
  @Test func splitMixMatchesReferenceValues() {
    // First outputs of splitmix64 seeded with 0 (reference implementation by Vigna).
    var seeder = SplitMix64(state: 0)
    #expect(seeder.next() == 0xE220_A839_7B1D_CDAF)
    #expect(seeder.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func sameSeedSameStream() {
    var a = RandomGenerator(seed: 42)
    var b = RandomGenerator(seed: 42)
    var c = RandomGenerator(seed: 43)
    let first = (0..<10).map { _ in a.next() }
    #expect(first == (0..<10).map { _ in b.next() })
    #expect(first != (0..<10).map { _ in c.next() })
  }

  @Test func uniformAndNormalMoments() {
    var generator = RandomGenerator(seed: 7)
    let count = 100_000
    var uniformSum = 0.0
    for _ in 0..<count {
      let value = generator.nextUniform()
      #expect(value >= 0 && value < 1)
      uniformSum += Double(value)
    }
    #expect(abs(uniformSum / Double(count) - 0.5) < 0.01)
    var values = [Float](repeating: 0, count: count)
    values.withUnsafeMutableBufferPointer { generator.fillNormal($0) }
    let mean = values.reduce(0.0) { $0 + Double($1) } / Double(count)
    let variance = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(count)
    #expect(abs(mean) < 0.02)
    #expect(abs(variance - 1) < 0.02)
  }

  @Test func stateRoundTripsThroughJSON() throws {
    var generator = RandomGenerator(seed: 99)
    _ = generator.next()
    let data = try JSONEncoder().encode(generator)
    var restored = try JSONDecoder().decode(RandomGenerator.self, from: data)
    #expect(restored == generator)
    #expect(restored.next() == generator.next())
  }

  @Test func rejectsAllZeroState() {
    #expect(throws: RandomGeneratorError.self) {
      _ = try RandomGenerator(state: [0, 0, 0, 0])
    }
  }
}
