"""Reading a submission into code cells, in the grader, without running any of it.

Accepts a notebook (nbformat 4, older versions upgraded), a ``.py`` script (split at ``# %%``
markers), or a ``.zip`` holding one notebook (as ``otter export`` makes; ``.OTTER_LOG`` and
pickles inside are ignored, never loaded). Anything else gets a :class:`SubmissionError` that
says, in Korean and English, what is wrong.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


MAX_BYTES = 20 << 20
MAX_CELLS = 1000  # code cells; a course notebook has a few dozen
SKIP_MARKER = "# [autograder:skip]"  # first line of the notebook's setup and public-check cells
# otter-grader's own cells in a student notebook: its set-up and grader.check(...) calls, which
# need otter's files and would only fail in the sandbox (the grader runs the tests itself).
_OTTER_CELL = re.compile(r"^(?:\s*#[^\n]*\n)*\s*(?:import otter\s*\n\s*grader\s*=\s*otter\.Notebook\(.*|"
                         r"(?:grader\.(?:check|check_all|export)\(.*\)\s*(?:\n|$))+)\s*$", re.DOTALL)


def runs_in_grading(source: str) -> bool:
    """False for cells grading must not run: set-up and check cells, otter's cells."""
    return not source.lstrip().startswith(SKIP_MARKER) and not _OTTER_CELL.match(source)


# otter's lines inside a cell: ``grader.check("q1")`` is where otter runs q1's tests (a check
# point, below); its set-up and export lines need otter's files and are blanked (line numbers kept).
_OTTER_NOTEBOOK = re.compile(r"^\s*(\w+)\s*=\s*(?:otter\.)?Notebook\(.*\)\s*(?:#.*)?$")
_OTTER_LINE = re.compile(r"^\s*(?:import otter|from otter import Notebook|import otter\.\w+)\s*(?:#.*)?$")
_CHECK_LINE = re.compile(r"^(\w+)\.check\(\s*(['\"])([^'\"\n]{1,200})\2\s*(?:,[^)]*)?\)\s*;?\s*(?:#.*)?$")
_CHECK_OTHER = re.compile(r"^(\w+)\.(?:check_all|export|to_pdf|run_plugin)\(.*\)\s*;?\s*(?:#.*)?$")


