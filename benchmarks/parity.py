#!/usr/bin/env python3
"""How closely `lrgrade solve` reproduces numpy + scikit-learn: every fixture in
fixtures/parity at every learning rate it holds, as Markdown tables: the digit pairs, then
the multiclass sets (softmax, one-vs-rest and the multinomial baseline).

Reads only the fixtures and lrgrade's output: no numpy or scikit-learn needed.
usage: benchmarks/parity.py   (after `make build`)
"""
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def solve(digits, lr):
    """lrgrade's reference.json for the digits at the rate."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([ROOT / ".build/release/lrgrade", "solve", "--digits", digits, "--lr", lr, "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        return json.loads((pathlib.Path(out) / "reference.json").read_text())


def largest_gap(ours, theirs):
    """The largest |a − b| over lists of numbers or lists of lists."""
    if ours and isinstance(ours[0], list):
        return max(largest_gap(a, b) for a, b in zip(ours, theirs))
    return max(abs(a - b) for a, b in zip(ours, theirs))


def multiclass_rows(fixtures):
    rows = []
    for expected in fixtures:
        digits = ",".join(map(str, expected["digits"]))
        for key in sorted(expected["softmax"], key=lambda name: float(name[2:])):
            lr = key[2:]
            got = solve(digits, lr)
            gaps, same = [], True
            for model in ("softmax", "one_vs_rest"):
                run, theirs = got[model], expected[model][key]
                gaps.append(max(largest_gap(run["train_loss"], theirs["train_loss"]), largest_gap(run["test_loss"], theirs["test_loss"])))
                same &= all(run["checkpoints"][e]["accuracy"] == theirs[f"epoch{e}"]["accuracy"]
                            and run["checkpoints"][e]["confusion"] == theirs[f"epoch{e}"]["confusion"] for e in ("5", "100"))
            sk, esk = got["sklearn"], expected["sklearn"]
            baseline_equal = sk["confusion"] == esk["confusion"] and sk["accuracy"] == esk["accuracy"]
            rows.append(f"| {digits} | {lr} | {gaps[0]:.1e} | {gaps[1]:.1e} | {'identical' if same else 'DIFFERENT'} | "
                        f"{'identical' if baseline_equal else 'DIFFERENT'} | {sk['iterations']} / {esk['n_iter']} | "
                        f"{abs(sk['log_loss'] - esk['log_loss']) / esk['log_loss']:.1e} |")
    return rows


def main():
    rows = []
    fixtures = [json.loads(path.read_text()) for path in sorted((ROOT / "fixtures" / "parity").glob("mnist-*.json"))]
    for expected in (fixture for fixture in fixtures if "gd" in fixture):
        digits = ",".join(map(str, expected["digits"]))
        for key, run in sorted(expected["gd"].items(), key=lambda item: float(item[0][5:])):
            lr = key[5:]
            got = solve(digits, lr)
            gd, sk, esk = got["gradient_descent"], got["sklearn"], expected["sklearn"]
            train_gap, test_gap = largest_gap(gd["train_loss"], run["train_loss"]), largest_gap(gd["test_loss"], run["test_loss"])
            checkpoints_equal = all(
                gd["checkpoints"][epoch]["confusion"] == run[f"epoch{epoch}"]["confusion"]
                and gd["checkpoints"][epoch]["accuracy"] == run[f"epoch{epoch}"]["accuracy"]
                for epoch in ("5", "100"))
            baseline_equal = sk["confusion"] == esk["confusion"] and sk["accuracy"] == esk["accuracy"]
            rows.append(f"| {digits.replace(',', ' vs ')} | {lr} | {train_gap:.1e} | {test_gap:.1e} | "
                        f"{'identical' if checkpoints_equal else 'DIFFERENT'} | "
                        f"{'identical' if baseline_equal else 'DIFFERENT'} | {sk['iterations']} / {esk['n_iter']} | "
                        f"{abs(sk['log_loss'] - esk['log_loss']):.1e} |")
    print("| digits | lr | max train-loss gap | max test-loss gap | GD checkpoints (5, 100) | baseline accuracy, confusion | L-BFGS iterations (ours / scikit-learn) | baseline log-loss gap |")
    print("|---|---:|---:|---:|---|---|---:|---:|")
    print("\n".join(rows))
    print()
    print("| digits | lr | max softmax loss gap | max one-vs-rest loss gap | checkpoints (5, 100) of both | baseline accuracy, confusion | L-BFGS iterations (ours / scikit-learn) | baseline log loss, relative gap |")
    print("|---|---:|---:|---:|---|---|---:|---:|")
    print("\n".join(multiclass_rows([fixture for fixture in fixtures if "softmax" in fixture])))


if __name__ == "__main__":
    sys.exit(main())
