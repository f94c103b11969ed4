import Foundation
import Testing
import Training

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
}
