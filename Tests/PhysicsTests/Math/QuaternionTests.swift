import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct QuaternionTests {
  @Test func axisAngleRotatesByTheRightHandRule() {
    let q = Quaternion(axis: Vector3(0, 0, 1), angle: Double.pi / 2)
    let v = q.rotate(Vector3(1, 0, 0))
    #expect(abs(v.x) < 1e-15 && abs(v.y - 1) < 1e-15 && abs(v.z) < 1e-15)
  }

  @Test func matrixAgreesWithRotate() {
    let q = Quaternion(axis: Vector3(1, 2, 3), angle: 0.7)
    let v = Vector3(0.3, -1.1, 2.5)
    let a = q.rotate(v)
    let b = q.matrix.apply(v)
    #expect((a - b).length < 1e-14)
    #expect((q.matrix.applyTransposed(a) - v).length < 1e-14)
  }

  @Test func pitchAboutYMatchesMujocoXmatConvention() {
    // For a rotation by phi about +y: xx = cos phi, xz = sin phi, zz = cos phi (tasks.md §0).
    let phi = 0.3
    let m = Quaternion(axis: Vector3(0, 1, 0), angle: phi).matrix
    #expect(abs(m[0, 0] - cos(phi)) < 1e-15)
    #expect(abs(m[0, 2] - sin(phi)) < 1e-15)
    #expect(abs(m[2, 2] - cos(phi)) < 1e-15)
  }

  @Test func rotatingZOntoADirection() {
    for target in [Vector3(1, 0, 0), Vector3(0, 0, -1), Vector3(1, 1, 1), Vector3(0, 0, 1)] {
      let q = Quaternion(rotatingZTo: target)
      let z = q.rotate(Vector3(0, 0, 1))
      #expect((z - target / target.length).length < 1e-12, "z onto \(target)")
      #expect(abs(q.norm - 1) < 1e-12)
    }
  }

  @Test func compositionAppliesRightFirst() {
    let a = Quaternion(axis: Vector3(0, 0, 1), angle: 0.4)
    let b = Quaternion(axis: Vector3(1, 0, 0), angle: 1.1)
    let v = Vector3(0.2, 0.5, -0.7)
    #expect(((a * b).rotate(v) - a.rotate(b.rotate(v))).length < 1e-14)
  }

  @Test func poseInverseUndoesTransform() {
    let pose = Pose(position: Vector3(1, -2, 0.5), orientation: Quaternion(axis: Vector3(1, 1, 0), angle: 0.9))
    let p = Vector3(0.3, 0.2, 0.1)
    #expect((pose.inverse.transform(pose.transform(p)) - p).length < 1e-14)
    let composed = pose.composed(with: pose.inverse)
    #expect(composed.position.length < 1e-14)
  }
}
