import Foundation
import Testing
import Training
import TestSupport

@Suite struct RunConfigurationDecodingTests {
  @Test func aConfigurationFromBeforeTensorBoardStillLoads() throws {
    // config.json as runs wrote it before the tensorboard field existed.
    let json = """
      {"task": "walker-walk", "modelsFolder": "/m", "seed": 3, "steps": 5000, "evalEvery": 1000, "evalEpisodes": 2,
       "checkpointEvery": 2500, "saveReplayBuffer": true, "logEvery": 100, "threads": 1, "sac": {"batchSize": 64}}
      """
    let configuration = try JSONDecoder().decode(RunConfiguration.self, from: Data(json.utf8))
    #expect(configuration.task == "walker-walk" && configuration.seed == 3 && configuration.steps == 5_000)
    #expect(configuration.tensorboard == false)
    #expect(configuration.sac.batchSize == 64)
    var withTensorBoard = configuration
    withTensorBoard.tensorboard = true
    let again = try JSONDecoder().decode(RunConfiguration.self, from: JSONEncoder().encode(withTensorBoard))
    #expect(again == withTensorBoard)
  }

  @Test func runsFromBeforeTheCoordinateStepKeepODEsPositionUpdate() throws {
    // config.json as runs wrote it before `jointCoordinates`: the policy was trained with ODE's
    // own position update, so its environment keeps it; a new run records the coordinate step.
    let json = """
      {"task": "hopper-stand", "modelsFolder": "\(RepositoryPaths.models)", "seed": 1, "groupsHinges": true}
      """
    let old = try JSONDecoder().decode(RunConfiguration.self, from: Data(json.utf8))
    #expect(old.jointCoordinates == nil)
    #expect(try old.environmentFactory().simulation.model.options.stepsInJointCoordinates == false)
    let new = RunConfiguration(task: "hopper-stand", modelsFolder: RepositoryPaths.models)
    #expect(new.jointCoordinates == true)
    let again = try JSONDecoder().decode(RunConfiguration.self, from: JSONEncoder().encode(new))
    #expect(again.jointCoordinates == true)
    #expect(try again.environmentFactory().simulation.model.options.stepsInJointCoordinates == true)
  }
}
