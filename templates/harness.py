"""Runs a student's script as __main__ and records what it produced (lrgrade's runner).

usage: python3 harness.py SCRIPT CAPTURE.json

The script runs in a module namespace the harness keeps, so the variables defined before
an exception are captured too. Afterwards CAPTURE.json holds:
  status        "finished", "error" (with error: the exception's last line) or "exit" (with exit_code)
  printed       the lines the script printed on standard output
  variables     W, lr, epochs, train_loss_history, test_loss_history, y_pred, y_prob,
                y_pred_manual, y_prob_manual, where defined: numbers, lists (numpy arrays as
                nested lists with their shape), non-finite numbers as "NaN", "Infinity", "-Infinity"
  candidates    other numeric values the script left that could be weights (784 or 785 numbers),
                an intercept (one) or a loss history (up to 10,000 numbers from ln 2), by
                name: top-level arrays and lists of numbers, and those one attribute deep in
                top-level objects ("model.theta"), for solutions that use other names
  sigmoid       the script's sigmoid on SIGMOID_PROBE, with the warnings it raised, or its error
  figures       the matplotlib figures the script drew, as recorded at every savefig
                (PdfPages.savefig too), at plt.show and plt.close, and at the end: per figure
                its suptitle, texts and axes; per axes its title, labels, limits, y scale,
                position, lines (x and y), images (imshow, matshow, pcolormesh: values and
                color map) and texts (content and data position). plt.show records the open
                figures and closes them, as closing their windows would.
  resources     cpu_seconds and peak_memory_bytes of the Python process and its children, and
                figure_seconds, the time spent recording figures
"""
import hashlib
import importlib.abc
import json
import math
import sys
import time
import traceback
import types
import warnings

NAMES = ["W", "lr", "epochs", "train_loss_history", "test_loss_history",
         "y_pred", "y_prob", "y_pred_manual", "y_prob_manual"]
SIGMOID_PROBE = [-1000.0, -745.0, -50.0, -1.0, 0.0, 1.0, 50.0, 745.0, 1000.0]
MAX_ITEMS = 1_000_000
# Candidates are what the grader looks for under other names: weights, an intercept, loss
# histories (one value per epoch, the first −log(½ + 1e-10)). Other arrays (the data, labels,
# masks, probabilities) would only lengthen a capture that is parsed for every student.
WEIGHT_SIZES = (784, 785)
HISTORY_ITEMS = 10_000
INITIAL_LOSS = -math.log(0.5 + 1e-10)


# Figures: numbers kept from all of them together, figures kept, and per axes the artists kept.
FIGURE_VALUES = 200_000
MAX_FIGURES = 30
MAX_ARTISTS = 50


