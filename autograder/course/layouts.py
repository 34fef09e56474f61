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

Classroom repositories are found below the given folder too (the folder above
``<assignment>-submissions/``); what is graded is the committed file, timed by the last commit
that changed it. A zip that is an LMS's bulk download is unpacked safely into a work folder and
read as its own layout wherever it is given: as the only argument, beside other arguments or
inside a class folder. Zip member names without the UTF-8 flag are read as UTF-8, then CP949,
then CP437. Several files for one student: the newest by submission time is graded, the others
are listed in :attr:`Found.others`. A student who handed in no notebook (a PDF, ``.ipynb.txt``,
Moodle online text) still gets a submission, which grades as an error naming the file, and a
warning. Nothing here runs or imports a submission.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import re
import subprocess
import tempfile
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
REPO_DEPTH = 4  # how far below a given folder Classroom repositories are looked for
BUNDLE_DEPTH = 2  # LMS bundles inside unpacked LMS bundles, at most this deep
# Bundles being expanded as their own class folders: never one student's submission.
_EXPANDED: contextvars.ContextVar[frozenset] = contextvars.ContextVar("expanded_bundles", default=frozenset())


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
    warnings: list[str] = field(default_factory=list)  # English / Korean lines about this submission

    @property
    def key(self) -> str:
        return self.identity.key

    def meta(self) -> dict:
        """What the gradebook keeps about this submission (JSON-safe)."""
        return {"identity": self.identity.to_dict(), "layout": self.layout, "path": str(self.path),
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                "time_source": self.time_source, "late_marker": self.late_marker, "commit": self.commit,
                "others": list(self.others), "extra": dict(self.extra), "warnings": list(self.warnings)}


@dataclass
class Discovery:
    found: list[Found]
    layout: str
    notes: list[str] = field(default_factory=list)  # English + Korean lines for the terminal


# ---------------------------------------------------------------------------------------------


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _handed_in(p: Path) -> bool:
    """A file a student may have handed in (any kind), not litter and not a bundle being expanded."""
    return p.is_file() and not p.name.startswith(".") and p not in _EXPANDED.get()


def _usable(p: Path) -> bool:
    return p.suffix.lower() in SUFFIXES and _handed_in(p)


