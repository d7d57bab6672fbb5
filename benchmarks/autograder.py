#!/usr/bin/env python3
"""What a submission costs inside an autograder, beside the student's script.

Builds the Gradescope zip (`lrgrade autograder gradescope`), unpacks it into a temporary
root laid out as Gradescope's `/autograder`, and runs `source/run_autograder` as Gradescope
does, once per round, on a handout solution with its PDF (a script of a few seconds) and on
a PDF alone (no script: everything but the run). Each round's cost is the wall time of
`run_autograder` less the script's own run (its sigmoid's probe and its run, the
`script_seconds` of results.json's extra_data): lrgrade's start, the data, Python's
whereabouts, the grading, poppler on the PDF, results.json. Then the same for PrairieLearn's
`run_grader`, which also draws the two PNG images.

In a platform's container `python3` is the system's; here it may be a pyenv shim (a chain of
shell scripts, about 0.1 s a start): the real interpreter's folder is put first on PATH, as
in the container. The interpreter is printed.

Target: under 200 ms per submission (median), on 2 cores.

usage: benchmarks/autograder.py [--rounds R]   (after `make build`)
"""
import argparse
import json
import re
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
LRGRADE = ROOT / ".build/release/lrgrade"
FIXTURES = ROOT / "fixtures/submissions"
TARGET = 0.200


def unpack(zip_path, folder):
    """Unzips keeping the modes, as Gradescope does."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            path = archive.extract(info, folder)
            os.chmod(path, (info.external_attr >> 16) & 0o777)


def run(command, root, files, results_name, environment):
    """One submission: `files` into the submission folder, `command`, then (wall, script seconds, results)."""
    submission = root / results_name
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    submission.mkdir(parents=True)
    for file in files:
        shutil.copy(file, submission / file.name)
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stdout}{done.stderr}")
    return wall, done.stdout, json.loads((root / "results/results.json").read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    interpreter = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, check=True).stdout.strip()
    environment = dict(os.environ, PATH=str(pathlib.Path(interpreter).parent) + os.pathsep + os.environ["PATH"])
    print(f"python3 in the autograder: {interpreter}")
    with tempfile.TemporaryDirectory(prefix="lrgrade-bench-autograder-") as work:
        work = pathlib.Path(work)
        start = time.perf_counter()
        subprocess.run([LRGRADE, "autograder", "gradescope", "--out", work / "autograder.zip"], check=True, capture_output=True)
        subprocess.run([LRGRADE, "autograder", "prairielearn", "--out", work / "prairielearn"], check=True, capture_output=True)
        print(f"built both autograders in {time.perf_counter() - start:.1f} s; zip {(work / 'autograder.zip').stat().st_size >> 20} MiB")
        gradescope = work / "gradescope"
        unpack(work / "autograder.zip", gradescope / "source")
        prairielearn = work / "grade"
        solution = [FIXTURES / "123456789.py", FIXTURES / "123456789.pdf"]
        cases = [
            ("Gradescope, solution + PDF", [gradescope / "source/run_autograder"], gradescope, solution, "submission"),
            ("Gradescope, PDF alone", [gradescope / "source/run_autograder"], gradescope, [FIXTURES / "123456789.pdf"], "submission"),
            ("PrairieLearn, solution + PDF", [work / "prairielearn/lrgrade/run_grader", "--root", prairielearn], prairielearn, solution, "student"),
        ]
        print(f"{'case':<32}{'median cost':>12}{'min':>8}{'max':>8}{'script':>9}   (seconds, {arguments.rounds} rounds; cost = wall − script)")
        medians = []
        for name, command, root, files, folder in cases:
            costs, scripts = [], []
            for _ in range(arguments.rounds):
                wall, log, results = run(command, root, files, folder, environment)
                extra = results.get("extra_data", {})
                # PrairieLearn's results have no extra_data: the script's time is in its log line.
                script = extra.get("script_seconds")
                if script is None:
                    found = re.search(r"script ([0-9.]+) s, grading", log)
                    script = float(found.group(1)) if found else 0.0
                costs.append(wall - script)
                scripts.append(script)
            median = statistics.median(costs)
            medians.append(median)
            print(f"{name:<32}{median:>12.3f}{min(costs):>8.3f}{max(costs):>8.3f}{statistics.median(scripts):>9.2f}")
        worst = max(medians)
        print(f"per-submission cost beside the script: {worst * 1000:.0f} ms at most (target < {TARGET * 1000:.0f} ms): {'met' if worst < TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
