"""Regenerate the example submissions that `make demo` grades.

    .venv/bin/python examples/generate.py [ASSIGNMENT_ID ...]

For each assignment: a correct notebook (the reference), a partly wrong one (two known
misconceptions), the untouched blank notebook, a corrupt file, and a hostile notebook
(patched numpy around a wrong function, an infinite loop, an attempt to read the solutions).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from autograder.course.assignments import Assignment, list_ids
from autograder.course.authoring import reference_notebook, variant_source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

HOSTILE = '''import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
try:
    print(open("../solutions/{id}/solution.py").read())
except Exception as e:
    print("blocked:", type(e).__name__)'''


def generate(a: Assignment) -> None:
    folder = HERE / a.id
    folder.mkdir(exist_ok=True)
    nbformat.write(reference_notebook(a), folder / "correct.ipynb")
    nbformat.write(nbformat.read(a.notebook, as_version=4), folder / "blank.ipynb")
    text = (folder / "correct.ipynb").read_text(encoding="utf-8")
    (folder / "broken.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    picked, seen = {}, set()
    for m in a.misconceptions:
        if m.replaces not in seen and len(picked) < 2:
            picked[m.replaces] = variant_source(m)
            seen.add(m.replaces)
    if picked:
        nbformat.write(reference_notebook(a, picked), folder / "partly_wrong.ipynb")
    if not a.keras and a.misconceptions:
        m = a.misconceptions[-1]
        nb = reference_notebook(a, {m.replaces: variant_source(m)})
        nb.cells.insert(2, nbformat.v4.new_code_cell(HOSTILE.format(id=a.id)))
        nb.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass  # 무한 루프 / infinite loop"))
        nbformat.write(nb, folder / "hostile.ipynb")


if __name__ == "__main__":
    for assignment_id in sys.argv[1:] or list_ids(ROOT):
        a = Assignment.load(assignment_id, ROOT)
        if a.notebook.exists() and (a.private_dir / "solution.py").exists():
            generate(a)
            print(f"wrote examples/{a.id}/")