def otter_segments(cells: list[tuple[int, str]], checks_after: dict[int, list[str]] | None = None
                   ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split cells at otter's ``grader.check("q")`` lines: (cells to run, check points), where a
    check point ``(n, "q")`` means q's tests run once the first ``n`` cells have run, as otter runs
    them when the notebook reaches that line. ``checks_after`` adds otter's metadata checks (a
    cell's ``otter.tests``) after the cell at that position. Text only: nothing is executed."""
    names = {"grader"}
    for _, source in cells:
        for line in source.splitlines():
            m = _OTTER_NOTEBOOK.match(line)
            if m:
                names.add(m.group(1))
    out: list[tuple[int, str]] = []
    points: list[tuple[int, str]] = []
    for position, source in cells:
        lines = source.splitlines()
        start, pending, touched = 0, [], False
        for i, line in enumerate(lines):
            m = _CHECK_LINE.match(line)
            if m and m.group(1) in names:
                touched = True
                part = "\n".join([""] * start + pending)  # blank lines keep the cell's line numbers
                if part.strip():
                    out.append((position, part))
                points.append((len(out), m.group(3)))
                start, pending = i + 1, []
                continue
            other = _CHECK_OTHER.match(line)
            if _OTTER_LINE.match(line) or (other and other.group(1) in names) or \
                    ((nb := _OTTER_NOTEBOOK.match(line)) and nb.group(1) in names):
                line, touched = "", True
            pending.append(line)
        part = "\n".join([""] * start + pending) if touched else source  # a cell without otter's lines stays as it is
        if part.strip():
            out.append((position, part))
        for question in (checks_after or {}).get(position, []):
            points.append((len(out), question))
    return out, points


class SubmissionError(Exception):
    def __init__(self, ko: str, en: str):
        super().__init__(en)
        self.ko, self.en = ko, en


@dataclass
class Submission:
    path: Path
    sha256: str
    size: int
    cells: list[str]
    positions: list[int]  # each cell's 1-based position in the notebook, as students count them
    # otter's check points: (cells run before it, question), in notebook order (otter_segments)
    checks: list[tuple[int, str]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # other files of an otter export zip (student_files)

    @property
    def stem(self) -> str:
        return self.path.stem


def read_submission(path: Path) -> Submission:
    path = Path(path)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        raise SubmissionError(f"파일이 너무 큽니다 ({len(data) >> 20} MiB > 20 MiB).",
                              f"The file is too large ({len(data) >> 20} MiB > 20 MiB).")
    suffix = path.suffix.lower()
    files: dict[str, bytes] = {}
    if suffix == ".zip":
        name, data, files = _from_zip(data, with_files=True)
        suffix = Path(name).suffix.lower()
    checks_after: dict[int, list[str]] = {}
    if suffix == ".py":
        cells = split_script(_text(data), keep_otter=True)
    elif suffix == ".ipynb":
        cells = notebook_cells(_text(data), checks_after)
    else:
        raise not_gradable(path)
    cells, checks = otter_segments(cells, checks_after)
    if not cells:
        raise SubmissionError("노트북에 코드 셀이 없습니다.", "The notebook has no code cells.")
    return Submission(path, sha, len(data), [source for _, source in cells], [pos for pos, _ in cells],
                      checks, files)


def not_gradable(path: Path) -> SubmissionError:
    """The error for a file that is no notebook, script or zip, naming what was handed in."""
    suffix = path.suffix or "(no extension)"
    ko = f"제출한 파일 '{path.name}'({suffix})은(는) 채점할 수 없습니다. 노트북(.ipynb), .py, .zip 중 하나를 제출하세요."
    en = f"The file handed in, '{path.name}' ({suffix}), cannot be graded. Submit an .ipynb, .py or .zip."
    inner = Path(path.stem).suffix.lower()
    if inner in (".ipynb", ".py"):  # hw.ipynb.txt: a browser or editor added an extension
        ko += f" 파일 이름이 {inner}{path.suffix}로 끝납니다: 이름을 {inner}로 바꿔 다시 제출하세요."
        en += f" Its name ends in {inner}{path.suffix}: rename it to {inner} and resubmit."
    return SubmissionError(ko, en)


def _text(data: bytes) -> str:
    if not data.strip():
        raise SubmissionError("빈 파일입니다.", "The file is empty.")
    if b"\0" in data[:4096]:
        raise SubmissionError("텍스트가 아닌 바이너리 파일입니다.", "This is a binary file, not a notebook or script.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("UTF-8 인코딩이 아닙니다. 노트북을 UTF-8로 저장하세요.",
                              "The file is not UTF-8 encoded. Save the notebook as UTF-8.") from None


def notebook_cells(text: str, checks_after: dict[int, list[str]] | None = None) -> list[tuple[int, str]]:
    """(position, source) of the code cells to run, skipping setup and public-check cells and
    otter's ignored cells; ``checks_after`` receives otter's metadata checks by position."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as e:
        detail = "nested too deeply / 중첩이 너무 깊음" if isinstance(e, RecursionError) else str(e)
        raise SubmissionError(f"노트북 JSON이 손상되었습니다 ({detail}). Jupyter에서 다시 저장해 제출하세요.",
                              f"The notebook's JSON is corrupt ({detail}). Save it again in Jupyter and resubmit.") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        raise SubmissionError("노트북에 셀이 없습니다.", "The notebook has no cells.")
    if raw.get("nbformat") == 4 and isinstance(raw.get("cells"), list):
        nb = raw  # today's format: the code cells are all we need (nbformat costs 0.15 s to import)
    else:
        try:
            import nbformat

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nb = nbformat.reads(text, as_version=4)
        except (Exception, RecursionError) as e:  # noqa: BLE001 - nbformat raises many kinds
            raise SubmissionError(f"노트북 형식을 읽을 수 없습니다: {e}", f"Cannot read the notebook format: {e}") from None
    cells = []
    for position, cell in enumerate(nb.get("cells", []), 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        otter_meta = meta.get("otter") if isinstance(meta.get("otter"), dict) else {}
        tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        if "otter_ignore" in tags or otter_meta.get("ignore"):
            continue  # otter does not run these cells either
        if checks_after is not None and isinstance(otter_meta.get("tests"), list):
            checks_after[position] = [str(t)[:200] for t in otter_meta["tests"][:50]]
        if runs_in_grading(source) or (checks_after is not None and not source.lstrip().startswith(SKIP_MARKER)):
            cells.append((position, source))  # with checks_after, otter's cells go to otter_segments
    if not cells:
        raise SubmissionError("노트북에 코드 셀이 없습니다.", "The notebook has no code cells.")
    return _capped(cells)


_CELL_MARK = re.compile(r"^# ?%%.*$|^# In\[[ \d]*\]:[ \t]*$", re.MULTILINE)  # jupytext, or nbconvert's script


def split_script(text: str, keep_otter: bool = False) -> list[tuple[int, str]]:
    """A script's cells as (position, source): split at jupytext ``# %%`` markers (or nbconvert's
    ``# In[ ]:``); ``keep_otter`` keeps otter's cells for :func:`otter_segments`."""
    parts = [p for p in _CELL_MARK.split(text) if p.strip()]
    cells = [(i, p) for i, p in enumerate(parts, 1)
             if runs_in_grading(p) or (keep_otter and not p.lstrip().startswith(SKIP_MARKER))]
    if not cells:
        raise SubmissionError("빈 스크립트입니다.", "The script is empty.")
    return _capped(cells)


def _capped(cells: list) -> list:
    if len(cells) > MAX_CELLS:
        raise SubmissionError(f"코드 셀이 너무 많습니다 ({len(cells)}개 > {MAX_CELLS}개). 셀을 합쳐서 다시 제출하세요.",
                              f"Too many code cells ({len(cells)} > {MAX_CELLS}). Merge cells and resubmit.")
    return cells


MAX_FILES_BYTES = 16 << 20  # an otter export's other files (student_files), in all


def _from_zip(data: bytes, with_files: bool = False):
    """(name, content) of the zip's one notebook (or script); with ``with_files``, also the
    zip's other files beside it, {relative path: bytes} (never ``.OTTER_LOG`` or hidden files):
    bytes for the student's working directory, never opened by the grader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise SubmissionError("zip 파일이 손상되었습니다.", "The zip file is corrupt.") from None
    if len(infos) > 1000:
        raise SubmissionError("zip에 파일이 너무 많습니다.", "The zip holds too many files.")
    usable = [i for i in infos if not i.is_dir() and "__MACOSX" not in i.filename
              and not Path(i.filename).name.startswith(".")]
    for suffix in (".ipynb", ".py"):
        found = [i for i in usable if i.filename.lower().endswith(suffix)]
        if len(found) > 1:
            names = ", ".join(i.filename for i in found[:5])
            raise SubmissionError(f"zip에 {suffix} 파일이 여러 개입니다 ({names}). 하나만 넣으세요.",
                                  f"The zip holds several {suffix} files ({names}); include exactly one.")
        if found:
            info = found[0]
            if info.file_size > MAX_BYTES:
                raise SubmissionError("zip 안의 파일이 너무 큽니다.", "The file inside the zip is too large.")
            with archive.open(info) as f:
                content = f.read(MAX_BYTES + 1)
            if len(content) > MAX_BYTES:
                raise SubmissionError("zip 안의 파일이 너무 큽니다.", "The file inside the zip is too large.")
            if not with_files:
                return info.filename, content
            return info.filename, content, _beside(archive, usable, info)
    raise SubmissionError("zip에 노트북(.ipynb)이 없습니다.", "The zip holds no notebook (.ipynb).")


def _beside(archive: zipfile.ZipFile, usable: list, notebook: zipfile.ZipInfo) -> dict[str, bytes]:
    """The files beside the notebook in an otter export, as paths relative to its folder."""
    base = notebook.filename.rsplit("/", 1)[0] + "/" if "/" in notebook.filename else ""
    files, total = {}, 0
    for info in usable:
        name = info.filename
        if info is notebook or not name.startswith(base) or name.lower().endswith((".ipynb", ".pdf")):
            continue
        rel = name[len(base):]
        parts = rel.split("/")
        if not rel or ".." in parts or any(p.startswith(".") or not p for p in parts) or rel.startswith("/"):
            continue
        total += info.file_size
        if total > MAX_FILES_BYTES or len(files) >= 200:
            break
        with archive.open(info) as f:
            files[rel] = f.read(MAX_FILES_BYTES + 1)[:MAX_FILES_BYTES]
    return files
