"""The grader's end of the student processes: start the zygote, spawn, talk, kill.

Everything that comes back is decoded strictly by :mod:`autograder.wire`; a child that dies,
hangs or breaks the protocol raises :class:`ChildLost` and is killed. Nothing here executes
what a child sends.
"""

from __future__ import annotations

import json
import os
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


class Zygote:
    """A warm interpreter that forks hardened student processes on request."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="autograder-")
        os.chmod(self.tmp, 0o755)
        mplconfig = os.path.join(self.tmp, "mpl")
        os.makedirs(mplconfig)
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=_sandbox_env(mplconfig), cwd=self.tmp,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs.close()
        self.control = ours
        self.serial = 0

    def spawn(self, limits: Limits) -> tuple[socket.socket, int, str]:
        self.serial += 1
        workdir = os.path.join(self.tmp, f"job{self.serial}")
        os.mkdir(workdir, 0o700)
        wire.send(self.control, {"op": "spawn", "workdir": workdir, "limits": asdict(limits)})
        self.control.settimeout(30)
        msg, fds, _, _ = socket.recv_fds(self.control, 1024, 1)
        if not fds:
            raise RuntimeError("the zygote did not hand over a student process")
        pid = int(json.loads(msg)["pid"])
        return socket.socket(fileno=fds[0]), pid, workdir

    def close(self) -> None:
        try:
            self.control.close()
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Child:
    """One live student process and the conversation with it."""

    def __init__(self, zygote: Zygote, limits: Limits, start_seconds: float = 30):
        sock, self.pid, self.workdir = zygote.spawn(limits)
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
                callback: Callable[[dict, list[bytes]], tuple[dict, list[bytes]]] | None = None):
        """Send one request and wait for its result, serving callbacks in between."""
        if not self.alive:
            raise _died("already stopped")
        deadline = time.monotonic() + seconds
        try:
            self.channel.send(msg, blobs)
        except OSError:
            self.kill()
            raise _died() from None
        while True:
            reply, reply_blobs = self._recv(deadline, seconds)
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

    def _recv(self, deadline: float, seconds: float):
        try:
            return self.channel.recv(deadline)
        except TimeoutError:
            self.kill()
            raise _timeout(seconds) from None
        except (EOFError, OSError):
            self.kill()
            raise _died(self._exit_detail()) from None
        except wire.WireError as e:
            self.kill()
            raise _broken(str(e)[:200]) from None

    def _exit_detail(self) -> str:
        return f"possibly its memory limit of {self.memory_mb} MiB / 메모리 한도 {self.memory_mb} MiB 초과 가능성"

    def kill(self) -> None:
        if not self.alive:
            return
        self.alive = False
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
            shutil.rmtree(self.workdir, ignore_errors=True)


def decode_error(error: Any) -> dict[str, str]:
    """A student exception reported by the child, as bounded strings."""
    if not isinstance(error, dict):
        return {"type": "Error", "message": "", "traceback": "", "bases": []}
    bases = error.get("bases") if isinstance(error.get("bases"), list) else []
    return {"type": str(error.get("type", "Error"))[:100], "message": str(error.get("message", ""))[:2000],
            "traceback": str(error.get("traceback", ""))[:4000], "bases": [str(b)[:40] for b in bases[:20]]}
