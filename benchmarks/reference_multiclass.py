#!/usr/bin/env python3
"""The multiclass assignment solved the Python way: numpy + scikit-learn on three or more digits.

The background material goes on where the handout stops: a softmax over K classes (the
PyTorch tutorial's nn.Linear(784, 10)) and K binary models, one digit against the rest (the
Octave notes). This script computes, step for step as issue 22 states them:

- data: the images of the chosen digits, flattened, /255, standardized with the training
  set's StandardScaler, a column of ones in front; label k is the k-th digit of the list;
- baseline: scikit-learn's LogisticRegression() with its defaults (multinomial, L2, C = 1,
  L-BFGS, at most 100 iterations) on the standardized images;
- softmax regression from scratch: W = 0 (785 × K), full batch, P = softmax(XW) (the row
  maximum subtracted), loss = −mean Σₖ yₖ·log(pₖ + 1e-10), gradient Xᵀ(P − Y)/m, W −= lr·grad,
  the training and test losses before each update, test metrics after epoch 5 and the last
  (prediction = argmax);
- one-vs-rest from scratch: K binary models, each the binary assignment's gradient descent
  on "digit k against the rest" (sigmoid, binary cross-entropy with 1e-10, X^T(p − y)/m),
  trained side by side as the K columns of one matrix (the same arithmetic per column);
  prediction = argmax of the K probabilities.

It writes the parity fixtures the Swift solver is to match (fixtures/parity/mnist-0to9.json,
mnist-3-5-8.json):
  python3 benchmarks/reference_multiclass.py --digits 0-9 --lr 0.1 0.5 --out fixtures/parity/mnist-0to9.json
  python3 benchmarks/reference_multiclass.py --digits 3,5,8 --lr 0.1 0.5 --out fixtures/parity/mnist-3-5-8.json

With --plots it also draws the report's plots with matplotlib into one PDF (loss curves,
the three K×K confusion matrices, each model's K weight images, misclassified examples,
per-class precision and recall), as the job's Python way for benchmarks/solve.py; with
--timings it writes the wall time of each phase to standard error as JSON.

usage: reference_multiclass.py [--data DIR] [--digits 0-9 | A,B,C…] [--lr X …] [--epochs N] [--plots PDF] [--timings] [--out FILE]
"""
import time

START = time.perf_counter()  # before the imports, which are part of the Python way's cost

import argparse
import json
import pathlib
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from reference_numpy import Phases, load_idx, write_json  # noqa: E402  (the binary job's reader, timer and writer)


def digits_list(text):
    """"0-9" or "3,5,8": three or more distinct digits, in the order given."""
    if "-" in text:
        first, last = (int(part) for part in text.split("-"))
        digits = list(range(first, last + 1))
    else:
        digits = [int(part) for part in text.split(",")]
    if len(digits) < 3 or len(set(digits)) != len(digits) or not all(0 <= d <= 9 for d in digits):
        sys.exit(f"--digits: {text} is not three or more distinct digits from 0 to 9")
    return digits


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(Y, P):
    return float(-np.mean(np.sum(Y * np.log(P + 1e-10), axis=1)))


def metrics(y_test, scores, classes, probabilities=None):
    predicted = np.argmax(scores, axis=1)
    result = {"accuracy": float(accuracy_score(y_test, predicted)),
              "confusion": confusion_matrix(y_test, predicted, labels=list(range(classes))).tolist()}
    if probabilities is not None:
        result["log_loss"] = float(log_loss(y_test, probabilities, labels=list(range(classes))))
    return result


def softmax_regression(X, Y, X_test, Y_test, y_test, lr, epochs, keep=None):
    """The run's fixture entry; with `keep` (a dict), also its final weights and test probabilities."""
    W = np.zeros((X.shape[1], Y.shape[1]))
    train_loss, test_loss, checkpoints = [], [], {}
    for epoch in range(1, epochs + 1):
        P = softmax(X @ W)
        train_loss.append(cross_entropy(Y, P))
        test_loss.append(cross_entropy(Y_test, softmax(X_test @ W)))
        W -= lr * (X.T @ (P - Y) / X.shape[0])
        if epoch in (5, epochs):
            P_test = softmax(X_test @ W)
            checkpoints[f"epoch{epoch}"] = metrics(y_test, P_test, Y.shape[1], P_test)
    if keep is not None:  # the last epoch is a checkpoint: P_test is its
        keep.update(weights=W, probabilities=P_test)
    return {"train_loss": train_loss, "test_loss": test_loss, **checkpoints}


