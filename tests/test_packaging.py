"""Packaging: the Gradescope autograder zip, the student release, and the GitHub Actions templates.

The Gradescope zip is exercised the way Gradescope uses it: unzipped into a fake /autograder,
with run_autograder grading a real submission against the course files from the zip (the
installed engine stands in for what setup.sh would install). The release is checked for leaks
of solutions and hidden tests, and the workflow templates' grade step is run as GitHub would.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize
import tomllib
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from autograder.course.assignments import Assignment, list_ids
from autograder.cli import main
from autograder.grader.grading import grade
from autograder.pipelines.packaging import (build_gradescope_zip, build_release, gradescope_scripts, releasable_ids,
                                  release_requirements)
from conftest import ROOT, load

EX = ROOT / "examples" / "04_optimizers"
BIN = Path(sys.executable).parent  # the venv's bin: `autograder` resolves to the installed engine
TEMPLATES = ROOT / "autograder" / "pipelines" / "ci_templates"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def bash(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", *args], check=False, capture_output=True, text=True, timeout=600, **kw)


# ---------------------------------------------------------------------------------------------
# Gradescope


@pytest.fixture(scope="module")
def gs_zip(tmp_path_factory) -> Path:
    return build_gradescope_zip(Assignment.load("04_optimizers", ROOT), tmp_path_factory.mktemp("dist"))


def gradescope_root(tmp_path: Path, zip_path: Path, submissions: list[Path]) -> Path:
    """Gradescope's layout: <root>/autograder/{source (the unzipped zip), submission, results}."""
    gs = tmp_path / "root" / "autograder"
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(gs / "source")
    (gs / "submission").mkdir()
    (gs / "results").mkdir()
    for f in submissions:
        shutil.copy(f, gs / "submission" / f.name)
    return gs


