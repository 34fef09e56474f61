"""Class folders as they arrive: which file is whose, and when it was submitted.

``discover(paths, layout="auto")`` understands the layouts instructors get from their tools and
returns one :class:`Found` per student, each with an :class:`Identity` and a submission time:

* ``flat``       files named after the student (``kim.ipynb``); the key is the file's stem
* ``folders``    one folder per student (``kim/hw.ipynb``); the key is the folder's name
* ``classroom``  ``gh classroom clone student-repos``: ``<assignment>-<login>/`` git repositories;
                 the graded commit's sha and commit time are recorded
* ``canvas``     Canvas "Download Submissions": ``<name>[_LATE]_<user id>_<submission id>_<file>``
* ``moodle``     Moodle "Download all submissions": ``<Full Name>_<participant id>_assignsubmission_file_/<file>``
                 (or the same prefix on flat file names)
* ``gradescope`` Gradescope "Export Submissions": ``submission_metadata.yml`` + ``submission_<id>/``

A zip given as the only argument that holds more than one submission (an LMS's bulk download)
is unpacked safely into a work folder first. Several files for one student: the newest by
submission time is graded, the others are listed in :attr:`Found.others`. Nothing here runs or
imports a submission.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

SUFFIXES = (".ipynb", ".py", ".zip")
LAYOUTS = ("auto", "flat", "folders", "classroom", "canvas", "moodle", "gradescope")
# Never submissions: VCS and editor litter, the public tests the release bundle ships.
_JUNK_DIRS = {".git", ".github", "__MACOSX", ".ipynb_checkpoints", "__pycache__", "tests", "node_modules", ".venv"}
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$")
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.*)$")
_GS_FOLDER = re.compile(r"^submission_(?P<sid>\d+)$")
MAX_UNPACKED = 2 << 30  # bytes an LMS bundle may unpack to
MAX_MEMBERS = 20000


class LayoutError(Exception):
    def __init__(self, ko: str, en: str):
        super().__init__(en)
        self.ko, self.en = ko, en

    def __str__(self) -> str:
        return f"{self.en} / {self.ko}"


@dataclass
class Identity:
    key: str  # unique in the class folder: the gradebook's submission name and the output folder
    id: str = ""  # student number (SIS id) when the layout or roster says it
    login: str = ""  # GitHub login
    name: str = ""
    email: str = ""
    lms_id: str = ""  # Canvas user id, Moodle participant id, Gradescope submission id

    def to_dict(self) -> dict:
        return dict(vars(self))


@dataclass
class Found:
    path: Path
    identity: Identity
    layout: str
    submitted_at: datetime | None = None
    time_source: str = ""  # commit | lms | file
    late_marker: bool = False  # the LMS marked it late (Canvas's LATE)
    commit: str = ""
    others: list[str] = field(default_factory=list)  # this student's files that were not graded
    extra: dict = field(default_factory=dict)  # what feedback bundles need: the LMS's name prefix, repo folder

    @property
    def key(self) -> str:
        return self.identity.key

    def meta(self) -> dict:
        """What the gradebook keeps about this submission (JSON-safe)."""
        return {"identity": self.identity.to_dict(), "layout": self.layout, "path": str(self.path),
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                "time_source": self.time_source, "late_marker": self.late_marker, "commit": self.commit,
                "others": list(self.others), "extra": dict(self.extra)}


@dataclass
class Discovery:
    found: list[Found]
    layout: str
    notes: list[str] = field(default_factory=list)  # English + Korean lines for the terminal


# ---------------------------------------------------------------------------------------------


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _usable(p: Path) -> bool:
    return p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")


def _files_under(folder: Path) -> list[Path]:
    """Submittable files anywhere below ``folder``, skipping VCS/editor folders and public tests."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _JUNK_DIRS and not d.startswith("."))
        out += [Path(root) / f for f in sorted(files) if _usable(Path(root) / f)]
    return out


def _mtime(p: Path) -> datetime:
    return datetime.fromtimestamp(p.stat().st_mtime, tz=timezone.utc)


def _pick(candidates: list[tuple[Path, datetime | None]]) -> tuple[Path, datetime | None, list[Path]]:
    """The file to grade among one student's: notebooks before scripts and zips, then the newest."""
    best_kind = min(_kind(p) for p, _ in candidates)
    pool = [c for c in candidates if _kind(c[0]) == best_kind]
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    pool.sort(key=lambda c: (c[1] or oldest, str(c[0])), reverse=True)
    chosen, when = pool[0]
    return chosen, when, [p for p, _ in candidates if p != chosen]


