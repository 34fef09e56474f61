"""A submission cannot make the grader spend more memory or time than its budgets allow, and
its result stays small whatever it does. What the grader observed is recorded as integrity
events in the result.
"""

from __future__ import annotations

import json
import resource
import textwrap

import pytest

from autograder.course.assignments import Assignment
from autograder.grader.grading import MAX_CELL_ERRORS, MAX_MESSAGE, grade
from autograder.outputs.results import gradescope_json

TESTS = '''
OK_FORMAT = False
import time
import numpy as np
from otter.test_files import test_case

name = "probe"


CALLS = []


def grad(x):
    """A grader-side function that the student's code calls back: it records its calls, so it
    runs here in the grader (grader/portable.py) and every argument crosses the boundary."""
    CALLS.append(1)
    return 2 * np.asarray(x)


@test_case(points=1, hidden=True)
def test_calls_back(probe):
    assert probe(grad) is not None


@test_case(points=1, hidden=True)
def test_again(probe):
    assert probe(grad) is not None
'''

SLOW_TESTS = "".join(f'''

@test_case(points=1, hidden=True)
def test_slow_{i}(slow):
    slow()
''' for i in range(6))

HONEST = '''
OK_FORMAT = False
from otter.test_files import test_case

name = "honest"


@test_case(points=1, hidden=True)
def test_honest(honest):
    assert honest() == 1
'''


def course(tmp_path, **limits) -> Assignment:
    """A two-question assignment: ``probe`` (whose tests pass a grader function) and ``honest``."""
    (tmp_path / "assignments" / "budget" / "tests").mkdir(parents=True)
    hidden = tmp_path / "solutions" / "budget" / "tests"
    hidden.mkdir(parents=True)
    (hidden / "probe.py").write_text(TESTS + SLOW_TESTS.replace("(slow)", "(probe)").replace("slow()", "probe(None)"))
    (hidden / "honest.py").write_text(HONEST)
    (tmp_path / "solutions" / "budget" / "solution.py").write_text("def honest():\n    return 1\n")
    a = Assignment.load("budget", tmp_path)
    a.limits = {**a.limits, **limits}
    return a


def submit(tmp_path, *parts: str, name: str = "s.py"):
    path = tmp_path / name
    path.write_text("".join(textwrap.dedent(p) for p in parts), encoding="utf-8")
    return path


HONEST_SOURCE = "\n# %%\ndef honest():\n    return 1\n"


def kinds(result) -> set[str]:
    return {e["kind"] for e in result.integrity}


def test_huge_callback_arguments_are_refused_before_the_grader_holds_them(tmp_path, zygote):
    a = course(tmp_path)
    path = submit(tmp_path, """
        import numpy as np
        big = np.ones((255 << 20) // 8)   # 255 MiB, sent to the grader's function again and again
        def probe(f):
            for _ in range(14):
                f(big)
            return 1
    """, HONEST_SOURCE)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10  # MiB (Linux reports KiB)
    r = grade(a, path, zygote)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10) - peak
    assert grown < 200, f"the grader's peak memory grew by {grown} MiB"
    probe = [t for t in r.tests if t.question == "probe"]
    assert not any(t.passed for t in probe) and "oversized" in kinds(r), [t.en[:150] for t in probe]
    assert any("allowed" in t.en for t in probe)
    assert [t.passed for t in r.tests if t.question == "honest"] == [True]


def test_replies_have_a_budget_per_submission(tmp_path, zygote):
    a = course(tmp_path, reply_mb=8, received_mb=20)
    path = submit(tmp_path, """
        import numpy as np
        def probe(f):
            return np.ones((6 << 20) // 8)   # 6 MiB a reply: under the per-call budget, not in total
    """, HONEST_SOURCE)
    r = grade(a, path, zygote)
    probe = [t for t in r.tests if t.question == "probe"]
    assert probe[0].passed and probe[1].passed and probe[2].passed, "the first replies fit the budget"
    assert not all(t.passed for t in probe[3:]) and "oversized" in kinds(r)


