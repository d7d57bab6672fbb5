"""Runs a student's script as __main__ and records what it produced (lrgrade's runner).

usage: python3 harness.py SCRIPT CAPTURE.json
       python3 harness.py --probe-sigmoid SCRIPT Z,Z,...

SCRIPT is a .py (a notebook's export runs as IPython would: its magics harmless, %time and
%%time running their code, display() printing, each "# In[ ]:" cell's figures shown at its
end) or a Jupyter notebook .ipynb (its code cells in order, the same way, each cell's last
expression displayed).

The script runs in a module namespace the harness keeps, so the variables defined before
an exception are captured too. Afterwards CAPTURE.json holds:
  status        "finished", "error" (with error: the exception's last line) or "exit" (with exit_code)
  printed       the lines the script printed on standard output
  variables     W, lr, epochs, train_loss_history, test_loss_history, y_pred, y_prob,
                y_pred_manual, y_prob_manual, where defined (at the top level, else in the
                function that returned last with that local): numbers, lists (numpy arrays as
                nested lists with their shape), non-finite numbers as "NaN", "Infinity", "-Infinity"
  candidates    other numeric values the script left that could be weights (784 or 785 numbers),
                one number (an intercept b, a rate), or a loss history (up to 10,000 numbers from
                ln 2, or named like a loss), by path, from every scope the script's code ran in:
                the top level, then the locals of the script's own functions as their last 3
                calls returned ("main.w", "train[-2].w"), and within those, up to 4 levels
                down, the objects of the script's classes, dicts and sequences ("gd100.cost_",
                "main.history.train", "results.1"), and scikit-learn estimators' coef_ and
                intercept_ ("pipe.steps.1.1.coef_")
  candidate_order the candidates' paths in that order (the top level first, the newest call next)
  estimators    the paths of the fitted scikit-learn estimators among them
  figures       the matplotlib figures the script drew, as recorded at every savefig
                (PdfPages.savefig too), at plt.show and plt.close, and at the end: per figure
                its suptitle, texts and axes; per axes its title, labels, limits, y scale,
                position, lines (x and y), images (imshow, matshow, pcolormesh: values and
                color map) and texts (content and data position). plt.show records the open
                figures and closes them, as closing their windows would.
  resources     cpu_seconds and peak_memory_bytes of the Python process and its children, and
                figure_seconds, the time spent recording figures, and scope_seconds, what
                capturing every scope cost: wrapping the functions, their returns (counted, at
                the cost of one measured at the end) and walking all that was left

With --probe-sigmoid, the script is not run: its sigmoid (a top-level function or lambda,
a method or static method of a top-level class, a function defined inside another, or a
top-level function named like one; the first right one of up to 5) is defined alone, beside
the script's imports and top-level constants, in a fresh process, and called on the points
given. The
grader runs this in a process of its own, so nothing the script does while it runs can
change the function or the probe. Standard output is one JSON object: the values (or the
error) and the warnings raised.
"""
import ast
import collections
import hashlib
import importlib.abc
import itertools
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

    def end_cell(self):
        """The end of a notebook cell: its open figures are shown and closed, as the inline
        backend does (the next cell's plt.plot starts a new figure)."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None and pyplot.get_fignums():
            pyplot.show()

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


def offline_openml(module):
    """Replaces sklearn.datasets.fetch_openml by the shim's, which serves MNIST offline."""
    try:
        from openml_mnist import offline
    except ImportError:  # no shim on the path: scikit-learn's own, as it is
        return
    module.fetch_openml = offline(module.fetch_openml)


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


LOSS_WORDS = ("loss", "cost", "hist", "err", "bce", "entropy")


def usable(value, name=""):
    """Whether `value` is worth capturing as a candidate: an array or a non-empty list of
    numbers of a weight vector's size, one number, or a flat history of up to HISTORY_ITEMS
    numbers that starts at INITIAL_LOSS or whose name says it is one (a loss recorded after
    each update starts lower)."""
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
        named = any(word in name.lower() for word in LOSS_WORDS)
        return flat and size <= HISTORY_ITEMS and (abs(float(first) - INITIAL_LOSS) < 1e-3 or named and 0 < float(first) < 50)
    except (TypeError, ValueError):
        return False


