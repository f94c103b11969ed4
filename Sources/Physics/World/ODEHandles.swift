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
    dWorldSetStepThreadingImplementation(world, nil, nil)
    dWorldDestroy(world)  // destroys bodies and joints
    dThreadingImplementationShutdownProcessing(threading)
    dThreadingFreeImplementation(threading)
  }
}
