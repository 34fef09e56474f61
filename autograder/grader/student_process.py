"""The grader's end of the student processes: start the zygote, spawn, talk, kill.

Everything that comes back is decoded strictly by :mod:`autograder.wire`; a child that dies,
hangs or breaks the protocol raises :class:`ChildLost` and is killed. Nothing here executes
what a child sends.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from typing import Any, Callable

from autograder import wire
from autograder.grader import cgroups, child_events, sandbox_cap
from autograder.wire import Limits


class ChildLost(Exception):
    """The student process died, hung past its deadline, or broke the protocol."""

    def __init__(self, reason: str, ko: str, en: str):
        super().__init__(en)
        self.reason, self.ko, self.en = reason, ko, en


def _timeout(seconds: float) -> ChildLost:
    return ChildLost("timeout", f"{seconds:g}초 안에 끝나지 않아 중단했습니다 (무한 루프?).",
                     f"Stopped after {seconds:g} s without finishing (an infinite loop?).")


def _died(detail: str = "") -> ChildLost:
    return ChildLost("crashed", f"학생 프로세스가 비정상 종료했습니다{(' (' + detail + ')') if detail else ''}.",
                     f"The student process died{(' (' + detail + ')') if detail else ''}.")


def _oversized(detail: str) -> ChildLost:
    return ChildLost("oversized", f"학생 프로세스가 허용된 크기보다 큰 데이터를 보냈습니다: {detail}",
                     f"The student process sent more data than allowed: {detail}")


def _broken(detail: str) -> ChildLost:
    return ChildLost("protocol", f"학생 프로세스가 규약에 맞지 않는 응답을 보냈습니다: {detail}",
                     f"The student process sent a reply that breaks the protocol: {detail}")


def _sandbox_env(mplconfig: str) -> dict[str, str]:
    """The zygote's environment: nothing of the grader's (no secrets), one BLAS thread."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg",
               MPLCONFIGDIR=mplconfig, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", KERAS_BACKEND="tensorflow",
               PYTHONPATH="")
    return env


