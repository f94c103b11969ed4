import Foundation
import NeuralNetworks
import Environments
import Physics

/// Pictures of a policy acting: an animated SVG (SMIL animation, plays in any browser) or a
/// static filmstrip, with every geom drawn to scale from the recorded body poses. Walkers,
/// hopper, cheetah, cartpole and pendulum are seen from the side (x–z); reacher and point mass
/// from above (x–y); bodies that move in 3-D (humanoid, quadruped, fish) from the side and from
/// the front, side by side. The side and front views follow the model's root body. Views are
/// orthographic; geoms are drawn far to near (as they stand in the first frame).
public struct PolicyRendering {
  /// Which plane the camera looks at.
  public enum View: Sendable {
    /// The x–z plane, seen from −y.
    case side
    /// The x–y plane, seen from above.
    case top
    /// The y–z plane, seen from +x (the body walks towards the camera).
    case front
  }

  let model: BodyModel
  let recording: EpisodeRecording
  let view: View
  /// Pixels per metre.
  let scale: Double

  /// `room` is the picture space available in pixels: above the floor (side view) or from the
  /// centre to the edge (top view); the model at rest is scaled to fill it.
  public init(model: BodyModel, recording: EpisodeRecording, view: View, room: Double) {
    self.init(
      model: model, recording: recording, view: view,
      scale: Self.scale(model: model, view: view, room: room, baseline: recording.baseline ?? 0))
  }

  /// A rendering at a given scale (pixels per metre).
  init(model: BodyModel, recording: EpisodeRecording, view: View, scale: Double) {
    self.model = model
    self.recording = recording
    self.view = view
    self.scale = scale
  }

  /// Pixels per metre that fit the model at rest into `room` pixels above `baseline`.
  static func scale(model: BodyModel, view: View, room: Double, baseline: Double = 0) -> Double {
    var frames = [Pose](repeating: .identity, count: model.bodies.count)
    for b in model.bodies.indices.dropFirst() { frames[b] = frames[model.bodies[b].parent].composed(with: model.bodies[b].pose) }
    // Room for any pose: the root's height plus the farthest geom from the root (a walker can
    // start upside down, legs up).
    let root = model.bodies.count > 1 ? frames[1].position : .zero
    var farthest = 0.05
    for geom in model.geoms where geom.body != 0 {
      let centre = frames[geom.body].transform(geom.pose.position)
      let offset = view == .top ? Vector3(centre.x, centre.y, 0) : centre - root
      farthest = max(farthest, offset.length + Self.size(of: geom.shape))
    }
    let extent = view == .top ? farthest : max(root.z - baseline, 0) + farthest
    return room / (extent * 1.05)
  }

  static func size(of shape: Shape) -> Double {
    switch shape {
    case .sphere(let r): return r
    case .capsule(let r, let h), .cylinder(let r, let h): return r + h
    case .box(let h): return h.length
    case .ellipsoid(let r): return r.max()
    case .plane, .heightField: return 0
    case .mesh(let mesh): return mesh.vertices.map(\.length).max() ?? 0
    }
  }

  /// The body pose of `body` in recorded frame `frame`.
  func bodyPose(_ body: Int, frame: Int) -> Pose {
    let v = recording.frames[frame][(7 * body)...]
    let b = v.startIndex
    return Pose(
      position: Vector3(v[b], v[b + 1], v[b + 2]),
      orientation: Quaternion(w: v[b + 3], x: v[b + 4], y: v[b + 5], z: v[b + 6]))
  }

  /// World point → picture coordinates relative to the camera centre.
  func project(_ p: Vector3) -> (Double, Double) {
    let baseline = recording.baseline ?? 0
    switch view {
    case .side: return (p.x * scale, -(p.z - baseline) * scale)
    case .top: return (p.x * scale, -p.y * scale)
    case .front: return (p.y * scale, -(p.z - baseline) * scale)
    }
  }

  /// How far a point is from the camera, along its line of sight.
  func depth(_ p: Vector3) -> Double {
    switch view {
    case .side: return p.y
    case .top: return -p.z
    case .front: return -p.x
    }
  }

