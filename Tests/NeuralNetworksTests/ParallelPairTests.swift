import Randomness
import NeuralNetworks
import Testing
import TestSupport

/// The two-lane runner: both lanes run, in parallel or serially, and results are identical.
struct ParallelPairTests {
  final class Recorder: PairedWork {
    let values = Matrix(rows: 1, columns: 2)
    func run(lane: Int) { values[0, lane] = Float(lane + 1) }
  }

  @Test(arguments: [false, true])
  func runsBothLanes(parallel: Bool) {
    let pair = ParallelPair(parallel: parallel)
    defer { pair.shutDown() }
    let recorder = Recorder()
    for _ in 0..<100 {
      recorder.values.fill(0)
      pair.run(recorder)
      #expect(recorder.values.toArray() == [1, 2])
    }
    var sums = (0, 0)
    pair.run({ sums.0 = (1...10).reduce(0, +) }, { sums.1 = (1...20).reduce(0, +) })
    #expect(sums == (55, 210))
  }

  @Test func splitBackwardMatchesSerialBackward() {
    var generator = RandomGenerator(seed: 3)
    let network = MLP(sizes: [5, 40, 33, 3], generator: &generator)
    let input = randomMatrix(rows: 9, columns: 5, generator: &generator)
    let probe = randomMatrix(rows: 9, columns: 3, generator: &generator)
    let workspace = network.makeWorkspace(batchSize: 9)
    network.forward(input, workspace: workspace)
    network.backward(input: input, outputGradient: probe, workspace: workspace)
    let serial = network.gradients.map { $0.toArray() }
    network.gradients.forEach { $0.fill(0) }
    let pair = ParallelPair(parallel: true)
    defer { pair.shutDown() }
    network.backward(input: input, outputGradient: probe, workspace: workspace, pair: pair)
    #expect(network.gradients.map { $0.toArray() } == serial)
  }

  @Test func adamHalvesMatchSerialStep() {
    var generator = RandomGenerator(seed: 4)
    let shapes = [(3, 17), (1, 5), (20, 3)]
    func makeOptimizer() -> Adam {
      var local = generator
      let parameters = shapes.map { randomMatrix(rows: $0.0, columns: $0.1, generator: &local) }
      let gradients = shapes.map { randomMatrix(rows: $0.0, columns: $0.1, generator: &local) }
      return Adam(parameters: parameters, gradients: gradients, learningRate: 0.01)
    }
    let serial = makeOptimizer()
    let split = makeOptimizer()
    let pair = ParallelPair(parallel: true)
    defer { pair.shutDown() }
    for _ in 0..<3 {
      serial.step()
      split.step(using: pair)
    }
    #expect(serial.parameters.map { $0.toArray() } == split.parameters.map { $0.toArray() })
    generator = RandomGenerator(seed: 5)
  }
}
