#!/usr/bin/env python3
"""Reading a class of 1,000 students as each LMS exports it, without running anything.

Writes a Canvas export (as its .zip and as its folder), a Moodle export (one folder per
participant) and a Gradescope export of 1,000 students, each with the handout solution and
its PDF under the names the LMS gives them, and times `lrgrade grade EXPORT --list` (the
layout detected, every student found; the zip unpacked first). Target: under a second.

usage: benchmarks/exports.py [--students N] [--rounds R]   (after `make build`)
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "fixtures/submissions/123456789.py"
PDF = ROOT / "fixtures/submissions/123456789.pdf"


def write(folder, layout, students):
    folder.mkdir()
    if layout == "gradescope":
        lines = []
    for k in range(students):
        user, handout = 100000 + k, 200000000 + k
        files = [(SCRIPT, f"{handout}.py"), (PDF, f"{handout}.pdf")]
        for n, (source, name) in enumerate(files):
            if layout == "canvas":
                target = folder / f"studentnumber{k}_{user}_{3 * k + n}_{name}"
            elif layout == "moodle":
                target = folder / f"Student Number {k}_{user}_assignsubmission_file" / name
            else:
                target = folder / f"submission_{user}" / name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
        if layout == "gradescope":
            lines += [f"submission_{user}:", "  :submitters:", f"  - :name: Student Number {k}", f"    :sid: '{user}'"]
    if layout == "gradescope":
        (folder / "submission_metadata.yml").write_text("\n".join(lines) + "\n")


def timed(command, rounds):
    seconds, output = [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), output.splitlines()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    lrgrade = str(ROOT / ".build/release/lrgrade")
    print(f"{args.students} students, `lrgrade grade EXPORT --list`, median of {args.rounds} runs")
    print()
    print("| export | size | read in | found |")
    print("|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        for layout in ("canvas", "moodle", "gradescope"):
            folder = work / layout
            write(folder, layout, args.students)
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            seconds, found = timed([lrgrade, "grade", str(folder), "--list"], args.rounds)
            print(f"| {layout} folder | {size >> 20} MiB | **{seconds * 1000:.0f} ms** | {found} |")
            if layout == "canvas":
                archive = work / "canvas.zip"
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
                    for f in sorted(folder.iterdir()):
                        z.write(f, f.name)
                seconds, found = timed([lrgrade, "grade", str(archive), "--list"], args.rounds)
                print(f"| canvas .zip (unpacked first) | {archive.stat().st_size >> 20} MiB | **{seconds * 1000:.0f} ms** | {found} |")


if __name__ == "__main__":
    main()
