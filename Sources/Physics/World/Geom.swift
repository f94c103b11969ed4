import CODE

/// A collision shape, attached to a body (moving with it) or fixed in the world (static).
public final class Geom {
  let handle: ODEWorldHandle
  let id: dGeomID
  /// Position in the world's `geoms` array.
  public let index: Int
  /// The name given at creation; may be empty.
  public let name: String
  /// The collision shape.
  public internal(set) var shape: Shape
  /// The pose given at creation (or by `place`): in the body's frame, or in the world for a
  /// static geom.
  public internal(set) var pose: Pose
  /// Whether the geom lies in the world's ground space (see `World.addGroundGeom`).
  public internal(set) var isGround = false
  /// The body this geom moves with; nil for a static geom. (Unowned, not weak: a weak reference
  /// would give every body a side table and slow each of its retains on the step's hot path.)
  public unowned let body: RigidBody?
  /// Index of `body` in the world's `bodies`, or -1 for a static geom.
  public let bodyIndex: Int
  /// The geom's mass contribution in kg (zero for static geoms).
  public let mass: Double
  /// Sliding friction coefficient; a contact uses the larger of its two geoms' values.
  public let friction: Double
  /// Priority, dimensionality, torsional and rolling friction, contact softness.
  public let material: ContactMaterial
  /// How fast a unit force at its body's centre of mass accelerates it, the mean over the three
  /// axes (MuJoCo's translational `body_invweight0`), 1/kg: soft contacts scale their
  /// regularisation by it (`ContactSoftness`). A free body's 1/m until the model sets the
  /// articulated value; 0 for a static geom.
  public internal(set) var contactInverseWeight: Double

  init(handle: ODEWorldHandle, id: dGeomID, index: Int, description: GeomDescription, body: RigidBody?) {
    self.handle = handle
    self.id = id
    self.index = index
    self.name = description.name
    self.shape = description.shape
    self.pose = description.pose
    self.body = body
    self.bodyIndex = body?.index ?? -1
    self.mass = body == nil ? 0 : description.resolvedMass
    self.friction = description.friction
    self.material = description.material
    self.contactInverseWeight = body.map { $0.mass > 0 ? 1 / $0.mass : 0 } ?? 0
    dGeomSetCategoryBits(id, description.categoryBits)
    dGeomSetCollideBits(id, description.collideBits)
    dGeomSetData(id, UnsafeMutableRawPointer(bitPattern: index + 1))
  }

  /// The geom's current position in the world (its centre, for placeable shapes).
  public var worldPosition: Vector3 {
    if case .plane = shape { return .zero }
    let p = dGeomGetPosition(id)!
    return Vector3(p[0], p[1], p[2])
  }

  /// The geom's current orientation in the world.
  public var worldOrientation: Quaternion {
    if case .plane = shape { return .identity }
    var q = dQuaternion(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &q) { pointer in
      pointer.withMemoryRebound(to: dReal.self, capacity: 4) { dGeomGetQuaternion(id, $0) }
    }
    return Quaternion(w: q.0, x: q.1, y: q.2, z: q.3)
  }

  /// Index recovered from an ODE geom's user data (set at creation).
  static func index(of geom: dGeomID) -> Int {
    Int(bitPattern: dGeomGetData(geom)) - 1
  }
}