MAX_CANDIDATES = 300
RECORD = "__lrgrade_record_locals__"
# How deep the walk goes into objects, dicts and sequences (model.history["train"] is three
# steps, a pipeline's estimator four), and how many entries of each it looks at.
MAX_DEPTH = 4
MAX_ENTRIES = 50
SEQUENCE_HEAD = 8
# The paths of the fitted scikit-learn estimators the walk met.
ESTIMATORS = []


def scalar(value):
    """Whether `value` is one plain number (a bias b = 0.0 stays a Python float when it is
    never updated)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def table_columns(value):
    """The numeric columns of a table, by name, or None when `value` is none: a pandas
    DataFrame, a pandas Series (one column, ""), or a list of per-epoch dicts of numbers
    ([{"epoch": 1, "train": 0.69, "test": 0.69}, ...])."""
    kind = type(value).__name__
    if type(value).__module__.split(".")[0] == "pandas" and kind in ("DataFrame", "Series"):
        try:
            if kind == "Series":
                return {"values": value.to_numpy()} if value.dtype.kind in "biuf" else {}
            return {str(column): value[column].to_numpy() for column in list(value.columns)[:MAX_ENTRIES] if value[column].dtype.kind in "biuf"}
        except Exception:
            return {}
    if isinstance(value, list) and len(value) > 1 and all(isinstance(row, dict) for row in value[:HISTORY_ITEMS]) and len(value) <= HISTORY_ITEMS:
        keys = [key for key, item in value[0].items() if scalar(item) or hasattr(item, "dtype") and getattr(item, "size", 0) == 1][:MAX_ENTRIES]
        try:
            return {str(key): [float(row[key]) for row in value] for key in keys}
        except (KeyError, TypeError, ValueError):
            return None
    return None


def from_sklearn(value):
    return type(value).__module__.split(".")[0] == "sklearn"


def candidates(namespace, budget, found, prefix="", seen=None):
    """Adds to `found` the usable values in `namespace` (a mapping of names to values) and,
    up to MAX_DEPTH levels down, in the objects, dicts, sequences and tables it holds, each
    named by its path ("model.theta", "main.history.train", "results.1.w"). The walk goes
    level by level, so a value reachable by several paths gets the shortest. Of
    scikit-learn's objects only a fitted estimator's coef_ and intercept_ are taken (never a
    scaler's statistics), and a pipeline's steps are walked. An object already walked
    (`seen`, shared by the calls of one capture) is not walked again under another name."""
    seen = set() if seen is None else seen
    level = [(prefix, namespace)]
    for depth in range(MAX_DEPTH + 1):
        deeper = []
        for prefix, names in level:
            for name, value in list(names.items())[: 4 * MAX_ENTRIES if depth else None]:
                if len(found) >= MAX_CANDIDATES:
                    return found
                name = str(name)
                own_class = isinstance(value, type) and value.__module__ == "__main__"
                if name.startswith("__") or (not prefix and name in NAMES) or not own_class and (isinstance(value, (types.ModuleType, types.FunctionType, type)) or callable(value) and not hasattr(value, "__dict__")):
                    continue
                path = prefix + name
                if usable(value, name) or scalar(value):
                    found[path] = plain(value, budget)
                    continue
                if depth >= MAX_DEPTH or id(value) in seen:
                    continue
                inner = inside(value, path, own_class)
                if inner is not None:
                    seen.add(id(value))
                    deeper.append((path + ".", inner))
        level = deeper
    return found


def inside(value, path, own_class):
    """What the walk looks at inside `value`, by name, or None when it holds no model."""
    columns = table_columns(value)
    if columns is not None:
        # A table: each numeric column is a candidate ("history.train", "df.test_loss").
        return columns
    if from_sklearn(value):
        if hasattr(value, "coef_"):
            ESTIMATORS.append(path)
        return {key: item for key, item in vars(value).items() if key in ("coef_", "intercept_", "steps")} if hasattr(value, "__dict__") else {}
    if isinstance(value, dict):
        return dict(list(value.items())[:MAX_ENTRIES])
    if isinstance(value, (list, tuple)) and value and not scalar(value[0]):
        # (w, b) as a function returned it, a list of models, a history of weights: the
        # first entries and the last two (the 5-epoch checkpoint, the final weights).
        indices = sorted(set(range(min(len(value), SEQUENCE_HEAD))) | set(range(max(0, len(value) - 2), len(value))))
        return {str(k): value[k] for k in indices}
    if own_class or type(value).__module__ == "__main__" and hasattr(value, "__dict__"):
        # Objects of the script's own classes; a library's (a matplotlib axes) hold no model.
        return dict(list(vars(value).items())[:MAX_ENTRIES])
    return None


class Scopes:
    """The locals of the script's own functions as they returned, for solutions that keep
    their work in functions (main(), a class's fit): the last CALLS returns of each, newest
    first. Recording a return keeps its frame (whose locals outlive it) in a bounded deque,
    two C calls: about 0.13 µs, against a few µs for any function that calls numpy. What
    is worth capturing is picked from the locals at the end."""

    CALLS = 3

    def __init__(self):
        self.calls = collections.defaultdict(lambda: collections.deque(maxlen=self.CALLS))  # name -> (order, frame)
        self.counter = itertools.count(1)
        self.record = self.recorder()

    def recorder(self):
        calls, counter, frame = self.calls, self.counter, sys._getframe

        def record(qualname):
            calls[qualname].append((next(counter), frame(1)))
        return record

    def returns(self):
        """How many returns were recorded (asked once, at the end)."""
        return next(self.counter) - 1

    def newest(self):
        """(name, locals) of every recorded return, the most recent first: the last call of
        `train` is "train", the one before "train[-2]"."""
        returns = [(order, qualname if back == 0 else f"{qualname}[-{back + 1}]", frame)
                   for qualname, calls in self.calls.items() for back, (order, frame) in enumerate(reversed(calls))]
        return [(name, frame.f_locals) for _, name, frame in sorted(returns, key=lambda item: -item[0])]

    def variable(self, name):
        for _, names in self.newest():
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


# Cell magics whose body is Python: it runs as if the magic were not there (%%time prints
# nothing the grader reads). Other cell magics (%%bash, %%html) do nothing.
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
END_CELL = "__lrgrade_end_cell__"


def magic_call(line):
    """A notebook line as nbconvert exports it: `%name args` becomes
    get_ipython().run_line_magic('name', 'args'), `!command` get_ipython().system(...),
    `x = !command` x = get_ipython().getoutput(...); other lines are kept."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith("%") and not stripped.startswith("%%"):
        name, _, rest = stripped[1:].partition(" ")
        return f"{indent}get_ipython().run_line_magic({name!r}, {rest.strip()!r})"
    if stripped.startswith("!"):
        return f"{indent}get_ipython().system({stripped[1:].strip()!r})"
    target, equals, command = stripped.partition("=")
    if equals and target.strip().isidentifier() and command.strip().startswith("!"):
        return f"{indent}{target.strip()} = get_ipython().getoutput({command.strip()[1:].strip()!r})"
    return line


def notebook_module(text, path):
    """A notebook's code cells, in order, as one module, the way Jupyter runs them: magics
    as nbconvert exports them, each cell's last expression displayed (unless it ends in
    ';'), and the cell's figures shown at its end, as the inline backend does."""
    cells = json.loads(text).get("cells", [])
    body, offset = [], 0
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = source.split("\n")
        if lines and lines[0].lstrip().startswith("%%"):
            name, _, rest = lines[0].lstrip()[2:].partition(" ")
            code = f"get_ipython().run_cell_magic({name!r}, {rest.strip()!r}, {chr(10).join(lines[1:])!r})"
        else:
            code = "\n".join(magic_call(line) for line in lines)
        try:
            cell_tree = ast.parse(code, f"{path}, cell {number}")
        except SyntaxError as error:
            raise SyntaxError(f"cell {number}: {error.msg}", (path, (error.lineno or 1) + offset, error.offset, error.text)) from None
        statements = cell_tree.body
        if statements and isinstance(statements[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = statements[-1]
            statements[-1] = ast.copy_location(ast.Expr(ast.Call(ast.Name("display", ast.Load()), [last.value], [])), last)
        statements.append(ast.Expr(ast.Call(ast.Name(END_CELL, ast.Load()), [], [])))
        cell_module = ast.fix_missing_locations(ast.Module(body=statements, type_ignores=[]))
        ast.increment_lineno(cell_module, offset)
        body += cell_module.body
        offset += len(lines)
    return ast.Module(body=body, type_ignores=[])


class InlineCellMagics(ast.NodeTransformer):
    """Replaces get_ipython().run_cell_magic('time', '', body) by the statements of body, so
    that what the cell defines is seen as the script's own code (its sigmoid, its functions'
    locals); and, in a .py exported from a notebook, ends each cell ("# In[3]:") by showing
    its figures, as the inline backend did when it ran."""

    def __init__(self, cell_starts=()):
        self.cell_starts = sorted(cell_starts)

    def visit_Module(self, node):
        self.generic_visit(node)
        if self.cell_starts:
            body, starts = [], list(self.cell_starts)
            for statement in node.body:
                if starts and statement.lineno > starts[0]:
                    while starts and statement.lineno > starts[0]:
                        starts.pop(0)
                    if body:
                        body.append(ast.copy_location(ast.Expr(ast.Call(ast.Name(END_CELL, ast.Load()), [], [])), statement))
                body.append(statement)
            node.body = body
        return node

    def visit_Expr(self, node):
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "run_cell_magic" \
                and isinstance(call.func.value, ast.Call) and isinstance(call.func.value.func, ast.Name) and call.func.value.func.id == "get_ipython" \
                and len(call.args) == 3 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args) \
                and call.args[0].value in PYTHON_CELL_MAGICS:
            inner = ast.parse(call.args[2].value)
            ast.increment_lineno(inner, node.lineno - 1)
            return [self.visit(statement) for statement in inner.body] or [ast.copy_location(ast.Pass(), node)]
        return node


def parse_script(path):
    """The script as a module's syntax tree: a .py as it is (a notebook's export with its
    magics), a .ipynb's code cells (see notebook_module)."""
    with open(path, encoding="utf-8") as source:
        text = source.read()
    if path.lower().endswith(".ipynb"):
        try:
            tree = notebook_module(text, path)
        except (json.JSONDecodeError, AttributeError, TypeError) as error:
            raise ValueError(f"not a readable notebook ({error})") from None
        return ast.fix_missing_locations(InlineCellMagics().visit(tree))
    lines = text.split("\n")
    exported = "get_ipython()" in text
    starts = [number for number, line in enumerate(lines, 1) if exported and line.startswith("# In[")]
    return ast.fix_missing_locations(InlineCellMagics(starts).visit(ast.parse(text, path)))


class IPythonShell:
    """What get_ipython() returns to a notebook run as a script: %time and %timeit run their
    statement once in the caller's namespace, %%time-like cell magics their body; every
    other magic, shell escape (!pip install) and method does nothing."""

    def run_line_magic(self, name, line, *args, **kwargs):
        if name in ("time", "timeit", "prun") and line.strip():
            words = line.split()
            while words and words[0].startswith("-"):  # %timeit -n 10 -r 3 f()
                words = words[2:] if words[0] in ("-n", "-r") else words[1:]
            frame = sys._getframe(1)
            exec(compile(" ".join(words), "<magic>", "exec"), frame.f_globals, frame.f_locals)

    def run_cell_magic(self, name, line, body, *args, **kwargs):
        if name in PYTHON_CELL_MAGICS:
            frame = sys._getframe(1)
            exec(compile(body, "<cell>", "exec"), frame.f_globals, frame.f_locals)

    def system(self, *args, **kwargs):
        return None

    def getoutput(self, *args, **kwargs):
        return []

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def display(*objects, **kwargs):
    """IPython's display as text: each object printed, as a notebook shows a DataFrame's table."""
    for value in objects:
        if value is not None:
            print(value)


def record_cost():
    """Seconds one Scopes.record adds to a returning function: 2,000 returns with it, less
    2,000 without."""
    record = Scopes().record

    def recorded():
        try:
            return 1
        finally:
            record("recorded")

    def plain():
        return 1
    seconds = []
    for function in (recorded, plain):
        start = time.perf_counter()
        for _ in range(2000):
            function()
        seconds.append(time.perf_counter() - start)
    return max(0.0, seconds[0] - seconds[1]) / 2000


def main(script, capture_path):
    tee = Tee(sys.stdout)
    sys.stdout = tee
    module = types.ModuleType("__main__")
    module.__file__ = script
    sys.modules["__main__"] = module
    sys.argv = [script]
    result = {"status": "finished"}
    figures = Figures()
    figures.install()
    # fetch_openml("mnist_784") served offline, from the files the grader serves (the shim).
    sys.meta_path.insert(0, AfterImport({"sklearn.datasets": offline_openml}))
    scopes = Scopes()
    shell = IPythonShell()
    scope_seconds = 0.0
    module.__dict__.update({RECORD: scopes.record, END_CELL: lambda: figures.end_cell(), "get_ipython": lambda: shell, "display": display})
    try:
        tree = parse_script(script)
        start = time.perf_counter()
        tree = ast.fix_missing_locations(RecordLocals().visit(tree))
        scope_seconds = time.perf_counter() - start
        code = compile(tree, script, "exec")
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
    seen = set()
    start = time.perf_counter()
    found = candidates(namespace, budget, {}, seen=seen)
    for scope, names in scopes.newest():
        candidates(names, budget, found, scope + ".", seen=seen)
    scope_seconds += time.perf_counter() - start + scopes.returns() * record_cost()
    result["candidates"] = found
    result["candidate_order"] = list(found)
    result["estimators"] = ESTIMATORS
    figures.record_open()
    result["figures"] = figures.snapshots
    import resource
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["resources"] = {"cpu_seconds": sum(u.ru_utime + u.ru_stime for u in usage),
                           "peak_memory_bytes": max(u.ru_maxrss for u in usage) * 1024,
                           "figure_seconds": figures.seconds, "scope_seconds": scope_seconds}
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


def is_sigmoid_name(name):
    lowered = name.lower()
    return "sigmoid" in lowered or lowered in ("logistic", "sigm", "expit")


def sigmoid_definitions(tree):
    """Every definition of the sigmoid in the script, the likeliest first: a top-level
    function or lambda named sigmoid (or an alias: from scipy.special import expit as
    sigmoid, sigmoid = expit), a method or static method of a top-level class, a
    function defined inside another function, then top-level functions named like one
    (sigmoid_function, logistic). Each is (definition, how to reach it once defined)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and is_sigmoid_name(node.name):
            found.append((node.name != "sigmoid", node, ("function", node.name)))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for target in node.targets:
                if isinstance(target, ast.Name) and is_sigmoid_name(target.id):
                    found.append((target.id != "sigmoid", ast.Assign(targets=[ast.Name(target.id, ast.Store())], value=node.value), ("function", target.id)))
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound_name = alias.asname or alias.name.split(".")[0]
                if bound_name == "sigmoid":
                    found.append((False, ast.ImportFrom(module=node.module, names=[alias], level=node.level) if isinstance(node, ast.ImportFrom) else node, ("function", "sigmoid")))
        elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "sigmoid":
                    found.append((False, ast.Assign(targets=[ast.Name("sigmoid", ast.Store())], value=node.value), ("function", "sigmoid")))
    exact = [item for item in found if not item[0]]
    named = [item for item in found if item[0]]
    methods, nested = [], []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and is_sigmoid_name(item.name):
                    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in item.decorator_list)
                    # The class alone, with the method and what in it runs nothing at its definition.
                    kept = [other for other in node.body if other is item or isinstance(other, ast.Assign) and constant(other.value)
                            or isinstance(other, ast.FunctionDef) and inert(other)]
                    alone = ast.ClassDef(name=node.name, bases=[], keywords=[], body=kept, decorator_list=[], type_params=[])
                    methods.append((alone, ("static" if static else "method", node.name, item.name)))
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for inner in ast.walk(node):
                if inner is not node and isinstance(inner, ast.FunctionDef) and is_sigmoid_name(inner.name) and inert(inner) \
                        and not any(inner is item for item in getattr(node, "body", []) if isinstance(node, ast.ClassDef)):
                    nested.append((inner, ("function", inner.name)))
    return [(node, reach) for _, node, reach in exact] + methods + nested + [(node, reach) for _, node, reach in named]


def alone(tree, found):
    """The module to run instead of the script: the definition `found` and, of the rest of
    the top level, only what it needs, transitively: the imports, constant assignments and
    functions whose definition runs nothing that bind a name it reads (an import of
    scikit-learn a sigmoid does not use would cost seconds)."""
    candidates = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                  or isinstance(node, ast.Assign) and constant(node.value) and all(isinstance(t, ast.Name) for t in node.targets)
                  or isinstance(node, ast.FunctionDef) and node is not found and inert(node)]
    keep, needed = [], names_used([found])
    while True:
        more = [node for node in candidates if node not in keep and bound(node) & needed]
        if not more:
            break
        keep += more
        needed |= names_used(more)
    module = ast.Module(body=[node for node in tree.body if node in keep] + [found], type_ignores=[])
    return ast.fix_missing_locations(module)


def right(values, points):
    """Whether a probe's values are the sigmoid's where every formula must be right: the
    harness only uses this to choose among several definitions, the grader judges."""
    return len(values) == len(points) and all(abs(z) > 50 or abs(v - 1 / (1 + math.exp(-z))) <= 1e-6 for z, v in zip(points, values))


def probe_one(module, reach, script, points):
    """One definition's values on `points` (or the error), and the warnings raised."""
    result = {}
    namespace = {"__name__": "sigmoid_probe"}
    try:
        # The imports warn of their own (joblib, without /dev/shm): not the sigmoid's warnings.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(module, script, "exec"), namespace)
    except Exception as error:
        return {"error": "defining it alone: " + traceback.format_exception_only(type(error), error)[-1].strip(), "name": ".".join(reach[1:])}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if reach[0] == "function":
                function = namespace[reach[1]]
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
        except Exception as error:
            result["error"] = traceback.format_exception_only(type(error), error)[-1].strip()
        result["name"] = ".".join(reach[1:])
        result["warnings"] = [str(w.message) for w in caught][:20]
    return result


# Definitions probed at most: each costs its imports.
MAX_SIGMOIDS = 5


def probe_sigmoid(script, points):
    try:
        tree = parse_script(script)
        definitions = sigmoid_definitions(tree)[:MAX_SIGMOIDS]
    except (SyntaxError, ValueError) as error:
        print(json.dumps({"error": "the script does not parse: " + traceback.format_exception_only(type(error), error)[-1].strip()}))
        return
    if not definitions:
        print(json.dumps({"missing": "no function named sigmoid, at the top level, in a class or inside a function"}))
        return
    first = None
    for found, reach in definitions:
        result = probe_one(alone(tree, found), reach, script, points)
        first = first or result
        values = result.get("values")
        if isinstance(values, dict) and right([float(v) for v in values.get("values", [])], points):
            first = result
            break
    print(json.dumps(first, allow_nan=False))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--probe-sigmoid":
        probe_sigmoid(sys.argv[2], [float(z) for z in sys.argv[3].split(",")])
    else:
        main(sys.argv[1], sys.argv[2])
