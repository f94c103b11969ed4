import ArgumentParser
import Environments
import Training

/// `odessa list`: tasks, families and model files.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the suite's tasks with their observation and action sizes, and the model files found.")

  @Option(help: "Folder of the model files.")
  var models = ModelsFolder.default

  func run() throws {
    print(Terminal.clean(TaskCatalog.listing(modelsFolder: models)))
  }
}