  /// The camera's horizontal centre in frame `frame` (the side and front views follow body 1).
  func cameraX(_ frame: Int) -> Double {
    guard view != .top, model.bodies.count > 1, !model.bodies[1].joints.isEmpty else { return 0 }
    let root = bodyPose(1, frame: frame).position
    return (view == .side ? root.x : root.y) * scale
  }

  /// The moving geoms, far to near as they stand in the first frame (ties keep model order).
  var drawingOrder: [Int] {
    let moving = model.geoms.indices.filter { model.geoms[$0].body != 0 }
    let depths = moving.map { g -> Double in
      depth(bodyPose(model.geoms[g].body, frame: 0).composed(with: model.geoms[g].pose).position)
    }
    return moving.indices.sorted { a, b in
      abs(depths[a] - depths[b]) > 1e-9 ? depths[a] > depths[b] : a < b
    }.map { moving[$0] }
  }

  /// One geom's drawable shape in one frame: a stroked segment (capsules, cylinders), a circle or
  /// a polygon, in picture coordinates.
  enum Mark {
    case segment((Double, Double), (Double, Double), width: Double, round: Bool)
    case circle((Double, Double), radius: Double)
    case polygon([(Double, Double)])
  }

  func mark(_ g: Int, frame: Int) -> Mark? {
    let geom = model.geoms[g]
    let pose = geom.body == 0 ? geom.pose : bodyPose(geom.body, frame: frame).composed(with: geom.pose)
    switch geom.shape {
    case .sphere(let r):
      return .circle(project(pose.position), radius: r * scale)
    case .capsule(let r, let h), .cylinder(let r, let h):
      let axis = pose.orientation.rotate(Vector3(0, 0, h))
      var isCapsule = true
      if case .cylinder = geom.shape { isCapsule = false }
      return .segment(project(pose.position - axis), project(pose.position + axis), width: 2 * r * scale, round: isCapsule)
    case .box(let h):
      // The outline of the eight corners as seen: a rectangle for a box square to the view.
      var corners = [(Double, Double)]()
      for a in [-1.0, 1] { for b in [-1.0, 1] { for c in [-1.0, 1] { corners.append(project(pose.transform(Vector3(a * h.x, b * h.y, c * h.z)))) } } }
      return .polygon(convexHull(corners))
    case .ellipsoid(let r):
      // The outline of points over the surface (three rings of 24 and the poles' circles).
      var points = [(Double, Double)]()
      for k in 0..<24 {
        let angle = Double(k) * Double.pi / 12, a = cos(angle), b = sin(angle)
        for local in [Vector3(a * r.x, b * r.y, 0), Vector3(a * r.x, 0, b * r.z), Vector3(0, a * r.y, b * r.z)] {
          points.append(project(pose.transform(local)))
        }
        for latitude in [-0.5, 0.5] {
          let c = cos(latitude)
          points.append(project(pose.transform(Vector3(a * c * r.x, b * c * r.y, sin(latitude) * r.z))))
        }
      }
      return .polygon(convexHull(points))
    case .mesh(let mesh):
      return .polygon(convexHull(mesh.vertices.map { project(pose.transform($0)) }))
    case .plane, .heightField:
      return nil
    }
  }

