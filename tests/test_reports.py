"""HTML reports rendered from really graded submissions: escaping, no hidden test source, labels
per language, no scripts or external resources, and (when Chromium is installed) a real
headless render that is not blank."""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from markupsafe import escape

from autograder.outputs import reports
from autograder.outputs.reports import UI, render_class_report, render_feedback, safe_dirname, write_reports

from conftest import ROOT, load, reference_source

ASSIGNMENT = "04_optimizers"
HIDDEN_TESTS = ROOT / "solutions" / ASSIGNMENT / "tests"
CHROMIUM = Path("/usr/bin/chromium")

NO_BIAS_CORRECTION = '''
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * (g * g)
    w_new = w - lr * m_new / (np.sqrt(v_new) + eps)
    return w_new, m_new, v_new
'''

# A cell that raises with markup in its message, and an sgd_step whose exception text is markup.
HOSTILE = '''
def sgd_step(w, g, lr=0.01):
    raise ValueError("<img src=x onerror=alert(2)>")
# %%
raise ValueError("<script>alert(1)</script>")
'''
HOSTILE_NAME = "choi_<i>&amp"

_graded: dict = {}


@pytest.fixture
def assignment():
    return load(ASSIGNMENT)


@pytest.fixture
def graded(grade_source):
    """Four real results, graded once per test process: correct, partly wrong (Adam without bias
    correction), an error (corrupt notebook JSON), and a hostile one."""
    if not _graded:
        ref = reference_source(ASSIGNMENT)
        _graded["correct"] = grade_source(ref, ASSIGNMENT, name="kim_correct")
        _graded["partial"] = grade_source(ref + "\n# %%\n" + NO_BIAS_CORRECTION, ASSIGNMENT, name="lee_partial")
        _graded["error"] = grade_source('{"cells": [ {"cell_type": "code", ', ASSIGNMENT, name="park_broken",
                                        suffix=".ipynb")
        _graded["hostile"] = grade_source(ref + "\n# %%\n" + HOSTILE, ASSIGNMENT, name=HOSTILE_NAME)
    return dict(_graded)


def pages(graded, assignment) -> dict[str, str]:
    out = {}
    for lang in ("ko", "en"):
        for key, result in graded.items():
            out[f"feedback:{key}:{lang}"] = render_feedback(result, assignment, lang)
        out[f"report:{lang}"] = render_class_report(list(graded.values()), assignment, lang)
    return out


def hidden_code_lines() -> set[str]:
    """Statement lines of the hidden tests (no string literals in them, so no message text)."""
    lines = set()
    for path in HIDDEN_TESTS.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 16 and not line.startswith("#") and not any(q in line for q in "\"'"):
                lines.add(line)
    return lines


def test_graded_fixtures_are_what_the_tests_expect(graded):
    assert graded["correct"].score == graded["correct"].max_score > 0
    assert 0 < graded["partial"].score < graded["partial"].max_score
    assert "adam_no_bias_correction" in {t.diagnosis for t in graded["partial"].tests}
    assert graded["error"].status == "error" and graded["error"].score == 0
    assert any(c["error"] and "<script>" in c["error"] for c in graded["hostile"].cells)


def test_pages_are_self_contained_and_hold_no_hidden_source(graded, assignment):
    code = hidden_code_lines()
    assert len(code) > 50
    for key, page in pages(graded, assignment).items():
        low = page.lower()
        assert page.startswith("<!DOCTYPE html>"), key
        assert "<script" not in low, key
        assert not re.search(r"https?://", low), key
        assert "<link" not in low and "@import" not in low and "url(" not in low, key
        assert all(src.startswith("data:image/png;base64,") for src in re.findall(r'src="([^"]*)"', page)), key
        assert "checks.load_reference" not in page and "def test_" not in page, key
        assert "@test_case" not in page and "otter.test_files" not in page, key
        text = html.unescape(page)
        leaked = [line for line in code if line in text]
        assert not leaked, (key, leaked[:3])


def test_hostile_strings_are_escaped(graded, assignment):
    result = graded["hostile"]
    for lang in ("ko", "en"):
        page = render_feedback(result, assignment, lang)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the failing cell, escaped
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page  # the test message quoting the exception
        assert "<i>" not in page and "choi_&lt;i&gt;&amp;amp" in page  # the submission's name
        report = render_class_report([result], assignment, lang)
        assert "<i>" not in report and "choi_&lt;i&gt;&amp;amp" in report


