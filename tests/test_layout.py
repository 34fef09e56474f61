"""The package's folders say who runs what; imports must follow the roles (autograder/__init__.py)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"

# role -> the autograder roles it may import. The sandbox runs student code: it may import only
# the wire; nothing else may import the sandbox (the grader starts it by module name).
MAY_IMPORT = {
    "wire": set(),
    "sandbox": {"wire", "sandbox"},
    "grader": {"wire", "grader", "course"},
    "course": {"wire", "course", "grader"},
    "outputs": {"wire", "grader", "course", "outputs"},
    "pipelines": {"wire", "grader", "course", "outputs", "pipelines"},
    "cli": {"wire", "grader", "course", "outputs", "pipelines", "cli"},
    "api": {"grader"},  # autograder/checks.py and diagnosis.py: the test authors' names
}
# Outside the standard library, the student's process loads only these (preloaded for speed or
# needed for hardening), so that nothing of the grader's environment reaches it by accident.
SANDBOX_THIRD_PARTY = {"numpy", "pyseccomp", "matplotlib", "keras"}  # keras: preloaded for Keras assignments


def role_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return {"wire.py": "wire", "__init__.py": "api", "checks.py": "api", "diagnosis.py": "api"}[rel.name]


def imports_of(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            if node.module == "autograder":
                names += [f"autograder.{a.name}" for a in node.names]
    return names


def autograder_role(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "autograder" or len(parts) == 1:
        return None
    return "wire" if parts[1] == "wire" else parts[1] if (PACKAGE / parts[1]).is_dir() else "api"


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_roles(path):
    role = role_of(path)
    for module in imports_of(path):
        target = autograder_role(module)
        if target is not None:
            assert target in MAY_IMPORT[role], f"{path.relative_to(PACKAGE)} ({role}) imports {module} ({target})"


@pytest.mark.parametrize("path", sorted((PACKAGE / "sandbox").glob("*.py")), ids=lambda p: p.name)
def test_sandbox_imports_only_stdlib_numpy_and_wire(path):
    for module in imports_of(path):
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or top in SANDBOX_THIRD_PARTY or module in (
            "autograder", "autograder.wire") or module.startswith("autograder.sandbox"), module


def test_every_folder_says_what_lives_there():
    for folder in [p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"]:
        if any(folder.glob("*.py")):
            doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
            assert doc and "import" in doc, f"{folder.name}/__init__.py needs a docstring with its import rule"


def test_test_authors_names_are_the_real_modules():
    from autograder import checks
    from autograder.diagnosis import misconception
    from autograder.grader import checks as real_checks
    from autograder.grader.diagnosis import misconception as real_misconception
    assert checks is real_checks and misconception is real_misconception
