import Physics
import CODE

/// The benchmark's chain scene written directly against ODE's C API, with no Odessa layer:
/// the baseline against which the Physics API's cost is measured. It makes the same ODE calls in
/// the same order as `World.step()`, so both produce the same trajectory.
final class RawODEChain {
  let world: dWorldID
  let space: dSpaceID
  let contactGroup: dJointGroupID
  let threading: dThreadingImplementationID
  var bodies: [dBodyID] = []
  var hinges: [dJointID] = []
  let scene: ChainScene
  let contacts: UnsafeMutablePointer<dContact>
  static let maxContacts = 4

  init(scene: ChainScene) {
    ODERuntime.ensureInitialized()
    self.scene = scene
    world = dWorldCreate()
    space = dSimpleSpaceCreate(nil)
    contactGroup = dJointGroupCreate(0)
    // As in ODEWorldHandle: a threading object of its own, so worlds on other threads are safe.
    threading = dThreadingAllocateSelfThreadedImplementation()
    dWorldSetStepThreadingImplementation(world, dThreadingImplementationGetFunctions(threading), threading)
    contacts = .allocate(capacity: Self.maxContacts)
    contacts.initialize(repeating: dContact(), count: Self.maxContacts)
    dWorldSetGravity(world, 0, 0, -9.81)
    dWorldSetERP(world, 0.2)
    dWorldSetCFM(world, 1e-10)
    dWorldSetAutoDisableFlag(world, 0)
    dWorldSetContactSurfaceLayer(world, 0)
    dWorldSetContactMaxCorrectingVel(world, .infinity)
    let floor = dCreatePlane(space, 0, 0, 1, 0)
    dGeomSetCategoryBits(floor, 1)
    dGeomSetCollideBits(floor, 1)
    for k in 0..<scene.links {
      let body = dBodyCreate(world)!
      var mass = dMass()
      dMassSetCapsuleTotal(&mass, 1000 * ChainScene.capsuleVolume(scene), 3, scene.radius,
        2 * scene.halfLength)
      dBodySetMass(body, &mass)
      let pose = scene.linkPose(k)
      let unit = pose.orientation.normalized
      var q: dQuaternion = (unit.w, unit.x, unit.y, unit.z)
      withUnsafeMutablePointer(to: &q) { p in
        p.withMemoryRebound(to: dReal.self, capacity: 4) { dBodySetQuaternion(body, $0) }
      }
      dBodySetPosition(body, pose.position.x, pose.position.y, pose.position.z)
      let geom = dCreateCapsule(space, scene.radius, 2 * scene.halfLength)
      dGeomSetBody(geom, body)
      dGeomSetCategoryBits(geom, 1)
      dGeomSetCollideBits(geom, 1)
      if let previous = bodies.last {
        let hinge = dJointCreateHinge(world, nil)!
        dJointAttach(hinge, body, previous)
        let anchor = scene.hingeAnchor(k)
        dJointSetHingeAnchor(hinge, anchor.x, anchor.y, anchor.z)
        dJointSetHingeAxis(hinge, 0, 1, 0)
        // The damper as an implicit motor row: target velocity 0, unbounded, CFM = 1/damping.
        dJointSetHingeParam(hinge, Int32(dParamVel), 0)
        dJointSetHingeParam(hinge, Int32(dParamFMax), .infinity)
        dJointSetHingeParam(hinge, Int32(dParamCFM), 1 / scene.hingeDamping)
        dJointSetHingeParam(hinge, Int32(dParamFudgeFactor), 0)
        hinges.append(hinge)
      }
      bodies.append(body)
    }
  }

  deinit {
    contacts.deallocate()
    dJointGroupDestroy(contactGroup)
    dSpaceDestroy(space)
    dWorldSetStepThreadingImplementation(world, nil, nil)
    dWorldDestroy(world)
    dThreadingImplementationShutdownProcessing(threading)
    dThreadingFreeImplementation(threading)
  }

  func step() {
    dSpaceCollide(space, Unmanaged.passUnretained(self).toOpaque(), rawNearCallback)
    dWorldStep(world, scene.timestep)
    dJointGroupEmpty(contactGroup)
  }

  func collide(_ first: dGeomID, _ second: dGeomID) {
    var o1 = first
    var o2 = second
    var b1 = dGeomGetBody(o1)
    var b2 = dGeomGetBody(o2)
    if b1 == b2 { return }
    if b1 == nil {
      swap(&o1, &o2)
      swap(&b1, &b2)
    }
    if let b2, dAreConnectedExcluding(b1, b2, Int32(dJointTypeContact.rawValue)) != 0 { return }
    let stride = Int32(MemoryLayout<dContact>.stride)
    let offset = MemoryLayout<dContact>.offset(of: \dContact.geom)!
    let first = (UnsafeMutableRawPointer(contacts) + offset).assumingMemoryBound(to: dContactGeom.self)
    let count = Int(dCollide(o1, o2, Int32(Self.maxContacts), first, stride))
    for k in 0..<count {
      contacts[k].surface.mode = Int32(dContactApprox1)
      contacts[k].surface.mu = scene.friction
      contacts[k].surface.soft_erp = 0
      contacts[k].surface.soft_cfm = 0
      contacts[k].surface.bounce = 0
      contacts[k].surface.bounce_vel = 0
      let joint = dJointCreateContact(world, contactGroup, contacts + k)
      dJointAttach(joint, b1, b2)
    }
  }

  /// Centre-of-mass positions of the links, for comparing trajectories.
  var positions: [Double] {
    bodies.flatMap { body -> [Double] in
      let p = dBodyGetPosition(body)!
      return [p[0], p[1], p[2]]
    }
  }
}

private func rawNearCallback(_ data: UnsafeMutableRawPointer?, _ o1: dGeomID?, _ o2: dGeomID?) {
  guard let data, let o1, let o2 else { return }
  Unmanaged<RawODEChain>.fromOpaque(data).takeUnretainedValue().collide(o1, o2)
}

extension ChainScene {
  static func capsuleVolume(_ scene: ChainScene) -> Double {
    Shape.capsule(radius: scene.radius, halfLength: scene.halfLength).volume
  }
}
