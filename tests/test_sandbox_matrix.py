"""Every attack earns nothing and harms nothing in every cell of the sandbox matrix.

Cells: Landlock forced to each ABI 0-7 (``landlock_abi``), with and without user namespaces,
with and without PID namespaces, with no cgroup, cgroup v1 or cgroup v2 (the cells this machine
cannot provide are skipped with the reason). The cap travels in each spawn request (the
``AUTOGRADER_SANDBOX_CAP`` hook, see autograder/grader/sandbox_cap.py), so one zygote per
cgroup setting serves every cell. Each cell starts three student processes, one per attack
class, each running many attacks (raw syscalls through ctypes) in one cell, then answers an
honest call: the student process still works, the grader, the zygote and a canary process (a
stand-in grader whose argv lists the batch) are alive, nothing outside the sandbox changed,
and the layers reported are exactly those the cell allows.

Signals that would do harm if a layer failed go only to processes this test owns (the canary,
the zygote, the keeper) or, for this pytest process, are SIGUSR2 caught by a counting handler;
probes of other pids use signal 0 (seccomp decides on the syscall and target, not the signal).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time

import pytest

from autograder import wire
from autograder.grader.cgroups import Cgroups
from autograder.grader.student_process import Child, ChildLost, Zygote
from autograder.wire import Limits
from conftest import load, question_score
from autograder.grader.grading import grade

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.machine() != "x86_64",
                                reason="the attacks use x86_64 Linux syscall numbers")

MARKER = "20231234"  # a classmate's student number: in the canary's argv and environment
BATCH = [f"{MARKER}_김민수.ipynb", "20235678_이서연.ipynb"]
MACHINE_CGROUP = Cgroups().version  # 0, 1 or 2: what this machine offers
ABIS = range(8)


def cells():
    for cg in ("off", "v1", "v2"):
        for userns in (1, 0):
            for pidns in (1, 0):
                for abi in ABIS:
                    marks = []
                    if cg != "off" and MACHINE_CGROUP != int(cg[1]):
                        marks.append(pytest.mark.skip(reason=f"this machine has no usable cgroup {cg} "
                                                             f"(it offers {'v%d' % MACHINE_CGROUP if MACHINE_CGROUP else 'none'})"))
                    yield pytest.param(abi, userns, pidns, cg, marks=marks, id=f"abi{abi}-userns{userns}-pidns{pidns}-cg_{cg}")


@pytest.fixture(scope="module")
def zygotes():
    made = {}

    def get(cg: str) -> Zygote:
        if cg not in made:
            made[cg] = Zygote(cap={"cgroups": cg != "off"})
        return made[cg]

    yield get
    for z in made.values():
        z.close()


@pytest.fixture(scope="module")
def canary():
    """A stand-in for a grader whose command line lists the batch and whose environment holds it."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)", *BATCH],
                            env={"PATH": os.environ.get("PATH", ""), "BATCH_SECRET": MARKER})
    yield proc
    proc.kill()
    proc.wait()


@pytest.fixture(scope="module")
def usr2_hits():
    """SIGUSR2 sent to this pytest process (the grader) is counted here instead of killing it."""
    hits = []
    old = signal.signal(signal.SIGUSR2, lambda *a: hits.append(1))
    yield hits
    signal.signal(signal.SIGUSR2, old)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch")
    for name in BATCH:
        (d / name).write_text("{}")
    return d


def cap_of(abi, userns, pidns, cg) -> dict:
    return {"landlock_abi": abi, "userns": bool(userns), "pidns": bool(pidns), "cgroups": cg != "off"}


def spawn(zygote: Zygote, cap: dict, **limits) -> Child:
    zygote.cap = cap
    return Child(zygote, Limits(**limits))


def run(child: Child, source: str) -> dict:
    """Execute one cell; it prints one JSON report as its last line."""
    reply, _ = child.request({"op": "exec", "source": source, "index": 0}, [], 20)
    assert reply.get("ok"), reply.get("error")
    return json.loads(reply["stdout"].strip().splitlines()[-1])


def still_works(child: Child) -> None:
    """Harms nothing: the same student process answers an honest call correctly."""
    blobs: list[bytes] = []
    reply, rblobs = child.request({"op": "call", "target": {"name": "honest"}, **wire.encode_call([41], {}, blobs)}, blobs, 10)
    assert wire.decode(reply["value"], rblobs) == 42


PRELUDE = r'''
import ctypes, errno, json, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def sys_(nr, *args):
    r = libc.syscall(nr, *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
    return "ok" if r >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
def honest(x):
    return x + 1
report = {}
'''

