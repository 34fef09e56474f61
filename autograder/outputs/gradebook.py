"""The gradebook: an SQLite file beside the outputs holding every run, submission and test result.

A result is keyed by (assignment, assignment version, submission name, sha256) and written in
one transaction with its test results, so a batch killed at any moment holds only complete
results; started again, it grades only what is missing. Grading the same file against the same
version is idempotent: the stored result is reused.

Beside the results, the course's records (added to older gradebooks when they are opened):
``identities`` (who each submission is, where it came from, when it was submitted), ``roster``,
``settings`` (the deadline policy), ``adjustments`` (manual score changes and comments: who,
when, why; never deleted, only revoked) and ``score_changes`` (what a regrade moved, and why).
A submission's name is its student key (see autograder/course/layouts.py).
"""

from __future__ import annotations

import json
import socket
import sqlite3
import sys
import time
from pathlib import Path

from autograder.grader.grading import SubmissionResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL, version TEXT NOT NULL,
    started REAL NOT NULL, finished REAL, host TEXT, argv TEXT, submissions INTEGER
);
CREATE TABLE IF NOT EXISTS submissions (
    sha256 TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
    first_seen REAL NOT NULL, PRIMARY KEY (name, sha256)
);
CREATE TABLE IF NOT EXISTS results (
    assignment TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id), graded_at REAL NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, status TEXT NOT NULL, seconds REAL NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (assignment, version, name, sha256)
);
CREATE TABLE IF NOT EXISTS test_results (
    assignment TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL,
    test TEXT NOT NULL, question TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    passed INTEGER NOT NULL, hidden INTEGER NOT NULL, diagnosis TEXT, seconds REAL NOT NULL,
    PRIMARY KEY (assignment, version, name, sha256, question, test)
);
CREATE TABLE IF NOT EXISTS identities (
    assignment TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, meta TEXT NOT NULL,
    declared_assignment TEXT, seen REAL NOT NULL, PRIMARY KEY (assignment, name)
);
CREATE TABLE IF NOT EXISTS roster (
    assignment TEXT NOT NULL, id TEXT NOT NULL, student TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (assignment, id)
);
CREATE TABLE IF NOT EXISTS settings (
    assignment TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (assignment, key)
);
CREATE TABLE IF NOT EXISTS adjustments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assignment TEXT NOT NULL, name TEXT NOT NULL, question TEXT,
    delta REAL, target REAL, comment TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL, created REAL NOT NULL, revoked REAL
);
CREATE TABLE IF NOT EXISTS score_changes (
    run_id INTEGER NOT NULL, assignment TEXT NOT NULL, name TEXT NOT NULL, question TEXT NOT NULL,
    old REAL, new REAL, reason TEXT NOT NULL, tests TEXT NOT NULL
);
"""
SCHEMA_VERSION = 2  # 1: runs, submissions, results, test_results; 2: the course tables


class Gradebook:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)  # CREATE ... IF NOT EXISTS: an older gradebook gains the new tables
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def start_run(self, assignment: str, version: str, submissions: int) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (assignment, version, started, host, argv, submissions) VALUES (?, ?, ?, ?, ?, ?)",
            (assignment, version, time.time(), socket.gethostname(), json.dumps(sys.argv), submissions))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), run_id))

    def done(self, assignment: str, version: str) -> set[tuple[str, str]]:
        """(name, sha256) pairs that already have a result for this assignment version."""
        rows = self.db.execute("SELECT name, sha256 FROM results WHERE assignment = ? AND version = ?",
                               (assignment, version))
        return set(rows)

    def record(self, run_id: int, r: SubmissionResult) -> None:
        """Store one result and its tests atomically; a stored result is never replaced."""
        now = time.time()
        with self.db:  # one transaction
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT OR IGNORE INTO submissions VALUES (?, ?, ?, ?, ?)",
                            (r.sha256, r.submission, r.path, r.size, now))
            cur = self.db.execute(
                "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r.assignment, r.version, r.submission, r.sha256, run_id, now, r.score, r.max_score,
                 r.status, r.seconds, json.dumps(r.to_dict(), ensure_ascii=False)))
            if cur.rowcount:
                self.db.executemany(
                    "INSERT OR IGNORE INTO test_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(r.assignment, r.version, r.submission, r.sha256, t.name, t.question, t.score, t.max_score,
                      int(t.passed), int(t.hidden), t.diagnosis, t.seconds) for t in r.tests])

    def results(self, assignment: str | None = None, version: str | None = None,
                names: list[tuple[str, str]] | None = None) -> list[SubmissionResult]:
        """Stored results: the latest version's by default, or those of the given (name, sha256)."""
        if assignment and version is None:
            row = self.db.execute("SELECT version FROM results WHERE assignment = ? ORDER BY graded_at DESC LIMIT 1",
                                  (assignment,)).fetchone()
            version = row[0] if row else ""
        query, args = "SELECT name, sha256, result FROM results WHERE 1=1", []
        if assignment:
            query, args = query + " AND assignment = ?", [*args, assignment]
        if version is not None:
            query, args = query + " AND version = ?", [*args, version]
        rows = self.db.execute(query + " ORDER BY name", args).fetchall()
        wanted = set(names) if names is not None else None
        return [SubmissionResult.from_dict(json.loads(blob)) for name, sha, blob in rows
                if wanted is None or (name, sha) in wanted]

    def assignments(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT assignment FROM results ORDER BY assignment")]


    # -----------------------------------------------------------------------------------------
    # The course: identities, roster, settings, adjustments, score changes

    def set_identity(self, assignment: str, name: str, sha256: str, meta: dict,
                     declared_assignment: str | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO identities VALUES (?, ?, ?, ?, ?, ?)",
                        (assignment, name, sha256, json.dumps(meta, ensure_ascii=False), declared_assignment,
                         time.time()))

    def identities(self, assignment: str) -> dict[str, dict]:
        """name -> {"sha256", "meta", "declared_assignment"} for every submission graded into this folder."""
        rows = self.db.execute("SELECT name, sha256, meta, declared_assignment FROM identities WHERE assignment = ? "
                               "ORDER BY name", (assignment,))
        return {n: {"sha256": sha, "meta": json.loads(meta), "declared_assignment": d} for n, sha, meta, d in rows}

    def set_roster(self, assignment: str, students: list[dict]) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM roster WHERE assignment = ?", (assignment,))
            self.db.executemany("INSERT INTO roster VALUES (?, ?, ?, ?)",
                                [(assignment, s["id"], json.dumps(s, ensure_ascii=False), i)
                                 for i, s in enumerate(students)])

    def roster(self, assignment: str) -> list[dict]:
        rows = self.db.execute("SELECT student FROM roster WHERE assignment = ? ORDER BY position", (assignment,))
        return [json.loads(r[0]) for r in rows]

    def set_setting(self, assignment: str, key: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?, ?)",
                        (assignment, key, json.dumps(value, ensure_ascii=False)))

    def setting(self, assignment: str, key: str, default=None):
        row = self.db.execute("SELECT value FROM settings WHERE assignment = ? AND key = ?", (assignment, key)).fetchone()
        return json.loads(row[0]) if row else default

    def add_adjustment(self, assignment: str, name: str, question: str | None, delta: float | None,
                       target: float | None, comment: str, reason: str, author: str) -> int:
        cur = self.db.execute(
            "INSERT INTO adjustments (assignment, name, question, delta, target, comment, reason, author, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (assignment, name, question, delta, target, comment, reason, author, time.time()))
        return int(cur.lastrowid)

    def revoke_adjustment(self, assignment: str, adjustment_id: int) -> bool:
        cur = self.db.execute("UPDATE adjustments SET revoked = ? WHERE id = ? AND assignment = ? AND revoked IS NULL",
                              (time.time(), adjustment_id, assignment))
        return bool(cur.rowcount)

    def adjustments(self, assignment: str, name: str | None = None, include_revoked: bool = False) -> list[dict]:
        query = "SELECT * FROM adjustments WHERE assignment = ?"
        args: list = [assignment]
        if name is not None:
            query, args = query + " AND name = ?", [*args, name]
        if not include_revoked:
            query += " AND revoked IS NULL"
        cur = self.db.execute(query + " ORDER BY id", args)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def result_for(self, assignment: str, name: str, sha256: str | None = None) -> SubmissionResult | None:
        """The latest result stored for this submission name (of this file when ``sha256`` is given)."""
        query, args = "SELECT result FROM results WHERE assignment = ? AND name = ?", [assignment, name]
        if sha256:
            query, args = query + " AND sha256 = ?", [*args, sha256]
        row = self.db.execute(query + " ORDER BY graded_at DESC LIMIT 1", args).fetchone()
        return SubmissionResult.from_dict(json.loads(row[0])) if row else None

    def record_changes(self, run_id: int, assignment: str, changes: list[dict]) -> None:
        self.db.executemany("INSERT INTO score_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(run_id, assignment, c["student"], c["question"], c["old"], c["new"], c["reason"],
                              json.dumps(c["tests"], ensure_ascii=False)) for c in changes])


