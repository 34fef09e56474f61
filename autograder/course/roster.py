"""The class roster: who is enrolled, and which submission is whose.

``roster.csv`` (UTF-8, with or without a BOM; CP949 as Korean Excel saves it is read too) has a
header row; the columns are recognised by name, in English or Korean:

    id (학번, student_id, sis_user_id) · name (이름) · email (이메일) · section (분반)
    github (login, github_login, 깃허브) · lms_id (canvas_id, moodle_id, lms) · sis_login
    extension (연장): a duration (``2d``, ``36h``, ``90m``) or a personal due date (ISO 8601)

A submission's identity is matched to a student by GitHub login, LMS id, student id, e-mail,
then name (only when the name is unique in the roster).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ALIASES = {
    "id": ("id", "student_id", "studentid", "sis_user_id", "sis user id", "학번", "아이디", "student number"),
    "name": ("name", "full name", "fullname", "student", "이름", "성명"),
    "email": ("email", "e-mail", "email address", "이메일", "메일"),
    "section": ("section", "분반", "반"),
    "github": ("github", "login", "github_login", "github login", "github_username", "깃허브"),
    "lms_id": ("lms_id", "lms id", "canvas_id", "canvas id", "moodle_id", "participant id", "lms", "user_id"),
    "sis_login": ("sis_login", "sis login id", "sis_login_id"),
    "extension": ("extension", "연장", "extension_until", "due"),
}
FIELDS = tuple(ALIASES)


class RosterError(Exception):
    pass


@dataclass
class Student:
    id: str
    name: str = ""
    email: str = ""
    section: str = ""
    github: str = ""
    lms_id: str = ""
    sis_login: str = ""
    extension: str = ""

    def to_dict(self) -> dict:
        return dict(vars(self))


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp949"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RosterError("the roster is neither UTF-8 nor CP949 / 명단 파일의 인코딩을 알 수 없습니다 (UTF-8로 저장하세요)")


def read_roster(path: Path) -> list[Student]:
    text = _decode(Path(path).read_bytes())
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise RosterError(f"the roster {path} is empty / 명단이 비어 있습니다")
    columns: dict[str, str] = {}
    for header in reader.fieldnames:
        h = _norm(header or "").replace("-", "_") if header else ""
        for field_name, names in ALIASES.items():
            if field_name not in columns and (h in names or h.replace("_", " ") in names):
                columns[field_name] = header
    if "id" not in columns and "email" not in columns and "github" not in columns:
        raise RosterError(f"the roster needs an id, email or github column; found {reader.fieldnames} / "
                          "명단에 학번(id), 이메일(email), 깃허브(github) 열 중 하나가 있어야 합니다")
    students, seen = [], set()
    for row in reader:
        values = {f: (row.get(h) or "").strip() for f, h in columns.items()}
        if not any(values.values()):
            continue
        values["name"] = unicodedata.normalize("NFC", values.get("name", ""))
        sid = values.get("id") or values.get("email") or values.get("github")
        if sid in seen:
            raise RosterError(f"student {sid} appears twice in the roster / 명단에 {sid} 학생이 두 번 있습니다")
        seen.add(sid)
        students.append(Student(**{**{f: "" for f in FIELDS}, **values, "id": sid}))
    return students


def match(identity: dict, students: list[Student]) -> Student | None:
    """The roster entry a submission's identity belongs to, or None."""
    by = [("login", "github"), ("lms_id", "lms_id"), ("id", "id"), ("email", "email")]
    for mine, theirs in by:
        value = _norm(identity.get(mine, ""))
        if value:
            hits = [s for s in students if _norm(getattr(s, theirs)) == value]
            if len(hits) == 1:
                return hits[0]
    key = _norm(identity.get("key", ""))
    if key:
        hits = [s for s in students if key in (_norm(s.id), _norm(s.github), _norm(s.email))]
        if len(hits) == 1:
            return hits[0]
    name = _norm(identity.get("name", ""))
    if name:
        hits = [s for s in students if _norm(s.name) == name or _norm(s.name).replace(" ", "") == name.replace(" ", "")]
        if len(hits) == 1:
            return hits[0]
    # A folder or file named "2025001 김민수" or "2025002_이지원": a student id among its words,
    # confirmed by the name when the name is there too.
    words = set(w for w in _WORDS.split(key) if w)
    hits = [s for s in students if len(s.id) >= 4 and _norm(s.id) in words]
    if len(hits) == 1:
        others = {_norm(s.name).replace(" ", "") for s in students if s is not hits[0] and s.name}
        if not words & others:  # "2025001_이지원" names someone else: no guess
            return hits[0]
    return None


_WORDS = re.compile(r"[\s_\-.,()\[\]]+")


def join(identities: dict[str, dict], students: list[Student]) -> tuple[dict[str, Student], list[str], list[Student]]:
    """(key -> student, keys that match no student, students with no submission)."""
    matched: dict[str, Student] = {}
    unmatched = []
    for key, identity in identities.items():
        s = match({**identity, "key": identity.get("key", key)}, students)
        if s is None or any(other.id == s.id for other in matched.values()):
            unmatched.append(key)
        else:
            matched[key] = s
    taken = {s.id for s in matched.values()}
    return matched, unmatched, [s for s in students if s.id not in taken]
