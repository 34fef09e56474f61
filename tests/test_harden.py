"""The seccomp program compiled once in the zygote is the one libseccomp would build for the
child's own pid, and a child that loads it can neither fork nor signal another process."""

from __future__ import annotations

import os
import sys

import pytest

from autograder.sandbox import harden

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or harden._seccomp is None,
                                reason="seccomp is Linux-only and needs libseccomp")


def test_patched_program_equals_one_compiled_for_the_pid():
    template = harden.compile_seccomp()
    pid = 4_123_456
    direct = harden.compile_seccomp(pid)
    assert template and direct and template != direct
    insns = [list(i) for i in harden._INSN.iter_unpack(template)]
    patched = [(c, jt, jf, pid if k == harden._PLACEHOLDER_PID else k) for c, jt, jf, k in insns]
    assert b"".join(harden._INSN.pack(*i) for i in patched) == direct


def test_a_child_with_the_precompiled_program_cannot_fork_or_signal_others():
    program = harden.compile_seccomp()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports what it could do through the pipe, then exits
        os.close(r)
        try:
            harden._libc.prctl(38, 1, 0, 0, 0)  # NO_NEW_PRIVS, as harden() does first
            loaded = harden._seccomp_filter(program) == ["seccomp"]
            try:
                os.kill(os.getppid(), 0)
                signalled_parent = True
            except PermissionError:
                signalled_parent = False
            os.kill(os.getpid(), 0)  # itself: allowed
            try:
                grandchild = os.fork()
                if grandchild == 0:
                    os._exit(0)
                forked = True
            except PermissionError:
                forked = False
            os.write(w, f"{loaded} {signalled_parent} {forked}".encode())
        finally:
            os._exit(0)
    os.close(w)
    report = os.read(r, 100).decode()
    os.close(r)
    os.waitpid(pid, 0)
    assert report == "True False False", report


def test_a_program_it_does_not_understand_is_not_loaded():
    assert harden._load_program(b"", os.getpid()) is False
    assert harden._load_program(b"\0" * 7, os.getpid()) is False
    no_placeholder = harden.compile_seccomp(os.getpid())
    assert harden._load_program(no_placeholder, os.getpid()) is False  # no slot to fill: refuse


def _in_filtered_child(body) -> str:
    """Run ``body()`` in a forked child under the precompiled filter; what it returned."""
    program = harden.compile_seccomp()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            harden._libc.prctl(38, 1, 0, 0, 0)
            assert harden._seccomp_filter(program) == ["seccomp"]
            os.write(w, str(body()).encode())
        finally:
            os._exit(0)
    os.close(w)
    out = os.read(r, 1000).decode()
    os.close(r)
    os.waitpid(pid, 0)
    return out


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="x86_64 syscall numbers")
def test_the_filter_refuses_signal_owners_and_memory_outside_rlimits():
    import ctypes

    def body():
        libc = harden._libc
        libc.syscall.restype = ctypes.c_long
        r, _ = os.pipe()
        parent = os.getppid()
        calls = {
            "F_SETOWN": (72, r, 8, parent), "F_SETOWN high bits": (72, r, 8 | 1 << 32, parent),
            "F_SETSIG": (72, r, 10, 9), "F_SETOWN_EX": (72, r, 15, 0), "FIOSETOWN": (16, r, 0x8901, 0),
            "rt_sigqueueinfo": (129, parent, 0, 0), "rt_tgsigqueueinfo": (297, parent, parent, 0, 0),
            "shmget": (29, 0, 4096, 0o1600), "memfd_create": (319, 0, 0), "msgget": (68, 0, 0o1600),
            "prlimit64 of another": (302, parent, 7, 0, 0), "pidfd_open": (434, parent, 0),
        }
        got = {}
        for name, (nr, *args) in calls.items():
            ok = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args]) >= 0
            got[name] = "ok" if ok else ctypes.get_errno()
        got["F_GETFL (allowed)"] = libc.syscall(ctypes.c_long(72), ctypes.c_long(r), ctypes.c_long(3)) >= 0
        return sorted(k for k, v in got.items() if v == "ok") + [got["F_GETFL (allowed)"]]

    assert _in_filtered_child(body) == "[True]"


def test_sandbox_cap_from_request_ignores_what_it_cannot_read():
    assert harden.SandboxCap.from_request(None) == harden.SandboxCap()
    assert harden.SandboxCap.from_request({"landlock_abi": "3", "userns": 0}) == harden.SandboxCap(None, True, True)
    assert harden.SandboxCap.from_request({"landlock_abi": 3, "userns": False, "pidns": False}) == harden.SandboxCap(3, False, False)
    assert harden.landlock_abi(harden.SandboxCap(landlock_abi=0)) == 0
