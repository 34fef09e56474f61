"""What several commands need: an assignment by id, or the one an output folder was graded with."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.course.assignments import Assignment


def load_assignment(assignment_id: str) -> Assignment:
    """The course's assignment ``assignment_id``; a usage error naming the known ones if none."""
    try:
        return Assignment.load(assignment_id)
    except (KeyError, FileNotFoundError) as e:
        raise click.BadParameter(str(e).strip("'\""), param_hint="--assignment") from None


def output_assignment(out_dir: str | Path, assignment_id: str) -> Assignment:
    """The assignment whose results ``out_dir`` holds: the otter assignment ``grade --otter`` laid
    out there (OUT/.otter-assignment), or the course's own."""
    imported = Path(out_dir) / ".otter-assignment"
    if (imported / "assignments" / assignment_id).is_dir():
        return Assignment.load(assignment_id, imported)
    return load_assignment(assignment_id)