class OtherAssignment(Exception):
    """The output folder already holds another assignment's results."""

    def __init__(self, out_dir: Path, found: list[str], wanted: str):
        self.ko = (f"{out_dir}에는 이미 다른 과제({', '.join(found)})의 결과가 있습니다. 과제마다 다른 출력 폴더를 쓰세요 "
                   f"(예: -o out/{wanted}).")
        self.en = (f"{out_dir} already holds results of {', '.join(found)}; one output folder holds one assignment. "
                   f"Use another folder for {wanted} (e.g. -o out/{wanted}).")
        super().__init__(f"{self.en} / {self.ko}")


def assignments_in(out_dir: Path) -> list[str]:
    """The assignments whose results are in ``out_dir``: from its gradebook, else its summary.json."""
    out_dir = Path(out_dir)
    found: list[str] = []
    if default_path(out_dir).exists():
        book = Gradebook(default_path(out_dir))
        try:
            found = book.assignments()
        finally:
            book.close()
    if not found and (out_dir / "summary.json").exists():
        try:
            value = json.loads((out_dir / "summary.json").read_text(encoding="utf-8")).get("assignment")
            found = [value] if value else []
        except (ValueError, OSError, AttributeError):
            pass
    return found


def check_one_assignment(out_dir: Path, assignment: str) -> None:
    """Refuse to write ``assignment``'s outputs where another assignment's already are."""
    others = [a for a in assignments_in(out_dir) if a != assignment]
    if others:
        raise OtherAssignment(Path(out_dir), others, assignment)


def default_path(out_dir: Path) -> Path:
    return Path(out_dir) / "gradebook.sqlite"