  /// The convex hull of points in the picture (Andrew's monotone chain), counter-clockwise.
  func convexHull(_ points: [(Double, Double)]) -> [(Double, Double)] {
    let sorted = points.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    guard sorted.count > 2 else { return sorted }
    func turn(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
      (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    }
    var hull = [(Double, Double)]()
    for pass in 0..<2 {
      let start = hull.count
      for p in pass == 0 ? sorted : sorted.reversed() {
        while hull.count >= start + 2 && turn(hull[hull.count - 2], hull[hull.count - 1], p) <= 0 { hull.removeLast() }
        hull.append(p)
      }
      hull.removeLast()
    }
    return hull
  }

  static let palette = ["#c06030", "#3070b0", "#50a050", "#b040a0", "#d0a020", "#20a0a0", "#806040"]

  func colour(_ g: Int) -> String {
    let geom = model.geoms[g]
    if geom.name == "target" { return "#d03030" }
    if geom.body == 0 { return "#9aa8b8" }
    return Self.palette[geom.body % Self.palette.count]
  }

  func f(_ v: Double) -> String { String(format: "%.1f", v) }

  /// The animated picture: `maximumFrames` frames at most, played in real time, looping.
  public func animatedSVG(maximumFrames: Int = 400) -> String {
    let count = recording.frames.count
    let stride = max(1, Int((Double(count) / Double(maximumFrames)).rounded(.up)))
    let frames = Array(Swift.stride(from: 0, to: count, by: stride))
    let duration = Double(count) * recording.frameTime
    let width = 640.0, height = 420.0
    let centreY = view != .top ? height * 0.78 : height / 2
    var s = svgHeader(width: width, height: height)
    s += title(width: width)
    func values(_ list: [String]) -> String { list.joined(separator: ";") }
    let animation = "dur=\"\(String(format: "%.2f", duration))s\" repeatCount=\"indefinite\" calcMode=\"discrete\""
    s += "<g transform=\"translate(\(f(width / 2)) \(f(centreY)))\">\n"
    s += "<g transform=\"translate(\(f(-cameraX(0))) 0)\">\n<animateTransform attributeName=\"transform\" type=\"translate\" \(animation) values=\"\(values(frames.map { "\(f(-cameraX($0))) 0" }))\"/>\n"
    s += backdrop()
    for g in model.geoms.indices where model.geoms[g].body == 0 { s += staticMark(g) }
    if let targets = recording.targets, targets.count == count {
      let radius = (recording.targetRadius ?? 0.02) * scale
      let xs = frames.map { project(Vector3(targets[$0][0], targets[$0][1], targets[$0][2])) }
      s += "<circle cx=\"\(f(xs[0].0))\" cy=\"\(f(xs[0].1))\" r=\"\(f(radius))\" fill=\"#d03030\" fill-opacity=\"0.5\">"
        + "<animate attributeName=\"cx\" \(animation) values=\"\(values(xs.map { f($0.0) }))\"/>"
        + "<animate attributeName=\"cy\" \(animation) values=\"\(values(xs.map { f($0.1) }))\"/></circle>\n"
    }
    for g in drawingOrder {
      let marks = frames.compactMap { mark(g, frame: $0) }
      guard marks.count == frames.count else { continue }
      switch marks[0] {
      case .segment(_, _, let width, let round):
        let ends = marks.map { m -> ((Double, Double), (Double, Double)) in
          if case .segment(let a, let b, _, _) = m { return (a, b) }
          return ((0, 0), (0, 0))
        }
        s += "<line x1=\"\(f(ends[0].0.0))\" y1=\"\(f(ends[0].0.1))\" x2=\"\(f(ends[0].1.0))\" y2=\"\(f(ends[0].1.1))\" "
          + "stroke=\"\(colour(g))\" stroke-width=\"\(f(width))\" stroke-linecap=\"\(round ? "round" : "butt")\">"
        for (name, pick) in [("x1", { (e: ((Double, Double), (Double, Double))) in e.0.0 }),
          ("y1", { $0.0.1 }), ("x2", { $0.1.0 }), ("y2", { $0.1.1 })] as [(String, (((Double, Double), (Double, Double))) -> Double)] {
          s += "<animate attributeName=\"\(name)\" \(animation) values=\"\(values(ends.map { f(pick($0)) }))\"/>"
        }
        s += "</line>\n"
      case .circle(_, let radius):
        let centres = marks.map { m -> (Double, Double) in
          if case .circle(let c, _) = m { return c }
          return (0, 0)
        }
        s += "<circle cx=\"\(f(centres[0].0))\" cy=\"\(f(centres[0].1))\" r=\"\(f(radius))\" fill=\"\(colour(g))\">"
          + "<animate attributeName=\"cx\" \(animation) values=\"\(values(centres.map { f($0.0) }))\"/>"
          + "<animate attributeName=\"cy\" \(animation) values=\"\(values(centres.map { f($0.1) }))\"/></circle>\n"
      case .polygon:
        let lists = marks.map { m -> String in
          if case .polygon(let points) = m { return points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") }
          return ""
        }
        s += "<polygon points=\"\(lists[0])\" fill=\"\(colour(g))\"><animate attributeName=\"points\" \(animation) values=\"\(values(lists))\"/></polygon>\n"
      }
    }
    let rayFrames = frames.map { rays($0) }
    if let first = rayFrames.first, !first.isEmpty, rayFrames.allSatisfy({ $0.count == first.count }) {
      for k in first.indices {
        s += "<line x1=\"\(f(first[k].0.0))\" y1=\"\(f(first[k].0.1))\" x2=\"\(f(first[k].1.0))\" y2=\"\(f(first[k].1.1))\" \(Self.rayStyle)>"
        s += "<animate attributeName=\"x1\" \(animation) values=\"\(values(rayFrames.map { f($0[k].0.0) }))\"/>"
        s += "<animate attributeName=\"y1\" \(animation) values=\"\(values(rayFrames.map { f($0[k].0.1) }))\"/>"
        s += "<animate attributeName=\"x2\" \(animation) values=\"\(values(rayFrames.map { f($0[k].1.0) }))\"/>"
        s += "<animate attributeName=\"y2\" \(animation) values=\"\(values(rayFrames.map { f($0[k].1.1) }))\"/></line>\n"
      }
    }
    s += "</g>\n</g>\n"
    s += "<text x=\"10\" y=\"\(f(height - 10))\" font-size=\"12\" fill=\"#555\">\(count - 1) steps, "
      + String(format: "return %.1f", recording.rewards.reduce(0, +)) + ", loops every \(String(format: "%.0f", duration)) s</text>\n"
    return s + "</svg>\n"
  }

  /// A static strip of `panels` evenly spaced frames, each with its step number.
  public func filmstripSVG(panels: Int = 8) -> String {
    let count = recording.frames.count
    let chosen = (0..<panels).map { min(count - 1, $0 * (count - 1) / max(panels - 1, 1)) }
    let panelWidth = 260.0, height = 300.0
    let width = panelWidth * Double(panels)
    var s = svgHeader(width: width, height: height)
    s += title(width: width)
    for (k, frame) in chosen.enumerated() {
      let centreY = view != .top ? height * 0.8 : height / 2 + 10
      s += "<g transform=\"translate(\(f(panelWidth * (Double(k) + 0.5))) \(f(centreY)))\">\n"
      s += "<clipPath id=\"panel\(k)\"><rect x=\"\(f(-panelWidth / 2 + 4))\" y=\"\(f(-centreY + 36))\" width=\"\(f(panelWidth - 8))\" height=\"\(f(height - 44))\"/></clipPath>\n"
      s += "<g clip-path=\"url(#panel\(k))\"><g transform=\"translate(\(f(-cameraX(frame))) 0)\">\n"
      s += backdrop()
      for g in model.geoms.indices where model.geoms[g].body == 0 { s += staticMark(g) }
      if let targets = recording.targets, frame < targets.count {
        let p = project(Vector3(targets[frame][0], targets[frame][1], targets[frame][2]))
        s += "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"\(f((recording.targetRadius ?? 0.02) * scale))\" fill=\"#d03030\" fill-opacity=\"0.5\"/>\n"
      }
      for g in drawingOrder {
        if let m = mark(g, frame: frame) { s += draw(m, colour: colour(g)) }
      }
      for ray in rays(frame) {
        s += "<line x1=\"\(f(ray.0.0))\" y1=\"\(f(ray.0.1))\" x2=\"\(f(ray.1.0))\" y2=\"\(f(ray.1.1))\" \(Self.rayStyle)/>\n"
      }
      s += "</g></g>\n"
      s += "<text x=\"0\" y=\"\(f(-centreY + 52))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\">step \(frame)</text>\n</g>\n"
    }
    return s + "</svg>\n"
  }

  func svgHeader(width: Double, height: Double) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
      + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#f7f9fc\"/>\n"
  }

  func title(width: Double) -> String {
    "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(LearningCurves.escape(model.name.isEmpty ? "model" : model.name))"
      + " — \(viewName), 1 m = \(Int(scale.rounded())) px</text>\n"
  }

  var viewName: String {
    switch view {
    case .side: return "side view"
    case .top: return "top view"
    case .front: return "front view"
    }
  }

  /// The floor (side and front views: a line with a tick every metre) or nothing (top view); a
  /// task's own ground and obstacles instead of the floor, seen from the side.
  func backdrop() -> String {
    if view == .side, let ground = recording.ground, ground.count >= 4 { return taskGround(ground) }
    guard view != .top, model.geoms.contains(where: { if case .plane = $0.shape { return $0.body == 0 } else { return false } })
    else { return "" }
    let floorZ = model.geoms.compactMap { geom -> Double? in
      if case .plane(let n, let offset) = geom.shape, abs(n.z) > 0.9 { return offset / n.z }
      return nil
    }.max() ?? 0
    let y = -floorZ * scale
    var s = "<line x1=\"-200000\" y1=\"\(f(y))\" x2=\"200000\" y2=\"\(f(y))\" stroke=\"#555\" stroke-width=\"2\"/>\n"
    for metre in -20...120 {
      s += "<line x1=\"\(f(Double(metre) * scale))\" y1=\"\(f(y))\" x2=\"\(f(Double(metre) * scale))\" y2=\"\(f(y + 8))\" stroke=\"#555\"/>\n"
    }
    return s
  }

  /// The task's ground, solid below its surface, its obstacles, and a tick every metre.
  func taskGround(_ ground: [Double]) -> String {
    let points = stride(from: 0, to: ground.count - 1, by: 2).map { project(Vector3(ground[$0], 0, ground[$0 + 1])) }
    let bottom = points.map(\.1).max()! + 60 * scale
    var outline = points.map { "\(f($0.0)),\(f($0.1))" }
    outline += ["\(f(points.last!.0)),\(f(bottom))", "\(f(points[0].0)),\(f(bottom))"]
    var s = "<polygon points=\"\(outline.joined(separator: " "))\" fill=\"#c9d3c0\" stroke=\"#555\" stroke-width=\"2\"/>\n"
    for block in recording.blocks ?? [] where block.count == 4 {
      let a = project(Vector3(block[0], 0, block[3])), b = project(Vector3(block[1], 0, block[2]))
      s += "<rect x=\"\(f(a.0))\" y=\"\(f(a.1))\" width=\"\(f(b.0 - a.0))\" height=\"\(f(b.1 - a.1))\" fill=\"#a8b89a\" stroke=\"#555\"/>\n"
    }
    for (k, point) in points.enumerated() where k % 2 == 0 {
      s += "<line x1=\"\(f(point.0))\" y1=\"\(f(point.1))\" x2=\"\(f(point.0))\" y2=\"\(f(point.1 + 6))\" stroke=\"#555\"/>\n"
    }
    return s
  }

  /// The task's rays in frame `frame`, as segments in the picture.
  func rays(_ frame: Int) -> [((Double, Double), (Double, Double))] {
    guard view == .side, let all = recording.rays, frame < all.count else { return [] }
    let list = all[frame]
    return stride(from: 0, to: list.count - 3, by: 4).map {
      (project(Vector3(list[$0], 0, list[$0 + 1])), project(Vector3(list[$0 + 2], 0, list[$0 + 3])))
    }
  }

  static let rayStyle = "stroke=\"#e03c3c\" stroke-width=\"1\" stroke-opacity=\"0.7\""

  func staticMark(_ g: Int) -> String {
    guard let m = mark(g, frame: 0) else { return "" }
    if model.geoms[g].name == "target", recording.targets != nil { return "" }
    return draw(m, colour: colour(g))
  }

  func draw(_ m: Mark, colour: String) -> String {
    switch m {
    case .segment(let a, let b, let width, let round):
      return "<line x1=\"\(f(a.0))\" y1=\"\(f(a.1))\" x2=\"\(f(b.0))\" y2=\"\(f(b.1))\" stroke=\"\(colour)\" "
        + "stroke-width=\"\(f(width))\" stroke-linecap=\"\(round ? "round" : "butt")\"/>\n"
    case .circle(let c, let radius):
      return "<circle cx=\"\(f(c.0))\" cy=\"\(f(c.1))\" r=\"\(f(radius))\" fill=\"\(colour)\"/>\n"
    case .polygon(let points):
      return "<polygon points=\"\(points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\" fill=\"\(colour)\"/>\n"
    }
  }

}

extension PolicyRendering {
  /// Complete SVG pictures placed left to right in one picture.
  static func sideBySide(_ pictures: [String]) -> String { combine(pictures, horizontal: true) }

