"""Runs an actor exported by `odessa export` from a BipedalWalker run in Gymnasium's own
BipedalWalker-v3 (or BipedalWalkerHardcore-v3) on Box2D, acting with the deterministic mean
action, and prints the returns as JSON. Used by `make policy-in-box2d`, which puts the same
policy's return in Odessa beside it.

    python scripts/policy_in_box2d.py ACTOR.safetensors [--episodes 10] [--seed 0]

The observation is the original's 24 numbers, which Odessa keeps in the same order."""
import json
import sys

import numpy as np
import gymnasium as gym
import Box2D

from exported_actor import act, command_line

ORIGINALS = {"bipedal_walker": "BipedalWalker-v3", "bipedal_walker-hardcore": "BipedalWalkerHardcore-v3"}


def main():
    args, description, layers = command_line()
    name = ORIGINALS.get(description["task"])
    if name is None:
        sys.exit(f"{description['task']} is not a BipedalWalker task; `make policy-in-mujoco` runs dm_control's tasks")
    size = sum(field["count"] for field in description["observation"])
    env = gym.make(name)
    if env.observation_space.shape != (size,):
        sys.exit(f"{name} observes {env.observation_space.shape[0]} numbers; the actor was trained on {size}")
    returns = []
    for episode in range(args.episodes):
        observation, _ = env.reset(seed=args.seed + episode)
        total = 0.0
        while True:
            observation, reward, terminated, truncated, _ = env.step(act(layers, description, np.asarray(observation, dtype=np.float64)))
            total += reward
            if terminated or truncated:
                break
        returns.append(float(total))
    json.dump({"task": description["task"], "original": name, "gymnasium": gym.__version__, "box2d": Box2D.__version__,
               "episodes": args.episodes, "mean": float(np.mean(returns)), "std": float(np.std(returns)),
               "returns": returns}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
