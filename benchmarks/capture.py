#!/usr/bin/env python3
"""What capturing every scope adds to a student's script time.

Runs each script under templates/harness.py as the grader does and reads two figures from
its capture: the script's CPU time (the Python process and its children) and
`scope_seconds`, what the scope capture cost in it (wrapping the script's functions, every
return recorded, at the cost of one measured in the same process, and walking every scope
at the end). Measuring the cost inside the run, rather than as the difference of two
runs, keeps it apart from the seconds by which runs of the same script vary. The scripts
are the fixture solutions, most of them keeping their work in functions and classes.
Target: under 5 %.

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
STYLES = json.loads((ROOT / "fixtures/submissions/styles/styles.json").read_text())["fixtures"]
SCRIPTS = ["fixtures/submissions/123456789.py", "fixtures/submissions/987654321.py"] + sorted(
    {"fixtures/submissions/styles/" + entry["script"] for entry in STYLES if not entry["expect"]})


def measure(script, folder):
    capture = folder / "capture.json"
    environment = dict(os.environ, MPLBACKEND="Agg", LRGRADE_MNIST=str(ROOT / "fixtures/mnist"), PYTHONPATH=str(ROOT / "templates/shim"),
                       OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    subprocess.run([sys.executable, str(ROOT / "templates/harness.py"), script.name, str(capture)], cwd=folder, env=environment,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = json.loads(capture.read_text())
    return result["resources"]["cpu_seconds"], result["resources"]["scope_seconds"], len(result["candidates"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"Scripts under templates/harness.py, one thread each, medians of {args.rounds} runs")
    print()
    print("| script | CPU time | scope capture | candidates | share |")
    print("|---|---:|---:|---:|---:|")
    worst, total = 0.0, [0.0, 0.0]
    for relative in SCRIPTS:
        with tempfile.TemporaryDirectory() as name:
            folder = pathlib.Path(name)
            script = folder / pathlib.Path(relative).name
            shutil.copy(ROOT / relative, script)
            runs = [measure(script, folder) for _ in range(args.rounds)]
        cpu, scope = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        worst = max(worst, scope / cpu)
        total[0] += cpu
        total[1] += scope
        print(f"| {pathlib.Path(relative).name} | {cpu:.2f} s | {scope * 1000:.1f} ms | {runs[-1][2]} | {100 * scope / cpu:.2f} % |")
    print(f"| **all** | {total[0]:.2f} s | {total[1] * 1000:.1f} ms | | **{100 * total[1] / total[0]:.2f} %** (worst {100 * worst:.2f} %) |")


if __name__ == "__main__":
    main()
