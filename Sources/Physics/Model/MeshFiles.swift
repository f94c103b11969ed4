import Foundation

/// Reads triangle meshes from STL (binary or ASCII) and Wavefront OBJ files.
enum MeshFiles {
  /// The mesh in `path`, its vertices multiplied by `scale`; errors name the file.
  static func read(_ path: String, scale: Vector3) throws -> TriangleMesh {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MeshFileError("cannot read the mesh file '\(path)'")
    }
    var mesh: TriangleMesh
    switch (path as NSString).pathExtension.lowercased() {
    case "stl": mesh = try stl(data, path: path)
    case "obj": mesh = try obj(data, path: path)
    default: throw MeshFileError("'\(path)': only .stl and .obj mesh files are supported")
    }
    mesh.vertices = mesh.vertices.map { $0 * scale }
    // A mirroring scale turns the triangles inside out; turn them back.
    if scale.x * scale.y * scale.z < 0 {
      for t in stride(from: 0, to: mesh.triangles.count, by: 3) { mesh.triangles.swapAt(t + 1, t + 2) }
    }
    return mesh
  }

  /// Binary STL (80-byte header, a count, 50 bytes per triangle) or ASCII STL ("solid … vertex x y z").
  static func stl(_ data: Data, path: String) throws -> TriangleMesh {
    let bytes = [UInt8](data)
    if bytes.count >= 84 {
      let count = Int(UInt32(bytes[80]) | UInt32(bytes[81]) << 8 | UInt32(bytes[82]) << 16 | UInt32(bytes[83]) << 24)
      if 84 + 50 * count == bytes.count { return binarySTL(bytes, count: count) }
    }
    guard let text = String(data: data, encoding: .utf8), text.drop(while: \.isWhitespace).hasPrefix("solid") else {
      throw MeshFileError("'\(path)': neither a binary STL (its size does not match its triangle count) nor an ASCII one")
    }
    var vertices = [Vector3]()
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = line.split(whereSeparator: \.isWhitespace)
      guard words.first == "vertex" else { continue }
      guard words.count == 4, let x = Double(words[1]), let y = Double(words[2]), let z = Double(words[3]) else {
        throw MeshFileError("'\(path)' line \(number + 1): expected 'vertex x y z'")
      }
      vertices.append(Vector3(x, y, z))
    }
    guard vertices.count % 3 == 0 else { throw MeshFileError("'\(path)': the vertices do not make whole triangles") }
    return TriangleMesh(vertices: vertices, triangles: (0..<Int32(vertices.count)).map { $0 })
  }

  static func binarySTL(_ bytes: [UInt8], count: Int) -> TriangleMesh {
    func float(_ offset: Int) -> Double {
      Double(Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
        | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24))
    }
    var vertices = [Vector3]()
    vertices.reserveCapacity(3 * count)
    for t in 0..<count {
      let base = 84 + 50 * t + 12  // after the facet normal
      for k in 0..<3 { vertices.append(Vector3(float(base + 12 * k), float(base + 12 * k + 4), float(base + 12 * k + 8))) }
    }
    return TriangleMesh(vertices: vertices, triangles: (0..<Int32(vertices.count)).map { $0 })
  }

  /// OBJ: `v x y z` vertices and `f a b c …` faces (1-based or negative indices, `a/t/n` forms),
  /// polygons split into fans; everything else is ignored.
  static func obj(_ data: Data, path: String) throws -> TriangleMesh {
    guard let text = String(data: data, encoding: .utf8) else { throw MeshFileError("'\(path)' is not UTF-8 text") }
    var vertices = [Vector3](), triangles = [Int32]()
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = line.split(whereSeparator: \.isWhitespace)
      func fail(_ message: String) -> MeshFileError { MeshFileError("'\(path)' line \(number + 1): \(message)") }
      switch words.first {
      case "v":
        guard words.count >= 4, let x = Double(words[1]), let y = Double(words[2]), let z = Double(words[3]) else {
          throw fail("expected 'v x y z'")
        }
        vertices.append(Vector3(x, y, z))
      case "f":
        let corners = try words.dropFirst().map { word -> Int32 in
          guard let value = Int(word.split(separator: "/", omittingEmptySubsequences: false)[0]), value != 0 else {
            throw fail("bad face index '\(word)'")
          }
          let index = value > 0 ? value - 1 : vertices.count + value
          guard index >= 0, index < vertices.count else { throw fail("face index \(value) names no vertex read so far") }
          return Int32(index)
        }
        guard corners.count >= 3 else { throw fail("a face needs at least three corners") }
        for k in 1..<(corners.count - 1) { triangles += [corners[0], corners[k], corners[k + 1]] }
      default:
        continue
      }
    }
    return TriangleMesh(vertices: vertices, triangles: triangles)
  }
}

/// A mesh file that cannot be read; the parser adds the MJCF line.
struct MeshFileError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