def test_feedback_for_a_correct_submission(graded, assignment):
    result = graded["correct"]
    ko = render_feedback(result, assignment, "ko")
    assert '<html lang="ko">' in ko
    assert assignment.title["ko"] in ko and "kim_correct" in ko
    assert f"{result.score:g}" in ko and UI["ko"]["status_graded"] in ko
    for q in assignment.questions:
        assert escape(q.title["ko"]) in ko
        for t in q.tests:  # every test by name, hidden ones too
            assert f">{t.name}<" in ko
    assert UI["ko"]["hidden"] in ko and UI["ko"]["all_passed"] in ko
    for layer in result.isolation:
        assert str(escape(layer)) in ko
    assert UI["ko"]["fail"] not in ko.split("</header>", 1)[1].replace(UI["ko"]["hidden_note"], "")


def test_feedback_labels_per_language(graded, assignment):
    result = graded["partial"]
    ko, en = render_feedback(result, assignment, "ko"), render_feedback(result, assignment, "en")
    assert '<html lang="ko">' in ko and '<html lang="en">' in en
    for key in ("feedback_title", "submission", "tests_passed", "status_graded", "diagnosis", "isolation"):
        assert UI["ko"][key] in ko, key
        assert UI["en"][key] in en, key
    assert "Grading feedback" not in ko and "Isolation" not in ko
    assert "채점 결과" not in en and "격리 환경" not in en
    assert assignment.title["en"] in en and assignment.title["ko"] not in en
    with pytest.raises(ValueError):
        render_feedback(result, assignment, "fr")


def test_feedback_shows_the_diagnosis_and_failures(graded, assignment):
    result = graded["partial"]
    mistake = next(m for m in assignment.misconceptions if m.id == "adam_no_bias_correction")
    for lang in ("ko", "en"):
        page = render_feedback(result, assignment, lang)
        assert str(escape(mistake.message(lang))) in page
        assert 'class="diag"' in page
        assert UI[lang]["fail"] in page and UI[lang]["pass"] in page
        failed = [t for t in result.tests if not t.passed and t.question == "adam_step"]
        assert failed and all(f">{t.name}<" in page for t in failed)
        first = next(t for t in failed if not t.hidden)  # its own message, in this language
        message = (first.ko if lang == "ko" else first.en).strip()
        assert str(escape(message)) in page
    assert f"{result.score:g} <span class=\"of\">/ {result.max_score:g}" in render_feedback(result, assignment)


def test_english_outputs_hold_no_korean_and_korean_ones_no_english_pass_text(graded):
    from autograder.outputs.results import gradescope_json

    hangul = re.compile("[\uac00-\ud7a3]")
    correct = graded["correct"]
    for lang, other in (("en", "통과"), ("ko", "Passed")):
        outputs = [t["output"] for t in gradescope_json(correct, lang)["tests"]]
        assert outputs and not any(other in o for o in outputs), lang
    assert not any(hangul.search(t["output"]) for t in gradescope_json(correct, "en")["tests"])


def test_feedback_for_a_submission_that_could_not_be_read(graded, assignment):
    result = graded["error"]
    for lang in ("ko", "en"):
        page = render_feedback(result, assignment, lang)
        assert UI[lang]["status_error"] in page and UI[lang]["error_title"] in page
        assert str(escape(result.error_ko if lang == "ko" else result.error_en)) in page
        assert UI[lang]["same_as_error"] in page  # not the same error text 51 times


def test_class_report(graded, assignment):
    results = list(graded.values())
    for lang in ("ko", "en"):
        page = render_class_report(results, assignment, lang)
        ui = UI[lang]
        for key in ("report_title", "score_dist", "pass_rate", "misconceptions", "time_dist", "students",
                    "count", "mean", "median", "errors"):
            assert ui[key] in page, key
        assert escape(assignment.title[lang]) in page
        mistake = next(m for m in assignment.misconceptions if m.id == "adam_no_bias_correction")
        assert str(escape(mistake.message(lang))) in page and "<code>adam_no_bias_correction</code>" in page
        # five plots, each a real PNG
        images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
        assert len(images) == 5  # scores, by question, pass rates, misconceptions, times
        for data in images:
            png = base64.b64decode(data)
            assert png.startswith(b"\x89PNG") and len(png) > 5000
        # students sorted by name, with their status
        names = [str(escape(r.submission)) for r in sorted(results, key=lambda r: r.submission.casefold())]
        table = page.split(ui["students"], 1)[1]
        positions = [table.index(n) for n in names]
        assert positions == sorted(positions)
        assert ui["status_error"] in table
    # summary numbers
    page = render_class_report(results, assignment, "en")
    cards = dict(re.findall(r'<div class="k">([^<]+)</div><div class="v">([^<]+)', page))
    assert cards["Submissions"] == "4" and cards["Errors"] == "1" and cards["Graded"] == "3"
    scores = sorted(r.score for r in results)
    assert cards["Mean"] == f"{round(sum(scores) / 4, 2):g}"
    assert cards["Median"] == f"{round((scores[1] + scores[2]) / 2, 2):g}"


