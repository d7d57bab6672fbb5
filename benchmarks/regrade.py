#!/usr/bin/env python3
"""Regrading a class of 1,000 from its stored runs, and the class's summary and report.

Grades the distinct fixture solutions once for real (the two handout solutions and the
styles fixtures, each with its PDF, and a disguised copy of each .py: names changed,
comments added; about 45 scripts, two minutes on 2 cores). Then builds a class of 1,000
students, each a copy of one of them under a new id with its stored run (`<id>/run.gz`, a
real run) and the same secret-data seed, so the similarity has copies of all kinds to find.

Then, timed:
- `lrgrade grade CLASS --out DIR --rubric fixtures/rubrics/reweighted.yaml --json --force`
  after a rubric change (other points): every student regraded from the stored runs, no
  script run.
  Target: under 10 s on 2 cores.
- `lrgrade gradebook DIR`, whose last line gives the time of its phases: the summary and the
  similarity over the 1,000 scripts (target under 10 s) and the class report (target under 1 s).

usage: benchmarks/regrade.py [--students N] [--rounds R] [--work DIR]   (after `make build`)
"""
import argparse
import json
import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
LRGRADE = ROOT / ".build/release/lrgrade"
FIXTURES = ROOT / "fixtures/submissions"

CHANGED_RUBRIC = ROOT / "fixtures/rubrics/reweighted.yaml"


def distinct_solutions():
    """(script, pdf) of every fixture solution with its own PDF."""
    pairs = [(FIXTURES / f"{i}.py", FIXTURES / f"{i}.pdf") for i in ("123456789", "987654321")]
    for script in sorted((FIXTURES / "styles").iterdir()):
        if script.suffix in (".py", ".ipynb") and script.with_suffix(".pdf").exists():
            pairs.append((script, script.with_suffix(".pdf")))
    return pairs


def disguise(source, k):
    """The script with its assigned names changed and a comment after every fourth line."""
    names = sorted(set(re.findall(r"(?m)^\s*([A-Za-z_]\w{2,})\s*=[^=]", source)))
    for n, name in enumerate(names):
        source = re.sub(rf"\b{name}\b", f"v{k}_{n}", source)
    lines = source.split("\n")
    return "\n".join(line + (f"  # step {i}" if i % 4 == 3 and line.strip() and not line.rstrip().endswith("\\") else "") for i, line in enumerate(lines))


def run(command):
    start = time.perf_counter()
    result = subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", help="keep the classes in this folder (the seed runs are reused when it has them)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lrgrade-regrade-") as temporary:
        work = pathlib.Path(args.work or temporary)
        seeds, seed_out = work / "seeds", work / "seed-out"
        seeds.mkdir(parents=True, exist_ok=True)
        # The distinct scripts: each solution, and a disguised copy of each .py.
        distinct = []
        for n, (script, pdf) in enumerate(distinct_solutions()):
            distinct.append((script.suffix, script.read_bytes(), pdf))
            if script.suffix == ".py":
                distinct.append((".py", disguise(script.read_text(), n).encode(), pdf))
        for n, (suffix, source, pdf) in enumerate(distinct):
            (seeds / f"{900000000 + n}{suffix}").write_bytes(source)
            shutil.copyfile(pdf, seeds / f"{900000000 + n}.pdf")
        seconds, _ = run([LRGRADE, "grade", seeds, "--out", seed_out, "--quiet"])  # kept when unchanged
        print(f"graded {len(distinct)} distinct scripts (the fixture solutions and a disguised copy of each .py) for real in {seconds:.0f} s")

        # The class: copies of them under new ids, each with the stored run of its script.
        klass, out = work / "class", work / "out"
        for folder in (klass, out):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        # The results folder as the full grading left it: the secret data's seed and the
        # replays computed then, as when the class was graded for real in this folder.
        shutil.copyfile(seed_out / ".lrgrade-secret", out / ".lrgrade-secret")
        if (seed_out / ".lrgrade-replays.gz").exists():
            shutil.copyfile(seed_out / ".lrgrade-replays.gz", out / ".lrgrade-replays.gz")
        for k in range(args.students):
            n = k % len(distinct)
            suffix, source, pdf = distinct[n]
            student = f"{100000000 + k}"
            (klass / f"{student}{suffix}").write_bytes(source)
            shutil.copyfile(pdf, klass / f"{student}.pdf")
            (out / student).mkdir()
            shutil.copyfile(seed_out / f"{900000000 + n}" / "run.gz", out / student / "run.gz")
        rubric = CHANGED_RUBRIC

        times, summary = [], {}
        for _ in range(args.rounds):
            seconds, output = run([LRGRADE, "grade", klass, "--out", out, "--rubric", rubric, "--json", "--force"])
            summary = json.loads(output)
            times.append(seconds)
        assert summary["ran"] == 0, f"{summary['ran']} scripts ran"
        print(f"regraded {summary['graded']} students from stored runs after a rubric change: "
              f"median {statistics.median(times):.2f} s over {args.rounds} rounds ({', '.join(f'{t:.2f}' for t in times)}; "
              f"ran {summary['ran']}; target < 10 s); replays computed {summary['replays']} ({summary['replayed_epochs']} epochs); "
              f"mean score {summary['mean_score']:.1f}, full marks {summary['full_marks']}, "
              f"grader peak memory {summary['grader_peak_memory_bytes'] / 2**20:.0f} MiB")

        phases = []
        for _ in range(args.rounds):
            seconds, output = run([LRGRADE, "gradebook", out, "--rubric", rubric])
            line = output.strip().splitlines()[-1]
            numbers = re.search(r"reading ([0-9.]+) s, summary and similarity ([0-9.]+) s, report ([0-9.]+) s", line)
            phases.append((seconds, *map(float, numbers.groups())))
        report = json.loads((out / "summary.json").read_text())
        whole, reading, similarity, drawing = (statistics.median(p[i] for p in phases) for i in range(4))
        print(f"gradebook of {report['students']} stored records: {whole:.2f} s in all (median of {args.rounds}); reading {reading:.2f} s, "
              f"summary and similarity over {report['students']} scripts {similarity:.2f} s (target < 10 s), "
              f"class report {drawing:.2f} s (target < 1 s)")
        pairs = report["similarity"]["pairs"]
        print(f"similar pairs listed from {report['similarity']['threshold']}: {len(pairs)}; "
              f"identical PDFs: {len(report['similarity']['identical_pdfs'])} groups")


if __name__ == "__main__":
    main()