  /// Complete SVG pictures placed top to bottom in one picture.
  static func stacked(_ pictures: [String]) -> String { combine(pictures, horizontal: false) }

  /// Nests each picture as an `<svg>` at its offset (each keeps its own size and clip paths;
  /// clip-path ids are made unique per picture).
  static func combine(_ pictures: [String], horizontal: Bool) -> String {
    func size(_ svg: String) -> (Double, Double) {
      func attribute(_ name: String) -> Double {
        guard let range = svg.range(of: " \(name)=\"") else { return 0 }
        return Double(svg[range.upperBound...].prefix { $0 != "\"" }) ?? 0
      }
      return (attribute("width"), attribute("height"))
    }
    let sizes = pictures.map(size)
    let width = horizontal ? sizes.map(\.0).reduce(0, +) : sizes.map(\.0).max() ?? 0
    let height = horizontal ? sizes.map(\.1).max() ?? 0 : sizes.map(\.1).reduce(0, +)
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
    var offset = 0.0
    for (k, picture) in pictures.enumerated() {
      let inner = picture.replacingOccurrences(of: "id=\"panel", with: "id=\"v\(k)panel")
        .replacingOccurrences(of: "url(#panel", with: "url(#v\(k)panel")
        .replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ", with: horizontal
          ? "<svg x=\"\(Int(offset))\" y=\"0\" " : "<svg x=\"0\" y=\"\(Int(offset))\" ")
      s += inner
      offset += horizontal ? sizes[k].0 : sizes[k].1
    }
    return s + "</svg>\n"
  }
}