def run_autograder(gs: Path, path_prefix: Path = BIN) -> tuple[subprocess.CompletedProcess, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    env.update(GS_ROOT=str(gs), PATH=f"{path_prefix}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}")
    # From the repository's root, where the engine would find the repository's own course files
    # if run_autograder did not point it at the zip's.
    proc = bash(str(gs / "source" / "run_autograder"), cwd=ROOT, env=env)
    results = gs / "results" / "results.json"
    assert results.is_file(), f"no results.json\n{proc.stdout}\n{proc.stderr}"
    return proc, json.loads(results.read_text(encoding="utf-8"))


def assert_gradescope_format(res: dict) -> None:
    """Gradescope's results.json spec: a numeric score and/or tests with scores; known fields only."""
    assert isinstance(res["score"], (int, float)) and res["score"] >= 0
    assert isinstance(res.get("output", ""), str)
    visibilities = {"hidden", "after_due_date", "after_published", "visible"}
    assert res.get("visibility", "visible") in visibilities
    assert res.get("stdout_visibility", "visible") in visibilities
    assert res.get("output_format", "text") in {"text", "html", "simple_format", "md", "ansi"}
    assert isinstance(res.get("tests", []), list)
    for t in res.get("tests", []):
        assert isinstance(t["name"], str) and t["name"]
        assert isinstance(t["score"], (int, float)) and isinstance(t["max_score"], (int, float))
        assert 0 <= t["score"] <= t["max_score"]
        assert t["status"] in {"passed", "failed"}
        assert t.get("visibility", "visible") in visibilities
        assert isinstance(t.get("output", ""), str)
    json.dumps(res)  # plain JSON values only


def test_gradescope_zip_holds_setup_run_and_only_this_assignment(gs_zip, tmp_path):
    assert gs_zip.name == "04_optimizers-gradescope.zip"
    with zipfile.ZipFile(gs_zip) as z:
        infos = {i.filename: i for i in z.infolist()}
        names = set(infos)
        for script in ("setup.sh", "run_autograder"):
            assert script in names
            assert infos[script].external_attr >> 16 & 0o111, f"{script} is not executable"
            (tmp_path / script).write_bytes(z.read(script))
            assert bash("-n", str(tmp_path / script)).returncode == 0, f"bash -n rejects {script}"
    assert {"source/pyproject.toml", "source/README.md", "source/autograder/__init__.py", "source/autograder/cli/main.py",
            "source/assignments/04_optimizers/assignment.toml", "source/assignments/04_optimizers/04_optimizers.ipynb",
            "source/solutions/04_optimizers/solution.py", "source/solutions/04_optimizers/variants.py"} <= names
    assert any(n.startswith("source/autograder/outputs/templates/") and n.endswith(".html") for n in names)
    assert any(n.startswith("source/autograder/sandbox/") for n in names)
    hidden = {p.name for p in (ROOT / "solutions" / "04_optimizers" / "tests").glob("*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("source/solutions/04_optimizers/tests/")} == hidden
    assert {n.split("/")[0] for n in names} == {"setup.sh", "run_autograder", "source"}
    assert {n.split("/")[1] for n in names if n.startswith("source/")} == {
        "pyproject.toml", "README.md", "autograder", "assignments", "solutions"}
    for n in names:
        assert "__pycache__" not in n and not n.endswith((".pyc", ".pyo")), n
        if n.startswith(("source/assignments/", "source/solutions/")):
            assert n.split("/")[2] == "04_optimizers", f"another assignment in the zip: {n}"
        for other in set(list_ids(ROOT)) - {"04_optimizers"}:
            assert other not in n, f"another assignment in the zip: {n}"


def test_gradescope_scripts_pick_the_keras_extra_by_assignment():
    plain = gradescope_scripts(Assignment.load("04_optimizers", ROOT))["setup.sh"]
    keras = gradescope_scripts(Assignment.load("01_xor_gates", ROOT))["setup.sh"]
    assert Assignment.load("01_xor_gates", ROOT).keras and not Assignment.load("04_optimizers", ROOT).keras
    assert '"$SRC[keras]"' in keras and "[keras]" not in plain and '"$SRC"' in plain
    for text in (plain, keras):  # PyPI only: no apt, curl, wget, conda or git
        assert not re.search(r"\b(apt-get|apt|curl|wget|conda|git)\b\s", text)


def test_setup_sh_installs_the_bundled_source_into_the_images_python(gs_zip, tmp_path):
    gs = gradescope_root(tmp_path, gs_zip, [])
    log = tmp_path / "python.log"
    fake = tmp_path / "fake-python3"  # logs what setup.sh asks of python instead of installing
    fake.write_text('#!/bin/sh\necho "$*" >> "$LOG"\n'
                    'case "$*" in *sys.executable*) echo /opt/fake/python3 ;; esac\nexit 0\n')
    fake.chmod(0o755)
    env = {**os.environ, "GS_ROOT": str(gs), "PYTHON": str(fake), "LOG": str(log)}
    for _ in range(2):  # idempotent: a second run does the same and succeeds
        proc = bash(str(gs / "source" / "setup.sh"), env=env)
        assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines()
    installs = [c for c in calls if c.startswith("-m pip install")]
    assert len(installs) == 2
    assert installs[0].endswith(str(gs / "source" / "source")) and "[keras]" not in installs[0]
    assert "--index-url https://pypi.org/simple" in installs[0]
    assert "-m autograder.cli list" in calls
    assert (gs / "source" / "source" / ".python").read_text().strip() == "/opt/fake/python3"


@pytest.mark.slow
def test_run_autograder_grades_with_the_zips_course_files(gs_zip, tmp_path, zygote):
    gs = gradescope_root(tmp_path, gs_zip, [EX / "partly_wrong.ipynb"])
    course = gs / "source" / "source"
    # Make the zip's copy distinguishable from the repository's: its assignment version changes.
    with open(course / "solutions" / "04_optimizers" / "variants.py", "a", encoding="utf-8") as f:
        f.write("\n# the Gradescope copy\n")
    bundled = Assignment.load("04_optimizers", course)
    assert bundled.version != Assignment.load("04_optimizers", ROOT).version

    proc, res = run_autograder(gs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_gradescope_format(res)
    assert res["extra_data"]["version"] == bundled.version  # graded with source/, not the repository
    expected = grade(load("04_optimizers"), EX / "partly_wrong.ipynb", zygote)
    assert res["score"] == pytest.approx(expected.score)
    assert 0 < res["score"] < res["extra_data"]["max_score"] == bundled.max_points
    assert len(res["tests"]) == len(expected.tests)
    assert any(t["extra_data"]["diagnosis"] for t in res["tests"])
    assert {t["visibility"] for t in res["tests"]} == {"visible", "after_published"}


def test_run_autograder_with_nothing_submitted_still_writes_a_result(gs_zip, tmp_path):
    proc, res = run_autograder(gradescope_root(tmp_path, gs_zip, []))
    assert proc.returncode == 0
    assert_gradescope_format(res)
    assert res["score"] == 0 and res["tests"] == []
    assert HANGUL.search(res["output"]) and "nothing to grade" in res["output"]
    assert res["extra_data"]["status"] == "no_submission"


def test_run_autograder_refuses_to_guess_between_two_notebooks(gs_zip, tmp_path):
    proc, res = run_autograder(gradescope_root(tmp_path, gs_zip, [EX / "correct.ipynb", EX / "partly_wrong.ipynb"]))
    assert proc.returncode == 0
    assert_gradescope_format(res)
    assert res["score"] == 0 and res["tests"] == []
    assert res["extra_data"]["status"] == "ambiguous_submission"
    assert HANGUL.search(res["output"]) and "Submit exactly one notebook" in res["output"]
    assert "correct.ipynb" in res["output"] and "partly_wrong.ipynb" in res["output"]


def test_run_autograder_prefers_the_notebook_and_survives_a_grader_crash(gs_zip, tmp_path):
    gs = gradescope_root(tmp_path, gs_zip, [EX / "correct.ipynb"])
    (gs / "submission" / "helper.py").write_text("x = 1\n")  # a notebook wins over scripts
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "autograder").write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\nexit 3\n')
    (fake_bin / "autograder").chmod(0o755)
    proc, res = run_autograder(gs, path_prefix=fake_bin)
    assert proc.returncode == 0
    args = (fake_bin / "args").read_text().split()
    assert args[:2] == ["grade", "-a"] and args[2] == "04_optimizers" and "--jobs" in args
    assert args[-1] == str(gs / "submission" / "correct.ipynb")
    assert_gradescope_format(res)
    assert res["score"] == 0 and res["extra_data"]["status"] == "grader_error"
    assert HANGUL.search(res["output"]) and "grader failed" in res["output"]


def test_gradescope_command(tmp_path):
    r = CliRunner().invoke(main, ["gradescope", "04_optimizers", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "04_optimizers-gradescope.zip").is_file()
    assert f"total points to {Assignment.load('04_optimizers', ROOT).max_points:g}" in r.output
    assert CliRunner().invoke(main, ["gradescope", "99_nothing", "--out", str(tmp_path)]).exit_code == 2


# ---------------------------------------------------------------------------------------------
# The student release: nothing of solutions/ may be in it

# Lines that public and hidden material share by design. Add to this only after reading the line
# in both places: a line here is never reported as a leak.
PUBLIC_BY_DESIGN = {
    "INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]",  # the XOR truth table is the problem itself
    "X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])",
    'with np.errstate(over="ignore"):',  # 03's notebook gives sigmoid(z) complete: it is not a question
    'axes = getattr(fig, "axes", None)',  # 08: reading a figure's axes, in public and hidden plot tests alike
}
# The interface a stub must share with the reference, and a test file's question name.
INTERFACE = re.compile(r"^(async\s+def|def|class)\s|^@|^name\s*=|^OK_FORMAT\s*=")


def code_lines(source: str) -> list[str]:
    """The executable code of a Python source: comments and docstrings blanked out (formulas in
    docstrings are the assignment's instructions); IPython magics and shell lines dropped."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return lines  # unparsable: compare everything
    keep = [list(line) for line in lines] + [[]]
    start = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT}
    prev = tokenize.NEWLINE
    for i, tok in enumerate(tokens):
        blank = tok.type == tokenize.COMMENT
        if tok.type == tokenize.STRING and prev in start:  # a string statement: a docstring
            blank = tokens[i + 1].type in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.COMMENT)
        if blank:
            (r0, c0), (r1, c1) = tok.start, tok.end
            for r in range(r0, r1 + 1):
                a, b = (c0 if r == r0 else 0), (c1 if r == r1 else len(keep[r - 1]))
                keep[r - 1][a:b] = " " * (b - a)
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            prev = tok.type
    return ["".join(k) for k in keep]


def has_literal(line: str) -> bool:
    try:
        return any(t.type in (tokenize.NUMBER, tokenize.STRING) for t in tokenize.generate_tokens(io.StringIO(line).readline))
    except (tokenize.TokenError, SyntaxError):
        return True


def significant(lines: list[str]) -> set[str]:
    """Stripped lines of 25+ characters that are not blank, comments, imports or interface."""
    out = set()
    for line in lines:
        s = line.strip()
        if len(s) >= 25 and not s.startswith("#") and not re.match(r"(import|from)\s", s) and not INTERFACE.match(s):
            out.add(s)
    return out - PUBLIC_BY_DESIGN


def secret_lines() -> dict[str, str]:
    """Every significant code line of every reference, variant file and hidden test -> its file.
    A hidden test's line without any literal (plumbing such as `out = checks.call(f, x)`) reveals
    no input, expected value or tolerance, and public tests may share it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "solutions").glob("*/*.py")) + sorted((ROOT / "solutions").glob("*/tests/*.py")):
        hidden_test = path.parent.name == "tests"
        for line in significant(code_lines(path.read_text(encoding="utf-8"))):
            if not hidden_test or has_literal(line):
                found.setdefault(line, str(path.relative_to(ROOT)))
    return found


def released_code(path: Path) -> str:
    """What a released file executes or shows as code: notebook code cells, a test file's code, or
    (README, requirements) the whole text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                   for c in cells if c["cell_type"] == "code"]
        return "\n".join(line for src in sources for line in code_lines(src))
    if path.suffix == ".py":
        return "\n".join(code_lines(text))
    return text


def leaks(folder: Path, secrets: dict[str, str]) -> list[str]:
    return [f"{p.relative_to(folder)} contains `{line}` from {src}"
            for p in sorted(folder.rglob("*")) if p.is_file()
            for code in [released_code(p)] for line, src in secrets.items() if line in code]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[Path, list[str]]:
    ready, _ = releasable_ids(root=ROOT)
    assert "04_optimizers" in ready
    out = build_release([Assignment.load(i, ROOT) for i in ready], tmp_path_factory.mktemp("r") / "release")
    return out, ready


def test_release_holds_notebooks_public_tests_requirements_and_readme_only(release):
    out, ids = release
    expected = {"README.md", "requirements.txt"}
    for i in ids:
        expected.add(f"{i}/{i}.ipynb")
        expected |= {f"{i}/tests/{p.name}" for p in (ROOT / "assignments" / i / "tests").glob("*.py")}
    got = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert got == expected
    for i in ids:
        assert (out / i / f"{i}.ipynb").read_bytes() == (ROOT / "assignments" / i / f"{i}.ipynb").read_bytes()
        for test in (out / i / "tests").iterdir():
            assert test.read_bytes() == (ROOT / "assignments" / i / "tests" / test.name).read_bytes()


def test_release_contains_no_solution_and_no_hidden_test(release):
    out, _ = release
    secrets = secret_lines()
    assert len(secrets) > 500  # the references, variants and hidden tests of every assignment
    assert leaks(out, secrets) == []
    solution_files = [p for p in (ROOT / "solutions").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    solution_bytes = {p.read_bytes() for p in solution_files}
    for p in out.rglob("*"):
        if not p.is_file():
            continue
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"hidden\s*=\s*True", text), p
        assert p.read_bytes() not in solution_bytes, f"{p} is a copy of a file in solutions/"
        assert p.name not in {"solution.py", "variants.py"}
        for name in ("solutions/", "solution.py", "variants.py"):
            assert name not in text, f"{p} mentions {name}"
        if p.parent.name == "tests":  # shares its name with a hidden test file, never its content
            hidden = ROOT / "solutions" / p.parent.parent.name / "tests" / p.name
            assert not hidden.exists() or hidden.read_bytes() != p.read_bytes()


def test_the_leak_check_finds_a_solution_pasted_into_a_notebook(tmp_path):
    """The check above is not vacuous: a stub replaced by the reference is caught."""
    nb = json.loads((ROOT / "assignments" / "04_optimizers" / "04_optimizers.ipynb").read_text(encoding="utf-8"))
    reference = (ROOT / "solutions" / "04_optimizers" / "solution.py").read_text(encoding="utf-8")
    body = reference[reference.index("def adam_step"):]
    body = body[: body.index("\ndef ", 1)]
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": body})
    (tmp_path / "04_optimizers").mkdir()
    (tmp_path / "04_optimizers" / "04_optimizers.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    found = leaks(tmp_path, secret_lines())
    assert found and all("solutions/04_optimizers/solution.py" in f or "variants.py" in f for f in found)


def test_release_requirements_and_readme(release):
    out, ids = release
    reqs = (out / "requirements.txt").read_text().splitlines()
    names = {re.split(r"[<>=!~ ;\[]", line)[0] for line in reqs if line and not line.startswith("#")}
    keras = any(Assignment.load(i, ROOT).keras for i in ids)
    assert names == ({"numpy", "matplotlib"} | ({"tensorflow", "scikit-learn"} if keras else set()))
    no_keras = release_requirements([Assignment.load("04_optimizers", ROOT)])
    assert "tensorflow" not in no_keras and "scikit-learn" not in no_keras and "numpy" in no_keras
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert HANGUL.search(readme) and "Colab" in readme and "check(" in readme and "Jupyter" in readme
    assert all(f"{i}/{i}.ipynb" in readme for i in ids)


def test_release_replaces_an_earlier_release_but_nothing_else(tmp_path):
    a = Assignment.load("04_optimizers", ROOT)
    out = build_release([a], tmp_path / "rel")
    (out / "04_optimizers" / "tests" / "stale.py").write_text("x = 1\n")
    build_release([a], out)  # an earlier release is replaced
    assert not (out / "04_optimizers" / "tests" / "stale.py").exists()
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        build_release([a], tmp_path)  # a folder with other files is left alone
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_release_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTOGRADER_COURSE", str(ROOT))
    r = CliRunner().invoke(main, ["release", "04_optimizers"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "release" / "04_optimizers" / "04_optimizers.ipynb").is_file()
    assert sorted(p.name for p in (tmp_path / "release").iterdir()) == ["04_optimizers", "README.md", "requirements.txt"]
    assert CliRunner().invoke(main, ["release", "--out", str(tmp_path / "x"), "99_nothing"]).exit_code == 2


# ---------------------------------------------------------------------------------------------
# GitHub Actions templates

WORKFLOWS = ["grade.yml", "grade_central.yml"]


def workflow(name: str) -> dict:
    return yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))


def steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job["steps"]]


def expand(text: str, values: dict[str, str]) -> str:
    """Replace ${{ expr }} by the value the test chose for it; any other expression is an error."""
    def sub(m: re.Match) -> str:
        assert m.group(1) in values, f"unexpected expression ${{{{ {m.group(1)} }}}}"
        return values[m.group(1)]
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", sub, str(text))


def autograder_command_lines(script: str) -> list[str]:
    joined = script.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if re.match(r"\s*autograder\s", line)]


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflow_template_parses_and_uses_only_real_cli_options(name):
    import shlex

    wf = workflow(name)
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert ("push" in triggers) if name == "grade.yml" else ("workflow_dispatch" in triggers)
    assert wf["permissions"] == {"contents": "read"}
    commands = []
    for step in steps(wf):
        if "run" in step:
            proc = bash("-n", "-c", step["run"])
            assert proc.returncode == 0, f"bash -n rejects step {step.get('name')}: {proc.stderr}"
            env = {k: str(v) for k, v in {**wf.get("env", {}), **step.get("env", {})}.items() if "${{" not in str(v)}
            commands += [(line, env) for line in autograder_command_lines(step["run"])]
        if "pip install" in step.get("run", ""):
            extras = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"])
            values = re.findall(r"\[(\w+)\]", json.dumps(step.get("env", {})) + json.dumps(wf.get("env", {})))
            assert set(values) <= extras and "./course" in step["run"]
        if str(step.get("uses", "")).startswith("actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False
    assert commands, "the workflow runs no autograder command"
    for line, env in commands:  # $VAR becomes its value from the workflow's env, or a placeholder
        args = [re.sub(r"\$\{?(\w+)\}?", lambda m, env=env: env.get(m.group(1), "X"), a) for a in shlex.split(line)][1:]
        command = main.commands[args[0]]
        command.make_context(args[0], args[1:])  # raises on an unknown option or a missing argument
    if name == "grade.yml":
        assert any("--ci" in c for c, _ in commands)
        course = next(s for s in steps(wf) if s.get("with", {}).get("path") == "course")
        assert "secrets." in course["with"]["ssh-key"]


def run_step(name: str, step_name: str, workspace: Path, values: dict[str, str]) -> tuple[subprocess.CompletedProcess, Path]:
    """Run one `run:` step of a template as GitHub would (bash -e, workflow and step env)."""
    wf = workflow(name)
    step = next(s for s in steps(wf) if s.get("name") == step_name)
    summary = workspace.parent / f"summary-{workspace.name}.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    env |= {k: expand(v, values) for k, v in {**wf.get("env", {}), **step.get("env", {})}.items()}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(workspace),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = bash("--noprofile", "--norc", "-e", "-c", expand(step["run"], values), cwd=workspace, env=env)
    return proc, summary


def student_workspace(tmp_path: Path, submission: Path | None) -> Path:
    ws = tmp_path / "workspace"
    ws.mkdir()
    (ws / "course").symlink_to(ROOT)  # stands in for the private course checkout
    if submission:
        shutil.copy(submission, ws / "04_optimizers.ipynb")
    return ws


@pytest.mark.slow
def test_student_workflow_grade_step_writes_summary_annotations_and_junit(tmp_path):
    ws = student_workspace(tmp_path, EX / "correct.ipynb")
    proc, summary = run_step("grade.yml", "Grade", ws, {"github.workspace": str(ws)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    max_points = Assignment.load("04_optimizers", ROOT).max_points
    assert f"::notice title=04_optimizers::score {max_points:g}/{max_points:g}" in proc.stdout
    text = summary.read_text(encoding="utf-8")
    assert f"## 04_optimizers: {max_points:g} / {max_points:g}" in text and "| adam_step |" in text
    suites = ET.parse(ws / "out" / "junit.xml").getroot()
    assert suites.tag == "testsuites" and suites.find("testsuite").get("failures") == "0"
    assert (ws / "out" / "04_optimizers" / "results.json").is_file()


@pytest.mark.slow
def test_student_workflow_does_not_fail_the_job_for_a_low_score(tmp_path):
    ws = student_workspace(tmp_path, EX / "partly_wrong.ipynb")
    proc, summary = run_step("grade.yml", "Grade", ws, {"github.workspace": str(ws)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::error " in proc.stdout and "::notice" in proc.stdout
    assert "통과하지 못한 테스트" in summary.read_text(encoding="utf-8")  # Korean feedback by default
    failures = ET.parse(ws / "out" / "junit.xml").getroot().find("testsuite").get("failures")
    assert int(failures) > 0


def test_student_workflow_fails_clearly_without_the_notebook(tmp_path):
    ws = student_workspace(tmp_path, None)
    proc, summary = run_step("grade.yml", "Grade", ws, {"github.workspace": str(ws)})
    assert proc.returncode != 0 and "::error title=No notebook::" in proc.stdout
    assert "04_optimizers.ipynb" in summary.read_text(encoding="utf-8")


@pytest.mark.slow
def test_central_workflow_grade_step_grades_the_collected_folder(tmp_path):
    ws = tmp_path / "workspace"
    (ws / "subs").mkdir(parents=True)
    (ws / "course").symlink_to(ROOT)
    shutil.copy(EX / "correct.ipynb", ws / "subs" / "hw4-alice.ipynb")
    values = {"github.workspace": str(ws), "inputs.assignment": "04_optimizers"}
    proc, _ = run_step("grade_central.yml", "Grade", ws, values)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = (ws / "out" / "grades.csv").read_text().splitlines()
    assert len(rows) == 2 and rows[1].startswith("hw4-alice,")
    assert (ws / "out" / "hw4-alice" / "feedback.html").is_file()