def _kind(p: Path) -> int:
    return 0 if p.suffix.lower() == ".ipynb" else 1


def _rel(paths: list[Path], base: Path) -> list[str]:
    out = []
    for p in paths:
        try:
            out.append(str(p.relative_to(base)))
        except ValueError:
            out.append(str(p))
    return out


# ---------------------------------------------------------------------------------------------
# Detection


def detect(folder: Path) -> str:
    """The layout of a class folder, from what is in it."""
    if (folder / "submission_metadata.yml").is_file():
        return "gradescope"
    entries = [e for e in folder.iterdir() if not e.name.startswith(".") and e.name != "__MACOSX"]
    names = [_nfc(e.name) for e in entries]
    if any(_MOODLE.match(n) for n in names):
        return "moodle"
    if any(e.is_file() and _CANVAS.match(_nfc(e.name)) and _usable(e) for e in entries):
        return "canvas"
    dirs = [e for e in entries if e.is_dir()]
    if dirs and any((d / ".git").exists() for d in dirs):
        return "classroom"
    if dirs and any(_files_under(d) for d in dirs):
        return "folders"
    return "flat"


# ---------------------------------------------------------------------------------------------
# Layouts


def as_found(path: Path) -> Found:
    """A single file given by path: keyed by its stem, timed by its modification time."""
    return _flat([Path(path)])[0]


def _flat(folder_or_files: list[Path], layout: str = "flat") -> list[Found]:
    return [Found(p, Identity(key=_nfc(p.stem)), layout, _mtime(p), "file") for p in folder_or_files]


def _folders(folder: Path) -> list[Found]:
    found = _flat(sorted(p for p in folder.iterdir() if _usable(p)))
    for d in sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in _JUNK_DIRS and not p.name.startswith(".")):
        files = _files_under(d)
        if not files:
            continue
        chosen, when, others = _pick([(f, _mtime(f)) for f in files])
        found.append(Found(chosen, Identity(key=_nfc(d.name)), "folders", when, "file", others=_rel(others, d),
                           extra={"folder": d.name}))
    return found


def _git(repo: Path, *args: str) -> str:
    """Read-only git in a collected repository, with its hooks and fsmonitor disabled."""
    cmd = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "safe.directory=*",
           "--no-pager", "-C", str(repo), *args]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def _common_prefix(names: list[str]) -> str:
    """The ``<assignment>-`` prefix GitHub Classroom puts before every login."""
    if len(names) < 2:
        return ""
    prefix = os.path.commonprefix(names)
    return prefix[: prefix.rfind("-") + 1] if "-" in prefix else ""


def _classroom(folder: Path, assignment_id: str | None) -> list[Found]:
    repos = sorted(d for d in folder.iterdir() if d.is_dir() and (d / ".git").exists())
    prefix = _common_prefix([d.name for d in repos])
    if not prefix and repos:  # one repository: `gh` names the folder <assignment>-submissions
        parent = folder.name.removesuffix("-submissions")
        prefix = f"{parent}-" if repos[0].name.startswith(f"{parent}-") and parent != folder.name else ""
    found = []
    for repo in repos:
        files = _files_under(repo)
        if not files:
            continue
        head = _git(repo, "log", "-1", "--format=%H%x00%cI")
        sha, _, when = head.partition("\0")
        stamped = []
        for f in files:
            t = _iso(_git(repo, "log", "-1", "--format=%cI", "--", str(f.relative_to(repo))))
            stamped.append((f, t))
        named = [c for c in stamped if assignment_id and c[0].stem.startswith(assignment_id)]
        chosen, _, _ = _pick(named or stamped)  # the assignment's own notebook wins over scratch files
        others = [f for f, _ in stamped if f != chosen]
        login = repo.name[len(prefix):] if prefix and repo.name.startswith(prefix) else repo.name
        found.append(Found(chosen, Identity(key=_nfc(login), login=login), "classroom",
                           _iso(when) or _mtime(chosen), "commit" if when else "file", commit=sha,
                           others=_rel(others, repo), extra={"repo": repo.name}))
    return found


