"""Building a student notebook from its percent-format source (``assignments/<id>/notebook.py``).

``# %% [markdown]`` starts a markdown cell (leading ``# `` stripped), ``# %%`` a code cell,
``# %% [check] <question>`` a public-check cell, and ``# %% [skip]`` a code cell for exploring
(plots, experiments) that grading does not run. A setup cell holding the public tests and
:mod:`autograder.course.public_check` goes right after the first markdown cell, so the checks run in
any Jupyter, VS Code or Colab with nothing to install and never see the hidden tests.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

from autograder.course import public_check
from autograder.course.assignments import Assignment
from autograder.course.submission import SKIP_MARKER

_HEADER = re.compile(r"^# %%(?: \[(markdown|check|skip)\](?: (\S+))?)?\s*$")


def parse_percent(text: str) -> list[tuple[str, str]]:
    """Split a percent-format source into (kind, body) pairs; kind is markdown, code or check."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            kind = m.group(1) or "code"
            cells.append((kind, [m.group(2)] if kind == "check" else []))
        elif cells:
            cells[-1][1].append(line)
    out = []
    for kind, lines in cells:
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", ln) for ln in lines).strip()
        elif kind == "check":
            body = lines[0] or ""
        else:
            body = "\n".join(lines).strip("\n")
        if body or kind == "check":
            out.append((kind, body))
    return out


def setup_cell_source(assignment: Assignment) -> str:
    runner = Path(public_check.__file__).read_text(encoding="utf-8").strip()
    tests = {}
    for q in assignment.public_questions:
        paths = sorted({tc.source for tc in q.tests})
        tests[q.name] = "\n\n".join(Path(p).read_text(encoding="utf-8") for p in paths)
    body = ",\n".join(f"    {name!r}: {src!r}" for name, src in tests.items())
    return f"{runner}\n\n\n_PUBLIC_TESTS = {{\n{body}\n}}\nprint('공개 테스트 준비 완료 / public checks ready')"


def explore_cell(body: str) -> str:
    """A cell for trying things out: not run when grading, and in a notebook whose functions are
    still stubs it says so instead of stopping "Run All" with NotImplementedError."""
    indented = "\n".join(("    " + line) if line.strip() else "" for line in body.splitlines())
    return (f"{SKIP_MARKER} 채점 때는 실행되지 않습니다 / not run when grading\n"
            f"try:\n{indented}\nexcept NotImplementedError:\n"
            f"    print('위의 함수를 먼저 구현하세요 / implement the functions above first')")


def build_notebook(assignment: Assignment) -> nbformat.NotebookNode:
    source = (assignment.public_dir / "notebook.py").read_text(encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "autograder": {"assignment": assignment.id},
    })
    setup_done = False
    for kind, body in parse_percent(source):
        if kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(body))
            if not setup_done:
                nb.cells.append(nbformat.v4.new_code_cell(setup_cell_source(assignment)))
                setup_done = True
        elif kind == "check":
            nb.cells.append(nbformat.v4.new_code_cell(f"{SKIP_MARKER}\ncheck({body!r})"))
        elif kind == "skip":
            nb.cells.append(nbformat.v4.new_code_cell(explore_cell(body)))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(body))
    for i, cell in enumerate(nb.cells):  # stable ids keep rebuilt notebooks byte-identical
        cell["id"] = f"{assignment.id[:20]}-{i:03d}".replace("_", "-")
    return nb


def write_notebook(assignment: Assignment) -> Path:
    nb = build_notebook(assignment)
    nbformat.validate(nb)
    text = nbformat.writes(nb) + "\n"
    assignment.notebook.write_text(text, encoding="utf-8")
    return assignment.notebook


# ---------------------------------------------------------------------------------------------
# Filling a student notebook with code (for examples and the project's own tests)


def top_level_sources(source: str) -> dict[str, str]:
    """The source of every top-level function and class in a module, by name."""
    tree = ast.parse(source)
    return {node.name: ast.get_source_segment(source, node, padded=False)
            for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def defined_names(cell_source: str) -> list[str]:
    try:
        tree = ast.parse(cell_source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]


def fill_notebook(nb: nbformat.NotebookNode, sources: dict[str, str], prelude: str = "") -> nbformat.NotebookNode:
    """A copy of ``nb`` whose stub cells are replaced by ``sources`` (name -> code).

    A cell is replaced when every function or class it defines has a replacement; ``prelude``
    (imports, helpers) goes into the first code cell that defines anything.
    """
    nb = copy.deepcopy(nb)
    placed_prelude = not prelude
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        names = defined_names(cell.source)
        if names and all(n in sources for n in names):
            body = "\n\n\n".join(sources[n] for n in names)
            if not placed_prelude:
                body, placed_prelude = f"{prelude}\n\n\n{body}", True
            cell.source = body
    return nb


def variant_source(m) -> str:
    """A misconception's code as a student would have written it: decorator dropped, renamed to
    the function or class it replaces."""
    import inspect
    import textwrap

    source = textwrap.dedent(inspect.getsource(m.impl))
    tree = ast.parse(source)
    node = tree.body[0]
    node.decorator_list = []
    node.name = m.replaces
    return ast.unparse(node)


def reference_notebook(assignment: Assignment, replace: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The student notebook filled with the reference solution (and ``replace``: name -> code)."""
    ref_source = (assignment.private_dir / "solution.py").read_text(encoding="utf-8")
    sources = {**top_level_sources(ref_source), **(replace or {})}
    tree = ast.parse(ref_source)
    prelude = "\n".join(ast.get_source_segment(ref_source, n) for n in tree.body
                        if isinstance(n, (ast.Import, ast.ImportFrom, ast.Assign)))
    nb = nbformat.read(assignment.notebook, as_version=4)
    in_notebook = {n for c in nb.cells if c.cell_type == "code" for n in defined_names(c.source)}
    helpers = [src for name, src in sources.items() if name not in in_notebook]  # e.g. private helpers
    return fill_notebook(nb, sources, "\n\n\n".join([prelude, *helpers]))