def _all_under(folder: Path) -> list[Path]:
    """Every file anywhere below ``folder``, skipping VCS/editor folders and public tests."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _JUNK_DIRS and not d.startswith("."))
        out += [Path(root) / f for f in sorted(files) if _handed_in(Path(root) / f)]
    return out


def _files_under(folder: Path) -> list[Path]:
    """Submittable files anywhere below ``folder``, skipping VCS/editor folders and public tests."""
    return [p for p in _all_under(folder) if p.suffix.lower() in SUFFIXES]


def _is_repo(d: Path) -> bool:
    return (d / ".git").exists()


def _repos_below(folder: Path, depth: int = REPO_DEPTH) -> list[Path]:
    """Git repositories strictly below ``folder`` (at most ``depth`` levels), not looking inside one."""
    out = []
    try:
        children = sorted(e for e in folder.iterdir() if e.is_dir() and e.name not in _JUNK_DIRS
                          and not e.name.startswith("."))
    except OSError:
        return out
    for d in children:
        if _is_repo(d):
            out.append(d)
        elif depth > 1:
            out += _repos_below(d, depth - 1)
    return out


def _no_notebook(found: Found, files: list[Path], base: Path) -> Found:
    """A student who handed in files but no notebook: graded (as an error naming the file), and said so."""
    names = ", ".join(_rel(files, base)[:10]) + (" …" if len(files) > 10 else "")
    found.extra["no_notebook"] = _rel(files, base)[:50]
    found.warnings.append(f"{found.key}: no notebook (.ipynb, .py or .zip) was handed in, only {names}; it is graded "
                          f"as an error / {found.key}: 노트북(.ipynb, .py, .zip) 없이 {names} 파일만 제출해서 오류로 채점합니다")
    return found


def _choose(handed: list[Path], time_of=None) -> tuple[Path, datetime | None, list[Path], bool]:
    """(file to grade, its time, the student's other notebooks, whether it is a notebook) among
    everything one student handed in: :func:`_pick` among the notebooks (timed by ``time_of``,
    default the file's), else the newest file of any kind, so that its error names what was
    handed in last (its others are then every other file)."""
    gradable = [p for p in handed if p.suffix.lower() in SUFFIXES]
    if gradable:
        chosen, when, others = _pick([(p, time_of(p) if time_of else _mtime(p)) for p in gradable])
        return chosen, when, others, True
    return (*_newest(handed), False)


def _newest(files: list[Path]) -> tuple[Path, datetime, list[Path]]:
    """(the newest of ``files``, its time, the others), for a student whose files hold no notebook."""
    chosen = max(files, key=lambda p: (_mtime(p), str(p)))
    return chosen, _mtime(chosen), [p for p in files if p != chosen]


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
    dirs = [e for e in entries if e.is_dir() and e.name not in _JUNK_DIRS]
    # Classroom: git repositories here or a few levels down (the folder above `gh`'s
    # <assignment>-submissions/), unless a folder beside them is a plain student folder.
    gitty = [d for d in dirs if _is_repo(d) or _repos_below(d, REPO_DEPTH - 1)]
    if gitty and not any(_files_under(d) for d in dirs if d not in gitty):
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
        repos = _repos_below(d)
        if len(repos) > 1:  # never the whole class as one student
            raise LayoutError(
                f"{d} 안에 git 저장소가 {len(repos)}개 있습니다 (GitHub Classroom). 한 학생의 폴더가 아닙니다: "
                f"--layout classroom을 쓰거나 --layout을 빼세요.",
                f"{d} holds {len(repos)} git repositories (GitHub Classroom), not one student's folder: "
                f"use --layout classroom, or leave --layout out")
        handed = _all_under(d)
        if handed:
            chosen, when, others, notebook = _choose(handed)
            f = Found(chosen, Identity(key=_nfc(d.name)), "folders", when, "file", others=_rel(others, d),
                      extra={"folder": d.name})
            found.append(f if notebook else _no_notebook(f, handed, d))
    return found


def _git_cmd(repo: Path, *args: str) -> tuple[list[str], dict]:
    cmd = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "safe.directory=*",
           "-c", "core.quotePath=false", "--no-pager", "-C", str(repo), *args]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0",
           "GIT_LITERAL_PATHSPECS": "1"}  # a file named hw[1].ipynb is that file, not a pattern
    return cmd, env


def _git(repo: Path, *args: str) -> str:
    """Read-only git in a collected repository, with its hooks and fsmonitor disabled."""
    cmd, env = _git_cmd(repo, *args)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _git_blob(repo: Path, commit: str, path: str, dest: Path) -> bool:
    """Write the file ``path`` as committed in ``commit`` to ``dest`` (``git cat-file``: no filters run)."""
    cmd, env = _git_cmd(repo, "cat-file", "blob", f"{commit}:{path}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(dest, "wb") as out:
            done = subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, timeout=60, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _tracked(repo: Path, commit: str) -> dict[str, str]:
    """The regular files of ``commit`` -> their blob ids (paths relative to the repository),
    without litter and public tests."""
    cmd, env = _git_cmd(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=30, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    files = {}
    for entry in out.stdout.split(b"\0"):
        head, _, name_b = entry.partition(b"\t")
        mode, _, rest = head.partition(b" ")
        kind, _, oid = rest.partition(b" ")
        name = name_b.decode("utf-8", "surrogateescape")
        if kind != b"blob" or mode not in (b"100644", b"100755"):  # no links, no submodules
            continue
        parts = name.split("/")
        if name and not name.startswith("/") and not any(part in _JUNK_DIRS or part.startswith(".") or not part
                                                         for part in parts):
            files[name] = oid.decode()
    return dict(sorted(files.items()))


def _blob_id(path: Path, like: str) -> str | None:
    """The git blob id of a file on disk (SHA-1, or SHA-256 for such repositories), in Python:
    ``git hash-object`` could run a clean filter the repository configures."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    algo = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return algo(b"blob %d\0" % len(data) + data).hexdigest()


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


def _classroom(folder: Path, assignment_id: str | None, work: Path | None = None) -> list[Found]:
    """``<assignment>-<login>/`` repositories below ``folder`` (directly, or in ``gh``'s
    ``<assignment>-submissions/`` a few levels down); each is graded as committed."""
    repos = _repos_below(folder)
    if not repos:
        raise LayoutError(f"{folder} 아래 {REPO_DEPTH}단계 안에 git 저장소가 없습니다. `gh classroom clone student-repos`로 "
                          f"받은 폴더(<과제>-submissions)나 그 위 폴더를 주세요.",
                          f"no git repositories within {REPO_DEPTH} levels below {folder}; give the folder "
                          f"`gh classroom clone student-repos` made (<assignment>-submissions) or one above it")
    made: list[Path] = []

    def work_for(repo: Path):
        def where() -> Path:  # made only when a committed file has to be written out
            if work:
                return Path(work) / "classroom" / _rel([repo], folder)[0]
            if not made:
                made.append(Path(tempfile.mkdtemp(prefix="autograder-classroom-")))
            return made[0] / repo.name
        return where

    by_parent: dict[Path, list[Path]] = {}
    for repo in repos:
        by_parent.setdefault(repo.parent, []).append(repo)
    found = []
    for parent, group in by_parent.items():
        prefix = _common_prefix([d.name for d in group])
        if not prefix:  # one repository: `gh` names the folder <assignment>-submissions
            stem = parent.name.removesuffix("-submissions")
            prefix = f"{stem}-" if group[0].name.startswith(f"{stem}-") and stem != parent.name else ""
        for repo in group:
            f = _classroom_repo(repo, prefix, assignment_id, work_for(repo))
            if f is not None:
                found.append(f)
    return found


def _classroom_repo(repo: Path, prefix: str, assignment_id: str | None, work) -> Found | None:
    login = repo.name[len(prefix):] if prefix and repo.name.startswith(prefix) else repo.name
    identity = Identity(key=_nfc(login), login=login)
    head = _git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    if not head:  # no commit to grade: what is on disk, timed by the file (and said so)
        files = _files_under(repo)
        if not files:
            return None
        chosen, when, others = _pick([(f, _mtime(f)) for f in files])
        return Found(chosen, identity, "classroom", when, "file", others=_rel(others, repo),
                     extra={"repo": repo.name},
                     warnings=[f"{login}: the repository has no commit; the working tree is graded / "
                               f"{login}: 저장소에 커밋이 없어 작업 폴더의 파일을 채점합니다"])
    tracked = _tracked(repo, head)
    usable = [n for n in tracked if Path(n).suffix.lower() in SUFFIXES]
    stamped = []
    for name in usable or list(tracked)[:50]:  # no notebook: what was handed in, for the message
        sha, _, when = _git(repo, "log", "-1", "--format=%H%x00%cI", head, "--", name).partition("\0")
        stamped.append((name, sha, _iso(when)))
    if not stamped:
        return None
    if usable:
        named = [c for c in stamped if assignment_id and Path(c[0]).stem.startswith(assignment_id)]
        pool = [(Path(n), t) for n, _, t in (named or stamped)]  # the assignment's own notebook wins
        chosen_path, _, _ = _pick(pool)
        chosen = chosen_path.as_posix()
    else:
        chosen = max(stamped, key=lambda c: (c[2] or datetime.min.replace(tzinfo=timezone.utc), c[0]))[0]
    _, sha, when = next(c for c in stamped if c[0] == chosen)
    others = [n for n, _, _ in stamped if n != chosen]
    # sha and time are the commit that last changed the graded file; its content is graded as
    # committed (in HEAD): the working tree's file only when it is byte for byte the same.
    extra = {"repo": repo.name, "file": chosen, "head": head}
    warnings = []
    on_disk = repo / chosen
    if on_disk.is_file() and not on_disk.is_symlink() and _blob_id(on_disk, tracked[chosen]) == tracked[chosen]:
        path = on_disk
    else:
        path = work() / chosen
        if not _git_blob(repo, head, chosen, path):
            raise LayoutError(f"{repo}: 커밋 {head[:12]}에서 {chosen}을(를) 읽을 수 없습니다.",
                              f"{repo}: cannot read {chosen} from commit {head[:12]}")
        if when:
            try:
                os.utime(path, (when.timestamp(), when.timestamp()))
            except (OSError, OverflowError):
                pass
        missing = not on_disk.exists()
        warnings.append(f"{login}: the working tree's {chosen} "
                        f"{'is missing' if missing else 'differs from the commit'} ({head[:12]}); the committed file "
                        f"is graded / {login}: 작업 폴더의 {chosen}이(가) "
                        f"{'없습니다' if missing else '커밋과 다릅니다'} ({head[:12]}). 커밋된 파일을 채점합니다")
        extra["working_tree"] = "missing" if missing else "differs"
    result = Found(path, identity, "classroom", when or _mtime(path), "commit" if when else "file", commit=sha,
                   others=others, extra=extra, warnings=warnings)
    if not usable:
        _no_notebook(result, [repo / n for n in tracked], repo)
    return result


def _canvas(folder: Path) -> list[Found]:
    per: dict[str, list] = {}
    loose = []
    for p in _all_under(folder):
        m = _CANVAS.match(_nfc(p.name))
        if not m:
            if p.suffix.lower() in SUFFIXES:
                loose.append(p)
            continue
        per.setdefault(m["uid"], []).append((p, m))
    found = _flat(loose)
    for uid, items in sorted(per.items()):
        handed = [p for p, _ in items]
        chosen, when, others, notebook = _choose(handed)
        if notebook:  # the student's other files are listed too
            others += [p for p in handed if p.suffix.lower() not in SUFFIXES]
        m = next(m for p, m in items if p == chosen)
        prefix = f"{m['name']}{m['late'] or ''}_{uid}_{m['sid']}_"
        f = Found(chosen, Identity(key=f"{m['name']}_{uid}", name=m["name"], lms_id=uid), "canvas", when,
                  "file", late_marker=bool(m["late"]), others=_rel(others, folder),
                  extra={"prefix": prefix, "submission_id": m["sid"]})
        found.append(f if notebook else _no_notebook(f, handed, folder))
    return found


def _moodle(folder: Path) -> list[Found]:
    per: dict[str, list] = {}  # participant id -> the files of its file submissions
    handed: dict[str, list] = {}  # participant id -> everything it handed in (online text too)
    names: dict[str, str] = {}
    for entry in sorted(folder.iterdir()):
        m = _MOODLE.match(_nfc(entry.name))
        if not m:
            continue
        everything = _all_under(entry) if entry.is_dir() else [entry] if _handed_in(entry) else []
        handed.setdefault(m["pid"], []).extend(everything)
        per.setdefault(m["pid"], [])
        if m["plugin"] == "file":  # online text and comments are never the notebook
            per[m["pid"]].extend(f for f in everything if f.suffix.lower() in SUFFIXES)
        names[m["pid"]] = m["name"]
    found = []
    for pid, files in sorted(per.items()):
        name = names[pid]
        identity = Identity(key=f"{name}_{pid}", name=name, lms_id=pid)
        extra = {"prefix": f"{name}_{pid}_assignsubmission_file_"}
        if files or handed[pid]:  # no file submission (online text only): the newest of what was handed in
            chosen, when, others = _pick([(f, _mtime(f)) for f in files]) if files else _newest(handed[pid])
            f = Found(chosen, identity, "moodle", when, "file", others=_rel(others, folder), extra=extra)
            found.append(f if files else _no_notebook(f, handed[pid], folder))
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
        everything = _all_under(d)
        if not everything:
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
        chosen, _, others, notebook = _choose(everything, lambda f: when)  # the LMS's time, one per submission
        key = sid or email.split("@")[0] or d.name
        f = Found(chosen, Identity(key=_nfc(key), id=sid, name=str(_gs_value(first, "name") or ""),
                                   email=email, lms_id=m["sid"] if m else d.name),
                  "gradescope", when or _mtime(chosen), "lms" if when else "file",
                  others=_rel(others, d),
                  extra={"submitters": [str(_gs_value(p, "name") or "") for p in people if isinstance(p, dict)]})
        found.append(f if notebook else _no_notebook(f, everything, d))
    return found


# ---------------------------------------------------------------------------------------------
# LMS bundles (zip)


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as the uploader wrote it. Without the UTF-8 flag (bit 0x800) Python
    reads the name as CP437; Korean Windows and many LMSs write UTF-8 or CP949 without the flag,
    so the raw bytes are tried as UTF-8, then CP949, before CP437 is believed."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:  # not from the CP437 fallback (an Info-ZIP Unicode path field)
            raw = None
        if raw is not None:
            for encoding in ("utf-8", "cp949"):
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    return _nfc(name)


def bundle_layout(path: Path, strict: bool = False) -> str | None:
    """The LMS layout of a zip that holds several students' submissions, else None. Strict (a zip
    beside other arguments or inside a class folder, where it may be one student's otter export):
    only an LMS's own marks count, Gradescope's metadata or the names of at least two students.
    Not strict (the only argument): several notebooks are a bundle too (``"auto"``)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = [member_name(i).replace("\\", "/") for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    names = [n for n in names if "__MACOSX" not in n and not Path(n).name.startswith(".")]
    if any(Path(n).name == "submission_metadata.yml" for n in names):
        return "gradescope"
    need = 2 if strict else 1
    moodle = {m["pid"] for n in names for part in n.split("/")[:2] if (m := _MOODLE.match(part))}
    if len(moodle) >= need:
        return "moodle"
    canvas = {m["uid"] for n in names if (m := _CANVAS.match(Path(n).name))}
    if len(canvas) >= need:
        return "canvas"
    if strict:
        return None
    notebooks = [n for n in names if n.lower().endswith(".ipynb")]
    subs = [n for n in names if n.lower().endswith(SUFFIXES)]
    return "auto" if len(notebooks) > 1 or (not notebooks and len(subs) > 1) else None


def is_bundle(path: Path) -> bool:
    """A zip that holds several submissions (an LMS download), not one student's otter export."""
    return bundle_layout(path) is not None


def unpack(bundle: Path, into: Path, name: str | None = None) -> Path:
    """Unpack an LMS bundle safely (no absolute paths, no ``..``, no links, a size cap) into
    ``into/<name or the zip's stem>``; each member keeps its time from the zip, which is the
    LMS's record of the upload, and its name as the uploader wrote it (:func:`member_name`)."""
    import shutil
    import time as _time

    target = into / (name or _nfc(bundle.stem))
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    total = 0
    with zipfile.ZipFile(bundle) as z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise LayoutError("zip에 파일이 너무 많습니다.", "The zip holds too many files.")
        for info in infos:
            name = member_name(info).replace("\\", "/")
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


def _bundles_inside(folder: Path) -> list[Path]:
    """LMS bundles anywhere in a class folder (not inside git repositories)."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _JUNK_DIRS and not d.startswith(".")
                         and not _is_repo(Path(root) / d))
        out += [Path(root) / f for f in sorted(files) if f.lower().endswith(".zip") and not f.startswith(".")
                and bundle_layout(Path(root) / f, strict=True)]
    return out


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
    incoming = Path(work_dir or (paths[0].parent if paths else ".")) / ".incoming"
    taken: set[str] = set()

    def expand(bundle: Path) -> Path:
        name, n = _nfc(bundle.stem), 1
        while name in taken:
            n += 1
            name = f"{_nfc(bundle.stem)}-{n}"
        taken.add(name)
        unpacked = unpack(bundle, incoming, name)
        notes.append(f"unpacked {bundle.name} into {unpacked} / {bundle.name}의 압축을 풀었습니다")
        return unpacked

    # LMS bundles wherever they are: as the only argument (several notebooks are enough), beside
    # other arguments or inside a class folder (an LMS's own names); each is a class folder of its
    # own and never one student's submission.
    auto_folders: list[Path] = []  # unpacked bundles: always read as their own layout
    given: list[Path] = []
    bundles: set[Path] = set()
    for p in paths:
        lone = len(paths) == 1
        if p.is_file() and p.suffix.lower() == ".zip" and (
                (lone and (layout not in ("auto", "flat") or is_bundle(p))) or (not lone and bundle_layout(p, strict=True))):
            (given if lone else auto_folders).append(expand(p))
        else:
            given.append(p)
    frontier = [p for p in given + auto_folders if p.is_dir()]
    for depth in range(BUNDLE_DEPTH + 1):
        inner = [b for folder in frontier for b in _bundles_inside(folder) if b not in bundles]
        if not inner:
            break
        if depth == BUNDLE_DEPTH:
            raise LayoutError("zip 안에 LMS zip이 너무 깊이 들어 있습니다.", "LMS zips are nested too deeply.")
        bundles.update(inner)
        frontier = [expand(b) for b in inner]
        auto_folders += frontier
    token = _EXPANDED.set(frozenset(bundles))
    try:
        found, used = _discover(given, auto_folders, layout, assignment_id, incoming, notes)
    finally:
        _EXPANDED.reset(token)
    _check_unique(found)
    for f in found:
        if f.time_source == "file":
            f.extra.setdefault("time_note", "file modification time (last resort) / 파일 수정 시각 (다른 정보가 없음)")
        notes += [f"warning: {w}" for w in f.warnings]
    return Discovery(found, used, notes)


def _discover(given: list[Path], auto_folders: list[Path], layout: str, assignment_id: str | None,
              work: Path, notes: list[str]) -> tuple[list[Found], str]:
    files = [p for p in given if p.is_file() and p not in _EXPANDED.get()]
    found = _flat(files) if files else []
    used = "flat" if files else layout
    for folder, forced in [(f, layout) for f in given if f.is_dir()] + [(f, "auto") for f in auto_folders]:
        kind = detect(folder) if forced == "auto" else forced
        used = kind if used in ("auto", "flat") or used == kind else "mixed"
        if kind == "flat":
            found += _flat(sorted(p for p in folder.iterdir() if _usable(p)))
        elif kind == "folders":
            found += _folders(folder)
        elif kind == "classroom":
            found += _classroom(folder, assignment_id, work)
        elif kind == "canvas":
            found += _canvas(folder)
        elif kind == "moodle":
            found += _moodle(folder)
        elif kind == "gradescope":
            found += _gradescope(folder)
        if kind in ("flat", "canvas"):  # files no layout gives to a student: said, not silently dropped
            keys = {f.path for f in found} | {folder / o for f in found for o in f.others}
            left = [p for p in (folder.iterdir() if kind == "flat" else _all_under(folder))
                    if _handed_in(p) and p.suffix.lower() not in SUFFIXES and p not in keys]
            if left:
                names = ", ".join(_rel(left, folder)[:10]) + (" …" if len(left) > 10 else "")
                notes.append(f"warning: not graded, not a notebook (.ipynb, .py, .zip) and not named after a student: "
                             f"{names} / 채점하지 않은 파일 (노트북이 아니고 학생 이름도 없음): {names}")
    if used == "auto":
        used = "flat"
    return found, used


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
