import ArgumentParser

/// The `odessa` command: train, evaluate and inspect Soft Actor-Critic agents on ODE tasks.
@main
struct Odessa: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "odessa",
    abstract: "Soft Actor-Critic on rigid-body tasks simulated by the Open Dynamics Engine.",
    subcommands: [
      TrainCommand.self, EvalCommand.self, ResumeCommand.self, PlotCommand.self, RenderCommand.self,
      ExportCommand.self, ReplayCommand.self,
      ListCommand.self,
      SweepCommand.self,
      ModelCommand.self, BenchCommand.self,
      DemoCommand.self,
    ]
  )
}
