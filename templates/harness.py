"""Runs a student's script as __main__ and records what it produced (lrgrade's runner).

usage: python3 harness.py SCRIPT CAPTURE.json
       python3 harness.py --probe-sigmoid SCRIPT Z,Z,...

The script runs in a module namespace the harness keeps, so the variables defined before
an exception are captured too. Afterwards CAPTURE.json holds:
  status        "finished", "error" (with error: the exception's last line) or "exit" (with exit_code)
  printed       the lines the script printed on standard output
  variables     W, lr, epochs, train_loss_history, test_loss_history, y_pred, y_prob,
                y_pred_manual, y_prob_manual, where defined (at the top level, else in the
                function that returned last with that local): numbers, lists (numpy arrays as
                nested lists with their shape), non-finite numbers as "NaN", "Infinity", "-Infinity"
  candidates    other numeric values the script left that could be weights (784 or 785 numbers),
                an intercept (one) or a loss history (up to 10,000 numbers from ln 2), by
                name: top-level arrays and lists of numbers, and those one attribute deep in
                top-level objects ("model.theta"), for solutions that use other names; and the
                same among the locals of the script's own functions as they last returned,
                named by the function ("main.model.coef_", "Model.fit.losses")
  figures       the matplotlib figures the script drew, as recorded at every savefig
                (PdfPages.savefig too), at plt.show and plt.close, and at the end: per figure
                its suptitle, texts and axes; per axes its title, labels, limits, y scale,
                position, lines (x and y), images (imshow, matshow, pcolormesh: values and
                color map) and texts (content and data position). plt.show records the open
                figures and closes them, as closing their windows would.
  resources     cpu_seconds and peak_memory_bytes of the Python process and its children, and
                figure_seconds, the time spent recording figures

With --probe-sigmoid, the script is not run: its sigmoid (a top-level function or lambda,
or a method or static method of a top-level class) is defined alone, beside the script's
imports and top-level constants, in a fresh process, and called on the points given. The
grader runs this in a process of its own, so nothing the script does while it runs can
change the function or the probe. Standard output is one JSON object: the values (or the
error) and the warnings raised.
"""
import ast
import hashlib
import importlib.abc
import json
import math
import os
import sys
import time
import traceback
import types
import warnings

NAMES = ["W", "lr", "epochs", "train_loss_history", "test_loss_history",
         "y_pred", "y_prob", "y_pred_manual", "y_prob_manual"]
MAX_ITEMS = 1_000_000
# Candidates are what the grader looks for under other names: weights, an intercept, loss
# histories (one value per epoch, the first −log(½ + 1e-10)). Other arrays (the data, labels,
# masks, probabilities) would only lengthen a capture that is parsed for every student.
WEIGHT_SIZES = (784, 785)
HISTORY_ITEMS = 10_000
INITIAL_LOSS = -math.log(0.5 + 1e-10)


# Printed lines kept, and characters kept of each (the grader reads no more of them).
MAX_LINES = 10_000
MAX_LINE = 10_000

# The harness's own exit, taken before the script runs: the script cannot replace it.
_exit = os._exit

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
    """Standard output that also keeps the printed lines: at most MAX_LINES of them, and
    MAX_LINE characters of each, so a script printing without end costs linear time."""

    def __init__(self, stream):
        self.stream, self.lines, self.partial = stream, [], ""

    def write(self, text):
        self.stream.write(text)
        *complete, rest = text.split("\n")
        for piece in complete:
            if len(self.lines) < MAX_LINES:
                self.lines.append((self.partial + piece[: max(0, MAX_LINE - len(self.partial))]))
            self.partial = ""
        self.partial += rest[: max(0, MAX_LINE - len(self.partial))]
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


MAX_CANDIDATES = 100
RECORD = "__lrgrade_record_locals__"


