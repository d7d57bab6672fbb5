"""Runs a student's script as __main__ and records what it produced (lrgrade's runner).

usage: python3 harness.py SCRIPT CAPTURE.json

The script runs in a module namespace the harness keeps, so the variables defined before
an exception are captured too. Afterwards CAPTURE.json holds:
  status        "finished", "error" (with error: the exception's last line) or "exit" (with exit_code)
  printed       the lines the script printed on standard output
  variables     W, lr, epochs, train_loss_history, test_loss_history, y_pred, y_prob,
                y_pred_manual, y_prob_manual, where defined: numbers, lists (numpy arrays as
                nested lists with their shape), non-finite numbers as "NaN", "Infinity", "-Infinity"
  candidates    other numeric values the script left, by name: top-level arrays and lists of
                numbers (up to 10,000 items each), and those one attribute deep in top-level
                objects ("model.theta"), for solutions that use other names
  sigmoid       the script's sigmoid on SIGMOID_PROBE, with the warnings it raised, or its error
  resources     cpu_seconds and peak_memory_bytes of the Python process and its children
"""
import json
import math
import sys
import traceback
import types
import warnings

NAMES = ["W", "lr", "epochs", "train_loss_history", "test_loss_history",
         "y_pred", "y_prob", "y_pred_manual", "y_prob_manual"]
SIGMOID_PROBE = [-1000.0, -745.0, -50.0, -1.0, 0.0, 1.0, 50.0, 745.0, 1000.0]
MAX_ITEMS = 1_000_000
# Candidates are weights (785), loss histories (one per epoch) and fitted attributes; larger
# arrays (the data, labels, masks) are never what the grader looks for, and would make the
# capture megabytes long.
CANDIDATE_ITEMS = 10_000


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


def numeric(value):
    """An array or a non-empty list of numbers, of at most CANDIDATE_ITEMS items."""
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        return getattr(value.dtype, "kind", "") in "biuf" and 0 < value.size <= CANDIDATE_ITEMS
    if isinstance(value, (list, tuple)) and 0 < len(value) <= CANDIDATE_ITEMS:
        return all(isinstance(item, (int, float)) and not isinstance(item, bool) or hasattr(item, "dtype") for item in value[:1000])
    return False


def candidates(namespace, budget):
    found = {}
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in NAMES or isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        if numeric(value):
            found[name] = plain(value, budget)
        elif hasattr(value, "__dict__") and not callable(value):
            for attribute, inner in list(vars(value).items())[:50]:
                if numeric(inner):
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
                           "peak_memory_bytes": max(u.ru_maxrss for u in usage) * 1024}
    with open(capture_path, "w", encoding="utf-8") as out:
        json.dump(result, out, allow_nan=False)


if __name__ == "__main__":
    main()
