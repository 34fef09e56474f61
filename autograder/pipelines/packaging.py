"""Packaging an assignment for the places it is graded and handed out.

* :func:`build_gradescope_zip` — the autograder zip Gradescope builds its image from:
  ``setup.sh`` and ``run_autograder`` at the root and ``source/``, a minimal copy of this project
  (the engine, ``pyproject.toml``, ``README.md``, and only this assignment's ``assignments/<id>/``
  and ``solutions/<id>/``).
* :func:`build_release` — what students get: per assignment its notebook and public tests, one
  ``requirements.txt`` and a short bilingual ``README.md``. Nothing from ``solutions/``.

The two shell scripts are kept here as text (not as package data) so that ``autograder
gradescope`` works from any installation of the package, editable or not.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import autograder
from autograder.course.assignments import Assignment

# A fixed timestamp makes the zip depend only on the files it holds.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
_SKIP_SUFFIXES = (".pyc", ".pyo")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

# ---------------------------------------------------------------------------------------------
# Gradescope

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image for @ASSIGNMENT_ID@.
# It installs the grading engine from the bundled source/ folder, with its Python dependencies
# from PyPI (@EXTRAS_NOTE@), into the image's own python3. No other network access; running it
# again is harmless (pip leaves what is already installed alone).
set -euo pipefail

GS_ROOT="${GS_ROOT:-/autograder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

SRC=""
for candidate in "$GS_ROOT/source/source" "$HERE/source"; do
  if [ -f "$candidate/pyproject.toml" ] && [ -d "$candidate/autograder" ]; then
    SRC="$(cd "$candidate" && pwd)"
    break
  fi
done
if [ -z "$SRC" ]; then
  echo "setup.sh: cannot find the bundled source/ folder (looked in $GS_ROOT/source/source and $HERE/source)" >&2
  exit 1
fi

# The image's python3; if it is older than 3.11, a newer python3.X the image also has.
PY=""
for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 \
     && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then
    PY="$candidate"
    break
  fi
done
if [ -z "$PY" ]; then
  echo "setup.sh: the autograder needs Python 3.11 or newer, and this image has $(python3 -V 2>&1 || echo 'no python3')." >&2
  echo "setup.sh: choose a Gradescope base image whose python3 is 3.11 or newer (Ubuntu 24.04 ships 3.12)." >&2
  exit 1
fi

if ! "$PY" -m pip --version >/dev/null 2>&1; then
  "$PY" -m ensurepip --upgrade >/dev/null 2>&1 || true
fi
if ! "$PY" -m pip --version >/dev/null 2>&1; then
  echo "setup.sh: $PY has no pip; choose a Gradescope base image with pip for python3." >&2
  exit 1
fi

# Gradescope's images are throwaway containers: installing into the system Python is intended
# (PEP 668 "externally managed" images need this; older pips ignore both variables).
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
"$PY" -m pip install --progress-bar off --index-url "${PIP_INDEX_URL:-https://pypi.org/simple}" "$SRC@EXTRAS@"

# run_autograder grades with exactly this interpreter.
"$PY" -c 'import sys; print(sys.executable)' > "$SRC/.python"

# Fail the image build now, not at the first submission, if the engine or the assignment is broken.
AUTOGRADER_COURSE="$SRC" "$PY" -m autograder.cli list
echo "setup.sh: autograder installed for @ASSIGNMENT_ID@ with $("$PY" -V 2>&1)"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this once per submission of @ASSIGNMENT_ID@. It grades the submitted notebook
# with the sandboxed autograder and always leaves results/results.json, whatever happens.
set -uo pipefail

ASSIGNMENT="@ASSIGNMENT_ID@"
GS_ROOT="${GS_ROOT:-/autograder}"
SUBMISSION_DIR="$GS_ROOT/submission"
RESULTS_DIR="$GS_ROOT/results"
RESULTS="$RESULTS_DIR/results.json"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK=""

json_escape() {
  local s
  s="$(printf '%s' "$1" | LC_ALL=C tr -d '\000-\010\013\014\016-\037')"
  if command -v iconv >/dev/null 2>&1; then
    s="$(printf '%s' "$s" | { iconv -c -f UTF-8 -t UTF-8 2>/dev/null; true; })"
  fi
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\t'/\\t}"
  s="${s//$'\r'/\\r}"
  s="${s//$'\n'/\\n}"
  printf '%s' "$s"
}

# A zero-score result that says why, in Korean and English: write_zero STATUS KOREAN ENGLISH
write_zero() {
  mkdir -p "$RESULTS_DIR"
  printf '{"score": 0.0, "output": "%s\\n\\n%s", "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": [], "extra_data": {"assignment": "%s", "status": "%s"}}\n' \
    "$(json_escape "$2")" "$(json_escape "$3")" "$ASSIGNMENT" "$1" > "$RESULTS.tmp" && mv -f "$RESULTS.tmp" "$RESULTS"
}

finish() {
  if [ ! -s "$RESULTS" ]; then
    write_zero grader_error \
      "채점이 결과 없이 끝났습니다. 다시 제출해 보고, 계속되면 조교에게 알려 주세요." \
      "Grading ended without a result. Submit again; if this keeps happening, tell the course staff."
  fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
}
trap finish EXIT
trap 'exit 143' TERM INT

mkdir -p "$RESULTS_DIR"
rm -f "$RESULTS"

# The one submitted file: a notebook, else a script, else a zip (in sub-folders too, skipping
# hidden folders, __MACOSX and checkpoints).
find_files() {
  [ -d "$SUBMISSION_DIR" ] || return 0
  find "$SUBMISSION_DIR" -mindepth 1 \( -type d \( -name '.*' -o -name '__MACOSX' -o -name '__pycache__' \) -prune \) \
    -o \( -type f -iname "*.$1" ! -name '.*' -print0 \)
}
SUBMITTED=""
for ext in ipynb py zip; do
  found=()
  while IFS= read -r -d '' f; do found+=("$f"); done < <(find_files "$ext" | sort -z)
  if [ "${#found[@]}" -eq 1 ]; then
    SUBMITTED="${found[0]}"
    break
  elif [ "${#found[@]}" -gt 1 ]; then
    names=""
    for f in "${found[@]}"; do names="${names:+$names, }${f#"$SUBMISSION_DIR"/}"; done
    write_zero ambiguous_submission \
      "제출물에 .$ext 파일이 ${#found[@]}개 있어 어느 것을 채점할지 알 수 없습니다: $names. 노트북 하나만 제출하세요." \
      "Your submission holds ${#found[@]} .$ext files, so it is unclear which one to grade: $names. Submit exactly one notebook."
    exit 0
  fi
done
if [ -z "$SUBMITTED" ]; then
  write_zero no_submission \
    "채점할 파일이 없습니다. 과제 노트북(@ASSIGNMENT_ID@.ipynb) 하나를 제출하세요 (.py 또는 .zip도 됩니다)." \
    "There is nothing to grade. Submit the assignment's notebook (@ASSIGNMENT_ID@.ipynb); a .py or .zip also works."
  exit 0
fi

# Grade with the course files bundled in this zip, never with whatever the current folder holds.
COURSE=""
for candidate in "$GS_ROOT/source/source" "$HERE/source"; do
  if [ -d "$candidate/assignments/$ASSIGNMENT" ]; then
    COURSE="$(cd "$candidate" && pwd)"
    break
  fi
done
if [ -z "$COURSE" ]; then
  echo "run_autograder: no course folder with assignments/$ASSIGNMENT under $GS_ROOT/source/source or $HERE/source"
  exit 0  # finish() writes the zero result
fi
export AUTOGRADER_COURSE="$COURSE"

if [ -f "$COURSE/.python" ] && [ -x "$(head -n 1 "$COURSE/.python")" ]; then
  GRADER=("$(head -n 1 "$COURSE/.python")" -m autograder.cli)  # the interpreter setup.sh installed into
elif command -v autograder >/dev/null 2>&1; then
  GRADER=(autograder)
else
  GRADER=(python3 -m autograder.cli)
fi
LIMIT=()
if command -v timeout >/dev/null 2>&1; then
  LIMIT=(timeout --kill-after=15 "${AUTOGRADER_TIMEOUT:-570}")  # below Gradescope's default 10 minutes
fi

WORK="$(mktemp -d)"
OUT="$WORK/out"
cd "$WORK" || exit 0
echo "run_autograder: grading ${SUBMITTED#"$SUBMISSION_DIR"/} for $ASSIGNMENT with $COURSE"
${LIMIT[@]+"${LIMIT[@]}"} "${GRADER[@]}" grade -a "$ASSIGNMENT" -o "$OUT" --jobs 1 --lang "${AUTOGRADER_LANG:-ko}" -- "$SUBMITTED"
status=$?

base="$(basename "$SUBMITTED")"
RESULT="$OUT/${base%.*}/results.json"
if [ ! -s "$RESULT" ]; then  # the engine made the folder name safe: take the only result there is
  candidates=()
  while IFS= read -r -d '' f; do candidates+=("$f"); done < <(find "$OUT" -mindepth 2 -maxdepth 2 -name results.json -print0 2>/dev/null)
  if [ "${#candidates[@]}" -eq 1 ]; then RESULT="${candidates[0]}"; fi
fi
if [ -s "$RESULT" ]; then
  cp "$RESULT" "$RESULTS.tmp" && mv -f "$RESULTS.tmp" "$RESULTS"
elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  write_zero timeout \
    "채점 시간이 초과되었습니다. 무한 루프나 아주 오래 걸리는 셀이 없는지 확인하세요." \
    "Grading ran out of time. Check your notebook for infinite loops or cells that take very long."
else
  echo "run_autograder: the grader exited with status $status and left no results.json"
  write_zero grader_error \
    "채점기 오류로 결과를 만들지 못했습니다. 다시 제출해 보고, 계속되면 조교에게 알려 주세요." \
    "The grader failed before producing a result. Submit again; if this keeps happening, tell the course staff."
fi
exit 0
"""


