import CODE

/// A closed triangle mesh (MJCF's `mesh`), in its geom's frame: vertices and, three indices per
/// triangle, counter-clockwise seen from outside. Its mass properties are those of the solid it
/// encloses, at uniform density; it collides as its triangles (ODE's trimesh).
public struct TriangleMesh: Equatable, Sendable {
  public var vertices: [Vector3]
  /// Three vertex indices per triangle.
  public var triangles: [Int32]

  public init(vertices: [Vector3], triangles: [Int32]) {
    self.vertices = vertices
    self.triangles = triangles
  }

  /// Volume, first moment and second moments ∫ x xᵀ dV of the enclosed solid, from the signed
  /// tetrahedra each triangle makes with the origin.
  public var moments: (volume: Double, firstMoment: Vector3, secondMoment: [Double]) {
    var volume = 0.0, first = Vector3.zero
    var second = [Double](repeating: 0, count: 9)
    for t in stride(from: 0, to: triangles.count, by: 3) {
      let a = vertices[Int(triangles[t])], b = vertices[Int(triangles[t + 1])], c = vertices[Int(triangles[t + 2])]
      let v = a.dot(b.cross(c)) / 6
      volume += v
      first += v * (a + b + c) / 4
      let s = a + b + c
      for i in 0..<3 {
        for j in 0..<3 { second[3 * i + j] += v / 20 * (a[i] * a[j] + b[i] * b[j] + c[i] * c[j] + s[i] * s[j]) }
      }
    }
    return (volume, first, second)
  }

  /// The enclosed volume, m³ (negative when the triangles face inwards).
  public var volume: Double { moments.volume }

  func validate(context: String) throws {
    guard triangles.count >= 12, triangles.count % 3 == 0,
      triangles.allSatisfy({ $0 >= 0 && Int($0) < vertices.count }), vertices.allSatisfy(\.isFinite)
    else {
      throw PhysicsError.invalidArgument("\(context): a mesh needs at least four triangles over finite vertices")
    }
    guard volume > 0 else {
      throw PhysicsError.invalidArgument("\(context): the mesh encloses no volume (is it closed, its triangles facing outwards?)")
    }
  }

  /// ODE mass of the solid with total mass `mass`: centre and inertia about the mesh's origin.
  func odeMass(total mass: Double) -> dMass {
    let (volume, first, second) = moments
    let density = mass / volume
    let c = first / volume
    let trace = second[0] + second[4] + second[8]
    func inertia(_ i: Int, _ j: Int) -> Double { density * ((i == j ? trace : 0) - second[3 * i + j]) }
    var m = dMass()
    dMassSetParameters(&m, mass, c.x, c.y, c.z, inertia(0, 0), inertia(1, 1), inertia(2, 2),
      inertia(0, 1), inertia(0, 2), inertia(1, 2))
    return m
  }

  /// An ODE trimesh geom; its vertex and index buffers are kept by `handle` until the world goes.
  func makeODEGeom(in handle: ODEWorldHandle) -> dGeomID {
    let vertexBuffer = UnsafeMutablePointer<Double>.allocate(capacity: 3 * vertices.count)
    for (k, v) in vertices.enumerated() {
      vertexBuffer[3 * k] = v.x
      vertexBuffer[3 * k + 1] = v.y
      vertexBuffer[3 * k + 2] = v.z
    }
    let indexBuffer = UnsafeMutablePointer<dTriIndex>.allocate(capacity: triangles.count)
    for (k, index) in triangles.enumerated() { indexBuffer[k] = dTriIndex(index) }
    let data = dGeomTriMeshDataCreate()!
    dGeomTriMeshDataBuildDouble(
      data, vertexBuffer, Int32(3 * MemoryLayout<Double>.stride), Int32(vertices.count),
      indexBuffer, Int32(triangles.count), Int32(3 * MemoryLayout<dTriIndex>.stride))
    handle.triangleMeshes.append((data, UnsafeMutableRawPointer(vertexBuffer), UnsafeMutableRawPointer(indexBuffer)))
    return dCreateTriMesh(handle.space, data, nil, nil, nil)!
  }
}
