"""The student notebooks run in a real Jupyter kernel, and their check cells work there with
nothing installed beyond numpy: blank, they say "not implemented"; filled in, every public test passes."""

from __future__ import annotations

import nbformat
import pytest

from autograder.course.assignments import Assignment, list_ids
from autograder.course.authoring import reference_notebook
from conftest import ROOT

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

IDS = [pytest.param(i, marks=[pytest.mark.keras] if Assignment.load(i, ROOT).keras else [])
       for i in list_ids(ROOT) if Assignment.load(i, ROOT).notebook.exists()]


def execute(nb, tmp_path):
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return nb


def check_outputs(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "code" and len(lines) == 2 and lines[1].startswith("check("):
            texts.append("".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"))
    return texts


@pytest.mark.parametrize("assignment_id", IDS)
def test_blank_notebook_runs_and_checks_say_not_implemented(assignment_id, tmp_path):
    a = Assignment.load(assignment_id, ROOT)
    nb = execute(nbformat.read(a.notebook, as_version=4), tmp_path)
    outputs = check_outputs(nb)
    assert outputs and all("not implemented yet" in o or "❌" in o for o in outputs)
    assert not any("✅" in o and "passed" in o and "0/" not in o for o in outputs[:1])


@pytest.mark.parametrize("assignment_id", IDS)
def test_reference_notebook_passes_every_public_check(assignment_id, tmp_path):
    a = Assignment.load(assignment_id, ROOT)
    nb = execute(reference_notebook(a), tmp_path)
    outputs = check_outputs(nb)
    assert len(outputs) == len(a.public_questions)
    for text in outputs:
        assert "❌" not in text and "⏳" not in text and "✅" in text, text
