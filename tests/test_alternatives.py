"""Correct implementations written differently (loops, other formulas, classes, other libraries)
get full marks and no diagnosis. Each file in tests/alternatives/<id>/ replaces some functions of
the reference notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograder.course.authoring import reference_notebook, top_level_sources
from autograder.grader.grading import grade
from conftest import ROOT, load

HERE = Path(__file__).resolve().parent / "alternatives"
CASES = sorted(HERE.glob("*/*.py"))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}-{p.stem}" for p in CASES])
def test_correct_alternatives_get_full_marks(path, zygote, tmp_path):
    a = load(path.parent.name)
    source = path.read_text(encoding="utf-8")
    replaced = top_level_sources(source)
    imports = "\n".join(line for line in source.splitlines() if line.startswith(("import ", "from ")))
    nb = reference_notebook(a, {n: s for n, s in replaced.items() if not n.startswith("_")})
    helpers = "\n\n".join(s for n, s in replaced.items() if n.startswith("_"))
    nb.cells.insert(2, nbformat.v4.new_code_cell(f"{imports}\n\n{helpers}"))  # imports and private helpers first
    out = tmp_path / "alt.ipynb"
    nbformat.write(nb, out)
    questions = [q.name for q in a.questions]
    only = [n for n in replaced if n in questions] or None
    result = grade(a, out, zygote, only=only)
    failed = [(t.name, t.en[:200]) for t in result.tests if not t.passed]
    assert not failed, failed
    assert not any(t.diagnosis for t in result.tests)
