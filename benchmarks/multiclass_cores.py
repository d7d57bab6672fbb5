#!/usr/bin/env python3
"""How the multiclass job's speed-up moves with the number of cores: solve.py's multiclass
table (`lrgrade solve --digits 0-9` against benchmarks/reference_multiclass.py --plots,
alternately, part by part) on one core, then on all of them, each run pinned with the
process's CPU affinity. On k cores the Python way's OpenBLAS gets k threads
(OPENBLAS_NUM_THREADS), so that it never runs two threads on one core; lrgrade takes the
cores its affinity allows. Ends with how much faster each way is on all cores than on one.
Writes benchmarks/results/multiclass_cores.md.

usage: benchmarks/multiclass_cores.py [--runs N]   (after `make build`)
"""
import argparse
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from solve import RESULTS, cpu_model, multiclass_table  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    lines, medians = [f"Machine: {cpu_model()}."], {}
    for chosen in ([cpus[0]], cpus):
        os.sched_setaffinity(0, chosen)
        os.environ["OPENBLAS_NUM_THREADS"] = str(len(chosen))
        table, swift, python = multiclass_table(args.runs)
        medians[len(chosen)] = (swift, python)
        lines += ["", f"On {len(chosen)} core{'s' if len(chosen) > 1 else ''} (CPUs {', '.join(map(str, chosen))}):"] + table
        print("\n".join(lines[-len(table) - 2:]), flush=True)
    (one_swift, one_python), (all_swift, all_python) = medians[1], medians[len(cpus)]
    lines += ["", f"From 1 core to {len(cpus)}: lrgrade {one_swift / all_swift:.2f}× faster ({one_swift:.2f} → {all_swift:.2f} s), "
              f"the Python way {one_python / all_python:.2f}× faster ({one_python:.2f} → {all_python:.2f} s); lrgrade's lead "
              f"{one_python / one_swift:.1f}× → {all_python / all_swift:.1f}×."]
    print(lines[-1])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "multiclass_cores.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