class Figures:
    """Snapshots of the script's matplotlib figures, each distinct state once."""

    def __init__(self):
        self.snapshots, self.seen, self.budget = [], set(), [FIGURE_VALUES]
        self.seconds = 0.0  # spent recording: the capture's cost to the script's run

    def install(self):
        """Patches matplotlib when the script imports it: importing it here would cost every
        script the import."""
        sys.meta_path.insert(0, AfterImport({"matplotlib.figure": self.patch_figure, "matplotlib.pyplot": self.patch_pyplot}))

    def patch_figure(self, module):
        save = module.Figure.savefig

        def savefig(figure, *args, **kwargs):  # plt.savefig and PdfPages.savefig come here too
            self.record(figure)
            return save(figure, *args, **kwargs)
        module.Figure.savefig = savefig

    def patch_pyplot(self, module):
        close = module.close

        def show(*args, **kwargs):
            self.record_open()
            close("all")

        def closing(fig=None):
            if isinstance(fig, str) and fig == "all":
                self.record_open()
            elif fig is None and module.get_fignums():
                self.record(module.gcf())
            elif hasattr(fig, "axes"):
                self.record(fig)
            elif isinstance(fig, int) and fig in module.get_fignums():
                self.record(module.figure(fig))
            return close(fig)
        module.show, module.close = show, closing

    def record_open(self):
        pyplot = sys.modules.get("matplotlib.pyplot")
        for number in pyplot.get_fignums() if pyplot else []:
            self.record(pyplot.figure(number))

    def record(self, figure):
        """Keeps the figure's state unless an identical one is kept already: the data are
        compared by digest before any of the budget is spent on them."""
        if len(self.snapshots) >= MAX_FIGURES:
            return
        start = time.perf_counter()
        try:
            snapshot = self.figure(figure)
        except Exception as error:  # a figure the harness cannot read is noted, never fatal
            snapshot = {"error": traceback.format_exception_only(type(error), error)[-1].strip()}
        digest = hashlib.sha1()
        self.digest(snapshot, digest)
        if digest.digest() not in self.seen:
            self.seen.add(digest.digest())
            self.snapshots.append(self.plain(snapshot))
        self.seconds += time.perf_counter() - start

    def digest(self, value, digest):
        if isinstance(value, dict):
            for key in sorted(value):
                digest.update(key.encode())
                self.digest(value[key], digest)
        elif isinstance(value, list):
            digest.update(b"[%d" % len(value))
            for item in value:
                self.digest(item, digest)
        elif hasattr(value, "tobytes"):
            digest.update(repr(value.shape).encode() + value.tobytes())
        else:
            digest.update(repr(value).encode())

    def plain(self, value):
        """The snapshot with its arrays made JSON-ready, within the budget."""
        if isinstance(value, dict):
            return {key: self.plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.plain(item) for item in value]
        return plain(value, self.budget) if hasattr(value, "tobytes") else value

    @staticmethod
    def array(values):
        import numpy as np
        try:
            return np.ma.filled(np.ma.asarray(values, dtype=float), np.nan)
        except (TypeError, ValueError):
            return {"unrepresentable": type(values).__name__}

    def figure(self, figure):
        suptitle = getattr(figure, "_suptitle", None)
        return {"number": getattr(figure, "number", None), "suptitle": suptitle.get_text() if suptitle else "",
                "texts": [text.get_text() for text in figure.texts[:MAX_ARTISTS]],
                "axes": [self.axes(axes) for axes in figure.axes[:MAX_ARTISTS]]}

    def axes(self, axes):
        images = [{"cmap": image.get_cmap().name, "values": self.array(image.get_array())} for image in axes.get_images()[:MAX_ARTISTS]]
        for mesh in axes.collections[:MAX_ARTISTS]:  # pcolormesh, seaborn.heatmap
            if type(mesh).__name__ == "QuadMesh" and mesh.get_array() is not None:
                values = self.array(mesh.get_array())
                rows, columns = (dimension - 1 for dimension in mesh.get_coordinates().shape[:2])
                if getattr(values, "ndim", 0) == 1 and values.size == rows * columns:
                    values = values.reshape(rows, columns)
                images.append({"cmap": mesh.get_cmap().name, "values": values})
        return {"title": " ".join(title for title in (axes.get_title(loc) for loc in ("left", "center", "right")) if title),
                "xlabel": axes.get_xlabel(), "ylabel": axes.get_ylabel(),
                "xlim": [float(v) for v in axes.get_xlim()], "ylim": [float(v) for v in axes.get_ylim()],
                "yscale": axes.get_yscale(), "bounds": [float(v) for v in axes.get_position().bounds],
                "lines": [{"label": str(line.get_label()), "x": self.array(line.get_xdata()), "y": self.array(line.get_ydata())}
                          for line in axes.get_lines()[:MAX_ARTISTS]],
                "images": images,
                "texts": [{"text": text.get_text(), "x": float(text.get_position()[0]), "y": float(text.get_position()[1])}
                          for text in axes.texts[: 4 * MAX_ARTISTS]]}


class AfterImport(importlib.abc.MetaPathFinder):
    """Calls hooks[name](module) right after the module `name` is first imported."""

    def __init__(self, hooks):
        self.hooks = hooks

    def find_spec(self, name, path, target=None):
        hook = self.hooks.pop(name, None)
        if hook is None:
            return None
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target) if finder is not self and hasattr(finder, "find_spec") else None
            if spec is not None and spec.loader is not None:
                run = spec.loader.exec_module

                def exec_module(module):
                    run(module)
                    hook(module)
                spec.loader.exec_module = exec_module
                return spec
        return None


