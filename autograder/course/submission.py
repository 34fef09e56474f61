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
from dataclasses import dataclass
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
    if suffix == ".zip":
        name, data = _from_zip(data)
        suffix = Path(name).suffix.lower()
    if suffix == ".py":
        cells = split_script(_text(data))
    elif suffix == ".ipynb":
        cells = notebook_cells(_text(data))
    else:
        raise SubmissionError(f"'{path.suffix}' 파일은 채점할 수 없습니다. .ipynb, .py, .zip 중 하나를 제출하세요.",
                              f"Cannot grade a '{path.suffix}' file. Submit an .ipynb, .py or .zip.")
    return Submission(path, sha, len(data), [source for _, source in cells], [pos for pos, _ in cells])


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


def notebook_cells(text: str) -> list[tuple[int, str]]:
    """(position, source) of the code cells to run, skipping setup and public-check cells."""
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
        if runs_in_grading(source):
            cells.append((position, source))
    if not cells:
        raise SubmissionError("노트북에 코드 셀이 없습니다.", "The notebook has no code cells.")
    return _capped(cells)


_CELL_MARK = re.compile(r"^# ?%%.*$", re.MULTILINE)


def split_script(text: str) -> list[tuple[int, str]]:
    """A script's cells as (position, source): split at jupytext ``# %%`` markers."""
    parts = [p for p in _CELL_MARK.split(text) if p.strip()]
    cells = [(i, p) for i, p in enumerate(parts, 1) if runs_in_grading(p)]
    if not cells:
        raise SubmissionError("빈 스크립트입니다.", "The script is empty.")
    return _capped(cells)


def _capped(cells: list) -> list:
    if len(cells) > MAX_CELLS:
        raise SubmissionError(f"코드 셀이 너무 많습니다 ({len(cells)}개 > {MAX_CELLS}개). 셀을 합쳐서 다시 제출하세요.",
                              f"Too many code cells ({len(cells)} > {MAX_CELLS}). Merge cells and resubmit.")
    return cells


def _from_zip(data: bytes) -> tuple[str, bytes]:
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
            return info.filename, content
    raise SubmissionError("zip에 노트북(.ipynb)이 없습니다.", "The zip holds no notebook (.ipynb).")
