"""Reads a folder of TensorBoard event files with TensorBoard's own reader and prints every
scalar series as JSON ({tag: [[step, value], ...]}). Used by Odessa's tests to check that the
files `odessa train --tensorboard` writes are what TensorBoard reads."""
import json
import sys

from tensorboard.backend.event_processing import event_accumulator


def main() -> None:
    accumulator = event_accumulator.EventAccumulator(sys.argv[1], size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    series = {tag: [[event.step, event.value] for event in accumulator.Scalars(tag)]
              for tag in accumulator.Tags()["scalars"]}
    json.dump(series, sys.stdout)


if __name__ == "__main__":
    main()
