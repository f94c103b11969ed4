"""Box2D's side of `odessa bench bipedal`: Gymnasium's BipedalWalker-v3 run with its own
heuristic gait, as the oracle the ODE port is compared with.

Reads one JSON object on standard input:
  {"seeds": N, "trajectory_steps": M}
and writes one JSON object on standard output:
  {"gymnasium": version, "box2d": version,
   "heuristic": {"normal": {...}, "hardcore": {...}},   # returns, distances, finished, steps per seed
   "flat": [{"before": state, "action": [4], "after": state}, ...]}
where a state is hull origin x, y, angle, the four joint angles, the origin's velocity x, y, the
hull's angular velocity and the four joint speeds. The flat trajectory is the heuristic walking on
ground made flat (every random draw of the generator at the middle of its range).
"""
import json
import sys

import numpy as np
import gymnasium as gym
import Box2D
from gymnasium.envs.box2d.bipedal_walker import BipedalWalkerHeuristics

START_X = 14 / 30 * 20 / 2  # TERRAIN_STEP * TERRAIN_STARTPAD / 2


def run_heuristic(env, seed):
    state, _ = env.reset(seed=seed)
    gait = BipedalWalkerHeuristics()
    action = np.zeros(4)
    total, steps = 0.0, 0
    while True:
        state, reward, terminated, truncated, _ = env.step(action)
        total += reward
        steps += 1
        action = gait.step_heuristic(state)
        if terminated or truncated:
            break
    x = env.unwrapped.hull.position[0]
    return {"return": total, "distance": x - START_X, "steps": steps, "finished": bool(x > 88.6)}


class MiddleDraws:
    """A generator whose uniform draws all land in the middle of their range: flat terrain."""

    def __init__(self, generator):
        self.generator = generator

    def uniform(self, low=0.0, high=1.0, size=None):
        return (low + high) / 2 if size is None else np.full(size, (low + high) / 2)

    def __getattr__(self, name):
        return getattr(self.generator, name)


def state(walker):
    hull = walker.hull
    centre, origin = hull.worldCenter, hull.position
    w, v = hull.angularVelocity, hull.linearVelocity
    rx, ry = origin[0] - centre[0], origin[1] - centre[1]
    return ([origin[0], origin[1], hull.angle] + [j.angle for j in walker.joints]
            + [v[0] - w * ry, v[1] + w * rx, w] + [j.speed for j in walker.joints])


def flat_trajectory(steps):
    env = gym.make("BipedalWalker-v3")
    walker = env.unwrapped
    env.reset(seed=0)
    walker._np_random = MiddleDraws(walker.np_random)
    observation, _ = env.reset()
    gait = BipedalWalkerHeuristics()
    action = np.zeros(4)
    rows = []
    for _ in range(steps):
        before = state(walker)
        observation, _, terminated, truncated, _ = env.step(action)
        rows.append({"before": before, "action": [float(a) for a in action], "after": state(walker)})
        action = gait.step_heuristic(observation)
        if terminated or truncated:
            break
    return rows


def main():
    job = json.load(sys.stdin)
    answer = {"gymnasium": gym.__version__, "box2d": Box2D.__version__, "heuristic": {}}
    for name, name_id in (("normal", "BipedalWalker-v3"), ("hardcore", "BipedalWalkerHardcore-v3")):
        env = gym.make(name_id)
        answer["heuristic"][name] = [run_heuristic(env, seed) for seed in range(job["seeds"])]
    answer["flat"] = flat_trajectory(job["trajectory_steps"])
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
