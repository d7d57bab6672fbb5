#!/usr/bin/env python3
"""What recording the matplotlib figures costs a student's run.

Runs templates/harness.py (as the runner does, without the sandbox, which does not change
Python's work) on the two fixture solutions and reads back the time the harness spent
recording figures (`resources.figure_seconds`), the figures kept and the capture's size.
Target: under 1 s per run.

usage: benchmarks/figures.py [--rounds R]
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = ["123456789.py", "987654321.py"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "templates/shim"), LRGRADE_MNIST=str(ROOT / "fixtures/mnist"), MPLBACKEND="Agg")
    print(f"{args.rounds} rounds per script, medians")
    print()
    print("| script | figure states kept | capture size | time recording figures | script's whole run |")
    print("|---|---:|---:|---:|---:|")
    for name in SCRIPTS:
        seconds, totals = [], []
        with tempfile.TemporaryDirectory() as work:
            for _ in range(args.rounds):
                shutil.copy(ROOT / "fixtures/submissions" / name, work)
                capture = pathlib.Path(work) / "capture.json"
                subprocess.run([sys.executable, str(ROOT / "templates/harness.py"), name, str(capture)], cwd=work, env=environment,
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                result = json.loads(capture.read_text())
                seconds.append(result["resources"]["figure_seconds"])
                totals.append(result["resources"]["cpu_seconds"])
            size = capture.stat().st_size
        print(f"| {name} | {len(result['figures'])} | {size / 1024:.0f} KiB | **{statistics.median(seconds) * 1000:.0f} ms** "
              f"| {statistics.median(totals):.1f} s CPU |")


if __name__ == "__main__":
    main()