def test_class_report_with_no_results_or_only_errors(graded, assignment):
    for lang in ("ko", "en"):
        empty = render_class_report([], assignment, lang)
        assert UI[lang]["no_results"] in empty and "<img" not in empty
        errors = render_class_report([graded["error"]], assignment, lang)
        assert UI[lang]["no_graded"] in errors and UI[lang]["no_misconceptions"] in errors
        assert errors.count("<img") == 0 and UI[lang]["plots_for_a_class"] in errors  # one submission: no plots
        asked = render_class_report([graded["error"]], assignment, lang, plots=True)
        assert asked.count("<img") == 2  # the score and time histograms
        for page in (empty, errors):
            assert "<script" not in page and not re.search(r"https?://", page)


def test_plot_labels_fall_back_to_english_without_a_hangul_font(monkeypatch):
    monkeypatch.setattr(reports, "hangul_font", lambda: None)
    assert reports.plot_labels("ko") is UI["en"]
    monkeypatch.setattr(reports, "hangul_font", lambda: "Some Hangul Font")
    assert reports.plot_labels("ko") is UI["ko"]
    assert reports.plot_labels("en") is UI["en"]


def test_hangul_font_is_used_when_installed():
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig is not installed")
    listed = subprocess.run(["fc-list", ":lang=ko", "file"], check=False, capture_output=True, text=True, timeout=20).stdout
    if not listed.strip():
        pytest.skip("no font with Hangul is installed (e.g. Debian's fonts-noto-cjk)")
    assert reports.hangul_font() is not None


def test_ui_strings_match_across_languages():
    assert UI["ko"].keys() == UI["en"].keys()
    assert all(UI["ko"].values()) and all(UI["en"].values())


def test_safe_dirname():
    assert safe_dirname("kim") == "kim"
    assert safe_dirname("..") not in ("..", ".") and "/" not in safe_dirname("a/b")
    assert safe_dirname("") and safe_dirname(".") != "."


def test_write_reports(graded, assignment, tmp_path):
    results = list(graded.values())
    report = write_reports(results, assignment, tmp_path / "out", lang="ko")
    assert report == tmp_path / "out" / "report.html" and report.is_file()
    for r in results:
        feedback = tmp_path / "out" / safe_dirname(r.submission) / "feedback.html"
        assert feedback.is_file() and str(escape(r.submission)) in feedback.read_text(encoding="utf-8")
    page = report.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', page)
    assert len(links) == len(results)
    for link in links:
        assert (report.parent / unquote(html.unescape(link))).is_file(), link
    assert not list((tmp_path / "out").rglob("*.tmp"))


# ---------------------------------------------------------------------------------------------
# A real browser


def screenshot(page: Path, png: Path, tmp_path: Path, height: int = 1600) -> None:
    profile = tmp_path / f"chromium-profile-{png.stem}"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--screenshot={png}",
           f"--window-size=1200,{height}", page.resolve().as_uri()]
    subprocess.run(cmd, check=False, capture_output=True, timeout=90, cwd=tmp_path, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})


def assert_not_blank(png: Path) -> None:
    import matplotlib.image as mpimg

    assert png.is_file(), f"chromium wrote no screenshot {png}"
    assert png.stat().st_size > 20_000, png.stat().st_size
    img = mpimg.imread(io.BytesIO(png.read_bytes()), format="png")[..., :3]
    assert img.shape[0] >= 1000 and img.shape[1] >= 1000
    assert img.std() > 0.05
    dark = (img.mean(axis=2) < 0.35).mean()  # text
    assert dark > 0.002, dark
    red, green = img[..., 0], img[..., 1]
    assert (green > red + 0.15).mean() > 0.0005  # the green status marks are there


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)")
def test_pages_render_in_headless_chromium(graded, assignment, tmp_path):
    out = tmp_path / "out"
    report = write_reports(list(graded.values()), assignment, out, lang="ko")
    en = out / "feedback-en.html"
    en.write_text(render_feedback(graded["partial"], assignment, "en"), encoding="utf-8")
    for page in (report, out / safe_dirname(graded["partial"].submission) / "feedback.html", en):
        png = tmp_path / f"{page.parent.name}-{page.stem}.png"
        screenshot(page, png, tmp_path)
        assert_not_blank(png)


def test_markdown_in_messages_bolds_words_not_exponents():
    from autograder.outputs.reports import inline_markdown

    assert str(inline_markdown("m/(1-β1**t), v/(1-β2**t)")) == "m/(1-β1**t), v/(1-β2**t)"
    assert str(inline_markdown("drops by **more** than")) == "drops by <strong>more</strong> than"
    assert str(inline_markdown("pass `**hyper` on <b>")) == "pass <code>**hyper</code> on &lt;b&gt;"
