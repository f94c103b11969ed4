import Randomness
import NeuralNetworks

/// Fixed-capacity ring of transitions that stores every observation once.
///
/// Slot i holds an observation o_i and, when `valid[i]`, the transition leaving it:
/// action a_i, reward r_i, terminal flag d_i, and next observation o_{i+1 mod capacity}.
/// Consecutive steps of an episode therefore share storage: s' of one step is s of the next.
/// When an episode ends (terminal or truncated), the final s' occupies one slot with no
/// transition of its own and the next episode starts in the slot after it. The training loop
/// says where episodes begin (`beginEpisode`) and end (`add(…endsEpisode:)`). An episode of T
/// steps uses T + 1 slots; writing a slot invalidates the transition that was stored there.
///
/// Memory: capacity x (observationSize + actionSize + 2) floats plus one flag byte per slot.
/// Sampling is uniform over valid transitions (rejection over the filled slots).
public final class ReplayBuffer {
  /// Number of slots (observations) the ring holds.
  public let capacity: Int
  /// Entries of an observation (floats per stored observation).
  public let observationSize: Int
  /// Action dimensions (floats per stored action).
  public let actionSize: Int
  let observations: Matrix
  let actions: Matrix
  let rewards: Matrix
  let terminals: Matrix
  var valid: [UInt8]
  /// Slot of the current observation (the s of the next transition when `episodeOpen`).
  var cursor = 0
  /// Whether slot `cursor` holds the last s' of an unfinished episode.
  var episodeOpen = false
  /// Slots written at least once (grows to capacity).
  var filled = 0
  /// Number of valid transitions, i.e. of sampleable rows.
  public internal(set) var count = 0

  /// Allocates the ring; nothing is allocated later.
  public init(capacity: Int, observationSize: Int, actionSize: Int) {
    precondition(capacity >= 2, "Replay capacity must be at least 2")
    self.capacity = capacity
    self.observationSize = observationSize
    self.actionSize = actionSize
    observations = Matrix(rows: capacity, columns: observationSize)
    actions = Matrix(rows: capacity, columns: actionSize)
    rewards = Matrix(rows: capacity, columns: 1)
    terminals = Matrix(rows: capacity, columns: 1)
    valid = [UInt8](repeating: 0, count: capacity)
  }

  /// Bytes held by the ring's storage.
  public var byteCount: Int {
    (observations.count + actions.count + rewards.count + terminals.count)
      * MemoryLayout<Float>.stride + valid.count
  }

  /// Starts an episode at `observation`, its first s. The training loop calls this after
  /// every reset, so episode boundaries never have to be guessed from the data.
  public func beginEpisode(observation: [Float]) {
    precondition(observation.count == observationSize, "Observation size mismatch")
    if episodeOpen || filled > 0 { advanceCursor() }
    write(observation, slot: cursor)
    episodeOpen = true
  }

  /// Stores one step of the open episode: a taken in the current s, then r and s'.
  ///
  /// - Parameters:
  ///   - action: a, in environment units.
  ///   - reward: r.
  ///   - nextObservation: s', which becomes the current s.
  ///   - terminal: true only for a real end (the target will not bootstrap past it).
  ///   - endsEpisode: true when the episode ends here, by a real end or a time-limit cut;
  ///     the next step must then come after `beginEpisode`.
  public func add(
    action: [Float], reward: Float, nextObservation: [Float], terminal: Bool, endsEpisode: Bool
  ) {
    precondition(episodeOpen, "add(action:…) needs an open episode: call beginEpisode first")
    precondition(nextObservation.count == observationSize, "Observation size mismatch")
    precondition(action.count == actionSize, "Action size mismatch")
    let next = (cursor + 1) % capacity
    write(nextObservation, slot: next)
    actions.rowPointer(cursor).update(from: action, count: actionSize)
    rewards[cursor, 0] = reward
    terminals[cursor, 0] = terminal ? 1 : 0
    if valid[cursor] == 0 { count += 1 }
    valid[cursor] = 1
    cursor = next
    episodeOpen = !(terminal || endsEpisode)
  }

  /// Whether an episode is open (a step may be added without `beginEpisode`).
  public var isEpisodeOpen: Bool { episodeOpen }

  /// Fills `batch` with transitions drawn uniformly, with replacement, using `generator`.
  public func sample(into batch: ReplayBatch, generator: inout RandomGenerator) {
    precondition(count > 0, "Cannot sample an empty replay buffer")
    precondition(batch.observations.columns == observationSize, "Batch shape mismatch")
    for row in 0..<batch.batchSize {
      var slot = generator.nextIndex(below: filled)
      while valid[slot] == 0 { slot = generator.nextIndex(below: filled) }
      copyTransition(slot: slot, into: batch, row: row)
    }
  }

  /// Copies the transition of `slot` into row `row` of `batch`.
  func copyTransition(slot: Int, into batch: ReplayBatch, row: Int) {
    let next = (slot + 1) % capacity
    batch.observations.rowPointer(row).update(
      from: observations.rowPointer(slot), count: observationSize)
    batch.nextObservations.rowPointer(row).update(
      from: observations.rowPointer(next), count: observationSize)
    batch.actions.rowPointer(row).update(from: actions.rowPointer(slot), count: actionSize)
    batch.rewards[row, 0] = rewards[slot, 0]
    batch.terminals[row, 0] = terminals[slot, 0]
  }

  private func advanceCursor() {
    cursor = (cursor + 1) % capacity
  }

  /// Writes `values` as the observation of `slot`, invalidating the transition stored there.
  private func write(_ values: [Float], slot: Int) {
    if valid[slot] != 0 {
      valid[slot] = 0
      count -= 1
    }
    observations.rowPointer(slot).update(from: values, count: observationSize)
    filled = max(filled, slot + 1)
  }
}
