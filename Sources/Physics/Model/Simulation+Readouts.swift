extension Simulation {
  /// The world pose of a model body's frame (MuJoCo's xpos/xquat).
  public func bodyPose(_ b: Int) -> Pose {
    guard let body = carrier[b] else { return frameInCarrier[b] }
    return body.pose.composed(with: frameInCarrier[b])
  }

  /// The world position of a body frame's origin (xpos).
  public func bodyPosition(_ b: Int) -> Vector3 { bodyPose(b).position }

  /// The body's rotation matrix, row-major (xmat).
  public func bodyRotation(_ b: Int) -> RotationMatrix { bodyPose(b).orientation.matrix }

  /// The world position of the body's own centre of mass (xipos).
  public func bodyCenterOfMass(_ b: Int) -> Vector3 { bodyPose(b).transform(localCenterOfMass[b]) }

  /// The world velocity of a point given in world coordinates, moving with body `b`.
  public func velocity(ofWorldPoint point: Vector3, onBody b: Int) -> Vector3 {
    guard let body = carrier[b] else { return .zero }
    return body.linearVelocity + body.angularVelocity.cross(point - body.centerOfMass)
  }

  /// The world pose of a geom.
  public func geomPose(_ g: Int) -> Pose {
    let geom = model.geoms[g]
    if case .plane = geom.shape { return geom.pose }
    return bodyPose(geom.body).composed(with: geom.pose)
  }

  /// The world position of a site.
  public func sitePosition(_ s: Int) -> Vector3 {
    let site = model.sites[s]
    return bodyPose(site.body).transform(site.pose.position)
  }

  /// Mass-weighted linear velocity of the centres of mass of `b`'s subtree (subtreelinvel).
  public func subtreeLinearVelocity(_ b: Int) -> Vector3 {
    var momentum = Vector3.zero, mass = 0.0
    for c in subtrees[b] where model.bodies[c].mass > 0 {
      momentum += model.bodies[c].mass * velocity(ofWorldPoint: bodyCenterOfMass(c), onBody: c)
      mass += model.bodies[c].mass
    }
    return mass > 0 ? momentum / mass : .zero
  }

  /// The centre of mass of `b`'s subtree (subtreecom).
  public func subtreeCenterOfMass(_ b: Int) -> Vector3 {
    var moment = Vector3.zero, mass = 0.0
    for c in subtrees[b] where model.bodies[c].mass > 0 {
      moment += model.bodies[c].mass * bodyCenterOfMass(c)
      mass += model.bodies[c].mass
    }
    return mass > 0 ? moment / mass : bodyPosition(b)
  }

  /// Sum of the normal forces (N) of last step's contacts that lie inside site `s`'s sphere and
  /// involve a geom riding on the site's body (MuJoCo's touch sensor).
  public func touch(_ s: Int) -> Double {
    let site = model.sites[s]
    guard let body = carrier[site.body] else { return 0 }
    let toSite = objectPose(.site(s)).inverse
    var total = 0.0
    for contact in world.contacts {
      let first = world.geoms[contact.geom1].bodyIndex, second = world.geoms[contact.geom2].bodyIndex
      guard first == body.index || second == body.index else { continue }
      guard site.shape.contains(toSite.transform(contact.position)), let force = world.force(of: contact) else { continue }
      total += abs(force.dot(contact.normal))
    }
    return total
  }

  /// The current value of sensor `k` (its `dimension` numbers).
  public func sensorValue(_ k: Int) -> [Double] {
    switch model.sensors[k].kind {
    case .subtreeLinearVelocity(let b):
      let v = subtreeLinearVelocity(b)
      return [v.x, v.y, v.z]
    case .subtreeCenterOfMass(let b):
      let c = subtreeCenterOfMass(b)
      return [c.x, c.y, c.z]
    case .touch(let s):
      return [touch(s)]
    case .jointPosition(let j):
      return [qpos[positionAddress[j]]]
    case .jointVelocity(let j):
      return [qvel[velocityAddress[j]]]
    case .framePosition(let object):
      let p = objectPose(object).position
      return [p.x, p.y, p.z]
    case .frameQuaternion(let object):
      let q = objectPose(object).orientation
      return [q.w, q.x, q.y, q.z]
    case .frameAxis(let object, let axis):
      let row = objectPose(object).orientation.matrix
      let direction = Vector3(row.rows.0[axis], row.rows.1[axis], row.rows.2[axis])
      return [direction.x, direction.y, direction.z]
    case .frameLinearVelocity(let object):
      let v = velocity(ofWorldPoint: objectPose(object).position, onBody: body(of: object))
      return [v.x, v.y, v.z]
    case .frameAngularVelocity(let object):
      let w = carrier[body(of: object)]?.angularVelocity ?? .zero
      return [w.x, w.y, w.z]
    case .velocimeter(let s):
      let v = objectPose(.site(s)).orientation.conjugate.rotate(siteLinearVelocity(s))
      return [v.x, v.y, v.z]
    case .gyro(let s):
      let w = objectPose(.site(s)).orientation.conjugate.rotate(carrier[model.sites[s].body]?.angularVelocity ?? .zero)
      return [w.x, w.y, w.z]
    case .accelerometer(let s):
      let a = objectPose(.site(s)).orientation.conjugate.rotate(siteAcceleration(s) - world.settings.gravity)
      return [a.x, a.y, a.z]
    case .actuatorForce(let k):
      return [actuatorScalarForce(k)]
    case .subtreeAngularMomentum(let b):
      let l = subtreeAngularMomentum(b)
      return [l.x, l.y, l.z]
    case .force(let s):
      let f = objectPose(.site(s)).orientation.conjugate.rotate(interactionForce(atSite: s).force)
      return [f.x, f.y, f.z]
    case .torque(let s):
      let t = objectPose(.site(s)).orientation.conjugate.rotate(interactionForce(atSite: s).torque)
      return [t.x, t.y, t.z]
    case .rangefinder(let s):
      let pose = objectPose(.site(s))
      let hit = world.castRay(
        from: pose.position, direction: pose.orientation.rotate(Vector3(0, 0, 1)), excluding: carrier[model.sites[s].body])
      return [hit ?? -1]
    }
  }

  /// The model body an object belongs to.
  func body(of object: ModelObject) -> Int {
    switch object {
    case .body(let b): return b
    case .geom(let g): return model.geoms[g].body
    case .site(let s): return model.sites[s].body
    }
  }

  /// World angular velocity of model body `b` (zero for the world and bodies welded to it).
  public func angularVelocity(ofBody b: Int) -> Vector3 { carrier[b]?.angularVelocity ?? .zero }

  /// World linear velocity of a site's origin.
  public func siteLinearVelocity(_ s: Int) -> Vector3 {
    velocity(ofWorldPoint: sitePosition(s), onBody: model.sites[s].body)
  }

  /// Mean world acceleration of a site over the last step (zero before the first step).
  func siteAcceleration(_ s: Int) -> Vector3 {
    guard let k = accelerometerSites.firstIndex(of: s), k < previousSiteVelocities.count else { return .zero }
    return (siteLinearVelocity(s) - previousSiteVelocities[k]) / timestep
  }

  /// Angular momentum of `b`'s subtree about its centre of mass (world axes): each moving
  /// body's spin R I Rᵀ ω plus the orbital term m (c_i − c) × (v_i − v_c).
  public func subtreeAngularMomentum(_ b: Int) -> Vector3 {
    let centre = subtreeCenterOfMass(b), centreVelocity = subtreeLinearVelocity(b)
    var total = Vector3.zero
    for c in subtrees[b] where c != 0 && !model.bodies[c].joints.isEmpty {
      guard let body = carrier[c] else { continue }
      let rotation = body.orientation
      let spin = rotation.rotate(body.inertia.apply(rotation.conjugate.rotate(body.angularVelocity)))
      total += spin + body.mass * (body.centerOfMass - centre).cross(body.linearVelocity - centreVelocity)
    }
    return total
  }

  /// The world pose of a body frame, geom or site.
  public func objectPose(_ object: ModelObject) -> Pose {
    switch object {
    case .body(let b): return bodyPose(b)
    case .geom(let g): return geomPose(g)
    case .site(let s):
      let site = model.sites[s]
      return bodyPose(site.body).composed(with: site.pose)
    }
  }

  /// Total mass of the model's bodies as simulated (intermediate bodies excluded), kg.
  public var simulatedMass: Double {
    model.bodies.indices.filter { $0 != 0 && !model.bodies[$0].joints.isEmpty }
      .reduce(0) { $0 + (carrier[$1]?.mass ?? 0) }
  }
}
