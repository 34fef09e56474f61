"""The sandbox test hook: ``AUTOGRADER_SANDBOX_CAP`` caps what the student process may use.

    AUTOGRADER_SANDBOX_CAP="landlock_abi=3,userns=0,cgroups=0,pidns=0"

acts as a kernel with Landlock ABI 3 and neither user nor PID namespaces, on a machine without
usable cgroups (``cgroups=1`` asks for per-child cgroups, which are opt-in: see
autograder/grader/cgroups.py). The grader reads it from its own environment and sends it in every spawn
request (the zygote's environment is filtered, and the student process never sees the grader's
requests to the zygote), so nothing a student does can change it. An unknown key or value is an
error: a typo must not silently test the full sandbox.
"""

from __future__ import annotations

import os

ENV = "AUTOGRADER_SANDBOX_CAP"
_FLAGS = ("userns", "pidns", "cgroups")


def parse(text: str) -> dict:
    """``"landlock_abi=3,userns=0"`` -> ``{"landlock_abi": 3, "userns": False}``."""
    cap: dict = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if key == "landlock_abi" and sep and value.isdigit():
            cap[key] = int(value)
        elif key in _FLAGS and value in ("0", "1"):
            cap[key] = value == "1"
        else:
            raise ValueError(f"{ENV}: cannot read {item!r} (keys: landlock_abi=N, {'=0|1, '.join(_FLAGS)}=0|1)")
    return cap


def from_environment() -> dict:
    """The cap the grader's environment asks for; ``{}`` (no cap) when unset."""
    return parse(os.environ.get(ENV, ""))
