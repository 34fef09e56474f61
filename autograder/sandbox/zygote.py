"""The zygote: a warm interpreter that has imported numpy and forks one student process per request.

Started by the grader as ``python -m autograder.sandbox.zygote FD``. It never loads tests,
solutions or variants (a forked child inherits the whole heap). For each ``spawn`` request it
forks a *keeper*, which closes every inherited descriptor, joins the child's cgroup, opens a
PID namespace and forks the student process; the student process hardens itself and serves.
The keeper waits for it and writes how it ended (its wait status) to a pipe. The zygote hands
the grader the other end of the student's socket, the pipe, and the keeper's pid (killing the
keeper kills the student process: it dies with its parent).
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



# What the grader may ask the zygote to preload, and how. matplotlib takes the better part of a
# second, so it is preloaded only for a batch; TensorFlow/Keras takes several seconds, so a
# Keras assignment's zygote imports it once instead of every student process doing so. It
# starts a few idle threads; a fork copies only the forking thread, and the children build
# and train models normally (tests/test_keras_models.py).
def _matplotlib() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401


def _keras() -> None:
    import keras  # noqa: F401


PRELOADS = {"matplotlib": _matplotlib, "keras": _keras}


def warm_up(modules) -> None:
    """Import what the grader asked for (names from PRELOADS), then keep it off the collector."""
    for name in modules if isinstance(modules, list) else []:
        try:
            PRELOADS.get(str(name), lambda: None)()
        except Exception:  # noqa: BLE001 - a student process imports it itself then
            pass
    gc.collect()
    gc.freeze()


def readable_paths() -> list[str]:
    """What a student process may read: the interpreter, libraries, and nothing of the grader.
    Of /proc only its own directory (``/proc/self``, opened after its own /proc is mounted) and
    a few system-wide files: no other process, and so nothing of the batch, is readable."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/lib", "/lib64", "/bin",
             "/proc/self", "/proc/meminfo", "/proc/cpuinfo", "/proc/stat", "/sys",
             "/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group",
             "/etc/nsswitch.conf", "/etc/os-release"}
    mpl = os.environ.get("MPLCONFIGDIR")
    if mpl:
        paths.add(mpl)
    return sorted(p for p in paths if p and os.path.exists(p))


def _close_all_but(keep: list[int]) -> None:
    """Close every inherited descriptor except ``keep``; 0, 1 and 2 become /dev/null."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 65536)


def run_keeper(sock: socket.socket, report_fd: int, request: dict, seccomp_program: bytes | None) -> None:
    """In the forked keeper: join the cgroup, open the PID namespace, fork the student process,
    wait for it and report its wait status. It runs no student code and reads nothing from it."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _close_all_but([sock.fileno(), report_fd])
    os.setsid()
    harden.die_with_parent()
    cap = harden.SandboxCap.from_request(request.get("cap"))
    layers = harden.join_cgroup(request.get("cgroup"))
    layers += harden.enter_pid_namespace(cap)
    try:
        pid = os.fork()
    except OSError:  # no process left: serve from here, outside any new PID namespace
        os.close(report_fd)
        run_child(sock, request, seccomp_program, [x for x in layers if x != "pidns"])
        return
    if pid == 0:
        os.close(report_fd)
        harden.die_with_parent()  # the grader kills the keeper to stop the student process
        run_child(sock, request, seccomp_program, layers)
        return
    sock.close()
    _, status = os.waitpid(pid, 0)
    os.write(report_fd, json.dumps({"status": status}).encode())


def run_child(sock: socket.socket, request: dict, seccomp_program: bytes | None, layers: list[str]) -> None:
    """In the student process: harden, then serve the grader until it hangs up.
    ``layers`` are those the keeper put in force (cgroup, PID and user namespaces)."""
    workdir = str(request["workdir"])  # made by the grader, which also removes it
    limits = wire.Limits(**request.get("limits", {}))
    cap = harden.SandboxCap.from_request(request.get("cap"))
    applied = layers + harden.harden(workdir, limits, readable_paths(), seccomp_program, cap,
                                     in_pidns="pidns" in layers, in_userns="userns" in layers)
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
        if msg.get("op") == "warm_up":
            warm_up(msg.get("modules"))
        if msg.get("op") != "spawn":
            continue
        parent_end, child_end = socket.socketpair()
        report_r, report_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                control.close()
                parent_end.close()
                os.close(report_r)
                run_keeper(child_end, report_w, msg, seccomp_program)
            finally:
                os._exit(0)
        child_end.close()
        os.close(report_w)
        socket.send_fds(control, [json.dumps({"pid": pid}).encode()], [parent_end.fileno(), report_r])
        parent_end.close()
        os.close(report_r)


if __name__ == "__main__":
    main(int(sys.argv[1]))
