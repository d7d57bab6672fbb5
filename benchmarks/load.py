#!/usr/bin/env python3
"""Load test of `lrgrade grade`: a synthetic class graded end to end.

Synthesizes N submissions (default 200) from the two fixture solutions with varied
learning rates, a quarter of them with a subtle bug from fixtures/submissions/bugs.json,
each with its PDF, and grades them with `lrgrade grade --json`. Reports throughput
(submissions per minute), the grader's own peak memory (not the scripts'), and the grader's
overhead per submission beyond the students' Python time, as CPU (what the grader costs in
cores: its threads and the poppler tools) and as wall time (stretched when other jobs'
scripts hold the cores).

With --identical, every submission is the handout solution at the reference's settings:
the work shared between students is then next to nothing, so the overhead measured is the
part each submission costs by itself. With --styles, the class is fixtures/submissions/styles
(solutions in other shapes, notebooks, one-bug scripts whose mistakes are replayed), each
entry of styles.json once per round until N: the grader's cost where it must search.

The scripts are served the secret variant of the data, as `lrgrade grade` does by default;
--secret-data off grades with a rubric that turns it off, to measure what it costs. The
table gives the replays on the published data it took (results that fail on the variant are
replayed there, at most once per distinct schedule) beside the distinct schedules.

usage: benchmarks/load.py [--submissions N] [--jobs J] [--identical | --styles] [--secret-data on|off]   (after `make build`)
"""
import argparse
import json
import os
import pathlib
import platform
import shutil
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures/submissions"
RATES = [0.01, 0.05, 0.1, 0.2, 0.5]


def synthesize_styles(folder, count):
    """Writes `count` submissions of the styles fixtures into `folder`, as StyleGradingTests
    lays them out; returns how many carry a bug."""
    styles = json.loads((FIXTURES / "styles/styles.json").read_text())["fixtures"]
    buggy = 0
    for index in range(count):
        entry = styles[index % len(styles)]
        sid = str(600000000 + index)
        place = folder / sid if entry.get("folder") else folder
        place.mkdir(exist_ok=True)
        source = FIXTURES / "styles" / entry["script"]
        shutil.copy(source, place / (sid + source.suffix))
        pdf = entry.get("pdf", entry["id"] + ".pdf").replace(entry["id"], sid)
        shutil.copy(source.with_suffix(".pdf"), place / pdf)
        buggy += any(name in entry["expect"] for name in ("loss_history", "weights"))
    return buggy


def synthesize(folder, count, identical):
    """Writes `count` submissions into `folder`; returns how many carry a bug."""
    handout = (FIXTURES / "123456789.py").read_text()
    if identical:
        for index in range(count):
            (folder / f"{500000000 + index}.py").write_text(handout)
            shutil.copy(FIXTURES / "123456789.pdf", folder / f"{500000000 + index}.pdf")
        return 0
    other = (FIXTURES / "987654321.py").read_text()
    bugs = json.loads((FIXTURES / "bugs.json").read_text())["variants"]
    buggy = 0
    for index in range(count):
        sid = str(500000000 + index)
        rate = RATES[index % len(RATES)]
        if index % 4 == 3:
            variant = bugs[(index // 4) % len(bugs)]
            text = handout
            for old, new in variant["replace"]:
                text = text.replace(old, new)
            text = text.replace("lr = 0.1", f"lr = {rate}")
            pdf = "123456789.pdf"
            buggy += 1
        elif index % 2 == 0:
            text, pdf = handout.replace("lr = 0.1", f"lr = {rate}"), "123456789.pdf"
        else:
            text, pdf = other.replace("ScratchLogReg(0.5, 100)", f"ScratchLogReg({rate}, 100)"), "987654321.pdf"
        (folder / f"{sid}.py").write_text(text)
        shutil.copy(FIXTURES / pdf, folder / f"{sid}.pdf")
    return buggy


def cpu_model():
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    kinds = parser.add_mutually_exclusive_group()
    kinds.add_argument("--identical", action="store_true", help="every submission the handout solution at lr 0.1")
    kinds.add_argument("--styles", action="store_true", help="the solutions and bugs of fixtures/submissions/styles")
    parser.add_argument("--secret-data", choices=["on", "off"], default="on", help="serve the scripts the secret variant (the default of lrgrade grade)")
    args = parser.parse_args()
    lrgrade = str(ROOT / ".build/release/lrgrade")
    with tempfile.TemporaryDirectory() as work:
        folder = pathlib.Path(work) / "class"
        folder.mkdir()
        buggy = synthesize_styles(folder, args.submissions) if args.styles else synthesize(folder, args.submissions, args.identical)
        rubric = pathlib.Path(work) / "rubric.yaml"
        rubric.write_text((ROOT / "templates/rubric.yaml").read_text() + f"\nsecret_data: {'true' if args.secret_data == 'on' else 'false'}\n")
        start = time.perf_counter()
        done = subprocess.run([lrgrade, "grade", str(folder), "--out", str(pathlib.Path(work) / "out"), "--jobs", str(args.jobs), "--json", "--quiet",
                               "--rubric", str(rubric)],
                              check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        summary = json.loads(done.stdout)
    graded = summary["graded"]
    kind = ("identical handout solutions at lr 0.1" if args.identical else f"the styles fixtures, {buggy} with a bug in training" if args.styles
            else f"{buggy} with a subtle bug, {len(RATES)} learning rates")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores; {graded} submissions ({kind}), --jobs {args.jobs}, secret data {args.secret_data}")
    print()
    print("| submissions per minute | wall time | students' scripts (sum of wall) | grader peak memory | grader CPU per submission | grader wall overhead per submission | shared replays (epochs) | replays on the published data | rate searches | full marks | mean score |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {graded / elapsed * 60:.1f} | {elapsed:.0f} s | {summary['script_seconds']:.0f} s | {summary['grader_peak_memory_bytes'] / 2**20:.0f} MiB "
          f"| **{summary['grader_cpu_seconds_per_submission'] * 1000:.0f} ms** | {summary['grader_overhead_seconds_per_submission'] * 1000:.0f} ms "
          f"| {summary['replays']} ({summary['replayed_epochs']}) | {summary['published_replays']} | {summary['learning_rate_searches']} "
          f"| {summary['full_marks']} | {summary['mean_score']:.1f} |")


if __name__ == "__main__":
    main()
