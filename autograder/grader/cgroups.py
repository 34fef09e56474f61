"""Per-child cgroups: a memory cap that counts every page a student process holds (System V and
POSIX shared memory, tmpfs files, page tables: what RLIMIT_AS misses), a cap on its threads, and
counters the grader reads when it is gone (was it OOM-killed?).

The grader makes one directory per student process before asking the zygote to spawn it, under
a scope ``autograder-<grader pid>-<n>`` inside a cgroup it may write: ``$AUTOGRADER_CGROUP`` (a
delegated subtree, e.g. from ``systemd-run --user -p Delegate=yes``), else its own cgroup, else
(cgroup v2, as root) the hierarchy's root. The student process's keeper joins it before any
other layer; the grader removes it once the process is gone. cgroup v2 needs the ``memory`` and
``pids`` controllers in that parent's ``cgroup.controllers`` (and, if the parent holds
processes, already enabled in its ``cgroup.subtree_control``); cgroup v1 needs the ``memory``
hierarchy (``pids`` is used when mounted too). Without either, grading goes on without this
layer and results say so. Off unless asked for: see :func:`on_by_default`.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass, field
from typing import Callable

from autograder.grader import child_events

ENV = "AUTOGRADER_CGROUP"
PIDS_MAX = 512  # threads count: TensorFlow starts dozens; a fork is refused by seccomp anyway
_scopes = itertools.count(1)  # one scope per Cgroups (per zygote) in this process


def on_by_default() -> bool:
    """Per-child cgroups are opt-in: moving a process into a cgroup waits for an RCU grace
    period (~10-15 ms measured here on cgroup v1, +50 % of a student process's start), and
    seccomp, the tmpfs cap and Landlock or read-only mounts already refuse the memory that
    RLIMIT_AS misses. Opt in with ``$AUTOGRADER_CGROUP`` (where to make them) or
    ``AUTOGRADER_SANDBOX_CAP=cgroups=1``."""
    return bool(os.environ.get(ENV))


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _write(path: str, text: str) -> bool:
    try:
        with open(path, "w") as f:
            f.write(text)
        return True
    except OSError:
        return False


def _keyed(text: str | None) -> dict[str, int]:
    """``"oom_kill 1\\nmax 3"`` -> ``{"oom_kill": 1, "max": 3}``."""
    values = {}
    for line in (text or "").splitlines():
        key, _, value = line.partition(" ")
        if value.strip().isdigit():
            values[key] = int(value)
    return values


@dataclass
class ChildCgroup:
    """One student process's cgroup: a directory per hierarchy (one on v2, memory and pids on v1)."""

    version: int
    dirs: list[str]
    memory_mb: int
    pids: int | None
    owner: Cgroups = field(repr=False)

    @property
    def label(self) -> str:
        limits = [f"memory={self.memory_mb}MiB"] + ([f"pids={self.pids}"] if self.pids else [])
        return f"cgroup-v{self.version}:" + ",".join(limits)

    def spec(self) -> dict:
        """What the spawn request carries: the files the keeper writes its pid into."""
        return {"procs": [os.path.join(d, "cgroup.procs") for d in self.dirs], "label": self.label}

    def counters(self) -> dict[str, int]:
        """``oom_kill`` (processes the kernel killed for memory) and ``pids_max`` (refused
        thread or process creations)."""
        if self.version == 2:
            memory = _keyed(_read(os.path.join(self.dirs[0], "memory.events")))
            pids = _keyed(_read(os.path.join(self.dirs[0], "pids.events")))
        else:
            memory = _keyed(_read(os.path.join(self.dirs[0], "memory.oom_control")))
            pids = _keyed(_read(os.path.join(self.dirs[1], "pids.events"))) if len(self.dirs) > 1 else {}
        return {"oom_kill": memory.get("oom_kill", 0), "pids_max": pids.get("max", 0)}

    def events(self) -> list[dict[str, str]]:
        counts = self.counters()
        found = []
        if counts["oom_kill"]:
            found.append(child_events.memory_limit(self.memory_mb))
        if counts["pids_max"] and self.pids:
            found.append(child_events.process_limit(self.pids))
        return found

    def release(self) -> None:
        """Remove the directories now, or as soon as the last process in them has exited."""
        self.owner.remove(self.dirs)


class Cgroups:
    """The grader's per-child cgroups, or none (``reason`` says why)."""

    def __init__(self, mountinfo: str = "/proc/self/mountinfo", self_cgroup: str = "/proc/self/cgroup",
                 parent: str | None = None, rmdir: Callable[[str], None] = os.rmdir, scope_name: str | None = None):
        self._rmdir = rmdir
        self._pending: list[str] = []
        self.scopes: list[str] = []
        self.version = 0
        self.reason = ""
        name = scope_name or f"autograder-{os.getpid()}-{next(_scopes)}"
        mounts = _mounts(_read(mountinfo) or "")
        own = _own_paths(_read(self_cgroup) or "")
        parent = parent if parent is not None else os.environ.get(ENV) or None
        v2 = _v2_parents(mounts, own, parent)
        if v2 is not None:
            self._setup_v2(v2, name)
        if not self.version and "memory" in mounts:
            self._setup_v1(mounts, own, parent, name)
        if not self.version and not self.reason:
            self.reason = "no cgroup v2 with memory+pids and no cgroup v1 memory hierarchy"

    @property
    def available(self) -> bool:
        return self.version > 0

    def _setup_v2(self, candidates: list[str], name: str) -> None:
        reasons = []
        for parent in candidates:
            controllers = (_read(os.path.join(parent, "cgroup.controllers")) or "").split()
            if not {"memory", "pids"} <= set(controllers):
                reasons.append(f"{parent}: memory/pids not available")
                continue
            if not _enable(parent):
                reasons.append(f"{parent}: cannot enable memory/pids for children")
                continue
            scope = os.path.join(parent, name)
            if _mkdir(scope) and _enable(scope):
                self.version, self.scopes = 2, [scope]
                return
            reasons.append(f"{scope}: cannot create")
        self.reason = "; ".join(reasons)

    def _setup_v1(self, mounts: dict, own: dict, parent: str | None, name: str) -> None:
        scopes = []
        for controller in ("memory", "pids"):
            if controller not in mounts:
                continue
            base = parent if parent and controller == "memory" and "/memory" in parent else _own_dir(mounts, own, controller)
            scope = os.path.join(base, name) if base else None
            if scope and _mkdir(scope):
                scopes.append(scope)
            elif controller == "memory":
                self.reason = f"cgroup v1: cannot create {scope}"
                return
        self.version, self.scopes, self.reason = 1, scopes, ""

    def create(self, serial: int, memory_mb: int) -> ChildCgroup | None:
        """A new cgroup for one student process (``memory_mb`` for everything it holds), or None."""
        if not self.available:
            return None
        self._retry_pending()
        dirs = []
        for scope in self.scopes:
            path = os.path.join(scope, f"child-{serial}")
            if not _mkdir(path):
                self.remove(dirs)
                return None
            dirs.append(path)
        limit = str(memory_mb << 20)
        if self.version == 2:
            ok = _write(os.path.join(dirs[0], "memory.max"), limit) and _write(os.path.join(dirs[0], "pids.max"), str(PIDS_MAX))
            _write(os.path.join(dirs[0], "memory.swap.max"), "0")  # absent without swap accounting
        else:
            ok = _write(os.path.join(dirs[0], "memory.limit_in_bytes"), limit)
            if os.path.exists(os.path.join(dirs[0], "memory.memsw.limit_in_bytes")):
                _write(os.path.join(dirs[0], "memory.memsw.limit_in_bytes"), limit)  # no escape into swap
            if len(dirs) > 1:
                ok = ok and _write(os.path.join(dirs[1], "pids.max"), str(PIDS_MAX))
        if not ok:
            self.remove(dirs)
            return None
        pids = PIDS_MAX if self.version == 2 or len(dirs) > 1 else None
        return ChildCgroup(self.version, dirs, memory_mb, pids, self)

    def remove(self, dirs: list[str]) -> None:
        self._pending.extend(dirs)
        self._retry_pending()

    def _retry_pending(self) -> None:
        left = []
        for path in self._pending:
            try:
                self._rmdir(path)
            except FileNotFoundError:
                pass
            except OSError:  # EBUSY: its last process is still exiting
                left.append(path)
        self._pending = left

    def close(self, wait: float = 2.0) -> None:
        """Remove every directory made, waiting up to ``wait`` s for exiting processes."""
        deadline = time.monotonic() + wait
        self._retry_pending()
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.02)
            self._retry_pending()
        self._pending += self.scopes
        self.scopes = []
        self._retry_pending()


