"""An actor exported by `odessa export` (a safetensors file with Odessa's description in its
metadata), read and run with NumPy alone: the deterministic mean action, tanh of the mean
scaled to the action bounds. Shared by the scripts that run Odessa's policies in other
simulators."""
import argparse
import json
import struct

import numpy as np


def load_actor(path):
    with open(path, "rb") as file:
        data = file.read()
    header_size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + header_size])
    description = json.loads(header["__metadata__"]["odessa"])
    body = data[8 + header_size:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype=np.float32).reshape(entry["shape"])
    layers = sorted({name.rsplit(".", 1)[0] for name in tensors}, key=lambda n: int(n.split(".")[1]))
    return description, [(tensors[n + ".weight"].astype(np.float64), tensors[n + ".bias"].astype(np.float64)) for n in layers]


def act(layers, description, observation):
    x = observation
    for k, (weight, bias) in enumerate(layers):
        x = weight @ x + bias
        if k < len(layers) - 1:
            x = np.maximum(x, 0)
    n = len(description["actionNames"])
    low, high = np.array(description["actionLow"]), np.array(description["actionHigh"])
    return low + (np.tanh(x[:n]) + 1) / 2 * (high - low)


def command_line():
    """The arguments every policy script takes (ACTOR.safetensors, --episodes, --seed), and the
    actor they name, read."""
    parser = argparse.ArgumentParser()
    parser.add_argument("actor")
    parser.add_argument("--episodes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    description, layers = load_actor(args.actor)
    return args, description, layers