def _canvas(folder: Path) -> list[Found]:
    per: dict[str, list] = {}
    loose = []
    for p in _files_under(folder):
        m = _CANVAS.match(_nfc(p.name))
        if not m:
            loose.append(p)
            continue
        per.setdefault(m["uid"], []).append((p, m))
    found = _flat(loose)
    for uid, items in sorted(per.items()):
        chosen, when, others = _pick([(p, _mtime(p)) for p, _ in items])
        m = next(m for p, m in items if p == chosen)
        prefix = f"{m['name']}{m['late'] or ''}_{uid}_{m['sid']}_"
        found.append(Found(chosen, Identity(key=f"{m['name']}_{uid}", name=m["name"], lms_id=uid), "canvas", when,
                           "file", late_marker=bool(m["late"]), others=_rel(others, folder),
                           extra={"prefix": prefix, "submission_id": m["sid"]}))
    return found


def _moodle(folder: Path) -> list[Found]:
    per: dict[str, list] = {}
    names: dict[str, str] = {}
    for entry in sorted(folder.iterdir()):
        m = _MOODLE.match(_nfc(entry.name))
        if not m:
            continue
        if entry.is_dir():
            files = _files_under(entry)
        elif _usable(entry):
            files = [entry]
        else:
            continue  # online text, comments
        per.setdefault(m["pid"], []).extend(files)
        names[m["pid"]] = m["name"]
    found = []
    for pid, files in sorted(per.items()):
        if not files:
            continue
        chosen, when, others = _pick([(f, _mtime(f)) for f in files])
        name = names[pid]
        found.append(Found(chosen, Identity(key=f"{name}_{pid}", name=name, lms_id=pid), "moodle", when, "file",
                           others=_rel(others, folder),
                           extra={"prefix": f"{name}_{pid}_assignsubmission_file_"}))
    return found


def _gs_value(d: dict, key: str):
    """Gradescope writes Ruby symbols as keys (``:submitters:``); accept both spellings."""
    for k in (f":{key}", key):
        if k in d:
            return d[k]
    return None


