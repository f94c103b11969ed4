import Foundation
import Environments
import SAC

extension RunConfiguration {
  /// Bytes the run will hold: the replay ring (capacity x (observation + action + 2) floats and
  /// a flag byte per slot) and the networks (actor, twin critics and their targets, each
  /// parameter with its gradient and two Adam moments, plus the batch activations).
  func memoryNeeded(observationSize: Int, actionSize: Int) -> (replay: Double, networks: Double) {
    let replay = Double(sac.replayCapacity) * (Double(observationSize + actionSize + 2) * 4 + 1)
    func parameters(_ sizes: [Int]) -> Double {
      zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0) * Double($1.1) + Double($1.1) }
    }
    let actor = parameters([observationSize] + sac.hiddenSizes + [2 * actionSize])
    let critic = parameters([observationSize + actionSize] + sac.hiddenSizes + [1])
    let activations = Double(sac.batchSize) * Double(sac.hiddenSizes.reduce(0, +)) * 4 * 8
    let networks = (actor * 4 + critic * 2 * 4 + critic * 2) * 4 + activations * 4
    return (replay, networks)
  }

  /// What the machine holds, in bytes.
  static var physicalMemory: Double {
    Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// Every suspicious (but allowed) combination of settings, in the user's words.
  public func warnings() -> [String] {
    var found = [String]()
    if sac.learningStarts >= steps {
      found.append("--learning-starts \(sac.learningStarts) is not below --steps \(steps): the whole run acts at random and never updates")
    }
    if sac.replayCapacity < sac.batchSize * 4 {
      found.append("--buffer-size \(sac.replayCapacity) holds fewer than 4 batches of --batch-size \(sac.batchSize)")
    }
    if evalEpisodes > 0 && evalEvery > steps {
      found.append("--eval-every \(evalEvery) is above --steps \(steps): the run is evaluated only at its end")
    }
    return found
  }
}

/// Refuses a run whose replay buffer and networks would not fit in this machine's memory
/// (allocating them would abort the process after the run folder was made).
func checkMemory(_ configuration: RunConfiguration, spec: EnvironmentSpec) throws {
  let (replay, networks) = configuration.memoryNeeded(
    observationSize: spec.observationSize, actionSize: spec.actionSize)
  let available = RunConfiguration.physicalMemory * 0.8
  func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
  if replay + networks > available {
    let culprit = replay >= networks
      ? "--buffer-size \(configuration.sac.replayCapacity) needs \(gigabytes(replay)) for the replay buffer "
        + "(\(spec.observationSize + spec.actionSize + 2) floats per transition)"
      : "--hidden-sizes \(configuration.sac.hiddenSizes.map(String.init).joined(separator: " ")) needs "
        + "\(gigabytes(networks)) for the networks and their optimiser state"
    throw TrainingError.configuration(
      "\(culprit); this machine has \(gigabytes(RunConfiguration.physicalMemory)) of memory, of which a run may use 80 %")
  }
}