def candidates(namespace, budget, found, prefix=""):
    for name, value in list(namespace.items()):
        if len(found) >= MAX_CANDIDATES:
            break
        if name.startswith("_") or (not prefix and name in NAMES) or isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        if usable(value):
            found[prefix + name] = plain(value, budget)
        elif hasattr(value, "__dict__") and not callable(value):
            for attribute, inner in list(vars(value).items())[:50]:
                # Of scikit-learn's fitted attributes (ending in "_"), only the baseline's
                # coefficients are looked at, never the scaler's statistics.
                if attribute.endswith("_") and attribute not in ("coef_", "intercept_"):
                    continue
                if usable(inner):
                    found[f"{prefix}{name}.{attribute}"] = plain(inner, budget)
    return found


class Scopes:
    """The locals of the script's own functions as each last returned, for solutions that
    keep their work in functions (main(), a class's fit). Only what could be captured is
    kept: the assignment's names, candidates and objects, never the data."""

    def __init__(self):
        self.last = {}  # qualified name -> {local: value}, the most recent return last

    def record(self, qualname):
        kept = {}
        for name, value in list(sys._getframe(1).f_locals.items())[:200]:
            if name in NAMES or usable(value) or hasattr(value, "__dict__") and not callable(value) and not isinstance(value, types.ModuleType):
                kept[name] = value
        self.last.pop(qualname, None)
        if kept:
            self.last[qualname] = kept

    def variable(self, name):
        for names in reversed(self.last.values()):
            if name in names:
                return names[name]
        raise KeyError(name)


class RecordLocals(ast.NodeTransformer):
    """Wraps the body of each function of the script in try/finally, so that its locals are
    recorded as it returns (or raises). Only the script's own code pays for it: no hook runs
    for library code, as sys.settrace would."""

    def __init__(self):
        self.path = []

    def visit_ClassDef(self, node):
        self.path.append(node.name)
        self.generic_visit(node)
        self.path.pop()
        return node

    def visit_FunctionDef(self, node):
        self.path.append(node.name)
        self.generic_visit(node)
        qualname = ".".join(self.path)
        self.path.pop()
        docstring = node.body[:1] if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str) else []
        body = node.body[len(docstring):] or [ast.Pass()]
        record = ast.Expr(ast.Call(ast.Name(RECORD, ast.Load()), [ast.Constant(qualname)], []))
        wrapped = ast.Try(body=body, handlers=[], orelse=[], finalbody=[record])
        ast.copy_location(wrapped, body[0])
        node.body = docstring + [wrapped]
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


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
    scopes = Scopes()
    module.__dict__[RECORD] = scopes.record
    try:
        with open(script, encoding="utf-8") as source:
            tree = ast.parse(source.read(), script)
        code = compile(ast.fix_missing_locations(RecordLocals().visit(tree)), script, "exec")
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
    variables = {}
    for name in NAMES:
        try:
            variables[name] = plain(namespace[name] if name in namespace else scopes.variable(name), budget)
        except KeyError:
            pass
    result["variables"] = variables
    found = candidates(namespace, budget, {})
    for qualname, names in reversed(list(scopes.last.items())):
        candidates(names, budget, found, qualname + ".")
    result["candidates"] = found
    figures.record_open()
    result["figures"] = figures.snapshots
    import resource
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["resources"] = {"cpu_seconds": sum(u.ru_utime + u.ru_stime for u in usage),
                           "peak_memory_bytes": max(u.ru_maxrss for u in usage) * 1024,
                           "figure_seconds": figures.seconds}
    with open(capture_path, "w", encoding="utf-8") as out:
        json.dump(result, out, allow_nan=False)
    # Ends here: exit handlers the script registered (atexit) never run after the capture.
    sys.stdout.flush()
    sys.stderr.flush()
    _exit(0)


def constant(node):
    """Whether a top-level assignment's value is a plain constant (CLIP = 500, EPS = -1e-9),
    which a sigmoid may use: anything else would run the script's own computations."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float, complex))
    if isinstance(node, ast.UnaryOp):
        return constant(node.operand)
    if isinstance(node, ast.BinOp):
        return constant(node.left) and constant(node.right)
    return False


def inert(function):
    """Whether defining `function` runs nothing: no decorators, constant defaults."""
    defaults = function.args.defaults + [d for d in function.args.kw_defaults if d is not None]
    return not function.decorator_list and all(isinstance(d, ast.Constant) or constant(d) for d in defaults)


def names_used(nodes):
    """The names the code of `nodes` reads (np in np.exp, helper in helper(z))."""
    return {node.id for root in nodes for node in ast.walk(root) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def bound(node):
    """The names a top-level import, assignment or function definition binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ast.Assign):
        return {target.id for target in node.targets if isinstance(target, ast.Name)}
    if isinstance(node, ast.FunctionDef):
        return {node.name}
    return set()