SIGNALS = PRELUDE + r'''
T = json.loads(%r)
SIGKILL, SIGUSR2, F_SETOWN, F_SETSIG, F_SETOWN_EX, F_SETFL, O_ASYNC = 9, 12, 8, 10, 15, 4, 0o20000
HIGH = 1 << 32  # the kernel reads only 32 bits of these commands: seccomp must too
killable = [p for p in (T["canary"], T["zygote"], os.getppid()) if p > 1 and p != os.getpid()]
for pid in killable:
    siginfo = ctypes.create_string_buffer(128)
    ctypes.memmove(siginfo, (ctypes.c_int * 3)(SIGKILL, 0, -1), 12)  # si_code SI_QUEUE
    report[f"kill {pid}"] = sys_(62, pid, SIGKILL)
    report[f"tkill {pid}"] = sys_(200, pid, SIGKILL)
    report[f"tgkill {pid}"] = sys_(234, pid, pid, SIGKILL)
    report[f"rt_sigqueueinfo {pid}"] = sys_(129, pid, SIGKILL, siginfo)
    report[f"rt_tgsigqueueinfo {pid}"] = sys_(297, pid, pid, SIGKILL, siginfo)
    fd = libc.syscall(434, pid, 0)  # pidfd_open
    report[f"pidfd_open {pid}"] = "ok" if fd >= 0 else "denied"
    try:  # /proc/<pid> opens as a pidfd too
        pfd = os.open(f"/proc/{pid}", os.O_RDONLY | os.O_DIRECTORY)
        report[f"pidfd_send_signal /proc/{pid}"] = sys_(424, pfd, SIGKILL, 0, 0)
    except OSError as e:
        report[f"open /proc/{pid}"] = errno.errorcode[e.errno]
grader = T["grader"]
report["kill grader USR2"] = sys_(62, grader, SIGUSR2)
report["tgkill grader USR2"] = sys_(234, grader, grader, SIGUSR2)
report["rt_sigqueueinfo grader USR2"] = sys_(129, grader, SIGUSR2, ctypes.create_string_buffer(128))
for pid in (-1, 0, -os.getpid()):  # everyone, own group: signal 0 (a probe) is judged as SIGKILL would be
    report[f"kill {pid} probe"] = sys_(62, pid, 0)
guessed = list(range(2, 5000))
try:
    guessed += [int(d) for d in os.listdir("/proc") if d.isdigit()]
except OSError:
    pass
report["probes that reached a pid"] = sum(1 for p in guessed if p != os.getpid() and libc.syscall(62, p, 0) == 0)
# SIGIO/SIGKILL to another process when I/O arrives: on a pipe, on the socket to the grader
r, w = os.pipe()
import stat
def is_socket(fd):
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False
sock = [fd for fd in range(64) if is_socket(fd)][0]  # the student's end of the socket to the grader
for name, fd in (("pipe", r), ("socket", sock)):
    for target in killable:
        report[f"F_SETOWN {name} {target}"] = sys_(72, fd, F_SETOWN, target)
        report[f"F_SETOWN|2^32 {name} {target}"] = sys_(72, fd, F_SETOWN | HIGH, target)
        report[f"F_SETOWN_EX {name} {target}"] = sys_(72, fd, F_SETOWN_EX, (ctypes.c_int * 2)(1, target))
        report[f"FIOSETOWN {name} {target}"] = sys_(16, fd, 0x8901, ctypes.byref(ctypes.c_int(target)))
        report[f"SIOCSPGRP {name} {target}"] = sys_(16, fd, 0x8902 | HIGH, ctypes.byref(ctypes.c_int(target)))
        report[f"TIOCSPGRP {name} {target}"] = sys_(16, fd, 0x5410, ctypes.byref(ctypes.c_int(target)))
    report[f"F_SETSIG {name}"] = sys_(72, fd, F_SETSIG, SIGKILL)
    libc.syscall(72, fd, F_SETFL, O_ASYNC | (os.O_NONBLOCK if name == "pipe" else 0))  # allowed: without an owner it signals no one
os.write(w, b"x")  # trigger on the pipe; the grader's next request triggers the socket
# renice, pin or lower the limits of another process (no signal needed to harm it)
for pid in killable:
    report[f"setpriority {pid}"] = sys_(141, 0, pid, 19)
    report[f"prlimit64 {pid}"] = sys_(302, pid, 7, (ctypes.c_ulong * 2)(0, 0), 0)  # RLIMIT_NOFILE = 0
    report[f"sched_setaffinity {pid}"] = sys_(203, pid, 8, ctypes.byref(ctypes.c_ulong(1)))
print(json.dumps(report))
'''

