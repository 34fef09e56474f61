"""What the grader saw happen to a student process from outside: ``child.events``.

Each event is ``{"kind": ..., "ko": ..., "en": ...}``, short and bilingual, e.g. an OOM kill
read from the child's cgroup, or the signal that ended it as its keeper reported it. They are
facts for the instructor (an integrity signal), never a score.
"""

from __future__ import annotations

import os
import signal


def event(kind: str, ko: str, en: str) -> dict[str, str]:
    return {"kind": kind, "ko": ko, "en": en}


def memory_limit(memory_mb: int) -> dict[str, str]:
    return event("memory_limit", f"메모리 한도({memory_mb} MiB)를 넘어 커널이 종료시켰습니다.",
                 f"The kernel killed it for exceeding its memory limit ({memory_mb} MiB).")


def process_limit(pids: int) -> dict[str, str]:
    return event("process_limit", f"스레드·프로세스 수 한도({pids})에 도달했습니다.",
                 f"It reached its limit of {pids} threads and processes.")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def from_wait_status(status: int) -> list[dict[str, str]]:
    """The student process's end, from the wait status its keeper reported."""
    if os.WIFSIGNALED(status):
        name = _signal_name(os.WTERMSIG(status))
        return [event("killed_by_signal", f"시그널 {name}(으)로 종료되었습니다.", f"It was killed by {name}.")]
    if os.WIFEXITED(status):
        code = os.WEXITSTATUS(status)
        return [event("exited", f"스스로 종료했습니다 (종료 코드 {code}).", f"It exited by itself (exit code {code}).")]
    return []
