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
    .executable(name: "odessa", targets: ["odessa"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
    // Soft Actor-Critic: squashed-Gaussian actor, twin critics, replay, the agent, checkpoints.
    .target(name: "SAC", dependencies: ["NeuralNetworks", "Randomness"]),
    // Runs: training with evaluation, metrics, checkpoints and resume; evaluation, plots,
    // rendering and export. Everything the CLI does lives here.
    .target(name: "Training", dependencies: ["SAC", "NeuralNetworks", "Environments", "Physics", "Randomness"]),
    // Odessa's one seeded random number generator (xoshiro256**), shared by every target.
    .target(name: "Randomness"),
    // The command-line tool: thin, every subcommand calls one library function.
    .executableTarget(
      name: "odessa",
      dependencies: [
        "Physics", "Randomness", "Environments", "SAC", "NeuralNetworks", "Training",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "PhysicsTests", dependencies: ["Physics", "CODE", "Randomness"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
    .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "Physics", "Randomness"]),
    .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Randomness"]),
    .testTarget(name: "SACTests", dependencies: ["SAC", "NeuralNetworks", "Randomness"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "SAC", "Environments"]),
    // Runs the built tool on tiny budgets (make test builds it first).
    .testTarget(name: "odessaTests", dependencies: ["odessa"]),
  ]
)