PROC = PRELUDE + r'''
T = json.loads(%r)
others = [p for p in (T["canary"], T["zygote"], T["grader"], os.getppid(), 1) if p > 0 and p != os.getpid()]
try:
    listed = sorted(int(d) for d in os.listdir("/proc") if d.isdigit())
except OSError as e:
    listed = errno.errorcode[e.errno]
report["listed /proc"] = listed
leaks = []
for pid in set(others) | set(listed if isinstance(listed, list) else []):
    if pid == os.getpid():
        continue
    for what in ("cmdline", "environ", "status", "maps"):
        try:
            data = open(f"/proc/{pid}/{what}", "rb").read()
            leaks.append(f"{pid}/{what}" + (" WITH THE BATCH" if T["marker"].encode() in data else ""))
        except OSError:
            pass
report["read of other processes"] = leaks
try:
    report["batch dir"] = os.listdir(T["batch"])
except OSError as e:
    report["batch dir"] = errno.errorcode[e.errno]
report["status"] = {l.split(":")[0]: int(l.split()[1], 16) for l in open("/proc/self/status") if l.startswith("Cap")}
report["env has the hook"] = "AUTOGRADER_SANDBOX_CAP" in os.environ
print(json.dumps(report))
'''

MEMORY = PRELUDE + r'''
T = json.loads(%r)
MiB = 1 << 20
report["shmget"] = sys_(29, 0, 512 * MiB, 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
addr = libc.syscall(30, 0, 0, 0)
report["shmat"] = "ok" if addr not in (-1, 0) else "denied"
report["memfd_create"] = sys_(319, ctypes.c_char_p(b"x"), 0)
try:
    os.memfd_create("x")
    report["os.memfd_create"] = "ok"
except OSError as e:
    report["os.memfd_create"] = errno.errorcode[e.errno]
report["msgget"] = sys_(68, 0, 0o1000 | 0o600)
report["semget"] = sys_(64, 0, 1, 0o1000 | 0o600)
report["mq_open"] = sys_(240, ctypes.c_char_p(b"q"), os.O_CREAT | os.O_RDWR, 0o600, 0)
def fill(path, mib):
    """Write up to mib MiB; how many were written."""
    done = 0
    try:
        with open(path, "wb") as f:
            for _ in range(mib):
                f.write(b"\0" * MiB)
                f.flush()
                done += 1
    except OSError as e:
        return f"{done} MiB then {errno.errorcode[e.errno]}"
    return f"{done} MiB"
for path in (T["shm"], T["tmp"]):
    report[f"write {path}"] = fill(path, 8)
written = 0
for i in range(200):  # the working directory: a size-capped tmpfs, 16 MiB per file
    try:
        with open(f"f{i}", "wb") as f:
            for _ in range(16):
                f.write(b"\0" * MiB)
                written += 1
    except OSError:
        break
report["workdir MiB"] = written
print(json.dumps(report))
'''


def assert_denied(report: dict, skip=()) -> None:
    allowed = {k: v for k, v in report.items() if v == "ok" and k not in skip}
    assert not allowed, f"these attacks succeeded: {allowed}"


def expected_layers(abi, userns, pidns, cg) -> tuple[set, set]:
    """(layers that must be listed, layers that must not)."""
    must = {"seccomp", "caps:none", "non-dumpable", "no_new_privs", "netns", "mountns", "ipcns", "sysv-ipc:off",
            "tmpfs:64MiB", "memory:2048MiB"}
    never = set()
    (must if pidns else never).update({"pidns", "proc:own-pidns"})
    if not pidns:
        must.add("proc:hidepid")
    (must if userns else never).add("userns")
    for name, since in (("landlock-fs", 1), ("landlock-no-tcp", 4), ("landlock-signal-scope", 6)):
        (must if abi >= since else never).add(f"{name}(abi {abi})")
    (never if abi else must).add("read-only-fs")
    return must, never


def check_layers(child: Child, abi, userns, pidns, cg) -> None:
    must, never = expected_layers(abi, userns, pidns, cg)
    layers = set(child.isolation)
    assert must <= layers, f"missing {must - layers} in {child.isolation}"
    assert not (never & layers), f"claimed {never & layers}"
    cgroup = [x for x in layers if x.startswith("cgroup-")]
    assert cgroup == ([f"cgroup-{cg}:memory=2112MiB,pids=512"] if cg != "off" else []), child.isolation


