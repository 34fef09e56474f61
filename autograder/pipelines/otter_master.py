"""``autograder import-otter MASTER.ipynb --id ID``: an otter-grader master notebook as a native assignment.

An instructor who keeps authoring in otter's format (``otter assign``'s master notebook: a raw
``# ASSIGNMENT CONFIG`` cell, per question a raw ``# BEGIN QUESTION`` cell with ``name`` and
``points``, solution code between ``# BEGIN SOLUTION`` / ``# END SOLUTION`` lines or ending in
``# SOLUTION``, and test cells between raw ``# BEGIN TESTS`` / ``# END TESTS`` cells, ``# HIDDEN``
on a test's first line) gets:

* ``solutions/<id>/solution.py``: every code cell outside the tests, solution markers removed;
* test files: exception-style cells (``def test_...(names)`` functions) as ``@test_case`` functions,
  doctest-style cells as OK-format cases whose expected output is the cell's recorded output;
  public cases in ``assignments/<id>/tests``, hidden ones in ``solutions/<id>/tests``, each case
  worth the question's points split evenly over its cases (as otter does);
* ``assignments/<id>/notebook.py`` (solutions replaced by stubs, a ``check`` cell after each
  question) and the student notebook built from it; ``assignment.toml``; an empty ``variants.py``.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat

from autograder.course.assignments import Assignment


class MasterError(ValueError):
    """The notebook is not an otter master this importer understands."""


_STUB = "raise NotImplementedError('구현하세요 / implement this')"


def _source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _yaml_fields(text: str) -> dict[str, str]:
    """``key: value`` lines of a raw config cell (otter's YAML, the flat part we need)."""
    out = {}
    for line in text.splitlines()[1:]:
        m = re.match(r"^(\w+)\s*:\s*(.*?)\s*$", line)
        if m:
            out[m.group(1)] = m.group(2).strip("'\"")
    return out


def strip_solution(code: str) -> str:
    """The reference's code: solution markers and prompts removed, solution lines kept."""
    out, in_prompt = [], False
    for line in code.splitlines():
        marker = line.strip()
        if marker in ("# BEGIN SOLUTION", "# END SOLUTION", "# BEGIN SOLUTION NO PROMPT"):
            continue
        if marker == "# BEGIN PROMPT":
            in_prompt = True
            continue
        if marker == "# END PROMPT":
            in_prompt = False
            continue
        if not in_prompt:
            out.append(re.sub(r"\s*# SOLUTION\s*$", "", line))
    return "\n".join(out)


def student_code(code: str) -> str:
    """The student's version: each solution block becomes a stub (or its prompt)."""
    out, in_solution, in_prompt, indent, prompt = [], False, False, "", []
    for line in code.splitlines():
        marker = line.strip()
        if marker.startswith("# BEGIN SOLUTION"):
            in_solution, indent, prompt = True, line[: len(line) - len(line.lstrip())], []
            continue
        if marker == "# END SOLUTION":
            in_solution = False
            out += prompt or [f"{indent}# 여기에 코드를 작성하세요 / Write your code here",
                              f"{indent}{_STUB if indent else '...'}"]
            continue
        if marker == "# BEGIN PROMPT":
            in_prompt = True
            continue
        if marker == "# END PROMPT":
            in_prompt = False
            continue
        if in_prompt:
            prompt.append(re.sub(r"^(\s*)# ?", r"\1", line, count=1) if line.strip().startswith("#") else line)
            if not in_solution:
                out.append(prompt.pop())
            continue
        if in_solution:
            continue
        m = re.match(r"^(\s*)(.*?)=\s*.*# SOLUTION\s*$", line)
        if m:
            out.append(f"{m.group(1)}{m.group(2).rstrip()} = ...")
            continue
        if re.search(r"# SOLUTION\s*$", line):
            continue
        out.append(line)
    return "\n".join(out)


def _percent_markdown(text: str) -> str:
    return "# %% [markdown]\n" + "\n".join(f"# {ln}" if ln else "#" for ln in text.splitlines())


def _expected_output(cell) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "execute_result":
            data = out.get("data", {}).get("text/plain", "")
            return data if isinstance(data, str) else "".join(data)
    return "".join(o.get("text", "") if isinstance(o.get("text", ""), str) else "".join(o["text"])
                   for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _doctest(code: str, want: str) -> str:
    lines = []
    tree = ast.parse(code)
    src = code.splitlines()
    for node in tree.body:
        chunk = src[node.lineno - 1: node.end_lineno]
        lines.append(">>> " + chunk[0])
        lines += ["... " + ln for ln in chunk[1:]]
    if want.strip():
        lines += want.rstrip("\n").splitlines()
    return "\n".join(lines)


def parse_master(nb) -> dict:
    """{"config": {...}, "cells": [(kind, text, question or None)], "questions": [{name, points, tests}]}"""
    config, questions, cells = {}, [], []
    question, in_tests = None, False
    for cell in nb.cells:
        text = _source(cell)
        first = text.strip().splitlines()[0].strip() if text.strip() else ""
        if cell.cell_type == "raw":
            if first == "# ASSIGNMENT CONFIG":
                config = _yaml_fields(text)
            elif first == "# BEGIN QUESTION":
                fields = _yaml_fields(text)
                if "name" not in fields:
                    raise MasterError("a # BEGIN QUESTION cell has no name:")
                question = {"name": fields["name"], "points": float(fields.get("points", 1) or 1), "tests": []}
                questions.append(question)
            elif first == "# END QUESTION":
                cells.append(("check", question["name"], None) if question else ("skip", "", None))
                question = None
            elif first == "# BEGIN TESTS":
                in_tests = True
            elif first == "# END TESTS":
                in_tests = False
            continue
        if in_tests and cell.cell_type == "code":
            if question is None:
                raise MasterError("test cells outside a question")
            hidden = first == "# HIDDEN"
            body = "\n".join(text.splitlines()[1:]) if hidden else text
            question["tests"].append({"code": body.strip("\n"), "hidden": hidden, "want": _expected_output(cell)})
            continue
        cells.append((cell.cell_type, text, question["name"] if question else None))
    if not questions:
        raise MasterError("no # BEGIN QUESTION cells: is this an otter master notebook?")
    return {"config": config, "cells": cells, "questions": questions}


def _test_files(q: dict) -> tuple[str | None, str | None]:
    """(public file, hidden file) for one question's tests."""
    n = len(q["tests"]) or 1
    each = q["points"] / n
    exception, ok = {False: [], True: []}, {False: [], True: []}
    for i, t in enumerate(q["tests"], 1):
        if re.match(r"^\s*def test_\w*\(", t["code"]):
            exception[t["hidden"]].append(f"@test_case(points={each!r}, hidden={t['hidden']})\n{t['code']}\n")
        else:
            ok[t["hidden"]].append({"code": _doctest(t["code"], t["want"]), "hidden": t["hidden"],
                                    "locked": False, "points": each, "name": f"{q['name']} - {i}"})
    files = []
    for hidden in (False, True):
        if exception[hidden] and ok[hidden]:
            raise MasterError(f"{q['name']}: mixes exception-style and doctest-style tests")
        if exception[hidden]:
            files.append(f'OK_FORMAT = False\n\nimport numpy as np\nfrom otter.test_files import test_case\n\n'
                         f'name = {q["name"]!r}\n\n\n' + "\n\n".join(exception[hidden]))
        elif ok[hidden]:
            spec = {"name": q["name"], "points": None, "suites": [{"cases": ok[hidden], "scored": True,
                                                                  "setup": "", "teardown": "", "type": "doctest"}]}
            files.append(f"OK_FORMAT = True\n\ntest = {json.dumps(spec, ensure_ascii=False, indent=1)}\n"
                         .replace(": null", ": None").replace(": true", ": True").replace(": false", ": False"))
        else:
            files.append(None)
    return files[0], files[1]


def import_master(master: Path, root: Path, assignment_id: str, force: bool = False) -> Assignment:
    """Lay out the otter master notebook ``master`` as assignment ``assignment_id`` under ``root``."""
    from autograder.course.authoring import write_notebook
    from autograder.course.scaffold import ID_PATTERN

    if not ID_PATTERN.match(assignment_id):
        raise ValueError(f"{assignment_id!r}: use letters, digits, '_' and '-'")
    try:
        nb = nbformat.read(str(master), as_version=4)
    except Exception as e:  # noqa: BLE001
        raise MasterError(f"{master}: not a notebook ({e})") from None
    parsed = parse_master(nb)
    public, private = root / "assignments" / assignment_id, root / "solutions" / assignment_id
    for folder in (public, private):
        if folder.exists():
            if not force:
                raise FileExistsError(f"{folder} already exists (use --force to replace it)")
            shutil.rmtree(folder)
    (public / "tests").mkdir(parents=True)
    (private / "tests").mkdir(parents=True)

    title = parsed["config"].get("name") or assignment_id
    notebook, reference = [], []
    first_markdown = any(kind == "markdown" for kind, _, _ in parsed["cells"][:1])
    if not first_markdown:
        notebook.append(_percent_markdown(f"# {title}"))
    for kind, text, _question in parsed["cells"]:
        if kind == "markdown":
            notebook.append(_percent_markdown(text))
        elif kind == "code":
            reference.append(strip_solution(text))
            notebook.append("# %%\n" + student_code(text))
        elif kind == "check":
            notebook.append(f"# %% [check] {text}")
    (public / "notebook.py").write_text("\n\n".join(notebook) + "\n", encoding="utf-8")
    (private / "solution.py").write_text(f'"""Reference solution of {title}, imported from {master.name}."""\n\n'
                                         + "\n\n\n".join(r.strip("\n") for r in reference if r.strip()) + "\n",
                                         encoding="utf-8")
    (private / "variants.py").write_text(
        '"""Known-wrong variants: add them here (see docs/authoring.md)."""\n\n'
        "import numpy as np\n\nfrom autograder.diagnosis import misconception\n", encoding="utf-8")
    toml = [f'id = "{assignment_id}"', f"title = {{ ko = {json.dumps(title)}, en = {json.dumps(title)} }}",
            f"# imported from the otter master notebook {json.dumps(master.name)}"]
    for q in parsed["questions"]:
        pub, hid = _test_files(q)
        if pub:
            (public / "tests" / f"{q['name']}.py").write_text(pub, encoding="utf-8")
        if hid:
            (private / "tests" / f"{q['name']}.py").write_text(hid, encoding="utf-8")
        toml += ["", "[[questions]]", f'name = "{q["name"]}"',
                 f"title = {{ ko = {json.dumps(q['name'])}, en = {json.dumps(q['name'])} }}"]
    (public / "assignment.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    assignment = Assignment.load(assignment_id, root)
    write_notebook(assignment)
    return assignment


__all__ = ["MasterError", "import_master", "parse_master", "strip_solution", "student_code"]
