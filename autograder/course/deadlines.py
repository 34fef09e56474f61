"""Due dates and late policies.

In ``assignments/<id>/assignment.toml`` (every key optional but ``due``)::

    [deadline]
    due = "2025-04-07T23:59:00"      # ISO 8601; without an offset it is in `timezone`
    timezone = "Asia/Seoul"          # default Asia/Seoul
    penalty = "10%/day"              # or "2%/hour", or "0" (late is only marked)
    cap = "50%"                      # the most a late penalty takes away (default 100%)
    grace = "15m"                    # late by at most this much counts as on time
    hard = "2025-04-10T23:59:00"     # no credit after this (hard = due: no late submissions)
    of = "score"                     # the penalty is a share of the score earned, or of "max"

The same settings on the command line (``--due``, ``--late-penalty``, ...) override the file. A
student's extension (roster column ``extension``) moves their due date and hard deadline.
Lateness is counted from the due date in whole started units (a day or an hour) once it exceeds
the grace period. When the submission time is known it alone decides; an LMS's late marker
(Canvas ``LATE``) counts only for a submission without a time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Asia/Seoul"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(d|day|days|h|hour|hours|m|min|minutes|s|일|시간|분)?\s*$", re.I)
_PENALTY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*(?:/|per\s+)?\s*(day|hour|d|h|일|시간)?\s*$", re.I)


class DeadlineError(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(str(text))
    if not m:
        raise DeadlineError(f"not a duration: {text!r} (e.g. 2d, 36h, 15m) / 기간 형식이 아닙니다")
    n, unit = float(m[1]), (m[2] or "h").lower()
    if unit in ("d", "day", "days", "일"):
        return timedelta(days=n)
    if unit in ("m", "min", "minutes", "분"):
        return timedelta(minutes=n)
    if unit == "s":
        return timedelta(seconds=n)
    return timedelta(hours=n)


def parse_when(text: str, tz: str = DEFAULT_TZ) -> datetime:
    try:
        when = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise DeadlineError(f"not an ISO 8601 date and time: {text!r} (e.g. 2025-04-07T23:59) / 날짜 형식이 아닙니다") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_zone(tz))
    return when


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeadlineError(f"unknown time zone {tz!r} / 알 수 없는 시간대") from None


def _fraction(text) -> float:
    s = str(text).strip()
    value = float(s.rstrip("%")) / 100 if s.endswith("%") else float(s)
    if not 0 <= value <= 1:
        raise DeadlineError(f"not a fraction between 0 and 1 (or 0-100%): {text!r}")
    return value


@dataclass
class Policy:
    due: datetime | None = None
    penalty: float = 0.0  # share taken per unit late
    per: str = "day"  # day | hour
    cap: float = 1.0
    grace: timedelta = timedelta(0)
    hard: datetime | None = None
    of: str = "score"  # score | max
    timezone: str = DEFAULT_TZ

    @property
    def active(self) -> bool:
        return self.due is not None

    def to_dict(self) -> dict:
        return {"due": self.due.isoformat() if self.due else None, "penalty": self.penalty, "per": self.per,
                "cap": self.cap, "grace_seconds": self.grace.total_seconds(),
                "hard": self.hard.isoformat() if self.hard else None, "of": self.of, "timezone": self.timezone}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Policy":
        d = d or {}
        return cls(due=datetime.fromisoformat(d["due"]) if d.get("due") else None, penalty=float(d.get("penalty", 0)),
                   per=d.get("per", "day"), cap=float(d.get("cap", 1.0)),
                   grace=timedelta(seconds=float(d.get("grace_seconds", 0))),
                   hard=datetime.fromisoformat(d["hard"]) if d.get("hard") else None, of=d.get("of", "score"),
                   timezone=d.get("timezone", DEFAULT_TZ))

    def describe(self, lang: str = "en") -> str:
        if not self.due:
            return ""
        unit = {"day": ("일", "day"), "hour": ("시간", "hour")}[self.per]
        if lang == "ko":
            parts = [f"마감 {self.due.isoformat(' ', 'minutes')}"]
            if self.penalty:
                parts.append(f"늦으면 {unit[0]}마다 {self.penalty:.0%} 감점 (최대 {self.cap:.0%})")
            if self.grace:
                parts.append(f"유예 {_fmt(self.grace)}")
            if self.hard:
                parts.append(f"{self.hard.isoformat(' ', 'minutes')} 이후 0점")
            return ", ".join(parts)
        parts = [f"due {self.due.isoformat(' ', 'minutes')}"]
        if self.penalty:
            parts.append(f"{self.penalty:.0%} off per {unit[1]} late (at most {self.cap:.0%})")
        if self.grace:
            parts.append(f"grace {_fmt(self.grace)}")
        if self.hard:
            parts.append(f"no credit after {self.hard.isoformat(' ', 'minutes')}")
        return ", ".join(parts)


def _fmt(d: timedelta) -> str:
    s = int(d.total_seconds())
    return f"{s // 86400}d" if s % 86400 == 0 else f"{s // 3600}h" if s % 3600 == 0 else f"{s // 60}m"


def policy_from(table: dict | None, overrides: dict | None = None) -> Policy:
    """A policy from assignment.toml's ``[deadline]`` table, then command-line overrides
    (keys as in the table; None means not given)."""
    merged = {**(table or {}), **{k: v for k, v in (overrides or {}).items() if v not in (None, "")}}
    tz = str(merged.get("timezone") or DEFAULT_TZ)
    _zone(tz)
    p = Policy(timezone=tz)
    if merged.get("due"):
        p.due = parse_when(merged["due"], tz)
    if merged.get("penalty") not in (None, ""):
        m = _PENALTY.match(str(merged["penalty"]))
        if not m:
            raise DeadlineError(f"not a late penalty: {merged['penalty']!r} (e.g. 10%/day, 2%/hour) / 감점 형식이 아닙니다")
        value = float(m[1]) / 100 if m[2] or float(m[1]) > 1 else float(m[1])
        p.penalty = value
        p.per = "hour" if (m[3] or "day").lower() in ("hour", "h", "시간") else "day"
    if merged.get("cap") not in (None, ""):
        p.cap = _fraction(merged["cap"])
    if merged.get("grace"):
        p.grace = parse_duration(merged["grace"])
    if merged.get("hard"):
        p.hard = parse_when(merged["hard"], tz)
    if merged.get("of"):
        if merged["of"] not in ("score", "max"):
            raise DeadlineError("deadline.of must be 'score' or 'max'")
        p.of = merged["of"]
    if (p.hard or p.penalty or merged.get("grace")) and not p.due:
        raise DeadlineError("a late policy needs a due date (due / --due) / 감점 규칙에는 마감일이 필요합니다")
    return p


def personal(policy: Policy, extension: str) -> Policy:
    """The policy for a student with an extension: a duration, or a new due date."""
    if not extension or not policy.due:
        return policy
    try:
        shift = parse_duration(extension)
    except DeadlineError:
        shift = parse_when(extension, policy.timezone) - policy.due
    return Policy(**{**vars(policy), "due": policy.due + shift, "hard": policy.hard + shift if policy.hard else None})


@dataclass
class Lateness:
    seconds: float = 0.0  # how late (0 when on time or within grace)
    units: int = 0  # started days or hours
    fraction: float = 0.0  # share of the score taken
    no_credit: bool = False  # after the hard deadline
    due: datetime | None = None

    @property
    def late(self) -> bool:
        return self.seconds > 0


def lateness(policy: Policy, submitted: datetime | None, late_marker: bool = False) -> Lateness:
    """How late a submission is against ``policy`` (a student's own, with the extension applied:
    :func:`personal`). The submission time decides when it is known; an LMS's late marker (Canvas
    ``LATE``, which knows nothing of extensions) counts as one unit late only when there is no time."""
    if not policy.due or (submitted is None and not late_marker):
        return Lateness(due=policy.due)
    if submitted is not None:
        late_by = (submitted - policy.due).total_seconds()
    else:  # no time, but the LMS says late: at least one unit
        late_by = policy.grace.total_seconds() + 1
    if late_by <= policy.grace.total_seconds():
        return Lateness(due=policy.due)
    unit = 86400 if policy.per == "day" else 3600
    units = math.ceil(late_by / unit)
    if policy.hard and submitted and submitted > policy.hard:
        return Lateness(late_by, units, 1.0, True, policy.due)
    return Lateness(late_by, units, min(policy.cap, units * policy.penalty), False, policy.due)