def survivors(zygote: Zygote, canary, hits) -> None:
    assert canary.poll() is None, "the canary (a stand-in grader) was killed"
    assert zygote.proc.poll() is None, "the zygote was killed"
    assert not hits, "a signal reached the grader"
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] > 0


@pytest.mark.parametrize("abi,userns,pidns,cg", list(cells()))
def test_attack_matrix(abi, userns, pidns, cg, zygotes, canary, usr2_hits, batch_dir):
    zygote = zygotes(cg)
    cap = cap_of(abi, userns, pidns, cg)
    targets = {"canary": canary.pid, "zygote": zygote.proc.pid, "grader": os.getpid(), "marker": MARKER,
               "batch": str(batch_dir), "shm": f"/dev/shm/attack-{os.getpid()}", "tmp": f"/tmp/attack-{os.getpid()}"}
    T = json.dumps(targets)

    # 1. signals to the grader, the zygote, the keeper, everyone
    child = spawn(zygote, cap)
    try:
        check_layers(child, abi, userns, pidns, cg)
        keeper_alive_before = child.pidfd is not None
        report = run(child, SIGNALS % T)
        assert_denied(report)
        assert report["probes that reached a pid"] == 0
        still_works(child)  # also the I/O that would fire SIGIO/F_SETSIG on the grader's socket
        still_works(child)
        assert keeper_alive_before and child.alive
    finally:
        child.kill()
    survivors(zygote, canary, usr2_hits)

    # 2. other processes, the batch, capabilities
    child = spawn(zygote, cap)
    try:
        report = run(child, PROC % T)
        still_works(child)
    finally:
        child.kill()
    listed = report["listed /proc"]
    assert not isinstance(listed, list) or len(listed) <= 1, f"/proc shows other processes: {listed}"
    assert report["read of other processes"] == [], report["read of other processes"]
    assert set(report["status"].values()) == {0}, f"capabilities left: {report['status']}"
    assert report["env has the hook"] is False
    if abi >= 1:  # without Landlock the file system is the grader uid's (see docs): test_batch_directory
        assert not isinstance(report["batch dir"], list), report["batch dir"]

    # 3. memory outside the limit
    child = spawn(zygote, cap)
    try:
        report = run(child, MEMORY % T)
        still_works(child)
    finally:
        child.kill()
    assert_denied(report)
    for key in (f"write {targets['shm']}", f"write {targets['tmp']}"):
        assert report[key].startswith("0 MiB then"), (key, report[key])
    assert not os.path.exists(targets["shm"]) and not os.path.exists(targets["tmp"])
    assert report["workdir MiB"] <= 64
    survivors(zygote, canary, usr2_hits)


@pytest.mark.parametrize("abi", [0])
def test_batch_directory_without_landlock(abi, zygotes, batch_dir):
    """Known limit, for the docs: without Landlock the student process runs as the grader's uid
    (with no capabilities), so a directory that uid may read stays readable (hidden tests too).
    Every supported Linux kernel has Landlock (Ubuntu 22.04: ABI 1); this test pins the fact."""
    child = spawn(zygotes("off"), cap_of(abi, 1, 1, "off"))
    try:
        report = run(child, PROC % json.dumps({"canary": 0, "zygote": 0, "grader": 0, "marker": MARKER, "batch": str(batch_dir)}))
    finally:
        child.kill()
    if os.getuid() == 0:
        assert isinstance(report["batch dir"], list)


REPRESENTATIVE = [(0, 0, 0, "off"), (3, 1, 0, "off"), (5, 1, 1, "v1"), (7, 1, 1, "v1"), (7, 0, 1, "v2")]
ATTACK_SUBMISSION = r'''
# %%
import ctypes, os, json
libc = ctypes.CDLL(None, use_errno=True)
for pid in (os.getppid(), {zygote}, {canary}):
    if pid > 1 and pid != os.getpid():
        libc.syscall(62, pid, 9); libc.syscall(129, pid, 9, ctypes.create_string_buffer(128))
r, w = os.pipe()
libc.syscall(72, r, 8, {canary}); libc.syscall(72, r, 10, 9); libc.syscall(72, r, 4, 0o20000); os.write(w, b"x")
seg = libc.syscall(29, 0, 1 << 30, 0o1600)
stolen = []
for d in os.listdir("/proc"):
    try:
        stolen.append(open(f"/proc/{{d}}/cmdline", "rb").read())
    except OSError:
        pass
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return w, m, v if b"{marker}" not in b"".join(stolen) else (w * 0, m, v)
# %%
def sgd_step(w, g, lr=0.01):
    return w - lr * g
'''