def _check_id(assignment: Assignment) -> str:
    """The id goes into shell scripts and file names: only plain names are accepted."""
    if not _SAFE_ID.fullmatch(assignment.id):
        raise ValueError(f"assignment id {assignment.id!r} has characters a file name or shell script cannot take")
    return assignment.id


def course_root_of(assignment: Assignment) -> Path:
    """The folder holding ``assignments/`` and ``solutions/`` for this assignment."""
    return assignment.public_dir.parent.parent


def project_root(assignment: Assignment) -> Path:
    """The checkout with ``pyproject.toml``, ``README.md`` and the ``autograder`` package: the one
    this package runs from, else the assignment's course folder."""
    for candidate in (Path(autograder.__file__).resolve().parent.parent, course_root_of(assignment)):
        if (candidate / "pyproject.toml").is_file() and (candidate / "autograder" / "__init__.py").is_file():
            return candidate
    raise FileNotFoundError("cannot find the project's pyproject.toml next to the autograder package; "
                            "run this from a checkout of the course repository")


def _tree(folder: Path) -> Iterable[tuple[str, Path]]:
    """(relative posix path, file) for every file under ``folder``, skipping caches and hidden entries."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith(".")
                             and not d.endswith(".egg-info"))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(_SKIP_SUFFIXES):
                continue
            path = Path(dirpath) / name
            if path.is_file():
                yield path.relative_to(folder).as_posix(), path


def gradescope_scripts(assignment: Assignment) -> dict[str, str]:
    """``setup.sh`` and ``run_autograder`` for this assignment."""
    assignment_id = _check_id(assignment)
    extras = "[keras]" if assignment.keras else ""
    note = "with the keras extra: TensorFlow and scikit-learn" if assignment.keras else "numpy, scipy, matplotlib, ..."
    values = {"@ASSIGNMENT_ID@": assignment_id, "@EXTRAS@": extras, "@EXTRAS_NOTE@": note}
    scripts = {"setup.sh": SETUP_SH, "run_autograder": RUN_AUTOGRADER}
    for key, value in values.items():
        scripts = {name: text.replace(key, value) for name, text in scripts.items()}
    return scripts


def gradescope_entries(assignment: Assignment) -> list[tuple[str, Path | bytes, int]]:
    """What goes into the zip: (name in the zip, file or bytes, unix mode)."""
    if not assignment.private_dir.is_dir():
        raise FileNotFoundError(f"no {assignment.private_dir}: the Gradescope zip needs the hidden tests and the reference")
    project = project_root(assignment)
    entries: list[tuple[str, Path | bytes, int]] = [
        (name, text.encode("utf-8"), 0o755) for name, text in gradescope_scripts(assignment).items()
    ]
    entries += [(f"source/{name}", project / name, 0o644) for name in ("pyproject.toml", "README.md")]
    entries += [(f"source/autograder/{rel}", path, 0o644) for rel, path in _tree(project / "autograder")]
    for kind, folder in (("assignments", assignment.public_dir), ("solutions", assignment.private_dir)):
        entries += [(f"source/{kind}/{assignment.id}/{rel}", path, 0o644) for rel, path in _tree(folder)]
    return entries


def build_gradescope_zip(assignment: Assignment, out_dir: str | Path) -> Path:
    """Write ``out_dir/<id>-gradescope.zip``, the autograder zip to upload to Gradescope."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{_check_id(assignment)}-gradescope.zip"
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content, mode in gradescope_entries(assignment):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
    tmp.replace(target)
    return target


