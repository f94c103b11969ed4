import Foundation
import NeuralNetworks

/// Cursor state of a replay buffer, stored in a checkpoint's JSON next to its tensors.
public struct ReplayBufferState: Codable, Sendable, Equatable {
  /// Number of slots (observations) the ring holds.
  public var capacity: Int
  /// Slot of the current observation.
  public var cursor: Int
  /// Whether slot `cursor` holds the last s' of an unfinished episode.
  public var episodeOpen: Bool
  /// Slots written at least once; the saved tensors hold this many rows.
  public var filled: Int
  /// Number of valid transitions, i.e. of sampleable rows.
  public var count: Int
}

extension ReplayBuffer {
  /// The ring's cursor state.
  var state: ReplayBufferState {
    ReplayBufferState(
      capacity: capacity, cursor: cursor, episodeOpen: episodeOpen, filled: filled, count: count)
  }

  /// The ring's contents as safetensors tensors (the filled slots only).
  func tensors() -> [String: SafeTensor] {
    func rows(_ matrix: Matrix) -> SafeTensor {
      let byteCount = filled * matrix.columns * MemoryLayout<Float>.stride
      #if _endian(little)
        return SafeTensor(
          dataType: .float32, shape: [filled, matrix.columns],
          bytes: Data(bytes: matrix.pointer, count: byteCount))
      #else
        return SafeTensor(
          shape: [filled, matrix.columns],
          floats: Array(UnsafeBufferPointer(start: matrix.pointer, count: filled * matrix.columns)))
      #endif
    }
    return [
      "observations": rows(observations), "actions": rows(actions), "rewards": rows(rewards),
      "terminals": rows(terminals),
      "valid": SafeTensor(shape: [filled], bytes: Array(valid[0..<filled])),
    ]
  }

  /// Restores contents and cursor; `problem` reports what does not fit.
  func restore(
    state: ReplayBufferState, tensors: [String: SafeTensor], problem: (String) -> Error
  ) throws {
    guard state.capacity == capacity else {
      throw problem("replay capacity \(state.capacity) does not match configured \(capacity)")
    }
    guard (0...capacity).contains(state.filled), (0..<capacity).contains(state.cursor),
      (0...state.filled).contains(state.count)
    else {
      throw problem("replay cursor state \(state) is out of range")
    }
    let expected: [(String, Matrix)] = [
      ("observations", observations), ("actions", actions), ("rewards", rewards),
      ("terminals", terminals),
    ]
    for (name, matrix) in expected {
      guard let tensor = tensors[name] else { throw problem("missing tensor '\(name)'") }
      guard tensor.dataType == .float32, tensor.shape == [state.filled, matrix.columns] else {
        throw problem(
          "tensor '\(name)' has \(tensor.dataType.rawValue) \(tensor.shape), expected F32 "
            + "[\(state.filled), \(matrix.columns)]")
      }
      tensor.copyFloats(into: matrix.pointer)
    }
    guard let flags = tensors["valid"], flags.dataType == .uint8, flags.shape == [state.filled]
    else {
      throw problem("tensor 'valid' is missing or not U8 [\(state.filled)]")
    }
    let validFlags = flags.uint8s()
    guard validFlags.filter({ $0 != 0 }).count == state.count else {
      throw problem("tensor 'valid' marks a different number of transitions than count")
    }
    for index in 0..<capacity { valid[index] = index < state.filled ? validFlags[index] : 0 }
    cursor = state.cursor
    episodeOpen = state.episodeOpen
    filled = state.filled
    count = state.count
  }
}
