import Foundation

extension MJCFParser {
  /// Asset elements that only change looks, read and ignored.
  static let visualAssets: Set<String> = ["texture", "material", "skin"]

  /// `<asset>`: height fields (`<hfield>`) and meshes (`<mesh>`); textures, materials and skins
  /// only change looks and are ignored.
  mutating func readAssets(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [])
    for child in node.children {
      switch child.name {
      case "hfield": try readHeightField(child)
      case "mesh": try readMesh(child)
      case let name where Self.visualAssets.contains(name): continue
      default:
        throw ModelError(
          file: child.file, line: child.line,
          message: "<asset> supports <hfield> and <mesh> (and the visual <texture>, <material>, <skin>), found <\(child.name)>")
      }
    }
  }

  /// `<hfield name nrow ncol size elevation>`: elevations given in the file are normalised to
  /// [0, 1] as MuJoCo's compiler does; without them the field is flat at 0 (tasks may set it).
  mutating func readHeightField(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: ["name", "nrow", "ncol", "size", "elevation", "file", "content_type"])
    try rejectChildren(node)
    let a = AttributeSet(element: node, inherited: [:])
    guard let name = a.string("name"), !name.isEmpty else { throw a.elementError("needs a name") }
    guard a.string("file") == nil else {
      throw a.error("file", "height fields from image or binary files are not supported; give nrow, ncol and elevation")
    }
    guard let size = try a.numbers("size", count: 4), size[0] > 0, size[1] > 0, size[2] >= 0, size[3] > 0 else {
      throw a.error("size", "needs four numbers: x and y half-extents, the top's height and the base's depth, all positive")
    }
    let rows = try a.integer("nrow") ?? 0, columns = try a.integer("ncol") ?? 0
    guard rows >= 2, columns >= 2 else { throw a.elementError("needs nrow and ncol of at least 2 (no elevation file is read)") }
    var elevations = [Double](repeating: 0, count: rows * columns)
    if let given = try a.numbers("elevation") {
      guard given.count == rows * columns else {
        throw a.error("elevation", "needs nrow × ncol = \(rows * columns) numbers, got \(given.count)")
      }
      let low = given.min()!, high = given.max()!
      elevations = given.map { high > low ? ($0 - low) / (high - low) : 0 }
    }
    guard heightFields[name] == nil else { throw a.error("name", "a height field named '\(name)' already exists") }
    heightFields[name] = HeightField(
      rows: rows, columns: columns, halfSize: (size[0], size[1]), top: size[2], base: size[3], elevations: elevations)
  }
}

extension MJCFParser {
  /// `<mesh name file scale>` or an inline `<mesh vertex face>`, read from `meshdir` (or
  /// `assetdir`) relative to the model file.
  mutating func readMesh(_ node: XMLNode) throws {
    try AttributeSet.rejectUnknown(node, allowed: [
      "name", "class", "file", "scale", "vertex", "face", "inertia", "maxhullvert", "smoothnormal", "content_type",
      "refpos", "refquat",
    ])
    try rejectChildren(node)
    let inherited = try defaults.attributes(for: "mesh", className: node.attribute("class") ?? "main", node: node)
    let a = AttributeSet(element: node, inherited: inherited)
    let scale = try a.vector("scale") ?? Vector3(1, 1, 1)
    var mesh: TriangleMesh
    var name = a.string("name") ?? ""
    if let file = a.string("file") {
      let folder = ((self.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(meshFolder)
      let path = file.hasPrefix("/") ? file : (folder as NSString).appendingPathComponent(file)
      do {
        mesh = try MeshFiles.read(path, scale: scale)
      } catch let error as MeshFileError {
        throw a.error("file", error.message)
      }
      if name.isEmpty { name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension }
    } else {
      guard let vertex = try a.numbers("vertex"), vertex.count % 3 == 0, let face = try a.numbers("face") else {
        throw a.elementError("needs a file, or vertex (x y z …) and face (three indices each) data")
      }
      let vertices = stride(from: 0, to: vertex.count, by: 3).map { Vector3(vertex[$0], vertex[$0 + 1], vertex[$0 + 2]) * scale }
      guard face.count % 3 == 0, face.allSatisfy({ $0 >= 0 && Int($0) < vertices.count && $0 == $0.rounded() }) else {
        throw a.error("face", "needs three vertex indices per triangle")
      }
      mesh = TriangleMesh(vertices: vertices, triangles: face.map { Int32($0) })
      if scale.x * scale.y * scale.z < 0 {
        for t in stride(from: 0, to: mesh.triangles.count, by: 3) { mesh.triangles.swapAt(t + 1, t + 2) }
      }
    }
    guard !name.isEmpty else { throw a.elementError("needs a name (or a file to name it after)") }
    if let inertia = try a.keyword("inertia", allowed: ["convex", "exact", "legacy", "shell"]), inertia == "shell" {
      throw a.error("inertia", "shell inertia is not supported (the solid's is)")
    }
    if a.string("refpos") != nil || a.string("refquat") != nil {
      throw a.elementError("refpos and refquat are not supported")
    }
    guard meshes[name] == nil else { throw a.error("name", "a mesh named '\(name)' already exists") }
    do {
      try mesh.validate(context: "mesh '\(name)'")
    } catch let error as PhysicsError {
      throw a.elementError(error.description)
    }
    meshes[name] = mesh
    note("meshes (first at \(source(node))): mass and inertia of the enclosed solid; they collide as their triangles (MuJoCo collides their convex hulls)")
  }

  /// The shape of a geom of type mesh.
  func meshShape(_ a: AttributeSet) throws -> Shape {
    guard let name = a.string("mesh"), let mesh = meshes[name] else {
      throw a.error("mesh", "names no <mesh> asset ('\(a.string("mesh") ?? "")')")
    }
    return .mesh(mesh)
  }
}
