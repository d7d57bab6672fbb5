#!/usr/bin/env python3
"""The runner's overhead per script beyond the script's own Python time.

`lrgrade run` with 1 and with N copies of a short script gives the cost of one more run
(the slope, so lrgrade's start-up and the one-time Python discovery do not count); the same
script under plain `python3` gives the script's own time. The difference is the runner's
overhead per submission: a fresh folder, the copy, prlimit, bubblewrap, setpriv, the
harness, the capture read back. Target: under 100 ms.

usage: benchmarks/runner.py [--copies N] [--rounds R]   (after `make build`)
"""
import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "fixtures/submissions/hostile/fake_prints.py"


def wall(command):
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    lrgrade = str(ROOT / ".build/release/lrgrade")
    with tempfile.TemporaryDirectory() as folder:
        scripts = []
        for index in range(args.copies):
            path = pathlib.Path(folder) / f"{100000000 + index}.py"
            shutil.copy(SCRIPT, path)
            scripts.append(str(path))
        one, many, plain = [], [], []
        for _ in range(args.rounds):
            one.append(wall([lrgrade, "run", scripts[0], "--work", tempfile.mkdtemp(dir=folder)]))
            many.append(wall([lrgrade, "run", *scripts, "--work", tempfile.mkdtemp(dir=folder)]))
            plain.append(statistics.median(wall([sys.executable, scripts[0]]) for _ in range(5)))
    per_run = (statistics.median(many) - statistics.median(one)) / (args.copies - 1)
    own = statistics.median(plain)
    print(f"Script: {SCRIPT.relative_to(ROOT)} ({args.copies} copies per invocation, {args.rounds} rounds, medians)")
    print()
    print("| one run through `lrgrade run` | the same script under plain `python3` | runner overhead per run |")
    print("|---:|---:|---:|")
    print(f"| {per_run * 1000:.0f} ms | {own * 1000:.0f} ms | **{(per_run - own) * 1000:.0f} ms** |")


if __name__ == "__main__":
    main()
