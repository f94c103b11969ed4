"""Loads every MJCF file of dm_control's suite and of Gymnasium's MuJoCo environments in
MuJoCo and in Odessa, and compares what each compiler reports.

Run through `make mjcf-oracle`, which installs MuJoCo and downloads the two packages' wheels
(without installing them) into a virtual environment. For each file the table shows MuJoCo's
counts (nbody, njnt, nq, nv, nu, ntendon, neq, total mass) beside `odessa model check`'s, and how
far Odessa's body inverse weights (what soft contacts scale by) are from MuJoCo's translational
`body_invweight0`, or the line where Odessa stops. The exit status is 1 if a file that both load differs.
"""
import glob
import os
import re
import subprocess
import sys
import zipfile

import mujoco


def extract(wheel_glob, prefix, destination):
    """Unpacks the XML files (and their includes) under `prefix` of a downloaded wheel."""
    wheels = glob.glob(wheel_glob)
    if not wheels:
        sys.exit(f"no wheel matches {wheel_glob}")
    with zipfile.ZipFile(wheels[0]) as archive:
        for name in archive.namelist():
            if name.startswith(prefix) and name.endswith(".xml"):
                archive.extract(name, destination)
    return sorted(glob.glob(os.path.join(destination, prefix, "*.xml")))


def odessa_counts(tool, path):
    result = subprocess.run([tool, "model", "check", path, "--steps", "200"], capture_output=True, text=True)
    line = next((l for l in result.stdout.splitlines() if "as MuJoCo counts" in l), None)
    if line is None:
        return None, (result.stderr.strip().splitlines() or ["(no output)"])[0], []
    values = dict(re.findall(r"(\w+) ([\d.e+-]+)", line.split("counts:")[1]))
    rollout = next((l for l in result.stdout.splitlines() if l.startswith("random rollout")), "")
    counts = tuple(int(values[k]) for k in ["nbody", "njnt", "nq", "nv", "nu", "ntendon", "neq"])
    weights = [float(w) for w in re.findall(r" w0 ([\d.e+-]+) /kg", result.stdout)]
    return counts + (float(values["mass"]),), rollout, weights


def weights_differ(ours, theirs):
    """The largest difference between Odessa's inverse weights and MuJoCo's translational
    body_invweight0 (bodies in file order, the world left out), relative where MuJoCo's is not 0."""
    if len(ours) != len(theirs):
        return float("inf")
    return max([abs(a - b) / (abs(b) if b > 1e-12 else 1.0) for a, b in zip(ours, theirs)] or [0.0])


def agree(ours, theirs):
    """Equal counts, and masses within a millionth (the printed figures round differently)."""
    return ours[:-1] == theirs[:-1] and abs(ours[-1] - theirs[-1]) <= 1e-6 * max(1.0, abs(theirs[-1]))


def main():
    tool, wheels, work = sys.argv[1], sys.argv[2], sys.argv[3]
    files = extract(os.path.join(wheels, "dm_control-*.whl"), "dm_control/suite", work)
    files += extract(os.path.join(wheels, "gymnasium-*.whl"), "gymnasium/envs/mujoco/assets", work)
    print(f"MuJoCo {mujoco.__version__}; counts are (nbody, njnt, nq, nv, nu, ntendon, neq, total mass)")
    loaded = differing = 0
    for path in files:
        name = os.path.relpath(path, work)
        try:
            model = mujoco.MjModel.from_xml_path(path)
        except Exception as error:  # files that need assets the wheel lacks (dog's textures)
            print(f"{name}: MuJoCo cannot load it here ({str(error).splitlines()[0][:60]})")
            continue
        reference = (model.nbody, model.njnt, model.nq, model.nv, model.nu, model.ntendon, model.neq,
                     float(sum(model.body_mass)))
        counts, detail, weights = odessa_counts(tool, path)
        if counts is None:
            print(f"{name}: MuJoCo {reference}; Odessa stops: {detail}")
            continue
        loaded += 1
        # The inverse weights soft contacts scale by (printed to 8 digits).
        spread = weights_differ(weights, [float(w) for w in model.body_invweight0[1:, 0]])
        same = agree(counts, reference) and spread <= 1e-6
        differing += 0 if same else 1
        shown = lambda c: c[:-1] + (round(c[-1], 4),)
        print(f"{name}: {'same' if same else 'DIFFERENT'}: MuJoCo {shown(reference)}, Odessa {shown(counts)}; "
              f"body_invweight0 within {spread:.1e}; {detail}")
    print(f"{loaded} of {len(files)} files load in Odessa; {differing} of those differ from MuJoCo")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
