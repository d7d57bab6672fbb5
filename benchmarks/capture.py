#!/usr/bin/env python3
"""What capturing every scope adds to a student's script time.

Runs each script under templates/harness.py as the grader does (the locals of the script's
own functions recorded as they return, every scope walked at the end) and with
`--without-scopes` (only the top level captured), alternating, and compares the scripts'
CPU time (the harness's own report: the Python process and its children). The scripts are
the handout solution and the styles that keep their work in functions and classes. Target:
under 5 % more.

usage: benchmarks/capture.py [--rounds R]   (needs numpy, scikit-learn, matplotlib, seaborn, pandas)
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
SCRIPTS = ["fixtures/submissions/123456789.py", "fixtures/submissions/987654321.py", "fixtures/submissions/styles/functions_main.py",
           "fixtures/submissions/styles/class_model.py", "fixtures/submissions/styles/nested_sigmoid.py", "fixtures/submissions/styles/notebook.ipynb"]


def cpu_seconds(script, folder, scopes):
    capture = folder / "capture.json"
    arguments = [sys.executable, str(ROOT / "templates/harness.py")] + ([] if scopes else ["--without-scopes"]) + [script.name, str(capture)]
    environment = dict(os.environ, MPLBACKEND="Agg", LRGRADE_MNIST=str(ROOT / "fixtures/mnist"), PYTHONPATH=str(ROOT / "templates/shim"),
                       OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    subprocess.run(arguments, cwd=folder, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = json.loads(capture.read_text())
    return result["resources"]["cpu_seconds"], len(result["candidates"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"Scripts under templates/harness.py, one thread each, {args.rounds} alternating rounds, median CPU seconds")
    print()
    print("| script | top level only | every scope | candidates | added |")
    print("|---|---:|---:|---:|---:|")
    totals = [0.0, 0.0]
    for relative in SCRIPTS:
        with tempfile.TemporaryDirectory() as name:
            folder = pathlib.Path(name)
            script = folder / pathlib.Path(relative).name
            shutil.copy(ROOT / relative, script)
            without, with_scopes, found = [], [], 0
            for _ in range(args.rounds):
                without.append(cpu_seconds(script, folder, False)[0])
                seconds, found = cpu_seconds(script, folder, True)
                with_scopes.append(seconds)
        a, b = statistics.median(without), statistics.median(with_scopes)
        totals[0] += a
        totals[1] += b
        print(f"| {pathlib.Path(relative).name} | {a:.2f} s | {b:.2f} s | {found} | {100 * (b - a) / a:+.1f} % |")
    print(f"| **all** | {totals[0]:.2f} s | {totals[1]:.2f} s | | **{100 * (totals[1] - totals[0]) / totals[0]:+.1f} %** |")


if __name__ == "__main__":
    main()
