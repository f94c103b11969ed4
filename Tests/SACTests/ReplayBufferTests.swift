import Randomness
import NeuralNetworks
import Testing
import TestSupport

@testable import SAC

/// The replay ring: one stored copy per observation, correct s' at episode ends and after
/// wraparound, uniform sampling, and its memory footprint.
struct ReplayBufferTests {
  /// Adds an episode whose observation at step t is [start + t]; action and reward = start + t.
  func addEpisode(
    _ buffer: ReplayBuffer, start: Float, length: Int, terminal: Bool
  ) {
    buffer.beginEpisode(observation: [start])
    for t in 0..<length {
      let s = start + Float(t)
      let last = t == length - 1
      buffer.add(
        action: [s], reward: s, nextObservation: [s + 1], terminal: last && terminal,
        endsEpisode: last && !terminal)
    }
  }

  /// Every sampled row must be a real transition: s' = s + 1, a = r = s, terminal as stored.
  func sampleAndCheck(
    _ buffer: ReplayBuffer, terminalStates: Set<Float>, rows: Int = 2_000
  ) -> [Float: Int] {
    let batch = ReplayBatch(batchSize: rows, observationSize: 1, actionSize: 1)
    var generator = RandomGenerator(seed: 9)
    buffer.sample(into: batch, generator: &generator)
    var counts: [Float: Int] = [:]
    for row in 0..<rows {
      let s = batch.observations[row, 0]
      #expect(batch.nextObservations[row, 0] == s + 1, "wrong s' for s = \(s)")
      #expect(batch.actions[row, 0] == s && batch.rewards[row, 0] == s)
      #expect(batch.terminals[row, 0] == (terminalStates.contains(s) ? 1 : 0))
      counts[s, default: 0] += 1
    }
    return counts
  }

  @Test func storesEachObservationOnce() {
    let buffer = ReplayBuffer(capacity: 100, observationSize: 1, actionSize: 1)
    addEpisode(buffer, start: 0, length: 5, terminal: true)
    #expect(buffer.count == 5)
    #expect(buffer.filled == 6)  // s_0 ... s_5: five transitions share six observations
    addEpisode(buffer, start: 100, length: 3, terminal: false)
    #expect(buffer.count == 8)
    #expect(buffer.filled == 10)
  }

  @Test func nextObservationsAcrossEpisodeBoundaries() {
    let buffer = ReplayBuffer(capacity: 100, observationSize: 1, actionSize: 1)
    addEpisode(buffer, start: 0, length: 4, terminal: true)
    addEpisode(buffer, start: 10, length: 3, terminal: false)
    addEpisode(buffer, start: 20, length: 2, terminal: true)
    let counts = sampleAndCheck(buffer, terminalStates: [3, 21])
    #expect(Set(counts.keys) == [0, 1, 2, 3, 10, 11, 12, 20, 21])
  }

  @Test func wraparoundOverwritesOldestTransitions() {
    let buffer = ReplayBuffer(capacity: 10, observationSize: 1, actionSize: 1)
    addEpisode(buffer, start: 0, length: 4, terminal: true)  // slots 0...4
    addEpisode(buffer, start: 10, length: 4, terminal: false)  // slots 5...9
    addEpisode(buffer, start: 20, length: 3, terminal: true)  // slots 0...3, wraps
    // Slots 0-3 now hold 20...23, slot 4 still holds s = 4 (the old final s', no transition).
    #expect(buffer.count == 7)
    let counts = sampleAndCheck(buffer, terminalStates: [22])
    #expect(Set(counts.keys) == [10, 11, 12, 13, 20, 21, 22])
    // A long continuing episode keeps overwriting one slot ahead of itself.
    addEpisode(buffer, start: 30, length: 25, terminal: false)
    #expect(buffer.count == 9)
    let later = sampleAndCheck(buffer, terminalStates: [])
    #expect(Set(later.keys) == Set((46...54).map(Float.init)))
  }

  @Test func samplingIsUniformOverTransitions() {
    let buffer = ReplayBuffer(capacity: 64, observationSize: 1, actionSize: 1)
    addEpisode(buffer, start: 0, length: 20, terminal: true)
    addEpisode(buffer, start: 100, length: 20, terminal: false)
    let rows = 40_000
    let counts = sampleAndCheck(buffer, terminalStates: [19], rows: rows)
    #expect(counts.count == 40)
    let expected = Double(rows) / 40
    for (_, count) in counts {
      #expect(abs(Double(count) - expected) < 0.15 * expected)
    }
  }

  @Test func memoryIsAboutCapacityTimesRowWidth() {
    let capacity = 10_000
    let buffer = ReplayBuffer(capacity: capacity, observationSize: 24, actionSize: 6)
    let nominal = capacity * (24 + 6 + 2) * 4
    #expect(buffer.byteCount >= nominal)
    #expect(Double(buffer.byteCount) <= 1.1 * Double(nominal))
  }

  @Test func beginningAnEpisodeStartsANewSegment() {
    let buffer = ReplayBuffer(capacity: 16, observationSize: 1, actionSize: 1)
    buffer.beginEpisode(observation: [0])
    buffer.add(action: [0], reward: 0, nextObservation: [1], terminal: false, endsEpisode: false)
    // The caller abandons that episode and starts another at s = 5: a new segment, and no
    // transition links s' = 1 to s = 5.
    buffer.beginEpisode(observation: [5])
    buffer.add(action: [5], reward: 5, nextObservation: [6], terminal: false, endsEpisode: false)
    _ = sampleAndCheck(buffer, terminalStates: [])
    #expect(buffer.count == 2)
    #expect(buffer.isEpisodeOpen)
  }
}
