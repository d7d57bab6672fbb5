#!/usr/bin/env python3
"""`lrgrade solve` against the same job done the Python way (benchmarks/reference_numpy.py).

Both run on the bundled MNIST (fixtures/mnist, blocked gzip), the default job (digits 0/1,
lr 0.1, 100 epochs), alternately, after one warm-up run each so both read the files from
the page cache. `lrgrade solve` also runs on the same data as single-member gzip files, the
format of the original MNIST download, which it must decode on one core. Reports the median
and the fastest wall time and the median peak resident memory of each, and their ratios,
as a Markdown table (also written to benchmarks/results/solve.md).

Then the multiclass job (digits 0-9, lr 0.1, 100 epochs: the multinomial baseline, the
softmax regression and one-vs-rest, with the report) against benchmarks/reference_multiclass.py
with its matplotlib plots, alternately, --multiclass-runs times each.

The Python way gets its best: where OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE are set (they pin
OpenBLAS to an older kernel on some of our machines), they are unset for the Python side
only, and the BLAS kernel and thread count that ran (threadpoolctl) are printed.

usage: benchmarks/solve.py [--runs N] [--multiclass-runs N]   (after `make build`; `make bench` does both)
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
# Variables that pin OpenBLAS to an older kernel: unset for the Python way, never elsewhere.
PINNING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def python_environment():
    """This environment without the OpenBLAS pinning variables."""
    return {name: value for name, value in os.environ.items() if name not in PINNING}


def blas_description():
    """The BLAS numpy runs in the Python way's environment: library, kernel, threads."""
    probe = ("import json, numpy, threadpoolctl; "
             "print(json.dumps([i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']))")
    result = subprocess.run([sys.executable, "-c", probe], env=python_environment(), capture_output=True, text=True, check=True)
    pools = json.loads(result.stdout)
    unset = [name for name in PINNING if name in os.environ]
    described = "; ".join(f"{p['internal_api']} {p.get('version', '')} kernel {p.get('architecture', '?')}, {p['num_threads']} threads"
                          for p in pools) or "no BLAS found"
    return described + (f" ({', '.join(unset)} unset for the Python way)" if unset else "")


