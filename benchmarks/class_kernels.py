#!/usr/bin/env python3
"""The multiclass job's two kernels alone, on one core, against what that core can do.

`lrgrade solve --digits 0-9` spends about four fifths of its CPU time in one C kernel,
`lrgrade_class_dots_*` (Sources/CGather/class_dots.c), run for X·W over rows and for
Xᵀ(P − Y) over the columns of pieces of rows. This compiles it with
benchmarks/kernels/class_kernels.c (clang, as SwiftPM builds them) and runs that on the
60,000 bundled training images, pinned to one core, in pieces of 192 rows as the job cuts
them, at 12 classes a row (the baseline's ten digits) and 20 (the softmax and one-vs-rest
side by side), fastest of 7 runs each. It reports:

- the core's clock (a chain of dependent integer adds, one cycle each) and the time of one
  4-double fused multiply-add when nothing else limits it (twelve independent chains);
- the row kernel with its 784 × K weights (in the second-level cache, as in the job) and with
  the columns folded onto 150 pixels (the same work, the weights in the first-level cache:
  what the kernel would do if its weights stayed there);
- the kernel over the columns of each piece, with one piece's residuals (in the first-level
  cache, as in the job).

Times are per nonzero pixel and per 4-double multiply-add vector (K/4 of them a nonzero), in
cycles and as a fraction of the multiply-add peak: one-off figures of the kernel alone, which
runs slower within the job, whose other work shares its caches. Writes
benchmarks/results/class_kernels.md.

usage: benchmarks/class_kernels.py   (needs clang, which the Swift toolchain has)
"""
import gzip
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from solve import cpu_model  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def main():
    clang = shutil.which("clang")
    if clang is None:
        sys.exit("class_kernels.py: clang not found (it comes with the Swift toolchain; put its usr/bin on PATH)")
    images = gzip.decompress((ROOT / "fixtures/mnist/train-images-idx3-ubyte.gz").read_bytes())[16:]
    rows = len(images) // 784
    with tempfile.TemporaryDirectory() as folder:
        binary, raw = pathlib.Path(folder) / "class_kernels", pathlib.Path(folder) / "images"
        raw.write_bytes(images)
        subprocess.run([clang, "-O2", "-Wno-psabi", "-I", str(ROOT / "Sources/CGather/include"), str(ROOT / "benchmarks/kernels/class_kernels.c"),
                        str(ROOT / "Sources/CGather/class_dots.c"), "-lm", "-o", str(binary)], check=True)
        core = min(os.sched_getaffinity(0))
        output = subprocess.run([str(binary), str(raw), str(rows)], check=True, capture_output=True, text=True,
                                preexec_fn=lambda: os.sched_setaffinity(0, {core})).stdout
    values = {}
    for line in output.splitlines():
        key, *rest = line.split()
        values[key if len(rest) == 1 else (key, int(rest[0]))] = rest[-1]
    ghz, fma = float(values["clock_ghz"]), float(values["fma_ns"])

    lines = [f"Machine: {cpu_model()}; measured clock {ghz:.2f} GHz; kernel build: {values['kernel']}; one core; "
             f"{int(values['nonzeros']):,} nonzero pixels in {rows:,} rows, pieces of 192 rows.",
             "",
             f"A 4-double fused multiply-add alone: {fma:.3f} ns ({fma * ghz:.2f} cycles, {1 / (fma * ghz):.1f} a cycle): the peak below.",
             "",
             "| kernel | classes a row | ns per nonzero | ns per 4-double multiply-add | cycles per multiply-add | fraction of peak |",
             "|---|---:|---:|---:|---:|---:|"]
    for stride in (12, 20):
        vectors = stride // 4
        for name, key in (("X·W by rows, weights as in the job", "rows_ns"), ("X·W by rows, weights in the first-level cache", "rows_in_l1_ns"),
                          ("Xᵀ(P − Y) by the columns of each piece", "columns_ns")):
            ns = float(values[(key, stride)])
            per_vector = ns / vectors
            lines.append(f"| {name} | {stride} | {ns:.3f} | {per_vector:.3f} | {per_vector * ghz:.2f} | {fma / per_vector:.0%} |")
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "class_kernels.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
