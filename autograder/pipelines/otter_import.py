"""Grading otter-grader assignments with this engine.

An otter autograder zip (what ``otter assign`` writes to ``autograder/``) or a folder with its
``tests/`` is laid out as a course of one assignment: its test files, exception-based or OK
format, go to ``solutions/<id>/tests`` (they mix public and hidden cases), and an
``assignment.toml`` records where they came from. Nothing else from the zip is used: no
``.OTTER_LOG``, no pickles, no setup scripts.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from autograder.course.assignments import Assignment


def import_otter(source: Path, dest_root: Path, assignment_id: str | None = None) -> Assignment:
    """Lay out the otter assignment at ``source`` (zip or folder) under ``dest_root``."""
    source = Path(source).resolve()
    assignment_id = assignment_id or re.sub(r"[^\w-]", "_", source.stem) or "otter"
    tests_dir = Path(dest_root) / "solutions" / assignment_id / "tests"
    public_dir = Path(dest_root) / "assignments" / assignment_id
    shutil.rmtree(tests_dir, ignore_errors=True)
    tests_dir.mkdir(parents=True)
    public_dir.mkdir(parents=True, exist_ok=True)
    config = {}
    if source.is_dir():
        root = source if (source / "tests").is_dir() else source.parent  # the zip's folder, or its tests/
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    else:
        with zipfile.ZipFile(source) as z:
            files = {i.filename: z.read(i) for i in z.infolist()
                     if not i.is_dir() and (i.filename.startswith("tests/") or i.filename == "otter_config.json")
                     and i.file_size < 5 << 20}
    for name, data in files.items():
        if name.startswith("tests/") and name.endswith(".py") and name.count("/") == 1:
            (tests_dir / Path(name).name).write_bytes(data)
        elif name == "otter_config.json":
            try:
                config = json.loads(data)
            except ValueError:
                config = {}
    if not any(tests_dir.glob("*.py")):
        raise ValueError(f"{source}: no tests/*.py found (is this an otter autograder zip?)")
    title = str(config.get("assignment_name") or assignment_id)
    (public_dir / "assignment.toml").write_text(
        f'id = "{assignment_id}"\n'
        f'title = {{ ko = {json.dumps(title)}, en = {json.dumps(title)} }}\n'
        f'# imported from {json.dumps(str(source))}\n', encoding="utf-8")
    return Assignment.load(assignment_id, Path(dest_root))