def measure(command, timings=None):
    """Wall seconds and peak resident memory (MiB) of one run of `command`; with `timings`
    (a dict of lists), the phase times the Python way wrote on standard error are added to it."""
    start = time.perf_counter()
    python = command[0] == sys.executable
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=python_environment() if python else None)
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
    last from the CPU: 8 on AMD Zen 1 and Zen+ (two 128-bit FMA pipes), 16 on Zen 2 to 4
    (two 256-bit pipes, AVX-512 in two halves), 32 with AVX-512 elsewhere, 16 with AVX2 and
    FMA, else 4. The clock is /proc/cpuinfo's, which can be below the clock under load
    (benchmarks/class_kernels.py measures that). Returns the peak and how it was counted."""
    info = {}
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        info.setdefault(key.strip(), value.strip())
    flags = info.get("flags", "").split()
    amd, family, model = info.get("vendor_id") == "AuthenticAMD", info.get("cpu family"), int(info.get("model", "0"))
    zen1 = amd and family == "23" and model < 0x30
    halves = amd and family in ("23", "25")  # Zen 2 to 4: 512-bit operations in two 256-bit halves
    per_cycle = 8 if zen1 else 16 if halves else 32 if "avx512f" in flags else 16 if {"avx2", "fma"} <= set(flags) else 4
    ghz = float(info.get("cpu MHz", 0)) / 1000
    cores = os.cpu_count()
    return cores * ghz * per_cycle, f"{cores} cores × {ghz:.2f} GHz × {per_cycle} FLOP/cycle"


def add_timings(stderr, samples):
    """Adds each phase's milliseconds from the last line of `lrgrade solve --timings`'s
    standard error ("timings: load 36.2 ms, …; total … ms") to `samples` (a dict of lists)."""
    line = stderr.strip().splitlines()[-1].removeprefix("timings: ")
    for part in line.replace("; ", ", ").split(", "):
        name, value, _ = part.rsplit(" ", 2)
        samples.setdefault(name, []).append(float(value))


def phase_times(runs):
    """Median wall time of each phase of `lrgrade solve --timings` over `runs` runs."""
    samples = {}
    for _ in range(runs):
        result = subprocess.run([str(ROOT / ".build/release/lrgrade"), "solve", "--timings", "--out", str(RESULTS / "swift")],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        add_timings(result.stderr, samples)
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
    parser.add_argument("--multiclass-runs", type=int, default=3)
    args = parser.parse_args()
    blas = blas_description()
    print(f"BLAS of the Python way: {blas}", flush=True)
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
        f"scikit-learn {sklearn.__version__}, matplotlib {matplotlib.__version__}; {args.runs} runs each, alternating. "
        f"BLAS: {blas}.",
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
    lines += multiclass_table(args.multiclass_runs)[0]
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


def multiclass_table(runs):
    """The multiclass job both ways, alternately, with each way's phases side by side: the
    table's lines, and the median wall seconds of lrgrade and of the Python way."""
    swift_command = [str(ROOT / ".build/release/lrgrade"), "solve", "--digits", "0-9", "--timings", "--out", str(RESULTS / "swift-multiclass")]
    python_command = [sys.executable, str(ROOT / "benchmarks/reference_multiclass.py"), "--digits", "0-9", "--out",
                      str(RESULTS / "python-multiclass.json"), "--plots", str(RESULTS / "python-multiclass.pdf"), "--timings"]
    swift_times, python_times, swift_phases, python_phases = [], [], {}, {}
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(swift_command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        swift_times.append(time.perf_counter() - start)
        add_timings(result.stderr, swift_phases)
        python_times.append(measure(python_command, python_phases)[0])
    swift, python = statistics.median(swift_times), statistics.median(python_times)
    # Seconds: lrgrade's phases are in milliseconds, the Python way's in seconds.
    median = lambda phases, *names, scale=1: sum(statistics.median(phases[name]) for name in names if name in phases) / scale
    rows = [
        ("baseline: L-BFGS against `LogisticRegression().fit` (multinomial, 100 iterations)", median(swift_phases, "baseline", scale=1000),
         median(python_phases, "baseline")),
        ("softmax regression and one-vs-rest (10 models), 100 epochs each (lrgrade trains them in the same passes)",
         median(swift_phases, "softmax and one-vs-rest", scale=1000), median(python_phases, "softmax", "one-vs-rest")),
        ("report: the plots (lrgrade: with reference.json written beside it)", median(swift_phases, "write and report", scale=1000),
         median(python_phases, "plots")),
        ("load and prepare the data (Python: with its imports)", median(swift_phases, "load", "prepare", scale=1000),
         median(python_phases, "imports", "load", "prepare")),
    ]
    lines = [
        "",
        f"The multiclass job, digits 0-9 (60,000 training and 10,000 test images), lr 0.1, 100 epochs, {runs} runs each, alternating "
        "(target: at least 20× faster end to end):",
        "",
        "| job | median wall | fastest | `lrgrade solve --digits 0-9` is |",
        "|---|---:|---:|---|",
        f"| `lrgrade solve --digits 0-9` (reference.json and reference.pdf) | {swift:.2f} s | {min(swift_times):.2f} s | |",
        f"| numpy + scikit-learn + matplotlib (`benchmarks/reference_multiclass.py --plots`) | {python:.2f} s | {min(python_times):.2f} s | "
        f"**{python / swift:.1f}× faster** |",
        "",
        "| part | lrgrade | the Python way | lrgrade is |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {ours * 1000:.0f} ms | {theirs * 1000:.0f} ms | **{theirs / ours:.1f}× faster** |" for name, ours, theirs in rows]
    return lines, swift, python


if __name__ == "__main__":
    main()