# ---------------------------------------------------------------------------------------------
# The student bundle

_HIDDEN_TRUE = re.compile(r"hidden\s*=\s*True")
_RELEASE_FILES = {"README.md", "requirements.txt"}


def release_requirements(assignments: list[Assignment]) -> str:
    lines = ["# 과제 노트북을 내 컴퓨터에서 실행할 때 필요한 패키지 / What the notebooks need on your own computer",
             "numpy>=1.26", "matplotlib>=3.8"]
    if any(a.keras for a in assignments):
        lines += ["tensorflow>=2.16,<3", "scikit-learn>=1.3"]
    return "\n".join(lines) + "\n"


def release_readme(assignments: list[Assignment]) -> str:
    rows = "\n".join(f"| `{a.id}/{a.id}.ipynb` | {a.title.get('ko', a.id)} | {a.title.get('en', a.id)} |" for a in assignments)
    keras_ids = ", ".join(f"`{a.id}`" for a in assignments if a.keras)
    keras_ko = f"\n{keras_ids}은(는) TensorFlow(Keras)를 씁니다. Colab에는 이미 설치되어 있습니다." if keras_ids else ""
    keras_en = f"\n{keras_ids} use TensorFlow (Keras), which Colab already has." if keras_ids else ""
    return f"""# 딥러닝 과제 / Deep-learning assignments

| 노트북 / notebook | 주제 | topic |
|---|---|---|
{rows}

## 한국어

1. 노트북(`<과제>/<과제>.ipynb`)을 Jupyter, JupyterLab, VS Code 또는 Google Colab에서 엽니다.
   Colab: **파일 → 노트북 업로드**로 `.ipynb` 파일을 올립니다.
2. 첫 번째 코드 셀을 한 번 실행합니다 (`check()`를 준비합니다).
3. `# 여기에 코드를 작성하세요` 자리에 코드를 작성합니다.
4. 문제마다 있는 `check("...")` 셀을 실행하면 그 문제의 공개 테스트가 노트북 안에서 바로 돌아갑니다.
   따로 설치할 것은 없습니다. 숨은 테스트는 제출한 뒤 채점할 때 실행됩니다.
5. 완성한 `.ipynb` 파일을 제출합니다.

내 컴퓨터에서 실행하려면 Python 3.11 이상에서 `pip install -r requirements.txt`와 Jupyter를 설치하세요.
`tests/` 폴더는 노트북에 이미 들어 있는 공개 테스트의 사본입니다 (참고용).{keras_ko}

## English

1. Open the notebook (`<assignment>/<assignment>.ipynb`) in Jupyter, JupyterLab, VS Code or Google Colab.
   Colab: **File → Upload notebook**.
2. Run the first code cell once (it sets up `check()`).
3. Write your code where it says `# Write your code here`.
4. Run each question's `check("...")` cell: that question's public tests run right in your notebook.
   Nothing to install. Hidden tests run when your submission is graded.
5. Submit the finished `.ipynb` file.

To work on your own computer, install Jupyter and `pip install -r requirements.txt` (Python 3.11+).
The `tests/` folders hold copies of the public tests the notebooks already contain, for reference.{keras_en}
"""


