"""The gradebook: an SQLite file beside the outputs holding every run, submission and test result.

A result is keyed by (assignment, assignment version, submission name, sha256) and written in
one transaction with its test results, so a batch killed at any moment holds only complete
results; started again, it grades only what is missing. Grading the same file against the same
version is idempotent: the stored result is reused.
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
"""


class Gradebook:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

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


def default_path(out_dir: Path) -> Path:
    return Path(out_dir) / "gradebook.sqlite"

