"""A generated class of 04_optimizers submissions for the similarity and mining tests and the
benchmark: independent students (the reference rewritten at random, the way people differ:
operands swapped, subexpressions named, x*x or x**2, their own experiments), planted copies
(locals renamed, functions reordered, comments changed) and planted mistakes.

    make_class(folder, n, copies=[(source_index, copy_index), ...], mistakes={index: name}, seed=0)
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "04_optimizers" / "solution.py"

# Mistakes no variant of solutions/04_optimizers/variants.py names: (function, right, wrong)
MISTAKES = {
    "adagrad_abs": ("adagrad_step", "s_new = s + g * g", "s_new = s + np.abs(g)"),
    "sgd_sign": ("sgd_step", "return w - lr * g", "return w + lr * g"),
    "rmsprop_abs": ("rmsprop_step", "(1 - rho) * (g * g)", "(1 - rho) * np.abs(g)"),
}
NAMES = ["tmp", "val", "res", "out", "step", "upd", "delta", "acc", "buf", "x1", "y2", "cur", "nxt", "q", "z",
         "part", "term", "piece", "num", "den", "scale", "frac", "a1", "b2", "c3"]


def _functions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(SOLUTION.read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


class _Rewrite(ast.NodeTransformer):
    def __init__(self, rng: random.Random, swap: bool):
        self.rng, self.swap = rng, swap

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if self.swap and isinstance(node.op, (ast.Add, ast.Mult)) and self.rng.random() < 0.5:
            node.left, node.right = node.right, node.left
        if isinstance(node.op, ast.Mult) and ast.dump(node.left) == ast.dump(node.right) and self.rng.random() < 0.5:
            return ast.BinOp(node.left, ast.Pow(), ast.Constant(2))
        return node


def _hoist(fn: ast.FunctionDef, rng: random.Random, names: list[str]) -> None:
    body = []
    for stmt in fn.body:
        value = getattr(stmt, "value", None)
        if isinstance(stmt, (ast.Assign, ast.Return)) and isinstance(value, ast.BinOp) and rng.random() < 0.5:
            side = "right" if isinstance(value.right, ast.BinOp) else "left" if isinstance(value.left, ast.BinOp) else None
            if side and names:
                name = names.pop()
                body.append(ast.Assign([ast.Name(name, ast.Store())], getattr(value, side), lineno=0))
                setattr(value, side, ast.Name(name, ast.Load()))
        if isinstance(stmt, ast.Return) and isinstance(value, ast.BinOp) and rng.random() < 0.5 and names:
            name = names.pop()
            body.append(ast.Assign([ast.Name(name, ast.Store())], value, lineno=0))
            stmt = ast.Return(ast.Name(name, ast.Load()))
        body.append(stmt)
    fn.body = body


def _student_functions(rng: random.Random, mistake: str | None) -> dict[str, str]:
    out = {}
    for name, fn in _functions().items():
        src = ast.get_source_segment(SOLUTION.read_text(encoding="utf-8"), fn)
        if mistake and MISTAKES[mistake][0] == name:
            src = src.replace(MISTAKES[mistake][1], MISTAKES[mistake][2])
        node = ast.parse(src).body[0]
        doc = ast.get_docstring(node)
        if doc is not None:
            node.body = node.body[1:]
        names = rng.sample(NAMES, len(NAMES))
        node = _Rewrite(rng, swap=name.endswith("_step")).visit(node)
        _hoist(node, rng, names)
        if name.endswith("_step") and rng.random() < 0.4:
            node.body.insert(0, ast.parse(f"{node.args.args[0].arg} = np.asarray({node.args.args[0].arg}, dtype=float)").body[0])
        if doc and rng.random() < 0.5:
            node.body.insert(0, ast.Expr(ast.Constant(doc.splitlines()[0])))
        ast.fix_missing_locations(node)
        out[name] = ast.unparse(node)
    return out


def _experiment(rng: random.Random) -> str:
    a, b, lr = round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2), rng.choice([0.1, 0.05, 0.01, 0.2, 0.3])
    n = rng.randint(2, 9)
    templates = [
        f"w_try = np.array([{a}, {b}])\nfor i in range({n}):\n    w_try = sgd_step(w_try, 2 * w_try, lr={lr})\nprint('sgd', w_try)",
        f"m0 = v0 = np.zeros(2)\nprint(adam_step(np.array([{a}, {b}]), np.array([{b}, {a}]), m0, v0, {n}))",
        f"hist = []\nw_, s_ = np.array([{a}]), np.zeros(1)\nwhile len(hist) < {n}:\n    w_, s_ = adagrad_step(w_, w_, s_, lr={lr})\n    hist.append(float(w_[0]))\nprint(hist[-1])",
        f"print(momentum_step(np.ones({n}) * {a}, np.ones({n}) * {b}, np.zeros({n}))[0].sum())",
    ]
    return rng.choice(templates)


def _rename_locals(code: str, rng: random.Random) -> str:
    """Rename every local a function assigns (not its parameters: tests pass them by keyword)."""
    tree = ast.parse(code)
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
        params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
        local = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) for t in n.targets
                 if isinstance(t, ast.Name) and t.id not in params}
        mapping = {name: f"{name}_{rng.choice(['x', 'my', 'tmp', 'k'])}{rng.randint(0, 99)}" for name in local}
        for n in ast.walk(fn):
            if isinstance(n, ast.Name) and n.id in mapping:
                n.id = mapping[n.id]
    return ast.unparse(tree)


def student_cells(seed: int, mistake: str | None = None) -> list[str]:
    rng = random.Random(seed)
    functions = _student_functions(rng, mistake)
    cells = ["import numpy as np"]
    for name, code in functions.items():
        comment = rng.choice(["", f"# {name} 구현", "# my implementation", f"# Q: {name}", "# TODO check shapes"])
        cells.append(f"{comment}\n{code}".strip())
    for _ in range(rng.randint(1, 3)):
        cells.append(_experiment(rng))
    return cells


def copied_cells(cells: list[str], seed: int) -> list[str]:
    """A copy made to hide: locals renamed, function cells reordered, comments replaced."""
    rng = random.Random(seed)
    head, defs, rest = cells[:1], [c for c in cells[1:] if "def " in c], [c for c in cells[1:] if "def " not in c]
    defs = [f"# {rng.choice(['여기에 코드를 작성했습니다', 'done', 'works now', 'final version'])}\n"
            + _rename_locals("\n".join(line for line in c.splitlines() if not line.startswith("#")), rng) for c in defs]
    rng.shuffle(defs)
    return head + defs + rest


def write(path: Path, cells: list[str]) -> Path:
    path.write_text("\n\n".join(f"# %%\n{c}" for c in cells) + "\n", encoding="utf-8")
    return path


def make_class(folder: Path, n: int, copies: list[tuple[int, int]] = (), mistakes: dict[int, str] | None = None,
               seed: int = 0) -> list[Path]:
    """``n`` submissions student000.py…; ``copies``: (source, copy) indices; ``mistakes``: index ->
    a key of MISTAKES (a copy keeps its source's mistake)."""
    folder.mkdir(parents=True, exist_ok=True)
    mistakes = mistakes or {}
    copy_of = {c: s for s, c in copies}
    cells = {}
    for i in range(n):
        if i not in copy_of:
            cells[i] = student_cells(seed * 100_003 + i, mistakes.get(i))
    for i in range(n):
        if i in copy_of:
            cells[i] = copied_cells(cells[copy_of[i]], seed * 7 + i)
    return [write(folder / f"student{i:03d}.py", cells[i]) for i in range(n)]
