"""``autograder validate ID``: everything the project checks about an assignment, for one assignment.

An instructor who writes a new exercise runs this instead of the project's own test suite. Each
check prints one line (✅/❌/⏭) with what it found, in Korean and English:

* ``layout``        public and hidden tests per question, in the right folders; public tests use numpy
                    only; nothing of the solution in ``assignments/``
* ``notebook``      the student notebook builds from ``notebook.py`` and the committed one is current
* ``reference``     the reference passes every test, in-process, under every one of the seeds
* ``variants``      every variant has a Korean and an English explanation
* ``hidden-tests``  every hidden test fails at least one known-wrong implementation (the variants and
                    ``solutions/<id>/wrong/*.py``)
* ``same-points``   every variant loses points, and the same points under every one of the seeds
* ``engine``        through the sandbox: the reference scores full marks with no diagnosis, the blank
                    notebook zero, every variant loses points and is named
* ``jupyter``       in a real Jupyter kernel: the blank notebook runs and its checks say "not
                    implemented"; filled with the reference, every public check passes
* ``keras``         ``solutions/<id>/crosschecks.py``'s ``crosscheck_*`` functions (the reference
                    against Keras), where the assignment has them

Variants, wrong implementations and the reference are trusted instructor code: the in-process
checks run them in this process against the test files, as the sandbox never needs to.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.util
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from autograder.course.assignments import Assignment
from autograder.grader import checks
from autograder.grader.testing import TestCase

DEFAULT_SEEDS = 20
ALL_CHECKS = ("layout", "notebook", "reference", "variants", "hidden-tests", "same-points", "engine",
              "jupyter", "keras")


@dataclass
class Check:
    name: str
    ok: bool
    ko: str = ""
    en: str = ""
    seconds: float = 0.0
    skipped: bool = False
    details: list[str] = field(default_factory=list)  # one line per problem found (English)


@dataclass
class Report:
    assignment: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok or c.skipped for c in self.checks)

    def render(self, lang: str = "ko") -> str:
        lines = [f"{self.assignment}: " + ("검증 통과 / valid" if self.ok else "검증 실패 / NOT valid")]
        for c in self.checks:
            mark = "⏭" if c.skipped else "✅" if c.ok else "❌"
            text = c.ko if lang == "ko" else c.en
            lines.append(f"  {mark} {c.name:<13} {text}  ({c.seconds:.1f} s)")
            lines += [f"       - {d}" for d in c.details[:40]]
            if len(c.details) > 40:
                lines.append(f"       … {len(c.details) - 40} more")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Running test files in-process on trusted code


def test_parameters(tc: TestCase) -> set[str]:
    """The names a test case takes from the student's namespace (its function's parameters);
    {"env"} (the whole namespace) when they cannot be told."""
    for cell in getattr(tc.run, "__closure__", None) or ():
        value = cell.cell_contents
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return set(value)
    return {"env"}


def questions_using(a: Assignment, name: str) -> list[str]:
    """The questions with a test that takes ``name`` (or the whole namespace) as a parameter."""
    found = [q.name for q in a.questions if any(name in test_parameters(tc) or "env" in test_parameters(tc)
                                               for tc in q.tests)]
    return found or [q.name for q in a.questions]


def in_process_cases(a: Assignment, questions: list[str] | None = None, hidden: bool | None = None) -> list[TestCase]:
    return [tc for q in a.questions if "keras" not in q.requires and (questions is None or q.name in questions)
            for tc in q.tests if hidden is None or tc.hidden == hidden]


class _SeedUse:
    """Counts checks.rng() calls, to tell which tests depend on the hidden seed at all."""

    def __init__(self):
        self.calls = 0

    @contextlib.contextmanager
    def watching(self):
        original = checks.rng

        def counted():
            self.calls += 1
            return original()

        checks.rng = counted
        try:
            yield
        finally:
            checks.rng = original


_SEEDED: dict[tuple[str, str], bool] = {}  # (source, test name) -> does it draw from checks.rng()


def run_case(tc: TestCase, namespace: dict, seed: bytes) -> str | None:
    """None if ``tc`` passes on ``namespace`` with hidden inputs drawn from ``seed``, else why not."""
    token = checks.use_context(checks.TestContext(seed=seed + tc.name.encode(), hidden=tc.hidden))
    use = _SeedUse()
    try:
        with use.watching(), np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tc.run(namespace)
        return None
    except Exception as e:  # noqa: BLE001 - any failure counts
        return f"{type(e).__name__}: {str(e)[:200]}"
    finally:
        checks.reset_context(token)
        _SEEDED[(tc.source, tc.name)] = _SEEDED.get((tc.source, tc.name), False) or use.calls > 0


def seeds(n: int) -> list[bytes]:
    return [hashlib.sha256(f"validate-seed-{i}".encode()).digest()[:12] for i in range(n)]


def points_per_seed(cases: list[TestCase], namespace: dict, seed_list: list[bytes]) -> list[float]:
    """The points ``namespace`` earns on ``cases`` under each seed. A test that never draws from
    ``checks.rng()`` is run once: its outcome cannot depend on the seed."""
    totals = [0.0] * len(seed_list)
    for tc in cases:
        first = run_case(tc, namespace, seed_list[0]) is None
        if not _SEEDED.get((tc.source, tc.name), True):
            outcomes = [first] * len(seed_list)
        else:
            outcomes = [first] + [run_case(tc, namespace, s) is None for s in seed_list[1:]]
        for i, passed in enumerate(outcomes):
            totals[i] += tc.points if passed else 0.0
    return totals


def reference_namespace(a: Assignment, **overrides) -> dict:
    return {**vars(a.reference), **overrides}


def wrong_implementations(a: Assignment) -> dict[str, dict]:
    """Every known-wrong implementation, as the names it replaces in the reference: the
    misconception variants and ``solutions/<id>/wrong/*.py`` (each top-level function or class
    replaces the reference's of the same name)."""
    wrong = {m.id: {m.replaces: m.impl} for m in a.misconceptions}
    for path in sorted((a.private_dir / "wrong").glob("*.py")):
        module: dict = {"__name__": f"autograder_wrong_{a.id}_{path.stem}"}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module)  # trusted instructor code
        wrong[path.stem] = {k: v for k, v in module.items() if k in vars(a.reference) and callable(v)}
    return wrong


# ---------------------------------------------------------------------------------------------
# The checks


def check_layout(a: Assignment) -> Check:
    problems = []
    if not a.questions:
        problems.append("no questions: add tests under assignments/<id>/tests and solutions/<id>/tests")
    names = [q.name for q in a.questions]
    if names[: len(a.order)] != a.order:
        problems.append(f"assignment.toml lists questions {a.order} but the test files define {names}")
    for q in a.questions:
        public = [t for t in q.tests if not t.hidden]
        hidden = [t for t in q.tests if t.hidden]
        if not public or not hidden:
            problems.append(f"{q.name}: needs public and hidden tests")
        if any(str(a.public_dir) not in t.source for t in public):
            problems.append(f"{q.name}: public tests live in assignments/{a.id}/tests")
        if any(str(a.private_dir) not in t.source for t in hidden):
            problems.append(f"{q.name}: hidden tests live in solutions/{a.id}/tests")
        if hidden and sum(t.points for t in hidden) <= sum(t.points for t in public):
            problems.append(f"{q.name}: hidden tests should carry most of the points")
    for path in sorted(a.public_dir.rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".ipynb", ".toml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if "BEGIN SOLUTION" in text or "load_reference" in text:
            problems.append(f"{path.name}: solution code in assignments/ (students get this folder)")
        if "hidden=True" in text:
            problems.append(f"{path.name}: hidden tests belong in solutions/{a.id}/tests")
        if path.suffix == ".py" and ("import autograder" in text or "from autograder" in text):
            problems.append(f"{path.name}: what students get runs with numpy only (no autograder import)")
    if not (a.private_dir / "solution.py").exists():
        problems.append(f"no solutions/{a.id}/solution.py")
    n = sum(len(q.tests) for q in a.questions)
    return _result("layout", problems, f"질문 {len(a.questions)}개, 테스트 {n}개", f"{len(a.questions)} questions, {n} tests")


def check_notebook(a: Assignment) -> Check:
    import nbformat

    from autograder.course.authoring import build_notebook

    problems = []
    if not (a.public_dir / "notebook.py").exists():
        return _result("notebook", [f"no assignments/{a.id}/notebook.py"], "", "")
    nb = build_notebook(a)
    try:
        nbformat.validate(nb)
    except Exception as e:  # noqa: BLE001
        problems.append(f"the built notebook is not valid nbformat: {str(e)[:200]}")
    if not a.notebook.exists():
        problems.append(f"{a.notebook.name} is missing: run `autograder build {a.id}`")
    elif nbformat.read(a.notebook, as_version=4) != nb:
        problems.append(f"{a.notebook.name} is older than notebook.py or the public tests: run `autograder build {a.id}`")
    checks_in_nb = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.splitlines()[-1:] != []
                       and c.source.splitlines()[-1].startswith("check("))
    if checks_in_nb < len(a.public_questions):
        problems.append(f"{len(a.public_questions)} questions with public tests but {checks_in_nb} `# %% [check]` cells")
    return _result("notebook", problems, f"셀 {len(nb.cells)}개", f"{len(nb.cells)} cells")


def check_reference(a: Assignment, seed_list: list[bytes]) -> Check:
    problems = []
    namespace = reference_namespace(a)
    cases = in_process_cases(a)
    for i, seed in enumerate(seed_list):
        for tc in cases:
            if i and not _SEEDED.get((tc.source, tc.name), True):
                continue
            why = run_case(tc, namespace, seed)
            if why:
                problems.append(f"seed {i}: {tc.question}/{tc.name}: {why}")
    return _result("reference", problems, f"시드 {len(seed_list)}개 × 테스트 {len(cases)}개 통과",
                   f"passes {len(cases)} tests under {len(seed_list)} seeds")


def check_variants(a: Assignment) -> Check:
    problems, seen = [], set()
    for m in a.misconceptions:
        if m.id in seen:
            problems.append(f"{m.id}: two variants share this id")
        seen.add(m.id)
        if not (m.ko.strip() and m.en.strip()) or m.ko == m.en:
            problems.append(f"{m.id}: needs an explanation in Korean (ko=) and in English (en=)")
        if m.replaces not in vars(a.reference):
            problems.append(f"{m.id}: replaces {m.replaces!r}, which the reference does not define")
    return _result("variants", problems, f"변형 {len(a.misconceptions)}개", f"{len(a.misconceptions)} variants")


def check_hidden_tests(a: Assignment, seed: bytes) -> Check:
    hidden = in_process_cases(a, hidden=True)
    caught: dict[str, list[str]] = {f"{t.question}/{t.name}": [] for t in hidden}
    for wrong_id, replaced in wrong_implementations(a).items():
        namespace = reference_namespace(a, **replaced)
        # only the tests that take a replaced name can see it (the reference calls its own functions)
        relevant = {q for name in replaced for q in questions_using(a, name)}
        for tc in hidden:
            if tc.question in relevant and run_case(tc, namespace, seed):
                caught[f"{tc.question}/{tc.name}"].append(wrong_id)
    idle = [name for name, found in caught.items() if not found]
    problems = [f"{name}: no known-wrong implementation fails it (add a variant or solutions/{a.id}/wrong/*.py)"
                for name in idle]
    return _result("hidden-tests", problems, f"숨은 테스트 {len(hidden)}개 모두 틀린 구현을 잡음",
                   f"each of {len(hidden)} hidden tests fails a known-wrong implementation")


def check_same_points(a: Assignment, seed_list: list[bytes]) -> Check:
    problems, lines = [], []
    for m in a.misconceptions:
        questions = questions_using(a, m.replaces)
        cases = in_process_cases(a, questions)
        if not cases:
            continue  # Keras questions only: the engine check grades them
        total = sum(tc.points for tc in cases)
        scores = points_per_seed(cases, reference_namespace(a, **{m.replaces: m.impl}), seed_list)
        if len(set(scores)) > 1:
            counts = {s: scores.count(s) for s in sorted(set(scores))}
            problems.append(f"{m.id}: points depend on the seed: " + ", ".join(
                f"{s:g}/{total:g} under {c} seeds" for s, c in counts.items()))
        elif scores[0] >= total:
            problems.append(f"{m.id}: loses no points in {', '.join(questions)}")
        lines.append(f"{m.id} {scores[0]:g}/{total:g}")
    check = _result("same-points", problems, f"변형마다 시드 {len(seed_list)}개에서 같은 점수",
                    f"every variant earns the same points under {len(seed_list)} seeds")
    return check


def check_engine(a: Assignment, zygote=None) -> Check:
    import nbformat

    from autograder.course.authoring import reference_notebook, variant_source
    from autograder.grader.grading import grade
    from autograder.grader.student_process import Zygote

    problems = []
    own = zygote is None
    zygote = zygote or Zygote()
    try:
        with tempfile.TemporaryDirectory(prefix="autograder-validate-") as tmp:
            path = Path(tmp) / "reference.ipynb"
            nbformat.write(reference_notebook(a), path)
            result = grade(a, path, zygote)
            problems += [f"reference: {t.name} failed: {t.en[:200]}" for t in result.tests if not t.passed]
            problems += [f"reference: {t.name} got a diagnosis ({t.diagnosis}); a correct submission never does"
                         for t in result.tests if t.diagnosis]
            if result.max_score <= 0:
                problems.append("the assignment has no points")
            blank = grade(a, a.notebook, zygote) if a.notebook.exists() else None
            if blank is not None:
                if blank.score != 0:
                    problems.append(f"the blank notebook scores {blank.score:g}, not 0: "
                                    + ", ".join(t.name for t in blank.tests if t.passed))
                if not all(c["ok"] for c in blank.cells):
                    problems.append("the blank notebook itself raises errors: " + "; ".join(
                        str(c["error"]) for c in blank.cells if not c["ok"])[:300])
            for m in a.misconceptions:
                path = Path(tmp) / f"{m.id}.ipynb"
                nbformat.write(reference_notebook(a, {m.replaces: variant_source(m)}), path)
                r = grade(a, path, zygote, only=questions_using(a, m.replaces))
                named = {t.diagnosis for t in r.tests if t.diagnosis}
                if r.score >= r.max_score:
                    problems.append(f"{m.id}: loses no points through the engine")
                if m.id not in named:
                    problems.append(f"{m.id}: not named (named instead: {sorted(named) or 'nothing'})")
    finally:
        if own:
            zygote.close()
    return _result("engine", problems, f"참조 답안 만점, 빈 노트북 0점, 변형 {len(a.misconceptions)}개 감점·진단",
                   f"reference full marks, blank zero, {len(a.misconceptions)} variants lose points and are named")


def check_jupyter(a: Assignment) -> Check:
    try:
        import nbclient  # noqa: F401
        import ipykernel  # noqa: F401
    except ImportError:
        return Check("jupyter", True, "nbclient/ipykernel이 없어 건너뜀", "skipped: nbclient/ipykernel not installed",
                     skipped=True)
    import nbformat

    from autograder.course.authoring import reference_notebook

    problems = []
    if not a.notebook.exists():
        return _result("jupyter", [f"no {a.notebook.name}"], "", "")
    with tempfile.TemporaryDirectory(prefix="autograder-validate-") as tmp:
        blank = _execute(nbformat.read(a.notebook, as_version=4), Path(tmp), problems, "blank")
        outputs = _check_outputs(blank) if blank is not None else []
        if blank is not None and not (outputs and all("not implemented yet" in o or "❌" in o for o in outputs)):
            problems.append("blank notebook: its check cells should say 'not implemented yet'")
        filled = _execute(reference_notebook(a), Path(tmp), problems, "reference")
        if filled is not None:
            outputs = _check_outputs(filled)
            if len(outputs) != len(a.public_questions):
                problems.append(f"reference notebook: {len(outputs)} check cells for {len(a.public_questions)} questions")
            problems += [f"reference notebook: a public check does not pass: {o.strip()[:300]}"
                         for o in outputs if "❌" in o or "⏳" in o or "✅" not in o]
    return _result("jupyter", problems, "Jupyter 커널에서 공개 검사 통과", "public checks pass in a Jupyter kernel")


def _execute(nb, folder: Path, problems: list[str], label: str):
    import nbclient

    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}}).execute()
    except Exception as e:  # noqa: BLE001 - reported, not raised
        problems.append(f"{label} notebook: {type(e).__name__}: {str(e).strip().splitlines()[-1][:300] if str(e).strip() else ''}")
        return None
    return nb


def _check_outputs(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "code" and len(lines) == 2 and lines[1].startswith("check("):
            texts.append("".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"))
    return texts


def check_keras(a: Assignment) -> Check:
    path = a.private_dir / "crosschecks.py"
    if not path.exists():
        return Check("keras", True, "선언된 Keras 교차 검사 없음", "no Keras cross-checks declared", skipped=True)
    try:
        import keras  # noqa: F401
    except ImportError:
        return Check("keras", True, "Keras가 없어 건너뜀", "skipped: Keras is not installed", skipped=True)
    spec = importlib.util.spec_from_file_location(f"autograder_crosschecks_{a.id}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    problems, ran = [], 0
    for name, fn in sorted(vars(module).items()):
        if name.startswith("crosscheck_") and callable(fn):
            ran += 1
            try:
                fn()
            except Exception as e:  # noqa: BLE001
                problems.append(f"{name}: {type(e).__name__}: {str(e)[:300]}")
    return _result("keras", problems, f"Keras 교차 검사 {ran}개 통과", f"{ran} Keras cross-checks pass")


def _result(name: str, problems: list[str], ko: str, en: str) -> Check:
    if problems:
        return Check(name, False, f"문제 {len(problems)}개", f"{len(problems)} problem(s)", details=problems)
    return Check(name, True, ko, en)


# ---------------------------------------------------------------------------------------------


def validate(a: Assignment, *, n_seeds: int = DEFAULT_SEEDS, only: tuple[str, ...] | None = None,
             zygote=None, on_check: Callable[[Check], None] | None = None) -> Report:
    """Run the checks (``only``: some of :data:`ALL_CHECKS`) on assignment ``a``."""
    wanted = [c for c in ALL_CHECKS if only is None or c in only]
    seed_list = seeds(max(1, n_seeds))
    runners = {
        "layout": lambda: check_layout(a),
        "notebook": lambda: check_notebook(a),
        "reference": lambda: check_reference(a, seed_list),
        "variants": lambda: check_variants(a),
        "hidden-tests": lambda: check_hidden_tests(a, seed_list[0]),
        "same-points": lambda: check_same_points(a, seed_list),
        "engine": lambda: check_engine(a, zygote),
        "jupyter": lambda: check_jupyter(a),
        "keras": lambda: check_keras(a),
    }
    report = Report(a.id)
    for name in wanted:
        t0 = time.monotonic()
        try:
            check = runners[name]()
        except Exception as e:  # noqa: BLE001 - a check that crashes is a failed check, with its reason
            check = Check(name, False, "검사 중 오류", "crashed",
                          details=traceback.format_exception_only(type(e), e)[-1:])
        check.seconds = time.monotonic() - t0
        report.checks.append(check)
        if on_check is not None:
            on_check(check)
    return report


__all__ = ["ALL_CHECKS", "Check", "Report", "validate", "points_per_seed", "run_case", "seeds",
           "wrong_implementations", "questions_using", "in_process_cases", "test_parameters"]
