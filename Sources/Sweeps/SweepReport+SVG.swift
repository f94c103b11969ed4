import Foundation
import Training

extension SweepReport {
  /// The SVG: one panel per task with each setting's mean evaluation curve across seeds and
  /// its bootstrap 95 % band, then (with several tasks) the aggregate final IQM per setting
  /// with its interval.
  public func svg(title: String = "deterministic evaluation return") -> String {
    let tasks = groups.map(\.task).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    let settings = self.settings
    let panels = tasks.count + (tasks.count > 1 ? 1 : 0)
    let columns = min(3, panels), rows = (panels + columns - 1) / columns
    let panelWidth = 330.0, panelHeight = 240.0, legendHeight = 24.0 * Double(settings.count) + 16
    let width = Double(columns) * panelWidth, height = 40 + Double(rows) * panelHeight + legendHeight
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
      + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      + "<text x=\"\(f(width / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"17\">\(LearningCurves.escape(title))</text>\n"
    func colour(_ setting: String) -> String {
      LearningCurves.palette[(settings.firstIndex(of: setting) ?? 0) % LearningCurves.palette.count]
    }

    for (index, task) in tasks.enumerated() {
      let x0 = Double(index % columns) * panelWidth, y0 = 40 + Double(index / columns) * panelHeight
      let left = x0 + 55, top = y0 + 25, plotWidth = panelWidth - 75, plotHeight = panelHeight - 70
      let bands = groups.filter { $0.task == task }.map { (setting: $0.setting, band: meanBand($0.runs)) }
      let maxStep = Double(bands.flatMap(\.band.steps).max() ?? 1)
      let low = min(0, bands.flatMap(\.band.low).min() ?? 0)
      var high = bands.flatMap(\.band.high).max() ?? 1
      if high <= low { high = low + 1 }
      let yTicks = LearningCurves.niceTicks(low, high), xTicks = LearningCurves.niceTicks(0, maxStep)
      let yLow = yTicks.first!, yHigh = yTicks.last!, xHigh = max(xTicks.last!, 1)
      func x(_ step: Double) -> Double { left + step / xHigh * plotWidth }
      func y(_ value: Double) -> Double { top + (1 - (value - yLow) / (yHigh - yLow)) * plotHeight }
      s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top - 8))\" text-anchor=\"middle\" font-size=\"13\">\(LearningCurves.escape(task))</text>\n"
      s += LearningCurves.axes(
        left: left, top: top, width: plotWidth, height: plotHeight, xTicks: xTicks, yTicks: yTicks, x: x, y: y, fontSize: 10)
      s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 32))\" text-anchor=\"middle\" font-size=\"11\">environment steps</text>\n"
      for (setting, band) in bands where !band.steps.isEmpty {
        let c = colour(setting)
        if band.runs > 1 {
          let upper = zip(band.steps, band.high).map { "\(f(x(Double($0)))),\(f(y($1)))" }
          let lower = zip(band.steps, band.low).reversed().map { "\(f(x(Double($0)))),\(f(y($1)))" }
          s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(c)\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
        }
        s += "<polyline points=\"\(zip(band.steps, band.mean).map { "\(f(x(Double($0)))),\(f(y($1)))" }.joined(separator: " "))\" "
          + "fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"/>\n"
      }
    }

    if tasks.count > 1 {
      let index = tasks.count
      let x0 = Double(index % columns) * panelWidth, y0 = 40 + Double(index / columns) * panelHeight
      let left = x0 + 20, top = y0 + 40, plotWidth = panelWidth - 40
      let estimates = settings.map { setting in summary(groups.filter { $0.setting == setting }.map(\.runs)).finalIQM }
      let low = min(0, estimates.map(\.low).min() ?? 0), high = max(low + 1, estimates.map(\.high).max() ?? 1)
      let ticks = LearningCurves.niceTicks(low, high)
      func x(_ v: Double) -> Double { left + (v - ticks.first!) / (ticks.last! - ticks.first!) * plotWidth }
      s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(y0 + 17))\" text-anchor=\"middle\" font-size=\"13\">all tasks: IQM of final return (95% CI)</text>\n"
      let rowHeight = min(24.0, (panelHeight - 90) / Double(max(settings.count, 1)))
      for (k, estimate) in estimates.enumerated() {
        let yy = top + 10 + Double(k) * rowHeight
        let c = colour(settings[k])
        s += "<line x1=\"\(f(x(estimate.low)))\" y1=\"\(f(yy))\" x2=\"\(f(x(estimate.high)))\" y2=\"\(f(yy))\" stroke=\"\(c)\" stroke-width=\"8\" stroke-opacity=\"0.5\"/>\n"
        s += "<line x1=\"\(f(x(estimate.value)))\" y1=\"\(f(yy - 6))\" x2=\"\(f(x(estimate.value)))\" y2=\"\(f(yy + 6))\" stroke=\"\(c)\" stroke-width=\"2\"/>\n"
      }
      let axisY = top + 20 + Double(settings.count) * rowHeight
      s += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(axisY))\" stroke=\"black\"/>\n"
      for tick in ticks {
        s += "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 14))\" text-anchor=\"middle\" font-size=\"10\">\(LearningCurves.label(tick))</text>\n"
      }
    }

    let legendTop = 40 + Double(rows) * panelHeight + 8
    for (k, setting) in settings.enumerated() {
      let yy = legendTop + Double(k) * 24
      let runs = groups.filter { $0.setting == setting }.map(\.runs.count)
      s += "<line x1=\"20\" y1=\"\(f(yy))\" x2=\"45\" y2=\"\(f(yy))\" stroke=\"\(colour(setting))\" stroke-width=\"3\"/>\n"
      s += "<text x=\"52\" y=\"\(f(yy + 4))\" font-size=\"12\">\(LearningCurves.escape(setting)) "
        + "(\(runs.min() == runs.max() ? "\(runs[0])" : "\(runs.min()!)–\(runs.max()!)") seeds per task; band: 95% CI of the mean)</text>\n"
    }
    return s + "</svg>\n"
  }

  /// The mean of runs' curves at the steps all of them reached, with a bootstrap 95 % interval.
  func meanBand(_ runs: [Run]) -> (runs: Int, steps: [Int], mean: [Double], low: [Double], high: [Double]) {
    let common = runs.dropFirst().reduce(Set(runs.first?.steps ?? [])) { $0.intersection($1.steps) }.sorted()
    var mean = [Double](), low = [Double](), high = [Double]()
    for step in common {
      let values = runs.map { $0.means[$0.steps.firstIndex(of: step)!] }
      let interval = RobustStatistics.stratifiedBootstrap([values], statistic: RobustStatistics.mean, repetitions: 500)
      mean.append(RobustStatistics.mean(values))
      low.append(interval.low)
      high.append(interval.high)
    }
    return (runs.count, common, mean, low, high)
  }
}
