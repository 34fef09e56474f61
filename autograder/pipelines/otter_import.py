"""Grading otter-grader assignments with this engine.

An otter autograder zip (what ``otter assign`` writes to ``autograder/``) or a folder with its
``tests/`` is laid out as a course of one assignment: its test files, exception-based or OK
format, go to ``solutions/<id>/tests`` (they mix public and hidden cases), its ``files/`` to
``solutions/<id>/files`` (copied into each student's working directory, and the folder the tests
run in), otter's settings that decide scores (``seed``, ``seed_variable``, ``requirements.txt``)
to ``solutions/<id>/otter.json``, and an ``assignment.toml`` records the questions (in natural
order: q1, q2, q10) and where they came from. Nothing else from the zip is used: no
``.OTTER_LOG``, no pickles, no setup scripts.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

from autograder.course.assignments import Assignment


_TIMESTAMP = re.compile(r"[-_]?(?:autograder)?[-_]\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2}(?:_\d+)?$")
MAX_FILES_BYTES = 256 << 20  # files/ in all


def assignment_id_for(source: Path, config: dict | None = None) -> str:
    """An otter zip's assignment id: its name without the timestamp ``otter assign`` adds
    (``hw01-autograder_2024_05_01T10_20_30_123456.zip`` is ``hw01``), so rebuilding the zip
    grades the same assignment; a bare ``autograder`` is named after ``assignment_name``."""
    source = Path(source)
    stem = _TIMESTAMP.sub("", source.stem) if source.suffix.lower() == ".zip" else source.name
    stem = re.sub(r"[-_]autograder$", "", stem)
    if stem in ("", "autograder", "tests") and config and config.get("assignment_name"):
        stem = str(config["assignment_name"])
    return re.sub(r"[^\w-]", "_", stem) or "otter"


def _natural(name: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def import_otter(source: Path, dest_root: Path, assignment_id: str | None = None) -> Assignment:
    """Lay out the otter assignment at ``source`` (zip or folder) under ``dest_root``."""
    source = Path(source).resolve()
    if source.is_dir():
        root = source if (source / "tests").is_dir() else source.parent  # the zip's folder, or its tests/
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
                 and (p.relative_to(root).parts[0] in ("tests", "files") or p.name in ("otter_config.json", "requirements.txt"))}
    else:
        with zipfile.ZipFile(source) as z:
            wanted = [i for i in z.infolist() if not i.is_dir() and (
                (i.filename.startswith("tests/") and i.file_size < 5 << 20) or i.filename.startswith("files/")
                or i.filename in ("otter_config.json", "requirements.txt"))]
            total = 0
            files = {}
            for i in wanted:
                total += i.file_size
                if total > MAX_FILES_BYTES:
                    raise ValueError(f"{source}: files/ is larger than {MAX_FILES_BYTES >> 20} MiB")
                files[i.filename] = z.read(i)
    config = {}
    if "otter_config.json" in files:
        try:
            config = json.loads(files["otter_config.json"])
        except ValueError:
            config = {}
        config = config if isinstance(config, dict) else {}
    assignment_id = assignment_id or assignment_id_for(source, config)
    tests_dir = Path(dest_root) / "solutions" / assignment_id / "tests"
    support_dir = Path(dest_root) / "solutions" / assignment_id / "files"
    public_dir = Path(dest_root) / "assignments" / assignment_id
    shutil.rmtree(tests_dir, ignore_errors=True)
    shutil.rmtree(support_dir, ignore_errors=True)
    tests_dir.mkdir(parents=True)
    public_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        if name.startswith("tests/") and name.endswith(".py") and name.count("/") == 1:
            (tests_dir / Path(name).name).write_bytes(data)
        elif name.startswith("files/"):
            rel = Path(name[len("files/"):])
            if not rel.parts or rel.is_absolute() or ".." in rel.parts:
                continue
            (support_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (support_dir / rel).write_bytes(data)
            digest.update(name.encode() + b"\0" + data + b"\0")
    if not any(tests_dir.glob("*.py")):
        raise ValueError(f"{source}: no tests/*.py found (is this an otter autograder zip?)")
    requirements = []
    if "requirements.txt" in files:
        requirements = [line.split("#")[0].strip() for line in files["requirements.txt"].decode("utf-8", "replace").splitlines()]
        requirements = [r for r in requirements if r and not r.startswith("-")]
    settings = {"assignment_name": config.get("assignment_name"), "seed": config.get("seed"),
                "seed_variable": config.get("seed_variable"), "requirements": requirements,
                "source": str(source)}
    settings_text = json.dumps(settings, indent=1, sort_keys=True)
    (tests_dir.parent / "otter.json").write_text(settings_text, encoding="utf-8")
    digest.update(settings_text.encode())
    questions = sorted(_question_names(tests_dir), key=_natural)
    title = str(config.get("assignment_name") or assignment_id)
    toml = (f'id = "{assignment_id}"\n'
            f'title = {{ ko = {json.dumps(title)}, en = {json.dumps(title)} }}\n'
            f'# imported from {json.dumps(str(source))}\n'
            f'# otter settings and files: {digest.hexdigest()[:16]}\n')
    toml += "".join(f'\n[[questions]]\nname = {json.dumps(q)}\n' for q in questions)
    (public_dir / "assignment.toml").write_text(toml, encoding="utf-8")
    return Assignment.load(assignment_id, Path(dest_root))


def _question_names(tests_dir: Path) -> list[str]:
    """Each test file's question name (its ``name`` or ``test['name']``), read as text."""
    names = []
    for path in tests_dir.glob("*.py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"""["']name["']\s*:\s*["']([^"']+)["']""", text) or re.search(r"""^name\s*=\s*["']([^"']+)["']""", text, re.M)
        names.append(m.group(1) if m else path.stem)
    return names
