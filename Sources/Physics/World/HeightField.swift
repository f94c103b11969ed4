import CODE

/// A static elevation grid (MJCF's `hfield`): `rows` × `columns` samples over the rectangle
/// [−halfSize.x, halfSize.x] × [−halfSize.y, halfSize.y] of its frame's xy plane; sample (r, c)
/// sits at y = −halfSize.y + 2 halfSize.y · r / (rows − 1), x likewise from c, at height
/// `elevations[r · columns + c] · top`. The solid reaches `base` below z = 0.
public struct HeightField: Equatable, Sendable {
  public var rows: Int
  public var columns: Int
  /// Half the grid's extent along x and y, m.
  public var halfSize: (x: Double, y: Double)
  /// The height of elevation 1, m.
  public var top: Double
  /// The thickness of the solid below z = 0, m.
  public var base: Double
  /// Row-major elevations in [0, 1].
  public var elevations: [Double]

  public init(rows: Int, columns: Int, halfSize: (x: Double, y: Double), top: Double, base: Double, elevations: [Double]) {
    self.rows = rows
    self.columns = columns
    self.halfSize = halfSize
    self.top = top
    self.base = base
    self.elevations = elevations
  }

  public static func == (a: HeightField, b: HeightField) -> Bool {
    a.rows == b.rows && a.columns == b.columns && a.halfSize == b.halfSize && a.top == b.top && a.base == b.base
      && a.elevations == b.elevations
  }

  func validate(context: String) throws {
    guard rows >= 2, columns >= 2, elevations.count == rows * columns else {
      throw PhysicsError.invalidArgument("\(context): a height field needs at least 2 × 2 samples and one elevation each")
    }
    guard halfSize.x > 0, halfSize.y > 0, top >= 0, base > 0, elevations.allSatisfy({ $0.isFinite }) else {
      throw PhysicsError.invalidArgument("\(context): a height field needs positive sizes and finite elevations")
    }
  }

  /// ODE's height field lies in its local xz plane with y up, rows along z: it is turned +90°
  /// about x (local y becomes z, local z becomes −y), so ODE's row k is MJCF's row rows − 1 − k.
  /// ODE copies the heights; the returned data must be destroyed after the geom.
  func makeODEGeom(in space: dSpaceID) -> (dGeomID, dHeightfieldDataID) {
    var heights = [Double](repeating: 0, count: rows * columns)
    for r in 0..<rows {
      for c in 0..<columns { heights[(rows - 1 - r) * columns + c] = elevations[r * columns + c] * top }
    }
    let data = dGeomHeightfieldDataCreate()!
    heights.withUnsafeBufferPointer { buffer in
      dGeomHeightfieldDataBuildDouble(
        data, buffer.baseAddress, 1, 2 * halfSize.x, 2 * halfSize.y, Int32(columns), Int32(rows), 1, 0, base, 0)
    }
    return (dCreateHeightfield(space, data, 1)!, data)
  }

  /// The turn from ODE's y-up frame to MJCF's z-up one.
  static let odeFrame = Quaternion(axis: Vector3(1, 0, 0), angle: Double.pi / 2)
}
