"""Assignments on disk: ``assignments/<id>/`` (students' side) and ``solutions/<id>/`` (instructors')."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from autograder.grader.diagnosis import Misconception
from autograder.grader.frozen import freeze_globals
from autograder.grader.testing import Question, load_questions


def course_root() -> Path:
    """The folder holding ``assignments/`` and ``solutions/``: $AUTOGRADER_COURSE, the current
    directory, or the checkout this package was installed from."""
    for candidate in (os.environ.get("AUTOGRADER_COURSE"), os.getcwd(), Path(__file__).resolve().parents[2]):
        if candidate and (Path(candidate) / "assignments").is_dir():
            return Path(candidate).resolve()
    raise FileNotFoundError("no assignments/ folder found; set AUTOGRADER_COURSE to the course folder")


@dataclass
class Assignment:
    id: str
    public_dir: Path  # assignments/<id>
    private_dir: Path  # solutions/<id>
    title: dict[str, str] = field(default_factory=dict)
    keras: bool = False
    limits: dict = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, assignment_id: str, root: Path | None = None) -> "Assignment":
        root = root or course_root()
        public, private = root / "assignments" / assignment_id, root / "solutions" / assignment_id
        if not public.is_dir():
            known = ", ".join(list_ids(root)) or "none"
            raise KeyError(f"unknown assignment {assignment_id!r} (known: {known})")
        meta = tomllib.loads((public / "assignment.toml").read_text(encoding="utf-8")) if (public / "assignment.toml").exists() else {}
        qs = meta.get("questions", [])
        return cls(id=assignment_id, public_dir=public, private_dir=private,
                   title=meta.get("title", {"ko": assignment_id, "en": assignment_id}),
                   keras=bool(meta.get("keras", False)), limits=meta.get("limits", {}),
                   order=[q["name"] for q in qs], titles={q["name"]: q.get("title", {}) for q in qs})

    @property
    def notebook(self) -> Path:
        return self.public_dir / f"{self.id}.ipynb"

    @cached_property
    def preloads(self) -> tuple[str, ...]:
        """What a batch's zygote should import before forking (sandbox/zygote.PRELOADS): what the
        notebook's graded cells import at top level (not behind a flag). Preloading costs every fork (a larger process to copy),
        so a module only the [skip] cells use is left to the few students who import it."""
        from autograder.course.submission import SubmissionError, read_submission

        try:
            cells = read_submission(self.notebook).cells if self.notebook.exists() else []
        except SubmissionError:
            cells = []
        code = "\n".join(cells)
        wanted = [m for m in ("matplotlib", "keras") if re.search(rf"^(?:import|from)\s+{m}\b", code, re.M)]
        return tuple(wanted + (["keras"] if self.keras and "keras" not in wanted else []))

    @cached_property
    def questions(self) -> list[Question]:
        """Public and hidden tests merged per question, in the notebook's order."""
        return self._in_order(load_questions([self.public_dir / "tests", self.private_dir / "tests"]))

    @cached_property
    def public_questions(self) -> list[Question]:
        return self._in_order(load_questions([self.public_dir / "tests"]))

    def _in_order(self, found: dict) -> list[Question]:
        """Questions in the notebook's order (assignment.toml), any others after them, titled."""
        ordered = [found.pop(name) for name in self.order if name in found] + list(found.values())
        for q in ordered:
            q.title = self.titles.get(q.name, {})
        return ordered

    @cached_property
    def version(self) -> str:
        """A hash of everything that decides a score: tests, solution, variants, settings."""
        h = hashlib.sha256()
        files = [self.public_dir / "assignment.toml", self.private_dir / "solution.py", self.private_dir / "variants.py"]
        files += sorted((self.public_dir / "tests").glob("*.py")) + sorted((self.private_dir / "tests").glob("*.py"))
        for path in files:
            if path.exists():
                h.update(path.name.encode() + b"\0" + _scoring_bytes(path) + b"\0")
        return h.hexdigest()[:16]

    @cached_property
    def secret(self) -> bytes:
        """Seeds hidden inputs. $AUTOGRADER_SECRET if set; otherwise the hidden tests themselves,
        which students never see."""
        env = os.environ.get("AUTOGRADER_SECRET")
        if env:
            return env.encode()
        h = hashlib.sha256(b"autograder-secret")
        for path in sorted((self.private_dir / "tests").glob("*.py")):
            h.update(path.read_bytes())
        return h.digest()

    @cached_property
    def misconceptions(self) -> list[Misconception]:
        path = self.private_dir / "variants.py"
        if not path.exists():
            return []
        spec = importlib.util.spec_from_file_location(f"autograder_variants_{self.id}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # so that inspect can find the source of variant classes
        spec.loader.exec_module(module)
        freeze_globals(vars(module))  # shared by every submission a worker grades
        return [v.__misconception__ for v in vars(module).values() if hasattr(v, "__misconception__")]

    @cached_property
    def reference(self):
        from autograder.grader.checks import load_reference

        return load_reference(self.private_dir / "tests" / "_")

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)


def _scoring_bytes(path: Path) -> bytes:
    """A file's bytes as far as they decide a score: assignment.toml without its [deadline]
    table (a new due date must not regrade the class; see autograder/course/deadlines.py).
    Without a [deadline] table the bytes are the file's, so versions stay what they were."""
    data = path.read_bytes()
    if path.name != "assignment.toml" or b"[deadline]" not in data:
        return data
    text = re.sub(r"(?ms)^\[deadline\][ \t]*\n.*?(?=^\[|\Z)", "", data.decode("utf-8"))
    return (text.rstrip() + "\n").encode("utf-8")


def list_ids(root: Path | None = None) -> list[str]:
    root = root or course_root()
    return sorted(p.name for p in (root / "assignments").iterdir() if p.is_dir() and not p.name.startswith("."))