extension TrainedPolicy {
  /// Records one deterministic episode and writes its picture to `url`.
  public func render(to url: URL, filmstrip: Bool, seed: UInt64) throws -> (summary: EvaluationSummary, frames: Int) {
    let environment = try makeEnvironment()
    let (summary, recording) = try evaluatePolicy(
      policy, environment: environment, seeds: [EpisodeSeeds.evaluation(runSeed: seed, episode: 0)],
      recordFirst: true)
    let text = PolicyRendering.picture(of: recording!, model: environment.simulation.model,
      view: environment.task.cameraView, filmstrip: filmstrip)
    try AtomicFile.write(Data(text.utf8), to: url)
    return (summary, recording!.frames.count)
  }
}

extension PolicyRendering {
  /// The SVG of a recorded episode of `model`, seen as its task prefers: an animation, or a
  /// strip of frames.
  public static func picture(of recording: EpisodeRecording, model: BodyModel, view: CameraView, filmstrip: Bool) -> String {
    switch view {
    case .sideAndFront:
      // One scale for both views, so they show the body at the same size.
      let room = filmstrip ? 300 * 0.8 - 60 : 420 * 0.78 - 45
      let baseline = recording.baseline ?? 0
      let scale = min(
        PolicyRendering.scale(model: model, view: .side, room: room, baseline: baseline),
        PolicyRendering.scale(model: model, view: .front, room: room, baseline: baseline))
      let views = [PolicyRendering.View.side, .front].map {
        PolicyRendering(model: model, recording: recording, view: $0, scale: scale)
      }
      return filmstrip ? stacked(views.map { $0.filmstripSVG() }) : sideBySide(views.map { $0.animatedSVG() })
    case .side, .top:
      let chosen: PolicyRendering.View = view == .top ? .top : .side
      let room = filmstrip ? (chosen == .side ? 300 * 0.8 - 60 : 110) : (chosen == .side ? 420 * 0.78 - 45 : 180)
      let rendering = PolicyRendering(model: model, recording: recording, view: chosen, room: room)
      return filmstrip ? rendering.filmstripSVG() : rendering.animatedSVG()
    }
  }
}
