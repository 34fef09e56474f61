"""Output folder names: a submission's key made safe as one path component everywhere."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')


def safe_dirname(submission: str) -> str:
    """The folder a submission's outputs go in: its name, made safe as one path component on
    Linux, macOS and Windows (no separators, control or reserved characters, no trailing dots
    or spaces)."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", submission)).strip().rstrip(".")
    return name if name not in ("", ".", "..") else f"_{name.replace('.', '_')}"


def output_key(submission: str) -> str:
    """Two submissions with the same key would share an output folder: on a case-insensitive or
    normalising file system (macOS, Windows) as much as after :func:`safe_dirname`."""
    return safe_dirname(submission).casefold()
