import CODE

/// A weld: the child keeps its pose relative to the parent.
public final class FixedJoint: Joint {}

/// Keeps a body in ODE's z = 0 plane, turning only about z (ODE's Plane2D joint).
public final class Plane2DJoint: Joint {}
