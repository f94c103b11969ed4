// swift-tools-version:6.0
// Odessa: Soft Actor-Critic agents trained on rigid-body tasks simulated by the Open Dynamics Engine.
import PackageDescription

let package = Package(
  name: "Odessa",
  products: [
    .library(name: "Physics", targets: ["Physics"]),
    .library(name: "Environments", targets: ["Environments"]),
    .library(name: "NeuralNetworks", targets: ["NeuralNetworks"]),
    .library(name: "SAC", targets: ["SAC"]),
    .library(name: "Training", targets: ["Training"]),
    .library(name: "Randomness", targets: ["Randomness"]),
    .executable(name: "odessa", targets: ["odessa"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    // OpenBLAS (Debian's libopenblas-dev) for cblas_sgemm.
    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    // The Open Dynamics Engine (Debian's libode-dev, double precision).
    .systemLibrary(
      name: "CODE",
      pkgConfig: "ode",
      providers: [.apt(["libode-dev"])]
    ),
    // A safe Swift API over ODE: worlds, bodies, geoms, joints, contacts, snapshots, and the
    // MJCF-subset model loader.
    .target(name: "Physics", dependencies: ["CODE"]),
    // The environment API, reward helpers, the task suite and the task families.
    .target(name: "Environments", dependencies: ["Physics", "Randomness"]),
    // Float32 matrices over BLAS, layers with hand-written backward passes, Adam, safetensors.
    .target(name: "NeuralNetworks", dependencies: ["CBLAS", "Randomness"]),
    // Soft Actor-Critic: the policy, the learner (twin critics, targets, temperature, update),
    // the replay buffer, checkpoints, and the settings stated once.
    .target(name: "SAC", dependencies: ["NeuralNetworks", "Randomness"]),
    // Runs: the one training loop with evaluation, metrics, checkpoints and resume; evaluation,
    // plots, rendering and export of a trained policy.
    .target(name: "Training", dependencies: ["SAC", "NeuralNetworks", "Environments", "Physics", "Randomness", "TensorBoard"]),
    // TensorBoard event files of scalar summaries: messages generated from protos/ by
    // swift-protobuf, TFRecord framing with CRC-32C.
    .target(
      name: "TensorBoard", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
    // Sweeps: grids of tasks × seeds × settings run as child processes here or as a SLURM job
    // array, and their report with robust statistics (IQM, stratified bootstrap intervals).
    .target(
      name: "Sweeps",
      dependencies: ["Training", "SAC", "NeuralNetworks", "Randomness", .product(name: "Yams", package: "Yams")]),
    // Odessa's one seeded random number generator (xoshiro256**), shared by every target.
    .target(name: "Randomness"),
    // `odessa bench` and `odessa physics-demo`: speed measurements and the physics demo, kept
    // out of the libraries. Only the command-line tool uses it.
    .target(
      name: "Benchmarks",
      dependencies: ["CODE", "Physics", "Environments", "NeuralNetworks", "SAC", "Randomness"]),
    // The command-line tool: thin, every subcommand calls one library function.
    .executableTarget(
      name: "odessa",
      dependencies: [
        "Physics", "Randomness", "Environments", "SAC", "NeuralNetworks", "Training", "Benchmarks", "Sweeps",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // What every test target shares: float64 references, model and tool lookups, temporary folders.
    .target(
      name: "TestSupport",
      dependencies: ["Physics", "Environments", "NeuralNetworks", "Randomness"],
      path: "Tests/TestSupport"),
    .testTarget(name: "PhysicsTests", dependencies: ["Physics", "CODE", "Randomness", "Benchmarks", "TestSupport"]),
    .testTarget(name: "TensorBoardTests", dependencies: ["TensorBoard", "TestSupport"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness", "TestSupport"]),
    .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "Physics", "Randomness", "Benchmarks", "TestSupport"]),
    .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Randomness", "TestSupport"]),
    .testTarget(name: "SACTests", dependencies: ["SAC", "NeuralNetworks", "Randomness", "TestSupport"]),
    .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "SAC", "Environments", "TestSupport"]),
    .testTarget(
      name: "TrainingTests",
      dependencies: ["Training", "SAC", "Environments", "Physics", "Randomness", "TestSupport"]),
    .testTarget(
      name: "SweepsTests", dependencies: ["Sweeps", "Training", "SAC", "Randomness", "TestSupport"]),
    // Runs the built tool on tiny budgets (make test builds it first).
    .testTarget(name: "odessaTests", dependencies: ["odessa", "TestSupport", "Randomness"]),
  ]
)
