"""MuJoCo's side of `odessa bench fidelity`: reads jobs as JSON on standard input, runs each in
MuJoCo (the `mujoco` package from PyPI) and writes the trajectories as JSON on standard output.

A job: {"xml": model file, "qpos": [...], "qvel": [...], "controls": [[...], ...],
"substeps": physics steps per control step, optionally "restarts": [{"qpos", "qvel", "act"}, ...]}. For
each job the answer holds qpos and qvel after every control step (the initial state first), and
with restarts, "restarted": qpos one control step after each restart state under that step's
control (Odessa's states, to measure the one-step error along the run); or an error."""
import json
import sys

import mujoco
import numpy as np


def run(job):
    model = mujoco.MjModel.from_xml_path(job["xml"])
    data = mujoco.MjData(model)
    if len(job["qpos"]) != model.nq or len(job["qvel"]) != model.nv:
        return {"error": f"MuJoCo has nq={model.nq}, nv={model.nv}; Odessa sent {len(job['qpos'])} and {len(job['qvel'])}"}
    data.qpos[:] = job["qpos"]
    data.qvel[:] = job["qvel"]
    mujoco.mj_forward(model, data)
    qpos, qvel = [data.qpos.tolist()], [data.qvel.tolist()]
    for control in job["controls"]:
        data.ctrl[:] = control
        for _ in range(job["substeps"]):
            mujoco.mj_step(model, data)
        if not (np.all(np.isfinite(data.qpos)) and np.all(np.isfinite(data.qvel))):
            break
        qpos.append(data.qpos.tolist())
        qvel.append(data.qvel.tolist())
    answer = {"qpos": qpos, "qvel": qvel}
    if "restarts" in job:
        restarted = []
        for state, control in zip(job["restarts"], job["controls"]):
            data.qpos[:] = state["qpos"]
            data.qvel[:] = state["qvel"]
            if model.na:
                data.act[:] = state["act"]
            data.ctrl[:] = control
            for _ in range(job["substeps"]):
                mujoco.mj_step(model, data)
            restarted.append(data.qpos.tolist())
        answer["restarted"] = restarted
    return answer


def main():
    jobs = json.load(sys.stdin)["jobs"]
    results = []
    for job in jobs:
        try:
            results.append(run(job))
        except Exception as error:  # reported per job, so one bad model does not hide the others
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump({"mujoco": mujoco.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
