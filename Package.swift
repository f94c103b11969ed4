// swift-tools-version:6.0
// Odessa: Soft Actor-Critic agents trained on rigid-body tasks simulated by the Open Dynamics Engine.
import PackageDescription

let package = Package(
  name: "Odessa",
  products: [
    .library(name: "Physics", targets: ["Physics"]),
    .executable(name: "odessa", targets: ["odessa"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
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
    // Odessa's one seeded random number generator (xoshiro256**), shared by every target.
    .target(name: "Randomness"),
    // The command-line tool: thin, every subcommand calls one library function.
    .executableTarget(
      name: "odessa",
      dependencies: [
        "Physics", "Randomness", "Environments",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "PhysicsTests", dependencies: ["Physics", "CODE", "Randomness"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
    .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "Physics", "Randomness"]),
  ]
)