def one_vs_rest(X, Y, X_test, Y_test, y_test, lr, epochs, keep=None):
    """K binary models as the columns of W; each column's arithmetic is the binary job's."""
    W = np.zeros((X.shape[1], Y.shape[1]))
    train_loss, test_loss, checkpoints = [], [], {}

    def bce(Y, P):  # per column, as the binary assignment's bce
        return -np.mean(Y * np.log(P + 1e-10) + (1 - Y) * np.log(1 - P + 1e-10), axis=0)

    for epoch in range(1, epochs + 1):
        P = 1 / (1 + np.exp(-(X @ W)))
        train_loss.append(bce(Y, P).tolist())
        test_loss.append(bce(Y_test, 1 / (1 + np.exp(-(X_test @ W)))).tolist())
        W -= lr * (X.T @ (P - Y) / X.shape[0])
        if epoch in (5, epochs):
            P_test = 1 / (1 + np.exp(-(X_test @ W)))
            checkpoints[f"epoch{epoch}"] = metrics(y_test, P_test, Y.shape[1])
    if keep is not None:  # the last epoch is a checkpoint: P_test is its
        keep.update(weights=W, probabilities=P_test)
    # By model: train_loss[k] is model k's history.
    return {"train_loss": np.array(train_loss).T.tolist(), "test_loss": np.array(test_loss).T.tolist(), **checkpoints}


