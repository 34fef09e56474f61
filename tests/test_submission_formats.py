"""Every kind of file a student might hand in gets a clear result, and nothing is lost."""

from __future__ import annotations

import io
import json
import pickle
import zipfile

import nbformat
import pytest

from autograder.course.submission import SubmissionError, read_submission, split_script
from conftest import question_score, reference_source

SGD = "def sgd_step(w, g, lr=0.01):\n    return w - lr * g\n"


def notebook(*sources: str, version: int = 4) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 제출 / submission")] + [nbformat.v4.new_code_cell(s) for s in sources]
    if version == 3:
        from nbformat.v3 import new_code_cell, new_notebook, new_worksheet, writes_json as writes

        return writes(new_notebook(worksheets=[new_worksheet(cells=[new_code_cell(input=s) for s in sources])]))
    return nbformat.writes(nb)


@pytest.mark.parametrize("name,content,ko_part,en_part", [
    ("invalid.ipynb", b'{"cells": [', "손상", "corrupt"),
    ("empty.ipynb", b"", "빈 파일", "empty"),
    ("binary.ipynb", bytes(range(256)) * 10, "바이너리", "binary"),
    ("latin1.py", "# café\nx = 'é'\n".encode("latin-1"), "UTF-8", "UTF-8"),
    ("nocells.ipynb", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}).encode(), "셀이 없습니다", "no cells"),
    ("onlymarkdown.ipynb", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                       "cells": [{"cell_type": "markdown", "metadata": {}, "source": "hi"}]}).encode(),
     "코드 셀이 없습니다", "no code cells"),
    ("list.ipynb", b"[1, 2, 3]", "셀이 없습니다", "no cells"),
    ("report.pdf", b"%PDF-1.4", ".pdf", ".pdf"),
])
def test_malformed_files_get_a_clear_error_result(grade_source, name, content, ko_part, en_part):
    stem, suffix = name.rsplit(".", 1)
    r = grade_source(content, name=stem, suffix="." + suffix)
    assert r.status == "error" and r.score == 0
    assert ko_part in r.error_ko and en_part in r.error_en
    assert len(r.tests) == sum(len(q.tests) for q in __import__("conftest").load("04_optimizers").questions)
    assert all(not t.passed and t.en == r.error_en for t in r.tests)


def test_syntax_errors_cost_only_their_cell(grade_source):
    r = grade_source(notebook("def broken(:\n    pass", SGD), suffix=".ipynb")
    assert r.status == "graded"
    assert "SyntaxError" in r.cells[0]["error"] and r.cells[1]["ok"]
    assert question_score(r, "sgd_step")[0] == question_score(r, "sgd_step")[1]


def test_magics_and_shell_escapes_are_neutralised(grade_source):
    r = grade_source(notebook("%matplotlib inline\n!pip install nothing\nimport numpy as np", "%%time\nraise SystemExit",
                              "if True:\n    %timeit 1\n" + SGD), suffix=".ipynb")
    assert all(c["ok"] for c in r.cells), r.cells
    assert question_score(r, "sgd_step")[0] > 0


def test_old_nbformat_is_upgraded(grade_source):
    r = grade_source(notebook(SGD, version=3), suffix=".ipynb")
    assert r.status == "graded" and question_score(r, "sgd_step")[0] == question_score(r, "sgd_step")[1]


def test_zip_from_otter_export_is_read_and_its_log_ignored(grade_source, tmp_path):
    marker = tmp_path / "unpickled"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hw04.ipynb", notebook(reference_source("04_optimizers")))
        z.writestr(".OTTER_LOG", pickle.dumps(Exploit()))
        z.writestr("__MACOSX/._hw04.ipynb", b"junk")
        z.writestr("results.pkl", pickle.dumps(Exploit()))
    r = grade_source(buf.getvalue(), suffix=".zip")
    assert r.status == "graded" and r.score == r.max_score
    assert not marker.exists()


@pytest.mark.parametrize("files,en_part", [
    ({"a.ipynb": "{}", "b.ipynb": "{}"}, "several .ipynb"),
    ({"readme.txt": "hi"}, "no notebook"),
])
def test_zip_without_exactly_one_notebook(grade_source, files, en_part):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    r = grade_source(buf.getvalue(), suffix=".zip")
    assert r.status == "error" and en_part in r.error_en


def test_corrupt_zip(grade_source):
    r = grade_source(b"PK\x03\x04 not really a zip", suffix=".zip")
    assert r.status == "error" and "corrupt" in r.error_en


def test_script_cells_split_at_percent_markers():
    assert split_script("a = 1\n# %%\nb = 2\n#%% [markdown]\n# text\n") == [(1, "a = 1\n"), (2, "\nb = 2\n"), (3, "\n# text\n")]
    with pytest.raises(SubmissionError):
        split_script("\n\n")


def test_bom_and_crlf_are_fine(tmp_path):
    p = tmp_path / "win.py"
    p.write_bytes(b"\xef\xbb\xbf" + SGD.replace("\n", "\r\n").encode())
    assert "def sgd_step" in read_submission(p).cells[0]


def test_cells_are_numbered_as_students_see_them(grade_source):
    r = grade_source(notebook("x = 1", "raise ValueError('oops')"), suffix=".ipynb")
    assert [c["cell"] for c in r.cells] == [2, 3]  # the markdown cell is cell 1
