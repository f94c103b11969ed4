import Foundation
import NeuralNetworks

/// Learning-curve pictures (SVG): deterministic evaluation return against environment steps.
/// Runs of one task are drawn as their mean with a min–max band, as RL papers do; each task
/// gets its own colour and a legend entry with the number of runs.
public enum LearningCurves {
  /// One run's evaluation curve.
  public struct Curve: Sendable {
    /// The task's name (the run folder's name when its configuration cannot be read).
    public var task: String
    /// Environment steps at which the run was evaluated.
    public var steps: [Int]
    /// Mean deterministic return of each evaluation.
    public var means: [Double]
  }

  /// Reads `eval.csv` and the task name of each run.
  public static func read(_ run: RunDirectory) throws -> Curve {
    let task = (try? run.readConfiguration().taskName) ?? run.url.lastPathComponent
    guard let text = try? String(contentsOf: run.evalURL, encoding: .utf8) else {
      throw TrainingError.runFolder("\(run.evalURL.path) is missing: has \(run.path) been evaluated yet?")
    }
    var steps = [Int](), means = [Double]()
    for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      guard cells.count >= 2, let step = Int(cells[0]), let mean = Double(cells[1]) else {
        throw TrainingError.runFolder("\(run.evalURL.path):\(number + 1): expected step,mean_return,…")
      }
      steps.append(step)
      means.append(mean)
    }
    return Curve(task: task, steps: steps, means: means)
  }

  /// Writes the picture of `runs` to `url` (atomically).
  public static func write(runs: [RunDirectory], to url: URL, title: String? = nil) throws {
    let curves = try runs.map(read)
    try AtomicFile.write(Data(svg(curves, title: title).utf8), to: url)
  }

  /// A task's runs combined: at each step all of them reached, the mean, min and max.
  struct Band {
    var task: String
    var runs: Int
    var steps: [Int]
    var mean: [Double]
    var low: [Double]
    var high: [Double]
  }

  static func bands(_ curves: [Curve]) -> [Band] {
    var order = [String]()
    var byTask = [String: [Curve]]()
    for curve in curves where !curve.steps.isEmpty {
      if byTask[curve.task] == nil { order.append(curve.task) }
      byTask[curve.task, default: []].append(curve)
    }
    return order.map { task in
      let group = byTask[task]!
      let common = group.dropFirst().reduce(Set(group[0].steps)) { $0.intersection($1.steps) }.sorted()
      var band = Band(task: task, runs: group.count, steps: common, mean: [], low: [], high: [])
      for step in common {
        let values = group.map { curve in curve.means[curve.steps.firstIndex(of: step)!] }
        band.mean.append(values.reduce(0, +) / Double(values.count))
        band.low.append(values.min()!)
        band.high.append(values.max()!)
      }
      return band
    }
  }

  package static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

  /// The SVG text: 760 × 440, axes with round tick values, a band and a line per task.
  static func svg(_ curves: [Curve], title: String?) -> String {
    let bands = bands(curves)
    let width = 760.0, height = 440.0
    let left = 80.0, right = 200.0, top = 50.0, bottom = 60.0
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    let maxStep = Double(bands.flatMap(\.steps).max() ?? 1)
    let minValue = min(0, bands.flatMap(\.low).min() ?? 0)
    var maxValue = bands.flatMap(\.high).max() ?? 1
    if maxValue <= minValue { maxValue = minValue + 1 }
    let yTicks = niceTicks(minValue, maxValue)
    let xTicks = niceTicks(0, maxStep)
    let yLow = yTicks.first!, yHigh = yTicks.last!, xHigh = xTicks.last!
    func x(_ step: Double) -> Double { left + step / xHigh * plotWidth }
    func y(_ value: Double) -> Double { top + (1 - (value - yLow) / (yHigh - yLow)) * plotHeight }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
      <rect width="100%" height="100%" fill="white"/>

      """
    let heading = title ?? (bands.count == 1 ? "\(bands[0].task): deterministic evaluation return" : "deterministic evaluation return")
    s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\">\(escape(heading))</text>\n"
    s += axes(left: left, top: top, width: plotWidth, height: plotHeight, xTicks: xTicks, yTicks: yTicks, x: x, y: y, fontSize: 12)
    s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\" font-size=\"14\">environment steps</text>\n"
    s += "<text transform=\"translate(22 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">episode return</text>\n"
    for (k, band) in bands.enumerated() {
      let colour = palette[k % palette.count]
      if band.runs > 1 {
        let upper = zip(band.steps, band.high).map { "\(f(x(Double($0)))),\(f(y($1)))" }
        let lower = zip(band.steps, band.low).reversed().map { "\(f(x(Double($0)))),\(f(y($1)))" }
        s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
      }
      let points = zip(band.steps, band.mean).map { "\(f(x(Double($0)))),\(f(y($1)))" }
      s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
      let legendY = top + 10 + Double(k) * 22
      s += "<line x1=\"\(f(left + plotWidth + 15))\" y1=\"\(f(legendY))\" x2=\"\(f(left + plotWidth + 40))\" y2=\"\(f(legendY))\" stroke=\"\(colour)\" stroke-width=\"3\"/>\n"
      let runsText = band.runs > 1 ? " (\(band.runs) runs, min–max)" : ""
      s += "<text x=\"\(f(left + plotWidth + 46))\" y=\"\(f(legendY + 4))\" font-size=\"12\">\(escape(band.task + runsText))</text>\n"
    }
    s += "</svg>\n"
    return s
  }

  /// A plot's frame: horizontal grid lines with their labels at `yTicks`, tick marks with labels
  /// at `xTicks`, and the border; `x` and `y` map data to picture coordinates.
  package static func axes(
    left: Double, top: Double, width: Double, height: Double, xTicks: [Double], yTicks: [Double],
    x: (Double) -> Double, y: (Double) -> Double, fontSize: Int
  ) -> String {
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    let size = Double(fontSize)
    var s = ""
    for tick in yTicks {
      s += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + width))\" y2=\"\(f(y(tick)))\" stroke=\"#e5e5e5\"/>\n"
      s += "<text x=\"\(f(left - size * 0.65))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" font-size=\"\(fontSize)\">\(label(tick))</text>\n"
    }
    for tick in xTicks {
      s += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top + height))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + height + 5))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + height + 5 + size * 1.25))\" text-anchor=\"middle\" font-size=\"\(fontSize)\">\(label(tick))</text>\n"
    }
    return s + "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"black\"/>\n"
  }

  /// About five round tick values covering [low, high].
  package static func niceTicks(_ low: Double, _ high: Double) -> [Double] {
    let span = max(high - low, 1e-9)
    let raw = span / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    let start = floor(low / step) * step
    var ticks = [Double]()
    var value = start
    while value < high + step * 0.999 {
      ticks.append(value)
      value += step
      if ticks.count > 20 { break }
    }
    return ticks
  }

  package static func label(_ value: Double) -> String {
    if abs(value) >= 1000 && value == value.rounded() {
      return value.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(value / 1000))k" : String(format: "%.1fk", value / 1000)
    }
    return value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
  }

  /// `text` safe inside SVG/XML text or an attribute: markup characters as entities, control
  /// characters (which XML forbids) dropped.
  package static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        if scalar.value >= 0x20 && scalar.value != 0x7F || scalar == "\t" { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }
}