def _mounts(mountinfo: str) -> dict[str, tuple[str, str]]:
    """controller (or "cgroup2") -> (mount point, root of the mount), from /proc/self/mountinfo."""
    found = {}
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 3:
            continue
        root, point = fields[3], fields[4]
        if tail[0] == "cgroup2":
            found.setdefault("cgroup2", (point, root))
        elif tail[0] == "cgroup":
            for option in tail[2].split(","):
                if option in ("memory", "pids"):
                    found.setdefault(option, (point, root))
    return found


def _own_paths(self_cgroup: str) -> dict[str, str]:
    """controller (or "cgroup2") -> this process's cgroup path, from /proc/self/cgroup."""
    own = {}
    for line in self_cgroup.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[0] == "0" and parts[1] == "":
            own["cgroup2"] = parts[2]
        for controller in parts[1].split(","):
            if controller in ("memory", "pids"):
                own[controller] = parts[2]
    return own


def _own_dir(mounts: dict, own: dict, key: str) -> str | None:
    if key not in mounts or key not in own:
        return None
    point, root = mounts[key]
    path = own[key]
    if root != "/" and path.startswith(root):
        path = path[len(root):]
    return os.path.normpath(os.path.join(point, path.lstrip("/")))


def _v2_parents(mounts: dict, own: dict, parent: str | None) -> list[str] | None:
    """Where a v2 scope may go, in order of preference; None without a cgroup v2 mount."""
    if "cgroup2" not in mounts:
        return None
    candidates = [parent] if parent else []
    mine = _own_dir(mounts, own, "cgroup2")
    if mine:
        candidates.append(mine)
    root = os.path.normpath(mounts["cgroup2"][0])
    if os.geteuid() == 0 and root not in candidates:
        candidates.append(root)
    return [c for c in candidates if os.path.isdir(c)]


def _mkdir(path: str) -> bool:
    try:
        os.mkdir(path, 0o755)
        return True
    except FileExistsError:
        return True
    except OSError:
        return False


def _enable(path: str) -> bool:
    """Give ``path``'s children the memory and pids controllers (v2)."""
    enabled = (_read(os.path.join(path, "cgroup.subtree_control")) or "").split()
    if {"memory", "pids"} <= set(enabled):
        return True
    return _write(os.path.join(path, "cgroup.subtree_control"), "+memory +pids")
