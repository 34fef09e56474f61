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
