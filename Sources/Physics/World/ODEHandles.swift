import CODE

/// Owns one ODE world, its collision space and its contact-joint group, and frees them.
///
/// Bodies, geoms and joints keep this object alive, so their ODE handles stay valid for as long
/// as any Swift object refers to them, even after the `World` itself is gone.
final class ODEWorldHandle {
  let world: dWorldID
  let space: dSpaceID
  let contactGroup: dJointGroupID
  /// The world's own step-threading object. Without one, ODE shares a single process-wide
  /// default among all worlds, and worlds stepped on different threads corrupt each other.
  let threading: dThreadingImplementationID
  /// A ray geom outside every space, for `World.castRay`; made on first use.
  var ray: dGeomID {
    if let existing = rayIfCreated { return existing }
    let made = dCreateRay(nil, 1)!
    rayIfCreated = made
    return made
  }
  private var rayIfCreated: dGeomID?
  /// The space of ground geoms (`World.addGroundGeom`), made on first use.
  var groundSpace: dSpaceID {
    if let existing = groundSpaceIfCreated { return existing }
    let made = dSimpleSpaceCreate(nil)!
    groundSpaceIfCreated = made
    return made
  }
  private(set) var groundSpaceIfCreated: dSpaceID?
  /// Height-field data of the world's height-field geoms, destroyed after the geoms.
  var heightFieldData: [dHeightfieldDataID] = []
  /// Triangle-mesh data and the vertex and index buffers ODE reads from, freed after the geoms.
  var triangleMeshes: [(data: dTriMeshDataID, vertices: UnsafeMutableRawPointer, indices: UnsafeMutableRawPointer)] = []

  init() {
    ODERuntime.ensureInitialized()
    world = dWorldCreate()
    space = dSimpleSpaceCreate(nil)
    contactGroup = dJointGroupCreate(0)
    threading = dThreadingAllocateSelfThreadedImplementation()
    dWorldSetStepThreadingImplementation(world, dThreadingImplementationGetFunctions(threading), threading)
    dWorldSetAutoDisableFlag(world, 0)
  }

  deinit {
    dJointGroupDestroy(contactGroup)
    dSpaceDestroy(space)  // destroys the geoms it holds
    if let ground = groundSpaceIfCreated { dSpaceDestroy(ground) }
    if let ray = rayIfCreated { dGeomDestroy(ray) }
    for data in heightFieldData { dGeomHeightfieldDataDestroy(data) }
    for mesh in triangleMeshes {
      dGeomTriMeshDataDestroy(mesh.data)
      mesh.vertices.deallocate()
      mesh.indices.deallocate()
    }
    dWorldSetStepThreadingImplementation(world, nil, nil)
    dWorldDestroy(world)  // destroys bodies and joints
    dThreadingImplementationShutdownProcessing(threading)
    dThreadingFreeImplementation(threading)
  }
}