def _is_previous_release(folder: Path) -> bool:
    """True if ``folder`` holds only what :func:`build_release` writes (so replacing it loses nothing)."""
    for entry in folder.iterdir():
        if entry.is_file() and entry.name in _RELEASE_FILES:
            continue
        if entry.is_dir() and not entry.is_symlink() and (entry / f"{entry.name}.ipynb").is_file():
            continue
        return False
    return True


def build_release(assignments: Iterable[Assignment | str], out_dir: str | Path) -> Path:
    """Write the student bundle to ``out_dir`` and return it: ``<id>/<id>.ipynb`` and
    ``<id>/tests/*.py`` (public tests) per assignment, ``requirements.txt`` and ``README.md``.

    An existing ``out_dir`` is replaced only if it holds nothing but an earlier release."""
    chosen = [a if isinstance(a, Assignment) else Assignment.load(a) for a in assignments]
    if not chosen:
        raise ValueError("no assignment to release")
    for a in chosen:
        _check_id(a)
        if not a.notebook.is_file():
            raise FileNotFoundError(f"{a.id} has no notebook {a.notebook} (run `autograder build {a.id}` first)")
        for path in [a.notebook, *sorted((a.public_dir / "tests").glob("*.py"))]:
            if _HIDDEN_TRUE.search(path.read_text(encoding="utf-8", errors="replace")):
                raise ValueError(f"{path} mentions hidden=True: hidden tests belong in solutions/{a.id}/tests")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or not _is_previous_release(out)):
        raise FileExistsError(f"{out} exists and holds files that are not a student release; choose another --out")
    stage = out.with_name(f".{out.name}.partial")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        for a in chosen:
            folder = stage / a.id
            (folder / "tests").mkdir(parents=True)
            shutil.copyfile(a.notebook, folder / a.notebook.name)
            for test in sorted((a.public_dir / "tests").glob("*.py")):
                shutil.copyfile(test, folder / "tests" / test.name)
        (stage / "requirements.txt").write_text(release_requirements(chosen), encoding="utf-8")
        (stage / "README.md").write_text(release_readme(chosen), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        stage.replace(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out


def releasable_ids(ids: Iterable[str] | None = None, root: Path | None = None) -> tuple[list[str], list[str]]:
    """(ids with a notebook, ids without one) among ``ids`` or every assignment."""
    from autograder.course.assignments import list_ids

    ready, missing = [], []
    for assignment_id in ids or list_ids(root):
        (ready if Assignment.load(assignment_id, root).notebook.is_file() else missing).append(assignment_id)
    return ready, missing
