"""Runs an actor exported by `odessa export` in dm_control's own task on MuJoCo, acting with
the deterministic mean action (tanh of the mean, scaled to the action bounds), and prints the
returns as JSON. Used by `make policy-in-mujoco`, which puts the same policy's return in Odessa
beside it.

    python scripts/policy_in_mujoco.py ACTOR.safetensors [--episodes 10] [--seed 0]

The observation is dm_control's, flattened in its own order; the script checks that its fields
and sizes are the ones the actor was trained with (Odessa keeps dm_control's order)."""
import json
import sys

import numpy as np
from dm_control import suite

from exported_actor import act, command_line


def main():
    args, description, layers = command_line()
    domain, _, task = description["task"].partition("-")
    if (domain, task) not in suite.ALL_TASKS:
        sys.exit(f"{description['task']} is not a dm_control task, so it has no MuJoCo counterpart here"
                 + (" (BipedalWalker's original is Box2D's: `make bipedal-oracle`)" if domain == "bipedal_walker" else ""))
    returns = []
    for episode in range(args.episodes):
        env = suite.load(domain, task, task_kwargs={"random": args.seed + episode})
        step = env.reset()
        fields = [(name, np.asarray(value).size) for name, value in step.observation.items()]
        expected = [(f["name"], f["count"]) for f in description["observation"]]
        if fields != expected:
            sys.exit(f"dm_control's {description['task']} observes {fields}; the actor was trained on {expected}")
        total = 0.0
        while not step.last():
            observation = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in step.observation.values()])
            step = env.step(act(layers, description, observation))
            total += step.reward
        returns.append(total)
    import mujoco
    json.dump({"task": description["task"], "mujoco": mujoco.__version__, "episodes": args.episodes,
               "mean": float(np.mean(returns)), "std": float(np.std(returns)), "returns": returns}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
