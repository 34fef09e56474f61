"""The tests themselves, run in-process on trusted code over several hidden seeds: well formed,
passed by the reference every time, and failed by every known-wrong variant every time."""

from __future__ import annotations

import pytest

from autograder.course.assignments import Assignment, list_ids
from conftest import ROOT
from harness import cases, failures, reference_namespace

IDS = [i for i in list_ids(ROOT) if (ROOT / "solutions" / i / "solution.py").exists()]
SEEDS = [b"seed-a", b"seed-b", b"seed-c", b"seed-d"]


@pytest.mark.parametrize("assignment_id", IDS)
def test_test_files_are_well_formed(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    assert a.questions and [q.name for q in a.questions][: len(a.order)] == a.order
    for q in a.questions:
        public = [t for t in q.tests if not t.hidden]
        hidden = [t for t in q.tests if t.hidden]
        assert public and hidden, f"{q.name} needs public and hidden tests"
        assert all(str(a.public_dir) in t.source for t in public), "public tests live in assignments/"
        assert all(str(a.private_dir) in t.source for t in hidden), "hidden tests live in solutions/"
        assert sum(t.points for t in hidden) > sum(t.points for t in public), "hidden tests carry most points"
        assert 1 <= len(public) <= 3 and all(t.points == 1 for t in public), f"{q.name}: 1-3 public tests of 1 point"
        assert all(2 <= t.points <= 4 for t in hidden), f"{q.name}: hidden tests are worth 2-4 points"
    for path in a.public_dir.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import autograder" not in text and "from autograder" not in text, \
            f"{path}: what students get runs with numpy only"


@pytest.mark.parametrize("assignment_id", IDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_reference_passes_every_test(assignment_id, seed):
    assert failures(reference_namespace(assignment_id), cases(assignment_id), seed) == []


VARIANTS = [pytest.param(a, m.id, id=f"{a}-{m.id}") for a in IDS for m in Assignment.load(a, ROOT).misconceptions]


@pytest.mark.parametrize("assignment_id,variant_id", VARIANTS)
def test_every_variant_fails_a_hidden_test_for_every_seed(assignment_id, variant_id):
    a = Assignment.load(assignment_id, ROOT)
    m = next(m for m in a.misconceptions if m.id == variant_id)
    assert m.ko.strip() and m.en.strip() and m.ko != m.en
    hidden = cases(assignment_id, hidden=True)
    if not hidden:
        pytest.skip("every question needs Keras: covered through the engine in test_assignments.py")
    for seed in SEEDS[:3]:
        namespace = reference_namespace(assignment_id, **{m.replaces: m.impl})
        assert failures(namespace, hidden, seed), f"{variant_id} passes every hidden test with seed {seed!r}"


def wrong_implementations(assignment_id: str) -> dict[str, dict]:
    """Every known-wrong implementation: the misconception variants and tests/wrong/<id>/*.py,
    each as the names it replaces in the reference."""
    a = Assignment.load(assignment_id, ROOT)
    wrong = {m.id: {m.replaces: m.impl} for m in a.misconceptions}
    for path in sorted((ROOT / "tests" / "wrong" / assignment_id).glob("*.py")):
        module: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module)
        wrong[path.stem] = {k: v for k, v in module.items() if k in vars(a.reference) and callable(v)}
    return wrong


def catches(assignment_id: str, seed: bytes = b"catch") -> dict[str, list[str]]:
    """For every hidden test (outside Keras), the wrong implementations it fails."""
    hidden = cases(assignment_id, hidden=True)
    caught: dict[str, list[str]] = {f"{t.question}/{t.name}": [] for t in hidden}
    for wrong_id, replaced in wrong_implementations(assignment_id).items():
        for line in failures(reference_namespace(assignment_id, **replaced), hidden, seed):
            caught[line.split(":")[0]].append(wrong_id)
    return caught


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_hidden_test_catches_some_wrong_implementation(assignment_id):
    caught = catches(assignment_id)
    idle = [name for name, variants in caught.items() if not variants]
    assert not idle, f"hidden tests that no known-wrong implementation fails: {idle}"
