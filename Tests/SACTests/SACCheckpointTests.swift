import Foundation
import NeuralNetworks
import SAC
import Testing
import TestSupport

/// Checkpoints: round trip, bit-exact resume, and clear errors for damaged checkpoints.
struct SACCheckpointTests {
  func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("sac-checkpoint-tests-\(UUID().uuidString)")
  }

  /// Trains `agent` for `updates` steps interleaved with acting and storing.
  func train(_ agent: LearnerHarness, updates: Int) -> [UpdateMetrics] {
    var metrics: [UpdateMetrics] = []
    var observation: [Float] = [0.1, 0.2, 0.3]
    for step in 0..<updates {
      let action = agent.exploratoryAction(observation: observation)
      let next = [observation[1], observation[2], action[0] + Float(step % 3)]
      if let result = agent.observe(
        observation: observation, action: action, reward: action[1] - 1, nextObservation: next,
        terminal: step % 11 == 10, truncated: false)
      {
        metrics.append(result)
      }
      observation = step % 11 == 10 ? [0.1, 0.2, 0.3] : next
    }
    return metrics
  }

  @Test func resumedAgentContinuesBitIdentically() throws {
    let uninterrupted = AgentFixtures.makeAgent(seed: 31)
    AgentFixtures.fill(uninterrupted, count: 50)
    _ = train(uninterrupted, updates: 15)
    let directory = temporaryDirectory()
    try uninterrupted.save(to: directory, includeReplayBuffer: true)
    let resumed = try LearnerHarness.load(from: directory)
    #expect(AgentFixtures.allWeights(resumed) == AgentFixtures.allWeights(uninterrupted))

    let expected = train(uninterrupted, updates: 15)
    let actual = train(resumed, updates: 15)
    #expect(actual == expected)
    #expect(AgentFixtures.allWeights(resumed) == AgentFixtures.allWeights(uninterrupted))
    #expect(resumed.generator == uninterrupted.generator)
    #expect(resumed.updateCount == uninterrupted.updateCount)
    #expect(resumed.environmentSteps == uninterrupted.environmentSteps)
  }

  @Test func weightsFileUsesPyTorchNamesAndShapes() throws {
    let agent = AgentFixtures.makeAgent(seed: 32)
    let directory = temporaryDirectory()
    try agent.save(to: directory)
    let weights = try SafeTensorsFile.read(
      from: directory.appendingPathComponent(SACCheckpoint.weightsFile))
    #expect(weights.tensors["actor.0.weight"]?.shape == [16, 3])
    #expect(weights.tensors["actor.4.weight"]?.shape == [4, 16])
    #expect(weights.tensors["qf1.0.weight"]?.shape == [16, 5])
    #expect(weights.tensors["qf2_target.4.bias"]?.shape == [1])
    #expect(weights.tensors["log_alpha"]?.floats() == [0])
    #expect(weights.metadata["format"] == "pt")
    #expect(!FileManager.default.fileExists(
      atPath: directory.appendingPathComponent(SACCheckpoint.replayFile).path))
    let loaded = try LearnerHarness.load(from: directory)
    #expect(loaded.replayBuffer.count == 0)
    #expect(AgentFixtures.allWeights(loaded) == AgentFixtures.allWeights(agent))
  }

  func expectLoadFailure(
    _ directory: URL, file: String, mentions fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try LearnerHarness.load(from: directory)
      Issue.record("load should have failed (\(fragment))", sourceLocation: sourceLocation)
    } catch {
      let message = "\(error)"
      #expect(message.contains(file), "message was: \(message)", sourceLocation: sourceLocation)
      #expect(
        message.contains(fragment), "message was: \(message)", sourceLocation: sourceLocation)
    }
  }

  /// A saved checkpoint made to look like the first format (no checksum manifest, format 1),
  /// so the structural checks below it are reached and tested on their own.
  func savedCheckpoint() throws -> URL {
    let directory = try verifiedCheckpoint()
    try FileManager.default.removeItem(at: directory.appendingPathComponent(CheckpointManifest.file))
    let stateURL = directory.appendingPathComponent(SACCheckpoint.stateFile)
    let text = try String(contentsOf: stateURL, encoding: .utf8)
    try text.replacingOccurrences(of: "\"formatVersion\" : 2", with: "\"formatVersion\" : 1")
      .write(to: stateURL, atomically: true, encoding: .utf8)
    return directory
  }

  /// A checkpoint as the current format writes it, with its manifest.
  func verifiedCheckpoint() throws -> URL {
    let agent = AgentFixtures.makeAgent(seed: 33)
    AgentFixtures.fill(agent, count: 40)
    let directory = temporaryDirectory()
    try agent.save(to: directory, includeReplayBuffer: true)
    return directory
  }

  @Test func checksumsCatchEditedCountersTruncationAndFlippedBytes() throws {
    // A digit changed in state.json still parses; its checksum does not match.
    var directory = try verifiedCheckpoint()
    let stateURL = directory.appendingPathComponent(SACCheckpoint.stateFile)
    let text = try String(contentsOf: stateURL, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "\"updateCount\" : 0", with: "\"updateCount\" : 7")
    #expect(edited != text)
    try edited.write(to: stateURL, atomically: true, encoding: .utf8)
    expectLoadFailure(directory, file: stateURL.path, mentions: "fails its checksum")
    // A truncated file is named with its sizes.
    directory = try verifiedCheckpoint()
    let replayURL = directory.appendingPathComponent(SACCheckpoint.replayFile)
    let replay = try Data(contentsOf: replayURL)
    try replay.prefix(replay.count - 1).write(to: replayURL)
    expectLoadFailure(directory, file: replayURL.path, mentions: "truncated or damaged")
    // One flipped bit inside a tensor's data fails that tensor's checksum.
    directory = try verifiedCheckpoint()
    let weightsURL = directory.appendingPathComponent(SACCheckpoint.weightsFile)
    var weights = try Data(contentsOf: weightsURL)
    weights[weights.count - 5] ^= 0x04
    try weights.write(to: weightsURL)
    expectLoadFailure(directory, file: weightsURL.path, mentions: "fails its checksum")
    // A missing manifest in the current format is an incomplete checkpoint.
    directory = try verifiedCheckpoint()
    try FileManager.default.removeItem(at: directory.appendingPathComponent(CheckpointManifest.file))
    expectLoadFailure(directory, file: CheckpointManifest.file, mentions: "missing")
  }

  @Test func editedSizesInStateAreRefusedBeforeAnythingIsAllocated() throws {
    let directory = try savedCheckpoint()
    let stateURL = directory.appendingPathComponent(SACCheckpoint.stateFile)
    let text = try String(contentsOf: stateURL, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "\"observationSize\" : 3", with: "\"observationSize\" : 300000000")
    #expect(edited != text)
    try edited.write(to: stateURL, atomically: true, encoding: .utf8)
    expectLoadFailure(directory, file: stateURL.path, mentions: "out of range")
  }

  @Test func nonFiniteValuesAreRefusedOnSaveAndOnLoad() throws {
    let agent = AgentFixtures.makeAgent(seed: 34)
    AgentFixtures.fill(agent, count: 40)
    agent.critics.q2.network.parameters[0][0, 0] = .nan
    do {
      try agent.save(to: temporaryDirectory())
      Issue.record("saved NaN weights")
    } catch {
      #expect("\(error)".contains("qf2.0.weight") && "\(error)".contains("nan"), "\(error)")
    }
    // A NaN written into the replay file (with its checksums made to match) is refused on load.
    let directory = try savedCheckpoint()
    let replayURL = directory.appendingPathComponent(SACCheckpoint.replayFile)
    var replay = try SafeTensorsFile.read(from: replayURL)
    var rewards = replay.tensors["rewards"]!.floats()
    rewards[3] = .nan
    replay.tensors["rewards"] = SafeTensor(shape: replay.tensors["rewards"]!.shape, floats: rewards)
    try replay.write(to: replayURL)
    expectLoadFailure(directory, file: replayURL.path, mentions: "poisoned")
  }

  @Test func rejectsTruncatedWeights() throws {
    let directory = try savedCheckpoint()
    let url = directory.appendingPathComponent(SACCheckpoint.weightsFile)
    let data = try Data(contentsOf: url)
    try data.prefix(data.count - 10).write(to: url)
    expectLoadFailure(directory, file: url.path, mentions: "outside")
  }

  @Test func rejectsBadHeaderJSON() throws {
    let directory = try savedCheckpoint()
    let url = directory.appendingPathComponent(SACCheckpoint.optimizerFile)
    var data = try Data(contentsOf: url)
    data[8] = UInt8(ascii: "[")
    try data.write(to: url)
    expectLoadFailure(directory, file: url.path, mentions: "JSON")
  }

  @Test func rejectsMissingTensor() throws {
    let directory = try savedCheckpoint()
    let url = directory.appendingPathComponent(SACCheckpoint.weightsFile)
    var weights = try SafeTensorsFile.read(from: url)
    weights.tensors["qf2.2.weight"] = nil
    try weights.write(to: url)
    expectLoadFailure(directory, file: url.path, mentions: "missing tensor 'qf2.2.weight'")
  }

  @Test func rejectsWrongShape() throws {
    let directory = try savedCheckpoint()
    let url = directory.appendingPathComponent(SACCheckpoint.weightsFile)
    var weights = try SafeTensorsFile.read(from: url)
    weights.tensors["actor.0.weight"] = SafeTensor(
      shape: [3, 16], floats: [Float](repeating: 0, count: 48))
    try weights.write(to: url)
    expectLoadFailure(directory, file: url.path, mentions: "shape [3, 16], expected [16, 3]")
  }

  @Test func rejectsConfigurationThatDoesNotMatchWeights() throws {
    let directory = try savedCheckpoint()
    let stateURL = directory.appendingPathComponent(SACCheckpoint.stateFile)
    let text = try String(contentsOf: stateURL, encoding: .utf8)
    let edited = text.replacingOccurrences(
      of: "\"hiddenSizes\" : [\n      16,\n      16\n    ]",
      with: "\"hiddenSizes\" : [\n      16,\n      8\n    ]")
    #expect(edited != text)
    try edited.write(to: stateURL, atomically: true, encoding: .utf8)
    expectLoadFailure(
      directory, file: SACCheckpoint.weightsFile, mentions: "expected [8, 16]")
  }

  @Test func rejectsDamagedStateAndReplay() throws {
    let directory = try savedCheckpoint()
    let replayURL = directory.appendingPathComponent(SACCheckpoint.replayFile)
    let replay = try Data(contentsOf: replayURL)
    try replay.prefix(4).write(to: replayURL)
    expectLoadFailure(directory, file: replayURL.path, mentions: "too short")

    let stateURL = directory.appendingPathComponent(SACCheckpoint.stateFile)
    try Data("{\"formatVersion\": 1".utf8).write(to: stateURL)
    expectLoadFailure(directory, file: stateURL.path, mentions: "invalid state JSON")
    try FileManager.default.removeItem(at: stateURL)
    expectLoadFailure(directory, file: stateURL.path, mentions: "cannot read")
  }

  @Test func savingLeavesNoTemporaryFiles() throws {
    let directory = try savedCheckpoint()
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names == ["optimizer.safetensors", "replay.safetensors", "state.json",
      "weights.safetensors"])
  }
}
