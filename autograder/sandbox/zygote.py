"""The zygote: a warm interpreter that has imported numpy and forks one student process per request.

Started by the grader as ``python -m autograder.sandbox.zygote FD``. It never loads tests,
solutions or variants (a forked child inherits the whole heap). For each ``spawn`` request it
forks; the child closes every inherited descriptor but its own socket, hardens itself, and
serves; the zygote hands the grader the other end of that socket and the child's pid.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys

import numpy as np  # noqa: F401 - imported once here so every child starts warm

from autograder import wire
from autograder.sandbox import harden, student

try:  # matplotlib on Agg, fonts cached, so a notebook's plots cost the child nothing
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
except Exception:  # noqa: BLE001 - optional
    pass


def readable_paths() -> list[str]:
    """What a student process may read: the interpreter, libraries, and nothing of the grader."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/lib", "/lib64", "/bin",
             "/proc", "/sys", "/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group",
             "/etc/nsswitch.conf", "/etc/os-release"}
    mpl = os.environ.get("MPLCONFIGDIR")
    if mpl:
        paths.add(mpl)
    return sorted(p for p in paths if p and os.path.exists(p))


def run_child(sock: socket.socket, request: dict, seccomp_program: bytes | None) -> None:
    """In the forked child: isolate, harden, then serve the grader until it hangs up."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    keep = sock.fileno()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
    os.setsid()
    workdir = str(request["workdir"])  # made by the grader, which also removes it
    limits = wire.Limits(**request.get("limits", {}))
    applied = harden.harden(workdir, limits, readable_paths(), seccomp_program)
    harden.die_with_parent()
    os.environ["HOME"] = workdir
    wire.send(sock, {"op": "ready", "isolation": applied, "pid": os.getpid()})
    student.StudentProcess(sock).serve()


def main(fd: int) -> None:
    harden.die_with_parent()
    seccomp_program = harden.compile_seccomp()
    # Everything imported so far is shared with every child: keep the collector off it, so a
    # child's garbage collections do not write to (and so copy) the zygote's pages.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps our children
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = socket.socket(fileno=fd)
    while True:
        try:
            msg, _ = wire.recv(control)
        except (EOFError, OSError, wire.WireError):
            return
        if msg.get("op") != "spawn":
            continue
        parent_end, child_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            try:
                control.close()
                parent_end.close()
                run_child(child_end, msg, seccomp_program)
            finally:
                os._exit(0)
        child_end.close()
        socket.send_fds(control, [json.dumps({"pid": pid}).encode()], [parent_end.fileno()])
        parent_end.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