@pytest.mark.parametrize("abi,userns,pidns,cg", [
    pytest.param(*c, marks=[pytest.mark.skip(reason=f"no cgroup {c[3]} here")] if c[3] != "off" and MACHINE_CGROUP != int(c[3][1]) else [],
                 id=f"abi{c[0]}-userns{c[1]}-pidns{c[2]}-cg_{c[3]}") for c in REPRESENTATIVE])
def test_full_grading_of_an_attack_submission(abi, userns, pidns, cg, zygotes, canary, usr2_hits, tmp_path):
    zygote = zygotes(cg)
    zygote.cap = cap_of(abi, userns, pidns, cg)
    path = tmp_path / "attack.py"
    path.write_text(ATTACK_SUBMISSION.format(zygote=zygote.proc.pid, canary=canary.pid, marker=MARKER))
    r = grade(load("04_optimizers", call_seconds=3, submission_seconds=10), path, zygote)
    assert r.status == "graded"
    score, total = question_score(r, "sgd_step")
    assert score == total > 0
    assert question_score(r, "adam_step")[0] == 0
    must, never = expected_layers(abi, userns, pidns, cg)
    must = {x for x in must if not x.startswith("memory:")}
    assert must <= set(r.isolation) and not (never & set(r.isolation)), r.isolation
    survivors(zygote, canary, usr2_hits)


def test_the_hook_is_read_from_the_graders_environment(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_SANDBOX_CAP", "landlock_abi=2,pidns=0,cgroups=0")
    zygote = Zygote()
    try:
        child = Child(zygote, Limits())
        layers = child.isolation
        report = run(child, PROC % json.dumps({"canary": 0, "zygote": 0, "grader": 0, "marker": MARKER, "batch": "/"}))
        child.kill()
    finally:
        zygote.close()
    assert "landlock-fs(abi 2)" in layers and "pidns" not in layers
    assert not any(x.startswith("cgroup") for x in layers)
    assert report["env has the hook"] is False
    with pytest.raises(ValueError):
        monkeypatch.setenv("AUTOGRADER_SANDBOX_CAP", "landlok_abi=2")
        Zygote()


# ---------------------------------------------------------------------------------------------
# What the grader sees from outside when a student process dies: child.events


def died(zygote: Zygote, source: str, **limits) -> Child:
    child = Child(zygote, Limits(**limits))
    with pytest.raises(ChildLost):
        child.request({"op": "exec", "source": source, "index": 0}, [], 10)
    return child


def test_events_say_how_a_student_process_ended(zygotes):
    zygote = zygotes("off")
    zygote.cap = {}
    kinds = lambda c: [e["kind"] for e in c.events]  # noqa: E731
    assert kinds(died(zygote, "import os\nos._exit(3)")) == ["exited"]
    segv = died(zygote, "import ctypes\nctypes.string_at(0)")
    assert kinds(segv) == ["killed_by_signal"] and "SIGSEGV" in segv.events[0]["en"]
    assert all(e["ko"] and e["en"] for e in segv.events)
    child = Child(zygote, Limits())  # killed by the grader: nothing to report but the timeout
    with pytest.raises(ChildLost):
        child.request({"op": "exec", "source": "while True: pass", "index": 0}, [], 0.5)
    assert child.events == []


@pytest.mark.skipif(MACHINE_CGROUP == 0, reason="no usable cgroup on this machine")
def test_an_oom_kill_in_the_cgroup_is_reported(zygotes):
    zygote = zygotes("v%d" % MACHINE_CGROUP)
    zygote.cap = {"cgroups": True}
    child = Child(zygote, Limits(memory_mb=1024))
    limit_file = "memory.max" if child.cgroup.version == 2 else "memory.limit_in_bytes"
    with open(os.path.join(child.cgroup.dirs[0], limit_file), "w") as f:
        f.write(str(64 << 20))  # below what the cell allocates, above what it has
    with pytest.raises(ChildLost):
        child.request({"op": "exec", "source": "x = bytearray(300 << 20)\nx[::4096] = b'1' * len(x[::4096])", "index": 0}, [], 10)
    kinds = [e["kind"] for e in child.events]
    assert kinds[0] == "memory_limit" and "killed_by_signal" in kinds, child.events
