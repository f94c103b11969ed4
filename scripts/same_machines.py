"""Checks that Odessa's models/*.xml describe the same machines as dm_control's suite files.

Both files are compiled by MuJoCo and compared quantity by quantity: every body's mass, centre
of mass, principal inertia and pose in its parent; every joint's type, axis, anchor, range,
stiffness, damping and armature; every geom's type, size, pose, friction and contact bits; every
actuator's joint and gear; the timestep. Bodies, joints, geoms and actuators are matched by name.
Run through `make mjcf-oracle` (after mjcf_oracle.py has unpacked dm_control's files).
Exit status 1 if any quantity differs by more than 1e-4 (relative for masses and inertias).
"""
import glob
import os
import sys

import mujoco
import numpy as np


def named(model, kind, count):
    return {mujoco.mj_id2name(model, kind, i): i for i in range(count)}


def plane_offset(model, g):
    normal = np.zeros(3)
    mujoco.mju_rotVecQuat(normal, np.array([0.0, 0.0, 1.0]), model.geom_quat[g])
    return float(normal @ model.geom_pos[g])


def contacts_off(model):
    return bool(model.opt.disableflags & mujoco.mjtDisableBit.mjDSBL_CONTACT)


def compare(ours, theirs):
    problems = []

    def check(what, a, b, relative=False):
        a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
        scale = np.maximum(1.0, np.abs(b)) if relative else 1.0
        if a.shape != b.shape or np.any(np.abs(a - b) / scale > 1e-4):
            problems.append(f"{what}: ours {np.round(a, 6).tolist()}, dm_control's {np.round(b, 6).tolist()}")

    check("timestep", ours.opt.timestep, theirs.opt.timestep)
    for kind, count, fields in [
        (mujoco.mjtObj.mjOBJ_BODY, "nbody", [("body_mass", True), ("body_ipos", False), ("body_inertia", True),
                                             ("body_pos", False), ("body_quat", False)]),
        (mujoco.mjtObj.mjOBJ_JOINT, "njnt", [("jnt_type", False), ("jnt_axis", False), ("jnt_pos", False),
                                             ("jnt_range", False), ("jnt_stiffness", False)]),
        (mujoco.mjtObj.mjOBJ_GEOM, "ngeom", [("geom_type", False), ("geom_size", False), ("geom_pos", False),
                                             ("geom_friction", False), ("geom_contype", False),
                                             ("geom_conaffinity", False), ("geom_condim", False)]),
        (mujoco.mjtObj.mjOBJ_ACTUATOR, "nu", [("actuator_gear", False), ("actuator_trnid", False),
                                              ("actuator_ctrlrange", False)]),
    ]:
        mine, reference = named(ours, kind, getattr(ours, count)), named(theirs, kind, getattr(theirs, count))
        if set(mine) != set(reference):
            problems.append(f"{kind.name} names differ: only ours {sorted(set(mine) - set(reference))}, "
                            f"only dm_control's {sorted(set(reference) - set(mine))}")
        for name in sorted(set(mine) & set(reference), key=str):
            for field, relative in fields:
                if kind == mujoco.mjtObj.mjOBJ_GEOM and theirs.geom_type[reference[name]] == mujoco.mjtGeom.mjGEOM_PLANE \
                        and field in ("geom_size", "geom_pos"):
                    # A plane is infinite: its size only draws it; of its position only the offset
                    # along its normal matters.
                    if field == "geom_pos":
                        check(f"plane offset[{name}]", plane_offset(ours, mine[name]), plane_offset(theirs, reference[name]))
                    continue
                if field in ("geom_contype", "geom_conaffinity") and contacts_off(ours) and contacts_off(theirs):
                    continue
                check(f"{field}[{name}]", getattr(ours, field)[mine[name]], getattr(theirs, field)[reference[name]], relative)
    dof = lambda m, field: [getattr(m, field)[m.jnt_dofadr[j]] for j in range(m.njnt)]
    check("dof_damping", dof(ours, "dof_damping"), dof(theirs, "dof_damping"))
    check("dof_armature", dof(ours, "dof_armature"), dof(theirs, "dof_armature"))
    return problems


# dm_control edits these files in code before each task compiles them (quadruped's walk and run
# drop the terrain, walls, ball and rangefinders; manipulator's tasks delete the props they do
# not use): ours describe the edited machine, so a
# comparison with the file as shipped would only list the removed parts.
EDITED_IN_CODE = {"quadruped.xml", "manipulator.xml"}


def main():
    models, suite = sys.argv[1], sys.argv[2]
    failed = 0
    for path in sorted(glob.glob(os.path.join(models, "*.xml"))):
        reference_path = os.path.join(suite, os.path.basename(path))
        if not os.path.exists(reference_path):
            continue
        if os.path.basename(path) in EDITED_IN_CODE:
            print(f"{os.path.basename(path)}: skipped (dm_control edits its file per task before compiling it)")
            continue
        problems = compare(mujoco.MjModel.from_xml_path(path), mujoco.MjModel.from_xml_path(reference_path))
        print(f"{os.path.basename(path)}: " + ("the same machine" if not problems else f"{len(problems)} differences"))
        for problem in problems[:20]:
            print("  " + problem)
        failed += 1 if problems else 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