def test_calls_just_under_the_call_limit_stop_at_the_submission_budget(tmp_path, zygote):
    a = course(tmp_path, call_seconds=1.0, grading_seconds=3.0)
    path = submit(tmp_path, """
        import time
        def probe(f):
            time.sleep(0.9)
            return 1
    """, HONEST_SOURCE)
    r = grade(a, path, zygote)
    assert r.seconds < 3.0 + 1.5, f"took {r.seconds:.1f} s against a 3 s budget"
    assert any("grading time" in t.en for t in r.tests)


def test_one_notebook_budget_across_restarts(tmp_path, zygote):
    a = course(tmp_path, submission_seconds=2.0, cell_seconds=1.5)
    cells = "".join("\n# %%\nimport time\ntime.sleep(0.4)\n" for _ in range(12))
    path = submit(tmp_path, HONEST_SOURCE, cells, "\n# %%\ndef probe(f):\n    return 1\n")
    r = grade(a, path, zygote)
    assert r.notebook_seconds < 2.0 + 1.0, f"the notebook ran {r.notebook_seconds:.1f} s on a 2 s budget"
    assert any(c["skipped"] == "timeout" for c in r.cells)


def test_too_many_cells_is_a_clear_error(tmp_path, zygote):
    a = course(tmp_path)
    path = submit(tmp_path, "".join(f"# %%\nx{i} = {i}\n" for i in range(1500)))
    r = grade(a, path, zygote)
    assert r.status == "error" and "Too many code cells" in r.error_en and "셀" in r.error_ko


def test_failing_cells_and_huge_messages_keep_the_result_small(tmp_path, zygote):
    a = course(tmp_path)
    failing = "".join("\n# %%\nraise ValueError('x' * 100000)\n" for _ in range(300))
    path = submit(tmp_path, HONEST_SOURCE, failing, """
# %%
def probe(f):
    raise RuntimeError("y" * 10**6)
""")
    r = grade(a, path, zygote)
    assert sum(1 for c in r.cells if c["error"] and len(c["error"]) > 100) == MAX_CELL_ERRORS
    assert all(len(t.ko) <= MAX_MESSAGE + 100 and len(t.en) <= MAX_MESSAGE + 100 for t in r.tests)
    assert len(json.dumps(gradescope_json(r), ensure_ascii=False)) < 200_000
    assert len(json.dumps(r.to_dict(), ensure_ascii=False)) < 200_000
    assert [t.passed for t in r.tests if t.question == "honest"] == [True]


def test_a_timeout_is_an_integrity_event_in_the_results(tmp_path, zygote):
    a = course(tmp_path, call_seconds=1.0)
    path = submit(tmp_path, "\n# %%\ndef probe(f):\n    while True:\n        pass\n", HONEST_SOURCE)
    r = grade(a, path, zygote)
    events = {e["kind"]: e for e in gradescope_json(r)["extra_data"]["integrity"]}
    assert events["timeout"]["count"] >= 2 and events["timeout"]["ko"] and events["timeout"]["en"]


@pytest.mark.parametrize("depth", [200_000])
def test_a_deeply_nested_notebook_is_reported_as_corrupt(tmp_path, zygote, depth):
    a = course(tmp_path)
    path = tmp_path / "deep.ipynb"
    path.write_text('{"cells": ' + "[" * depth + "]" * depth + "}")
    r = grade(a, path, zygote)
    assert r.status == "error" and "corrupt" in r.error_en


def test_the_class_report_shows_integrity_events_per_submission_and_per_class(tmp_path, zygote):
    from autograder.outputs.reports import render_class_report

    a = course(tmp_path, call_seconds=1.0)
    looping = grade(a, submit(tmp_path, "\n# %%\ndef probe(f):\n    while True:\n        pass\n", HONEST_SOURCE,
                              name="looping.py"), zygote)
    honest = grade(a, submit(tmp_path, HONEST_SOURCE, "\n# %%\ndef probe(f):\n    return 1\n", name="calm.py"), zygote)
    assert honest.integrity == []
    for lang, heading in (("ko", "채점기가 관찰한 사건"), ("en", "What the grader observed")):
        html = render_class_report([looping, honest], a, lang)
        section = html.split(heading, 1)[1].split("</section>", 1)[0]
        assert "<code>timeout</code>" in section and '<td class="num">1</td>' in section  # one submission
        assert f"timeout×{looping.integrity[0]['count']}" in html
