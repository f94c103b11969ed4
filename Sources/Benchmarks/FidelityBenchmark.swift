import Foundation
import Physics
import Randomness
import Environments

/// `odessa bench fidelity`: the same initial state and the same controls run in Odessa and in
/// MuJoCo (the `mujoco` package from PyPI, through `scripts/fidelity_mujoco.py`), one task per
/// suite model file, with three control sequences (zero, uniform random, smooth periodic), and a
/// trained policy's own actions when one is given. For each it reports how far the joint
/// positions and velocities have separated after 1, 10 and 100 control steps (each coordinate
/// normalised by its joint's range, or by its spread over MuJoCo's random-control trajectory),
/// the one-step error along the whole run (MuJoCo restarted from each of Odessa's states), the
/// mean per-step difference of the task's reward, and the first step at which some position
/// coordinate is off by more than the threshold.
package enum FidelityBenchmark {
  /// One task per model file of the suite (finger-turn, whose model the task does not edit).
  package static let defaultTasks = [
    "pendulum-swingup", "cartpole-swingup", "cartpole-two_poles", "cartpole-three_poles", "acrobot-swingup",
    "point_mass-easy", "reacher-easy", "ball_in_cup-catch", "finger-turn_easy", "cheetah-run", "walker-walk",
    "hopper-hop", "swimmer-swimmer6", "swimmer-swimmer15", "fish-swim", "manipulator-bring_ball",
    "quadruped-walk", "humanoid-walk",
  ]

  /// Tasks that change their model in code (finger-spin's spinner damping, point_mass-hard's
  /// tendons each episode): MuJoCo's side would run the unedited file, so they are refused.
  package static let tasksEditingTheirModel: Set<String> = ["finger-spin", "point_mass-hard"]

  /// The control sequences: three fixed ones, and a trained policy's closed-loop actions in
  /// Odessa (replayed open-loop in MuJoCo).
  package enum Controls: String, CaseIterable, Codable, Sendable {
    case zero, random, periodic, policy

    /// The sequences every task runs.
    package static let standard: [Controls] = [.zero, .random, .periodic]
  }

  /// A trained policy to run as a fourth control sequence: its task and its deterministic action.
  package struct PolicyControls {
    package var task: String
    package var act: ([Float]) -> [Float]
    package init(task: String, act: @escaping ([Float]) -> [Float]) {
      self.task = task
      self.act = act
    }
  }

  /// One task under one control sequence.
  package struct Case: Codable, Sendable {
    package var task: String
    package var controls: Controls
    /// Control steps compared (fewer when either simulation diverged).
    package var steps: Int
    /// Largest normalised position error over the coordinates after 1, 10 and 100 steps.
    package var positionError: [Double]
    /// Mean normalised position error over the coordinates after 1, 10 and 100 steps.
    package var meanPositionError: [Double]
    /// Largest normalised velocity error after 1, 10 and 100 steps.
    package var velocityError: [Double]
    /// The one-step error along the run: MuJoCo restarted from Odessa's state before each
    /// control step, with the same control; the largest normalised position error after that
    /// step, its median and its largest value over the steps (empty when not measured).
    package var stepError: [Double] = []
    /// The control step (1-based: the step that led to state k) with the largest one-step error,
    /// to find what happened there (a touch, a stop); nil when not measured.
    package var worstStep: Int?
    /// Mean |reward difference| per step over the compared steps.
    package var rewardDifference: Double
    /// The two returns over the compared steps (MuJoCo's states scored by Odessa's task).
    package var odessaReturn: Double
    package var mujocoReturn: Double
    /// First step whose largest normalised position error exceeds the threshold; nil if none.
    package var separationStep: Int?
    /// The coordinate that separated first (or is furthest off at the end).
    package var worstCoordinate: String
    /// Why the case could not be compared, if it could not.
    package var error: String?
  }

  /// The whole report.
  package struct Result: Codable, Sendable {
    package var benchmark = "fidelity"
    package var mujocoVersion: String
    package var threshold: Double
    package var steps: Int
    /// "exact" (dWorldStep) or "quick:N" on Odessa's side.
    package var stepper = "exact"
    package var cases: [Case]

    /// One line of JSON.
    package func jsonLine() throws -> String {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
  }

  /// The checkpoints at which errors are reported.
  static let reportedSteps = [1, 10, 100]

  /// A position coordinate: a hinge or slide angle, a free joint's position, or a ball or free
  /// joint's orientation; its error in its own units, and the name it is reported by.
  struct Coordinate {
    var name: String
    var scale: Double?
    var error: ([Double], [Double]) -> Double
    var value: ([Double]) -> Double?
  }

  /// The coordinates of `model`'s qpos, in MuJoCo's order.
  static func coordinates(_ model: BodyModel) -> [Coordinate] {
    var result = [Coordinate]()
    var address = 0
    for joint in model.joints {
      let a = address
      let name = joint.name.isEmpty ? "joint \(result.count)" : joint.name
      func angle(_ p: [Double], _ q: [Double], _ at: Int) -> Double {
        let dot = abs(zip(p[at..<at + 4], q[at..<at + 4]).map(*).reduce(0, +))
        return 2 * acos(min(1, dot))
      }
      switch joint.type {
      case .hinge, .slide:
        result.append(Coordinate(
          name: name, scale: joint.range.map { $0.upperBound - $0.lowerBound },
          error: { abs($0[a] - $1[a]) }, value: { $0[a] }))
      case .ball:
        result.append(Coordinate(name: name + " orientation", scale: .pi, error: { angle($0, $1, a) }, value: { _ in nil }))
      case .free:
        result.append(Coordinate(
          name: name + " position", scale: nil,
          error: { p, q in sqrt((0..<3).map { pow(p[a + $0] - q[a + $0], 2) }.reduce(0, +)) },
          value: { p in sqrt((0..<3).map { p[a + $0] * p[a + $0] }.reduce(0, +)) }))
        result.append(Coordinate(name: name + " orientation", scale: .pi, error: { angle($0, $1, a + 3) }, value: { _ in nil }))
      }
      address += joint.type.positionCount
    }
    return result
  }

  /// The controls of one fixed sequence: `steps` rows of actions inside the action bounds (none
  /// for `.policy`, whose actions come from the policy as it runs).
  static func controls(_ kind: Controls, spec: EnvironmentSpec, steps: Int) -> [[Float]] {
    if kind == .policy { return [] }
    var random = RandomGenerator(seed: 1)
    let n = spec.actionSize
    return (0..<steps).map { k in
      (0..<n).map { i in
        let unit: Double
        switch kind {
        case .zero, .policy: return 0
        case .random: unit = Double(random.nextUniform(low: -1, high: 1))
        case .periodic:
          // A 1-second sine per actuator, phases spread evenly, at 80 % of the range.
          unit = 0.8 * sin(2 * .pi * Double(k) * spec.controlTimestep + 2 * .pi * Double(i) / Double(n))
        }
        return Float(spec.actionLow[i] + (unit + 1) / 2 * (spec.actionHigh[i] - spec.actionLow[i]))
      }
    }
  }

  /// Odessa's side of one case: qpos and qvel after every control step (the start first) and
  /// the rewards.
  struct Trajectory {
    var qpos: [[Double]]
    var qvel: [[Double]]
    var rewards: [Double]
    /// The activations of the actuators with dynamics (MuJoCo's act) after every control step,
    /// the start first; empty when no actuator has dynamics.
    var act: [[Double]] = []
  }

  static func simulate(_ environment: Environment, controls: [[Float]]) throws -> Trajectory {
    try simulate(environment, steps: controls.count) { step, _ in controls[step] }.trajectory
  }

  /// Odessa's side under a controller that sees the step and the observation; also returns
  /// the controls it chose.
  static func simulate(
    _ environment: Environment, steps: Int, controller: (Int, [Float]) -> [Float]
  ) throws -> (trajectory: Trajectory, controls: [[Float]]) {
    var observation = try environment.reset(seed: 0)
    let simulation = environment.simulation
    let dynamic = simulation.model.actuators.indices.filter { simulation.model.actuators[$0].dynamics != .none }
    func activations() -> [Double] { dynamic.map { simulation.activation[$0] } }
    var trajectory = Trajectory(qpos: [simulation.qpos], qvel: [simulation.qvel], rewards: [], act: [activations()])
    var controls = [[Float]]()
    for step in 0..<steps {
      let action = controller(step, observation)
      let result = try environment.step(action)
      if result.divergence != nil { break }
      controls.append(action)
      observation = result.observation
      trajectory.qpos.append(environment.simulation.qpos)
      trajectory.qvel.append(environment.simulation.qvel)
      trajectory.rewards.append(result.reward)
      trajectory.act.append(activations())
      if result.terminated || result.truncated { break }
    }
    return (trajectory, controls)
  }

  /// Runs every task × control sequence for `steps` control steps in both simulators.
  package static func run(
    modelsFolder: String, tasks: [String] = defaultTasks, steps: Int = 200, threshold: Double = 0.1,
    python: String, script: String, stepper: Stepper = .exact, groupsHinges: Bool = true,
    jointCoordinates: Bool = true, policy: PolicyControls? = nil
  ) throws -> Result {
    struct Pending {
      var task: String
      var kind: Controls
      var controls: [[Float]]
      var odessa: Trajectory
    }
    var pending = [Pending]()
    var jobs = [[String: Any]]()
    for task in tasks {
      let environment = try Suite.environment(
        task, modelsFolder: modelsFolder, groupsHinges: groupsHinges, jointCoordinates: jointCoordinates)
      environment.warn = { _ in }
      try StepperChoice.apply(stepper, to: environment)
      let entry = Suite.entries.first { $0.name == task }!
      let file = URL(fileURLWithPath: modelsFolder).appendingPathComponent(entry.model + ".xml").standardizedFileURL.path
      let kinds = Controls.standard + (policy?.task == task ? [.policy] : [])
      for kind in kinds {
        var controls = controls(kind, spec: environment.spec, steps: steps)
        let odessa: Trajectory
        if kind == .policy, let policy {
          (odessa, controls) = try simulate(environment, steps: steps) { _, observation in policy.act(observation) }
        } else {
          odessa = try simulate(environment, controls: controls)
        }
        pending.append(Pending(task: task, kind: kind, controls: controls, odessa: odessa))
        // Odessa's states before each compared step, for MuJoCo's one-step restarts.
        let restarts = odessa.qpos.count - 1
        jobs.append([
          "xml": file, "qpos": odessa.qpos[0], "qvel": odessa.qvel[0], "substeps": environment.spec.substeps,
          "controls": controls.map { $0.map(Double.init) },
          "restarts": (0..<restarts).map { ["qpos": odessa.qpos[$0], "qvel": odessa.qvel[$0], "act": odessa.act[$0]] },
        ])
      }
    }
    let answer = try runMuJoCo(python: python, script: script, jobs: jobs)
    guard let results = answer["results"] as? [[String: Any]], results.count == jobs.count else {
      throw BenchmarkError("\(script) answered without one result per job")
    }
    var cases = [Case]()
    for (index, item) in pending.enumerated() {
      let result = results[index]
      var failed = Case(
        task: item.task, controls: item.kind, steps: 0, positionError: [], meanPositionError: [], velocityError: [],
        rewardDifference: .nan, odessaReturn: .nan, mujocoReturn: .nan, separationStep: nil, worstCoordinate: "", error: nil)
      if let error = result["error"] as? String {
        failed.error = error
        cases.append(failed)
        continue
      }
      guard let qpos = result["qpos"] as? [[Double]], let qvel = result["qvel"] as? [[Double]] else {
        failed.error = "MuJoCo's answer has no trajectory"
        cases.append(failed)
        continue
      }
      // Spreads from MuJoCo's random-control run of the same task.
      let randomIndex = pending.firstIndex { $0.task == item.task && $0.kind == .random }!
      let randomQpos = (results[randomIndex]["qpos"] as? [[Double]]) ?? qpos
      let randomQvel = (results[randomIndex]["qvel"] as? [[Double]]) ?? qvel
      cases.append(try compare(
        task: item.task, kind: item.kind, controls: item.controls, odessa: item.odessa,
        mujoco: Trajectory(qpos: qpos, qvel: qvel, rewards: []), spreadQpos: randomQpos, spreadQvel: randomQvel,
        modelsFolder: modelsFolder, threshold: threshold, restarted: result["restarted"] as? [[Double]]))
    }
    return Result(
      mujocoVersion: answer["mujoco"] as? String ?? "unknown", threshold: threshold, steps: steps,
      stepper: StepperChoice.name(stepper), cases: cases)
  }

  /// The standard deviation of `values`, at least `floor`.
  static func spread(_ values: [Double], floor: Double) -> Double {
    guard values.count > 1 else { return floor }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return max(variance.squareRoot(), floor)
  }

  static func compare(
    task: String, kind: Controls, controls: [[Float]], odessa: Trajectory, mujoco: Trajectory,
    spreadQpos: [[Double]], spreadQvel: [[Double]], modelsFolder: String, threshold: Double,
    restarted: [[Double]]? = nil
  ) throws -> Case {
    let probe = try Suite.environment(task, modelsFolder: modelsFolder)
    probe.warn = { _ in }
    try probe.reset(seed: 0)
    let coordinates = coordinates(probe.simulation.model)
    let scales = coordinates.map { c in c.scale ?? spread(spreadQpos.compactMap(c.value), floor: 0.1) }
    let velocityScales = (0..<(odessa.qvel.first?.count ?? 0)).map { k in spread(spreadQvel.map { $0[k] }, floor: 0.1) }
    let count = min(odessa.qpos.count, mujoco.qpos.count) - 1
    func positionErrors(_ step: Int) -> [Double] {
      coordinates.indices.map { coordinates[$0].error(odessa.qpos[step], mujoco.qpos[step]) / scales[$0] }
    }
    var separation: Int?
    var worst = ""
    for step in 1...max(count, 1) where step <= count {
      let errors = positionErrors(step)
      let largest = errors.indices.max { errors[$0] < errors[$1] }!
      if errors[largest] > threshold {
        separation = step
        worst = coordinates[largest].name
        break
      }
    }
    if separation == nil, count > 0 {
      let errors = positionErrors(count)
      worst = coordinates[errors.indices.max { errors[$0] < errors[$1] }!].name
    }
    var positionError = [Double](), meanPositionError = [Double](), velocityError = [Double]()
    for step in reportedSteps where step <= count {
      let errors = positionErrors(step)
      positionError.append(errors.max() ?? 0)
      meanPositionError.append(errors.reduce(0, +) / Double(max(errors.count, 1)))
      velocityError.append(velocityScales.indices.map { abs(odessa.qvel[step][$0] - mujoco.qvel[step][$0]) / velocityScales[$0] }.max() ?? 0)
    }
    var mujocoRewards = [Double]()
    for step in 1...max(count, 1) where step <= count {
      try probe.simulation.setState(qpos: mujoco.qpos[step], qvel: mujoco.qvel[step])
      mujocoRewards.append(probe.task.reward(probe.simulation, action: controls[step - 1].map(Double.init)))
    }
    let odessaRewards = Array(odessa.rewards.prefix(count))
    // MuJoCo's qpos one control step after restarting from Odessa's state k, against Odessa's
    // state k + 1.
    var stepErrors = [Double]()
    var worstStep: Int?
    var largest = -Double.infinity
    for (k, next) in (restarted ?? []).enumerated() where k + 1 < odessa.qpos.count && next.count == odessa.qpos[0].count {
      let error = coordinates.indices.map { coordinates[$0].error(odessa.qpos[k + 1], next) / scales[$0] }.max() ?? 0
      if error > largest { (largest, worstStep) = (error, k + 1) }
      stepErrors.append(error)
    }
    stepErrors.sort()
    var result = Case(
      task: task, controls: kind, steps: count, positionError: positionError, meanPositionError: meanPositionError,
      velocityError: velocityError,
      rewardDifference: zip(odessaRewards, mujocoRewards).map { abs($0 - $1) }.reduce(0, +) / Double(max(count, 1)),
      odessaReturn: odessaRewards.reduce(0, +), mujocoReturn: mujocoRewards.reduce(0, +),
      separationStep: separation, worstCoordinate: worst, error: nil)
    if !stepErrors.isEmpty {
      result.stepError = [stepErrors[stepErrors.count / 2], stepErrors[stepErrors.count - 1]]
      result.worstStep = worstStep
    }
    return result
  }

  /// Runs the MuJoCo script with the jobs on standard input; returns its decoded answer.
  static func runMuJoCo(python: String, script: String, jobs: [[String: Any]]) throws -> [String: Any] {
    try PythonOracle.run(
      python: python, script: script, input: ["jobs": jobs],
      installHint: "run `make fidelity`, which installs MuJoCo into a virtual environment, or give --python")
  }
}

/// A benchmark could not run; the message says why and what to do.
package struct BenchmarkError: Error, CustomStringConvertible {
  package var description: String
  package init(_ description: String) { self.description = description }
}