def _matplotlib_cache(fallback: str) -> str:
    """matplotlib's font cache, kept across runs: building it costs a zygote a second. Only the
    zygote writes it; student processes may read it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "autograder", "matplotlib")
    try:
        os.makedirs(path, mode=0o755, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    path = os.path.join(fallback, "mpl")
    os.makedirs(path, exist_ok=True)
    return path


class Zygote:
    """A warm interpreter that forks hardened student processes on request."""

    def __init__(self, cap: dict | None = None):
        # The sandbox test hook (sandbox_cap): sent in every spawn request, never via the environment.
        self.cap = sandbox_cap.from_environment() if cap is None else dict(cap)
        self.cgroups = cgroups.Cgroups() if self.cap.get("cgroups", cgroups.on_by_default()) else None
        self.preloaded: set[str] = set()
        self._warm_until = 0.0
        self.tmp = tempfile.mkdtemp(prefix="autograder-")
        os.chmod(self.tmp, 0o755)
        mplconfig = _matplotlib_cache(self.tmp)
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=_sandbox_env(mplconfig), cwd=self.tmp,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs.close()
        self.control = ours
        self.serial = 0

    def spawn(self, limits: Limits):
        """A new student process: (socket, keeper pid, workdir, the keeper's report pipe or None,
        its cgroup or None). Its cgroup is made here, before it exists, and joined first thing."""
        self.serial += 1
        workdir = os.path.join(self.tmp, f"job{self.serial}")
        os.mkdir(workdir, 0o700)
        cgroup = self.cgroups.create(self.serial, limits.memory_mb + limits.tmpfs_mb) if self.cgroups else None
        request = {"op": "spawn", "workdir": workdir, "limits": asdict(limits), "cap": self.cap}
        if cgroup is not None:
            request["cgroup"] = cgroup.spec()
        wire.send(self.control, request)
        self.control.settimeout(max(30.0, self._warm_until - time.monotonic()))
        msg, fds, _, _ = socket.recv_fds(self.control, 1024, 2)
        if not fds:
            if cgroup is not None:
                cgroup.release()
            raise RuntimeError("the zygote did not hand over a student process")
        pid = int(json.loads(msg)["pid"])
        return socket.socket(fileno=fds[0]), pid, workdir, (fds[1] if len(fds) > 1 else None), cgroup

    def warm_up(self, modules: tuple[str, ...] = ("matplotlib",)) -> None:
        """Ask the zygote to preload ``modules`` (see sandbox/zygote.PRELOADS) before its next
        child, once each: matplotlib for a batch, keras for a Keras assignment."""
        new = [m for m in modules if m not in self.preloaded]
        if new:
            self.preloaded.update(new)
            wire.send(self.control, {"op": "warm_up", "modules": new})
            self._warm_until = time.monotonic() + 180  # the next spawn waits for the import

    def close(self) -> None:
        # Killed, not asked: it may be busy warming up, and it holds nothing worth a clean exit
        # (its student processes die with it).
        self.control.close()
        self.proc.kill()
        self.proc.wait()
        if self.cgroups is not None:
            self.cgroups.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Child:
    """One live student process and the conversation with it."""

    def __init__(self, zygote: Zygote, limits: Limits, start_seconds: float = 30):
        sock, self.pid, self.workdir, self.report, self.cgroup = zygote.spawn(limits)
        # What the grader saw happen to it from outside (child_events): OOM kill, signal, exit.
        self.events: list[dict[str, str]] = []
        self.channel = wire.Channel(sock)
        self.memory_mb = limits.memory_mb
        self.alive = True
        try:
            self.pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            self.pidfd = None
        ready, _ = self._recv(time.monotonic() + start_seconds, start_seconds)
        isolation = ready.get("isolation")
        if ready.get("op") != "ready" or not isinstance(isolation, list):
            self.kill()
            raise _broken("no ready message")
        self.isolation = [str(x)[:80] for x in isolation[:30]]

    def request(self, msg: dict, blobs: list[bytes], seconds: float,
                callback: Callable[[dict, list[bytes]], tuple[dict, list[bytes]]] | None = None,
                max_bytes: int | None = None):
        """Send one request and wait for its result, serving callbacks in between. The result
        and every callback's arguments together may hold at most ``max_bytes``."""
        if not self.alive:
            raise _died("already stopped")
        deadline = time.monotonic() + seconds
        limit = None if max_bytes is None else self.channel.received + max_bytes
        try:
            self.channel.send(msg, blobs)
        except OSError:
            self.kill()
            raise _died() from None
        while True:
            reply, reply_blobs = self._recv(deadline, seconds, None if limit is None else limit - self.channel.received)
            if reply.get("op") == "callback" and callback is not None:
                answer, answer_blobs = callback(reply, reply_blobs)
                answer["op"] = "return"
                try:
                    self.channel.send(answer, answer_blobs)
                except OSError:
                    self.kill()
                    raise _died() from None
                continue
            if reply.get("op") != "result":
                self.kill()
                raise _broken(f"unexpected message {str(reply.get('op'))[:30]!r}")
            return reply, reply_blobs

    def _recv(self, deadline: float, seconds: float, max_bytes: int | None = None):
        try:
            return self.channel.recv(deadline, max_bytes)
        except TimeoutError:
            self.kill()
            raise _timeout(seconds) from None
        except (EOFError, OSError):
            self._note_exit(wait=1.0)
            self.kill()
            raise _died(self._exit_detail()) from None
        except wire.FrameTooLarge as e:
            self.kill()
            raise _oversized(str(e)[:200]) from None
        except wire.WireError as e:
            self.kill()
            raise _broken(str(e)[:200]) from None

    def _exit_detail(self) -> str:
        return f"possibly its memory limit of {self.memory_mb} MiB / 메모리 한도 {self.memory_mb} MiB 초과 가능성"

    def _note_exit(self, wait: float) -> None:
        """If the student process ended by itself, record how: its keeper writes the wait
        status to the report pipe as soon as it is gone (within ``wait`` s, or not at all)."""
        if self.report is None:
            return
        try:
            data = os.read(self.report, 256) if select.select([self.report], [], [], wait)[0] else b""
            status = json.loads(data).get("status") if data else None
        except (OSError, ValueError, AttributeError):
            status = None
        if type(status) is int:
            self.events += child_events.from_wait_status(status)

    def kill(self) -> None:
        if not self.alive:
            return
        self.alive = False
        if self.cgroup is not None:  # counters first: what the kernel did before this kill
            self.events = self.cgroup.events() + self.events
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass
        finally:
            self.channel.close()
            if self.pidfd is not None:
                os.close(self.pidfd)
                self.pidfd = None
            if self.report is not None:
                os.close(self.report)
                self.report = None
            if self.cgroup is not None:
                self.cgroup.release()
                self.cgroup = None
            shutil.rmtree(self.workdir, ignore_errors=True)


def decode_error(error: Any) -> dict[str, str]:
    """A student exception reported by the child, as bounded strings."""
    if not isinstance(error, dict):
        return {"type": "Error", "message": "", "traceback": "", "bases": []}
    bases = error.get("bases") if isinstance(error.get("bases"), list) else []
    return {"type": str(error.get("type", "Error"))[:100], "message": str(error.get("message", ""))[:2000],
            "traceback": str(error.get("traceback", ""))[:4000], "bases": [str(b)[:40] for b in bases[:20]]}
