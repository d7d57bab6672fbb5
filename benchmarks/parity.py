#!/usr/bin/env python3
"""How closely `lrgrade solve` reproduces numpy + scikit-learn: every fixture in
fixtures/parity (digit pair) at every learning rate it holds, as a Markdown table.

Reads only the fixtures and lrgrade's output: no numpy or scikit-learn needed.
usage: benchmarks/parity.py   (after `make build`)
"""
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    rows = []
    for fixture in sorted((ROOT / "fixtures" / "parity").glob("mnist-*.json")):
        expected = json.loads(fixture.read_text())
        digits = ",".join(map(str, expected["digits"]))
        for key, run in sorted(expected["gd"].items(), key=lambda item: float(item[0][5:])):
            lr = key[5:]
            with tempfile.TemporaryDirectory() as out:
                subprocess.run([ROOT / ".build/release/lrgrade", "solve", "--digits", digits, "--lr", lr, "--out", out],
                               check=True, stdout=subprocess.DEVNULL)
                got = json.loads((pathlib.Path(out) / "reference.json").read_text())
            gd, sk, esk = got["gradient_descent"], got["sklearn"], expected["sklearn"]
            train_gap = max(abs(a - b) for a, b in zip(gd["train_loss"], run["train_loss"]))
            test_gap = max(abs(a - b) for a, b in zip(gd["test_loss"], run["test_loss"]))
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


if __name__ == "__main__":
    sys.exit(main())