def sigmoid_alone(tree):
    """The module to run instead of the script: the sigmoid's definition and, of the rest of
    the top level, only what it needs, transitively: the imports, constant assignments and
    functions whose definition runs nothing that bind a name it reads (an import of
    scikit-learn a sigmoid does not use would cost seconds). Also how to reach the function.
    None when there is none."""
    found, reach = None, None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "sigmoid":
            found, reach = node, ("function", "sigmoid")
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and any(isinstance(t, ast.Name) and t.id == "sigmoid" for t in node.targets):
            found, reach = ast.Assign(targets=[ast.Name("sigmoid", ast.Store())], value=node.value), ("function", "sigmoid")
    if found is None:
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            methods = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name in ("sigmoid", "_sigmoid")]
            if methods:
                method = methods[0]
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in method.decorator_list)
                # The class alone, with the method and what in it runs nothing at its definition.
                kept = [item for item in node.body if item is method or isinstance(item, ast.Assign) and constant(item.value)
                        or isinstance(item, ast.FunctionDef) and inert(item)]
                found = ast.ClassDef(name=node.name, bases=[], keywords=[], body=kept, decorator_list=[], type_params=[])
                reach = ("static" if static else "method", node.name, method.name)
                break
    if found is None:
        return None, None
    candidates = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                  or isinstance(node, ast.Assign) and constant(node.value) and all(isinstance(t, ast.Name) for t in node.targets)
                  or isinstance(node, ast.FunctionDef) and node.name != "sigmoid" and inert(node)]
    keep, needed = [], names_used([found])
    while True:
        more = [node for node in candidates if node not in keep and bound(node) & needed]
        if not more:
            break
        keep += more
        needed |= names_used(more)
    module = ast.Module(body=[node for node in tree.body if node in keep] + [found], type_ignores=[])
    ast.fix_missing_locations(module)
    return module, reach


def probe_sigmoid(script, points):
    result = {}
    try:
        with open(script, encoding="utf-8") as source:
            tree = ast.parse(source.read(), script)
        module, reach = sigmoid_alone(tree)
    except (SyntaxError, ValueError) as error:
        module, reach = None, None
        result["error"] = "the script does not parse: " + traceback.format_exception_only(type(error), error)[-1].strip()
    if module is None:
        result.setdefault("missing", "no function named sigmoid, at the top level or in a class")
        print(json.dumps(result))
        return
    namespace = {"__name__": "sigmoid_probe"}
    try:
        # The imports warn of their own (joblib, without /dev/shm): not the sigmoid's warnings.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(module, script, "exec"), namespace)
    except Exception as error:
        result["error"] = "defining it alone: " + traceback.format_exception_only(type(error), error)[-1].strip()
        print(json.dumps(result))
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if reach[0] == "function":
                function = namespace["sigmoid"]
            elif reach[0] == "static":
                function = getattr(namespace[reach[1]], reach[2])
            else:
                # An instance made without __init__ (the script's __init__ may train).
                instance = object.__new__(namespace[reach[1]])
                function = getattr(instance, reach[2])
            import numpy as np
            with np.errstate(all="warn"):
                values = function(np.array(points))
            result["values"] = plain(np.asarray(values, dtype=float).ravel(), [len(points)])
            result["name"] = ".".join(reach[1:])
        except Exception as error:
            result["error"] = traceback.format_exception_only(type(error), error)[-1].strip()
        result["warnings"] = [str(w.message) for w in caught][:20]
    print(json.dumps(result, allow_nan=False))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--probe-sigmoid":
        probe_sigmoid(sys.argv[2], [float(z) for z in sys.argv[3].split(",")])
    else:
        main()