def draw_plots(path, images, y_test, digits, models, histories):
    """The report's plots with matplotlib, one page each: `models` maps a name to its final
    weights (785 × K) and test probabilities; `histories` holds the softmax's and
    one-vs-rest's loss histories."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from sklearn.metrics import ConfusionMatrixDisplay, precision_score, recall_score

    k = len(digits)
    with PdfPages(path) as pdf:
        fig, axes = plt.subplots(2, 1, figsize=(8.27, 11))
        softmax, ovr = histories
        axes[0].plot(softmax["train_loss"], label="training set"), axes[0].plot(softmax["test_loss"], label="test set")
        axes[0].set_title("Softmax regression"), axes[0].legend()
        for c in range(k):
            line, = axes[1].plot(ovr["train_loss"][c], label=f"digit {digits[c]}")
            axes[1].plot(ovr["test_loss"][c], linestyle="--", color=line.get_color())
        axes[1].set_yscale("log"), axes[1].set_title("One-vs-rest"), axes[1].legend()
        for ax in axes:
            ax.axvline(5, linestyle="--", color="gray"), ax.set_xlabel("epoch")
        pdf.savefig(fig), plt.close(fig)

        predictions = {name: np.argmax(probabilities, axis=1) for name, (_, probabilities) in models.items()}
        fig, axes = plt.subplots(2, 2, figsize=(8.27, 8.27))
        axes[1, 1].axis("off")
        for ax, name in zip(axes.ravel(), models):
            ConfusionMatrixDisplay(confusion_matrix(y_test, predictions[name], labels=list(range(k))), display_labels=digits).plot(
                ax=ax, cmap="Blues", colorbar=False, text_kw={"fontsize": 6})
            ax.set_title(name)
        pdf.savefig(fig), plt.close(fig)

        rows = (k + 4) // 5
        fig, axes = plt.subplots(3 * rows, 5, figsize=(8.27, 11))
        for ax in axes.ravel():
            ax.axis("off")
        for m, (name, (weights, _)) in enumerate(models.items()):
            pixels = np.asarray(weights)[1:]
            limit = np.abs(pixels).max()
            for c in range(k):
                ax = axes[m * rows + c // 5, c % 5]
                image = ax.imshow(pixels[:, c].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
                ax.set_title(f"{name}: {digits[c]}" if c == 0 else f"{digits[c]}", fontsize=7)
            fig.colorbar(image, ax=axes[m * rows:(m + 1) * rows, :].ravel().tolist(), shrink=0.8)
        pdf.savefig(fig), plt.close(fig)

        fig, axes = plt.subplots(6, 5, figsize=(8.27, 11))
        for ax in axes.ravel():
            ax.axis("off")
        for m, (name, (_, probabilities)) in enumerate(models.items()):
            wrong = np.flatnonzero(predictions[name] != y_test)[:10]
            for i, index in enumerate(wrong):
                ax = axes[2 * m + i // 5, i % 5]
                ax.imshow(images[index].reshape(28, 28), cmap="gray")
                ax.set_title(f"true {digits[y_test[index]]}, pred {digits[predictions[name][index]]}\n{probabilities[index].max():.2f}", fontsize=7)
        pdf.savefig(fig), plt.close(fig)

        fig, ax = plt.subplots(figsize=(8.27, 5))
        ax.axis("off")
        cells = [[str(digits[c])] + [f"{score(y_test, predictions[name], labels=list(range(k)), average=None, zero_division=0)[c]:.4f}"
                                     for name in models for score in (precision_score, recall_score)] for c in range(k)]
        ax.table(cellText=cells, colLabels=["digit"] + [f"{name} {what}" for name in models for what in ("precision", "recall")], loc="center")
        pdf.savefig(fig), plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(pathlib.Path(__file__).parent.parent / "fixtures" / "mnist"))
    parser.add_argument("--digits", default="0-9")
    parser.add_argument("--lr", type=float, nargs="+", default=[0.1])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--plots", help="also draw the report's plots with matplotlib into this PDF")
    parser.add_argument("--timings", action="store_true", help="write each phase's wall time to standard error as JSON")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    digits = digits_list(args.digits)
    phases = Phases(START)
    lap = phases.lap

    data = pathlib.Path(args.data)
    X_train_full, y_train_full = load_idx(data / "train-images-idx3-ubyte.gz"), load_idx(data / "train-labels-idx1-ubyte.gz")
    X_test_full, y_test_full = load_idx(data / "t10k-images-idx3-ubyte.gz"), load_idx(data / "t10k-labels-idx1-ubyte.gz")
    label = {digit: k for k, digit in enumerate(digits)}
    mask_train, mask_test = np.isin(y_train_full, digits), np.isin(y_test_full, digits)
    X_train = X_train_full[mask_train].reshape(-1, 784) / 255.0
    X_test = X_test_full[mask_test].reshape(-1, 784) / 255.0
    y_train = np.array([label[d] for d in y_train_full[mask_train]])
    y_test = np.array([label[d] for d in y_test_full[mask_test]])
    lap("load")
    scaler = StandardScaler()
    X_train_scaled = scaler.fit_transform(X_train)
    X_test_scaled = scaler.transform(X_test)
    lap("prepare")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        clf = LogisticRegression().fit(X_train_scaled, y_train)
    probabilities = clf.predict_proba(X_test_scaled)
    lap("baseline")
    baseline = metrics(y_test, probabilities, len(digits), probabilities)
    baseline["n_iter"] = int(clf.n_iter_[0])
    baseline["convergence_warning"] = any(issubclass(w.category, ConvergenceWarning) for w in caught)

    classes = len(digits)
    X = np.hstack([np.ones((len(X_train_scaled), 1)), X_train_scaled])
    X_t = np.hstack([np.ones((len(X_test_scaled), 1)), X_test_scaled])
    Y, Y_t = np.eye(classes)[y_train], np.eye(classes)[y_test]
    lap("prepare")
    kept = {"softmax": {}, "one_vs_rest": {}}  # the first rate's final models, for the plots
    softmax_runs = {f"lr{lr}": softmax_regression(X, Y, X_t, Y_t, y_test, lr, args.epochs, kept["softmax"] if i == 0 else None)
                    for i, lr in enumerate(args.lr)}
    lap("softmax")
    ovr_runs = {f"lr{lr}": one_vs_rest(X, Y, X_t, Y_t, y_test, lr, args.epochs, kept["one_vs_rest"] if i == 0 else None)
                for i, lr in enumerate(args.lr)}
    lap("one-vs-rest")
    if args.plots:
        baseline_weights = np.vstack([clf.intercept_, clf.coef_.T])
        models = {"softmax": (kept["softmax"]["weights"], kept["softmax"]["probabilities"]),
                  "one-vs-rest": (kept["one_vs_rest"]["weights"], kept["one_vs_rest"]["probabilities"]),
                  "scikit-learn": (baseline_weights, probabilities)}
        first = f"lr{args.lr[0]}"
        draw_plots(args.plots, X_test_full[mask_test], y_test, digits, models, (softmax_runs[first], ovr_runs[first]))
        lap("plots")
    result = {
        "digits": digits, "n_train": int(len(y_train)), "n_test": int(len(y_test)), "epochs": args.epochs,
        "note": "generated by benchmarks/reference_multiclass.py (numpy + scikit-learn)",
        "versions": {"numpy": np.__version__, "sklearn": __import__("sklearn").__version__},
        "sklearn": baseline,
        "softmax": softmax_runs,
        "one_vs_rest": ovr_runs,
    }
    if args.timings:
        sys.stderr.write(json.dumps(phases.seconds) + "\n")
    write_json(result, args.out)


if __name__ == "__main__":
    main()