def _gradescope(folder: Path) -> list[Found]:
    import yaml  # only for this layout

    try:
        meta = yaml.safe_load((folder / "submission_metadata.yml").read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as e:
        raise LayoutError(f"Gradescope의 submission_metadata.yml을 읽을 수 없습니다: {e}",
                          f"Cannot read Gradescope's submission_metadata.yml: {e}") from None
    found = []
    for sub_name, info in sorted(meta.items()):
        d = folder / str(sub_name)
        if not d.is_dir() or not isinstance(info, dict):
            continue
        files = _files_under(d)
        if not files:
            continue
        people = _gs_value(info, "submitters") or [{}]
        first = people[0] if isinstance(people[0], dict) else {}
        created = _gs_value(info, "created_at")
        when = created if isinstance(created, datetime) else _iso(str(created or "").replace(" UTC", "+00:00"))
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        sid = str(_gs_value(first, "sid") or "")
        email = str(_gs_value(first, "email") or "")
        m = _GS_FOLDER.match(d.name)
        chosen, _, others = _pick([(f, when) for f in files])
        key = sid or email.split("@")[0] or d.name
        found.append(Found(chosen, Identity(key=_nfc(key), id=sid, name=str(_gs_value(first, "name") or ""),
                                            email=email, lms_id=m["sid"] if m else d.name),
                           "gradescope", when or _mtime(chosen), "lms" if when else "file",
                           others=_rel(others, d),
                           extra={"submitters": [str(_gs_value(p, "name") or "") for p in people if isinstance(p, dict)]}))
    return found


# ---------------------------------------------------------------------------------------------
# LMS bundles (zip)


def is_bundle(path: Path) -> bool:
    """A zip that holds several submissions (an LMS download), not one student's otter export."""
    try:
        with zipfile.ZipFile(path) as z:
            names = [i.filename for i in z.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
    except (zipfile.BadZipFile, OSError):
        return False
    if any(Path(n).name == "submission_metadata.yml" for n in names):
        return True
    subs = [n for n in names if n.lower().endswith((".ipynb", ".py", ".zip")) and not Path(n).name.startswith(".")]
    return len(subs) > 1 or any(_CANVAS.match(Path(n).name) or _MOODLE.match(n.split("/")[0]) for n in subs)


def unpack(bundle: Path, into: Path) -> Path:
    """Unpack an LMS bundle safely (no absolute paths, no ``..``, no links, a size cap); each
    member keeps its time from the zip, which is the LMS's record of the upload."""
    import shutil
    import time as _time

    target = into / _nfc(bundle.stem)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    total = 0
    with zipfile.ZipFile(bundle) as z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise LayoutError("zip에 파일이 너무 많습니다.", "The zip holds too many files.")
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            if not parts or ".." in parts or name.startswith("/") or (info.external_attr >> 28) == 0o12:
                continue
            dest = target.joinpath(*parts)
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            total += info.file_size
            if total > MAX_UNPACKED:
                raise LayoutError("zip을 풀면 너무 큽니다.", "The zip unpacks to too much data.")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
            try:
                stamp = _time.mktime((*info.date_time, 0, 0, -1))
                os.utime(dest, (stamp, stamp))
            except (OverflowError, ValueError):
                pass
    # A bundle that wraps everything in one folder (Gradescope's assignment_<id>_export/)
    entries = [e for e in target.iterdir() if e.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir() and not _MOODLE.match(entries[0].name):
        return entries[0]
    return target


# ---------------------------------------------------------------------------------------------


def discover(paths: list[Path], layout: str = "auto", assignment_id: str | None = None,
             work_dir: Path | None = None) -> Discovery:
    """One :class:`Found` per student from the given files and folders."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise LayoutError(f"파일이나 폴더가 없습니다: {p}", f"no such file or folder: {p}")
    notes: list[str] = []
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() == ".zip" and (
            layout not in ("auto", "flat") or is_bundle(paths[0])):
        unpacked = unpack(paths[0], Path(work_dir or paths[0].parent) / ".incoming")
        notes.append(f"unpacked {paths[0].name} into {unpacked} / {paths[0].name}의 압축을 풀었습니다")
        paths = [unpacked]
    files = [p for p in paths if p.is_file()]
    folders = [p for p in paths if p.is_dir()]
    found = _flat(files) if files else []
    used = "flat" if files else layout
    for folder in folders:
        kind = detect(folder) if layout == "auto" else layout
        used = kind if used in ("auto", "flat") or used == kind else "mixed"
        if kind == "flat":
            found += _flat(sorted(p for p in folder.iterdir() if _usable(p)))
        elif kind == "folders":
            found += _folders(folder)
        elif kind == "classroom":
            found += _classroom(folder, assignment_id)
        elif kind == "canvas":
            found += _canvas(folder)
        elif kind == "moodle":
            found += _moodle(folder)
        elif kind == "gradescope":
            found += _gradescope(folder)
    if used == "auto":
        used = "flat"
    _check_unique(found)
    for f in found:
        if f.time_source == "file":
            f.extra.setdefault("time_note", "file modification time (last resort) / 파일 수정 시각 (다른 정보가 없음)")
    return Discovery(found, used, notes)


def _check_unique(found: list[Found]) -> None:
    from autograder.course.names import output_key

    groups: dict[str, list[Found]] = {}
    for f in found:
        groups.setdefault(output_key(f.key), []).append(f)
    clashes = [g for g in groups.values() if len(g) > 1]
    if clashes:
        which = "; ".join(" / ".join(str(f.path) for f in g) for g in clashes)
        raise LayoutError(f"결과 폴더가 겹치는 제출물이 있습니다. 하나씩 이름을 바꾸세요: {which}",
                          f"these submissions would write to the same output folder (names that differ only in case, "
                          f"spaces or unsafe characters); rename one of each: {which}")


def declared_assignment(path: Path) -> str | None:
    """The assignment a notebook's metadata names (``metadata.autograder.assignment``), if any."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as z:
                nbs = [i for i in z.infolist() if i.filename.lower().endswith(".ipynb") and "__MACOSX" not in i.filename]
                if len(nbs) != 1 or nbs[0].file_size > (20 << 20):
                    return None
                raw = z.read(nbs[0])
        elif path.suffix.lower() == ".ipynb":
            if path.stat().st_size > (20 << 20):
                return None
            raw = path.read_bytes()
        else:
            return None
        meta = json.loads(raw.decode("utf-8-sig")).get("metadata", {})
        value = meta.get("autograder", {}).get("assignment")
        return str(value) if value else None
    except (ValueError, OSError, AttributeError, zipfile.BadZipFile, RecursionError):
        return None
