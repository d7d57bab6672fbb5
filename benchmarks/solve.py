#!/usr/bin/env python3
"""`lrgrade solve` against the same job done the Python way (benchmarks/reference_numpy.py).

Both run on the bundled MNIST (fixtures/mnist, blocked gzip), the default job (digits 0/1,
lr 0.1, 100 epochs), alternately, after one warm-up run each so both read the files from
the page cache. `lrgrade solve` also runs on the same data as single-member gzip files, the
format of the original MNIST download, which it must decode on one core. Reports the median
and the fastest wall time and the median peak resident memory of each, and their ratios,
as a Markdown table (also written to benchmarks/results/solve.md).

usage: benchmarks/solve.py [--runs N]   (after `make build`; `make bench` does both)
"""
import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def measure(command, timings=None):
    """Wall seconds and peak resident memory (MiB) of one run of `command`; with `timings`
    (a dict of lists), the phase times the Python way wrote on standard error are added to it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    errors = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark: {' '.join(command)} failed: {errors.strip()}")
    if timings is not None:
        for name, value in json.loads(errors.strip().splitlines()[-1]).items():
            timings.setdefault(name, []).append(value)
    return elapsed, usage.ru_maxrss / 1024


def peak_gflops():
    """The machine's double-precision peak: cores × clock × FLOPs per cycle per core, the
    last from the CPU: 8 on AMD Zen 1 and Zen+ (two 128-bit FMA pipes), 32 with AVX-512,
    16 with AVX2 and FMA, else 4. Returns the peak and how it was counted."""
    info = {}
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        info.setdefault(key.strip(), value.strip())
    flags = info.get("flags", "").split()
    zen1 = info.get("vendor_id") == "AuthenticAMD" and info.get("cpu family") == "23" and int(info.get("model", "0")) < 0x30
    per_cycle = 8 if zen1 else 32 if "avx512f" in flags else 16 if {"avx2", "fma"} <= set(flags) else 4
    ghz = float(info.get("cpu MHz", 0)) / 1000
    cores = os.cpu_count()
    return cores * ghz * per_cycle, f"{cores} cores × {ghz:.2f} GHz × {per_cycle} FLOP/cycle"


def phase_times(runs):
    """Median wall time of each phase of `lrgrade solve --timings` over `runs` runs."""
    samples = {}
    for _ in range(runs):
        result = subprocess.run([str(ROOT / ".build/release/lrgrade"), "solve", "--timings", "--out", str(RESULTS / "swift")],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        line = result.stderr.strip().splitlines()[-1].removeprefix("timings: ")
        for part in line.replace("; ", ", ").split(", "):
            name, value, _ = part.rsplit(" ", 2)
            samples.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in samples.items()}


def cpu_model():
    """The model name, with family, model and clock as /proc/cpuinfo gives them."""
    info = {}
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        info.setdefault(key.strip(), value.strip())
    if "model name" not in info:
        return platform.processor() or "unknown CPU"
    return (f"{info['model name']} (family {info.get('cpu family', '?')}, model {info.get('model', '?')}, "
            f"{float(info.get('cpu MHz', 0)):.0f} MHz)")


def single_member_copy():
    """The bundled IDX files rewritten as single-member gzip (gzip -9), like the originals.
    In child processes: a child's peak memory counts its parent's at the fork, so this
    process stays small."""
    folder = RESULTS / "single-member"
    folder.mkdir(exist_ok=True)
    for path in (ROOT / "fixtures/mnist").glob("*.gz"):
        with open(folder / path.name, "wb") as out:
            subprocess.run(f"gzip -dc '{path}' | gzip -9n", shell=True, stdout=out, check=True)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    commands = {
        "lrgrade solve": [str(ROOT / ".build/release/lrgrade"), "solve", "--out", str(RESULTS / "swift")],
        "lrgrade solve, single-member gzip": [str(ROOT / ".build/release/lrgrade"), "solve", "--data", str(single_member_copy()),
                                              "--out", str(RESULTS / "swift-single")],
        "numpy + scikit-learn": [sys.executable, str(ROOT / "benchmarks/reference_numpy.py"), "--out", str(RESULTS / "python.json")],
        "numpy + scikit-learn + matplotlib": [sys.executable, str(ROOT / "benchmarks/reference_numpy.py"), "--out",
                                              str(RESULTS / "python.json"), "--plots", str(RESULTS / "python.pdf"), "--timings"],
    }
    samples = {name: [] for name in commands}
    python_phases = {}
    for name, command in commands.items():
        measure(command, {} if "--timings" in command else None)  # warm-up: page cache, Python bytecode cache
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(measure(command, python_phases if "--timings" in command else None))

    def row(name):
        times = [t for t, _ in samples[name]]
        memory = statistics.median(m for _, m in samples[name])
        return statistics.median(times), min(times), memory

    swift = row("lrgrade solve")
    import matplotlib, numpy, sklearn  # versions for the record
    lines = [
        f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, numpy {numpy.__version__}, "
        f"scikit-learn {sklearn.__version__}, matplotlib {matplotlib.__version__}; {args.runs} runs each, alternating.",
        "",
        "| job: digits 0/1, lr 0.1, 100 epochs | median wall | fastest | peak memory | `lrgrade solve` is |",
        "|---|---:|---:|---:|---|",
        f"| `lrgrade solve` (reference.json and reference.pdf) | {swift[0] * 1000:.0f} ms | {swift[1] * 1000:.0f} ms | {swift[2]:.0f} MiB | |",
    ]
    single = row("lrgrade solve, single-member gzip")
    lines.append(f"| `lrgrade solve` on single-member gzip files (the original download's format) | {single[0] * 1000:.0f} ms | "
                 f"{single[1] * 1000:.0f} ms | {single[2]:.0f} MiB | {single[0] / swift[0]:.2f}× the time on the bundled files |")
    for name, what in [("numpy + scikit-learn", "numbers only"), ("numpy + scikit-learn + matplotlib", "numbers and the plots' PDF")]:
        python = row(name)
        lines.append(f"| {name} (`benchmarks/reference_numpy.py`, {what}) | {python[0] * 1000:.0f} ms | {python[1] * 1000:.0f} ms | "
                     f"{python[2]:.0f} MiB | **{python[0] / swift[0]:.1f}× faster**, {python[2] / swift[2]:.1f}× less memory "
                     f"({python[0] / single[0]:.1f}× and {python[2] / single[2]:.1f}× on single-member files) |")
    phases = phase_times(args.runs)
    lines += [
        "",
        "Where `lrgrade solve`'s time goes (`lrgrade solve --timings`, median of the same number of runs):",
        "",
        "| " + " | ".join(phases) + " |",
        "|" + "---:|" * len(phases),
        "| " + " | ".join(f"{value:.0f} ms" for value in phases.values()) + " |",
    ]
    lines += kernel_table({name: statistics.median(values) for name, values in python_phases.items()}, phases)
    text = "\n".join(lines) + "\n"
    (RESULTS / "solve.md").write_text(text)
    sys.stdout.write(text)


def kernel_table(python, swift):
    """Each part of the job side by side, from the same runs: gradient descent with its rate
    in GFLOP/s and the fraction of the machine's peak, the L-BFGS baseline against
    LogisticRegression().fit, the report against matplotlib's drawing and savefig."""
    swift = {name: value / 1000 for name, value in swift.items()}  # `--timings` prints milliseconds
    reference = json.loads((RESULTS / "swift/reference.json").read_text())
    m, m_test = reference["dataset"]["n_train"], reference["dataset"]["n_test"]
    epochs = reference["gradient_descent"]["epochs"]
    # What numpy computes per epoch: X·W and Xᵀr on the training set, X·W on the test set.
    flops = 2 * 785 * (2 * m + m_test) * epochs
    peak, counted = peak_gflops()

    def rate(seconds):
        gflops = flops / seconds / 1e9
        return f"{gflops:.1f} GFLOP/s, {gflops / peak * 100:.0f} % of peak"

    rows = [
        ("gradient descent: 100 epochs, train and test losses, checkpoints", swift["gradient descent"], python["gradient descent"], True),
        ("baseline: L-BFGS against `LogisticRegression().fit`", swift["baseline"], python["baseline"], False),
        ("report: the plots drawn and written to PDF (lrgrade: with reference.json written beside it)", swift["write and report"], python["plots"], False),
        ("load and prepare the data (Python: with its imports)", swift["load"] + swift["prepare"], python["imports"] + python["load"] + python["prepare"], False),
    ]
    lines = [
        "",
        f"Part by part, from the same runs (medians; the Python way's phases from `reference_numpy.py --timings`). "
        f"Gradient descent's rate counts the dense products numpy computes, {flops / 1e9:.2f} GFLOP in all "
        f"(lrgrade does the same arithmetic on the nonzero pixels only); peak: {counted} = {peak:.0f} GFLOP/s.",
        "",
        "| part | lrgrade | the Python way | lrgrade is |",
        "|---|---:|---:|---:|",
    ]
    for name, ours, theirs, with_rate in rows:
        note = (lambda t: f" ({rate(t)})") if with_rate else (lambda t: "")
        lines.append(f"| {name} | {ours * 1000:.0f} ms{note(ours)} | {theirs * 1000:.0f} ms{note(theirs)} | **{theirs / ours:.1f}× faster** |")
    return lines


if __name__ == "__main__":
    main()