class Tee:
    """Standard output that also keeps the printed lines."""

    def __init__(self, stream):
        self.stream, self.lines, self.partial = stream, [], ""

    def write(self, text):
        self.stream.write(text)
        self.partial += text
        *complete, self.partial = self.partial.split("\n")
        self.lines.extend(complete[: max(0, 10_000 - len(self.lines))])
        return len(text)

    def flush(self):
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def plain(value, budget):
    """JSON-ready data: numbers, strings, lists; non-finite floats as strings. `budget` is a
    one-element list: the array elements still allowed, shared by the calls it is given to."""
    if hasattr(value, "tolist") and hasattr(value, "shape"):
        if getattr(value, "size", 0) > budget[0]:
            return {"omitted": f"array of shape {tuple(value.shape)} is too large"}
        budget[0] -= getattr(value, "size", 0)
        return {"shape": list(value.shape), "values": plain(value.tolist(), [math.inf])}  # already counted
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (list, tuple)):
        if len(value) > budget[0]:
            return {"omitted": f"list of {len(value)} items is too large"}
        budget[0] -= len(value)
        return [plain(item, budget) for item in value]
    try:
        return plain(float(value), budget)
    except Exception:
        return {"unrepresentable": type(value).__name__}


def usable(value):
    """Whether `value` is worth capturing as a candidate: an array or a non-empty list of
    numbers of a weight vector's size, one number, or a flat history of up to HISTORY_ITEMS
    numbers that starts at INITIAL_LOSS."""
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        if getattr(value.dtype, "kind", "") not in "biuf":
            return False
        size, flat, first = value.size, value.ndim <= 1, (value.flat[0] if value.size else None)
    elif isinstance(value, (list, tuple)) and value:
        if not all(isinstance(item, (int, float)) and not isinstance(item, bool) or hasattr(item, "dtype") for item in value[:1000]):
            return False
        size, flat, first = len(value), True, value[0]
    else:
        return False
    if size in WEIGHT_SIZES or size == 1:
        return True
    try:
        return flat and size <= HISTORY_ITEMS and abs(float(first) - INITIAL_LOSS) < 1e-3
    except (TypeError, ValueError):
        return False


def candidates(namespace, budget):
    found = {}
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in NAMES or isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        if usable(value):
            found[name] = plain(value, budget)
        elif hasattr(value, "__dict__") and not callable(value):
            for attribute, inner in list(vars(value).items())[:50]:
                # Of scikit-learn's fitted attributes (ending in "_"), only the baseline's
                # coefficients are looked at, never the scaler's statistics.
                if attribute.endswith("_") and attribute not in ("coef_", "intercept_"):
                    continue
                if usable(inner):
                    found[f"{name}.{attribute}"] = plain(inner, budget)
        if len(found) >= 50:
            break
    return found


def main():
    script, capture_path = sys.argv[1], sys.argv[2]
    tee = Tee(sys.stdout)
    sys.stdout = tee
    module = types.ModuleType("__main__")
    module.__file__ = script
    sys.modules["__main__"] = module
    sys.argv = [script]
    result = {"status": "finished"}
    figures = Figures()
    figures.install()
    try:
        with open(script, encoding="utf-8") as source:
            code = compile(source.read(), script, "exec")
        exec(code, module.__dict__)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        result.update(status="exit", exit_code=code)
    except BaseException as error:  # the script's own error, reported, never re-raised
        result.update(status="error", error=traceback.format_exception_only(type(error), error)[-1].strip())
    finally:
        sys.stdout = tee.stream
    if tee.partial:
        tee.lines.append(tee.partial)

    namespace = module.__dict__
    result["printed"] = tee.lines
    budget = [MAX_ITEMS]
    result["variables"] = {name: plain(namespace[name], budget) for name in NAMES if name in namespace}
    result["candidates"] = candidates(namespace, budget)
    figures.record_open()
    result["figures"] = figures.snapshots
    sigmoid = namespace.get("sigmoid")
    if callable(sigmoid):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                import numpy as np
                with np.errstate(all="warn"):
                    values = sigmoid(np.array(SIGMOID_PROBE))
                result["sigmoid"] = {"probe": SIGMOID_PROBE, "values": plain(np.asarray(values, dtype=float).ravel(), [len(SIGMOID_PROBE)])}
            except Exception as error:
                result["sigmoid"] = {"probe": SIGMOID_PROBE, "error": traceback.format_exception_only(type(error), error)[-1].strip()}
            result["sigmoid"]["warnings"] = [str(w.message) for w in caught]
    import resource
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["resources"] = {"cpu_seconds": sum(u.ru_utime + u.ru_stime for u in usage),
                           "peak_memory_bytes": max(u.ru_maxrss for u in usage) * 1024,
                           "figure_seconds": figures.seconds}
    with open(capture_path, "w", encoding="utf-8") as out:
        json.dump(result, out, allow_nan=False)


if __name__ == "__main__":
    main()
