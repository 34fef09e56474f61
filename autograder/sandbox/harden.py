"""Lock the freshly forked student process down before it reads a line of the submission.

Two processes take part. The *keeper* (forked by the zygote) joins the child's cgroup and opens
a PID namespace, then forks the *student process*, waits for it and reports how it ended. The
student process then, in this order (each step needs what the previous ones leave):

1. namespaces: network, IPC (System V memory limits set to zero), mount (its own /proc that
   shows no other process, /sys/fs/cgroup hidden, a size-capped tmpfs as the working directory,
   everything else read-only when Landlock is missing), and a user namespace;
2. no ptrace access from or to its siblings (non-dumpable) and no capabilities at all
   (bounding, ambient, effective, permitted, inheritable sets emptied);
3. rlimits (soft = hard); 4. NO_NEW_PRIVS; 5. Landlock; 6. seccomp.

Each layer that the platform refuses is skipped and left out of the report, never fatal: the
grader still grades, and every result lists exactly the layers that were in force.

:class:`SandboxCap` is the test hook that caps what is used (e.g. Landlock forced to ABI 3, no
user namespace): the grader reads it from its own environment and sends it in each spawn
request, so nothing the student controls can change it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import platform
import resource
import struct
import sys
import tempfile
from dataclasses import dataclass

from autograder.wire import Limits

IS_LINUX = sys.platform.startswith("linux")
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)

try:  # loaded in the zygote, before any file-system restriction
    import pyseccomp as _seccomp
except Exception:  # noqa: BLE001 - missing library or not Linux
    _seccomp = None


@dataclass(frozen=True)
class SandboxCap:
    """The most the sandbox may use (a test hook; the default is whatever the platform offers).

    ``landlock_abi`` caps the Landlock ABI (0 = no Landlock), as on an older kernel;
    ``userns``/``pidns`` False act as if the kernel refused that namespace."""

    landlock_abi: int | None = None
    userns: bool = True
    pidns: bool = True

    @classmethod
    def from_request(cls, data) -> SandboxCap:
        """Read the ``cap`` of a spawn request; anything malformed means no cap."""
        if not isinstance(data, dict):
            return cls()
        abi = data.get("landlock_abi")
        abi = abi if type(abi) is int and abi >= 0 else None
        return cls(landlock_abi=abi, userns=data.get("userns") is not False, pidns=data.get("pidns") is not False)


def harden(workdir: str, limits: Limits, readable: list[str], seccomp_program: bytes | None = None,
           cap: SandboxCap = SandboxCap(), in_pidns: bool = False, in_userns: bool = False) -> list[str]:
    """Apply every available layer; return the names of the layers in force.

    ``seccomp_program`` is :func:`compile_seccomp`'s output, made once in the zygote;
    ``in_pidns``/``in_userns`` say what the keeper (:func:`enter_pid_namespace`) already did."""
    applied: list[str] = []
    abi = landlock_abi(cap)
    if IS_LINUX:
        applied += _namespaces(workdir, limits, cap, in_pidns, in_userns, landlock=abi >= 1)
        applied += _no_ptrace()
        applied += _drop_capabilities()
    os.chdir(workdir)
    applied += _rlimits(limits)
    if IS_LINUX:
        if _libc.prctl(38, 1, 0, 0, 0) == 0:  # PR_SET_NO_NEW_PRIVS
            applied.append("no_new_privs")
        applied += _landlock(workdir, readable, abi)
        applied += _seccomp_filter(seccomp_program)
    return applied


def die_with_parent() -> None:
    """Linux: be killed when the parent dies, so no student process outlives its grader."""
    if IS_LINUX:
        _libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


# ---------------------------------------------------------------------------------------------
# The keeper's part: the cgroup and the PID namespace must be entered before the student
# process exists (a PID namespace only applies to the children of whoever unshares it).


def join_cgroup(spec) -> list[str]:
    """Join the per-child cgroup the grader made (``{"procs": [...], "label": ...}``): first of
    all, so that everything after, the student process included, is counted."""
    if not IS_LINUX or not isinstance(spec, dict) or not isinstance(spec.get("procs"), list):
        return []
    pid = str(os.getpid())
    for path in spec["procs"]:
        if not (isinstance(path, str) and path.endswith("/cgroup.procs") and _write(path, pid)):
            return []
    label = spec.get("label")
    return [label[:80]] if isinstance(label, str) and spec["procs"] else []


def enter_pid_namespace(cap: SandboxCap) -> list[str]:
    """Make this process's next child the first process of a new PID namespace, in which it
    sees no other process. Without root this needs a user namespace, made here too."""
    if not IS_LINUX:
        return []
    applied = []
    uid, gid = os.getuid(), os.getgid()
    if uid != 0:
        if not (cap.userns and _unshare(CLONE_NEWUSER) and _map_to_self(uid, gid)):
            return []
        applied.append("userns")
    if cap.pidns and _unshare(CLONE_NEWPID):
        applied.append("pidns")
    return applied


# ---------------------------------------------------------------------------------------------
# Namespaces: no network, no System V memory, private mounts (its own /proc, a size-capped tmpfs
# as the working directory), and no capabilities in the grader's user namespace.

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x20000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 0x1, 0x2, 0x4, 0x8, 0x20
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE = 0x400, 0x800, 0x1000, 0x4000, 0x40000
MS_RELATIME, MS_STRICTATIME = 1 << 21, 1 << 24
# A remount inside a user namespace must keep these flags of the original mount, or EPERM.
_KEPT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
               "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}


def _unshare(flags: int) -> bool:
    return _libc.unshare(ctypes.c_int(flags)) == 0


def _mount(source: bytes | None, target: bytes, fstype: bytes | None, flags: int, data: bytes | None) -> bool:
    return _libc.mount(source, target, fstype, ctypes.c_ulong(flags), data) == 0


def _write(path: str, text: str) -> bool:
    try:
        with open(path, "w") as f:
            f.write(text)
        return True
    except OSError:
        return False


def _map_to_self(uid: int, gid: int) -> bool:
    _write("/proc/self/setgroups", "deny")
    return _write("/proc/self/uid_map", f"{uid} {uid} 1") and _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _namespaces(workdir: str, limits: Limits, cap: SandboxCap, in_pidns: bool, in_userns: bool,
                landlock: bool) -> list[str]:
    applied = []
    uid, gid = os.getuid(), os.getgid()
    as_root = uid == 0 and not in_userns
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC
    if as_root or in_userns:
        if not _unshare(flags):
            return []
    elif cap.userns and _unshare(flags | CLONE_NEWUSER) and _map_to_self(uid, gid):
        applied.append("userns")  # without root, these namespaces come with a user namespace or not at all
    else:
        return []
    applied += ["netns", "ipcns"]
    applied += _no_sysv_memory()
    applied += _mounts(workdir, limits, in_pidns, landlock)
    # As root the namespaces above needed no user namespace; entering one now still takes the
    # process out of the grader's (its capabilities are dropped next in any case).
    if as_root and cap.userns and _unshare(CLONE_NEWUSER) and _map_to_self(uid, gid):
        applied.append("userns")
    return applied


def _no_sysv_memory() -> list[str]:
    """In the new IPC namespace: no System V segment, queue or semaphore set can be made (their
    memory would outlive a detach and count against no rlimit). Seccomp denies them too."""
    ok = all(_write(f"/proc/sys/kernel/{name}", value)
             for name, value in (("shmmni", "0"), ("msgmni", "0"), ("sem", "0 0 0 0")))
    return ["sysv-ipc:off"] if ok else []


def _mounts(workdir: str, limits: Limits, own_pidns: bool, landlock: bool) -> list[str]:
    if not _mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None):
        return []
    applied = ["mountns"]
    applied += _private_proc(own_pidns)
    # The cgroup files would let a process without Landlock move itself out of its cgroup.
    if os.path.isdir("/sys/fs/cgroup"):
        _mount(b"tmpfs", b"/sys/fs/cgroup", b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,mode=0555")
    if not landlock:  # Landlock is what keeps writes in the working directory; without it, this does
        applied += _read_only_mounts()
    opts = f"size={limits.tmpfs_mb}m,mode=0700".encode()
    if _mount(b"tmpfs", workdir.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts):
        applied.append(f"tmpfs:{limits.tmpfs_mb}MiB")
    return applied


def _kernel_at_least(major: int, minor: int) -> bool:
    try:
        parts = platform.release().split(".")
        return (int(parts[0]), int(parts[1].split("-")[0])) >= (major, minor)
    except (ValueError, IndexError):
        return False


def _private_proc(own_pidns: bool) -> list[str]:
    """A /proc of our own: in a new PID namespace it lists this process only; otherwise
    ``hidepid=ptraceable`` hides every process this one may not ptrace (the grader, the zygote,
    other students: none, once capabilities are dropped and the process is non-dumpable;
    ``hidepid=2`` would not do: it shows everything to group 0). Before Linux 5.8 all mounts of
    one PID namespace's proc shared their options (a hidepid mount would change the host's
    /proc) and ``ptraceable`` did not exist: then only a new PID namespace gets its own /proc."""
    modern = _kernel_at_least(5, 8)
    if not (own_pidns or modern):
        return []
    if not _mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, b"hidepid=4" if modern else None):
        return []
    return ["proc:own-pidns" if own_pidns else "proc:hidepid"]


def _mount_points() -> list[tuple[str, int]]:
    """Every mount point and the flags a remount must keep, parents first."""
    points = []
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 6:
                    continue
                path = fields[4].encode().decode("unicode_escape")  # octal escapes such as \040
                flags = sum(_KEPT_FLAGS.get(opt, 0) for opt in fields[5].split(","))
                points.append((path, flags))
    except OSError:
        return []
    return sorted(points, key=lambda p: p[0].count("/") if p[0] != "/" else 0)


def _read_only_mounts() -> list[str]:
    """Without Landlock: every mount read-only (the working directory's tmpfs is mounted after),
    so no file outside it, on disk or in a tmpfs such as /dev/shm, can be written."""
    ok = True
    for path, flags in _mount_points():
        if path == "/proc" or path.startswith(("/proc/", "/sys/fs/cgroup/")):
            continue
        if not _mount(None, path.encode(), None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, None):
            ok = ok and ctypes.get_errno() in (errno.ENOENT, errno.EACCES)  # hidden under another mount
    return ["read-only-fs"] if ok else []


# ---------------------------------------------------------------------------------------------
# No ptrace and no capabilities: after the namespaces, which needed them.

PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_CAP_AMBIENT = 4, 24, 28, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
# NOROOT, NO_SETUID_FIXUP, KEEP_CAPS, NO_CAP_AMBIENT_RAISE, each with its lock: uid 0 means nothing.
_SECUREBITS = 0b11111111 & ~(1 << 4)
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _no_ptrace() -> list[str]:
    """Non-dumpable: no other student process of the same uid can ptrace this one or read its
    /proc files (its memory, environment, descriptors)."""
    return ["non-dumpable"] if _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 else []


def _drop_capabilities() -> list[str]:
    """Empty the bounding and ambient sets, lock the securebits, then clear effective,
    permitted and inheritable; report what /proc/self/status says is left."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == errno.EINVAL:
            break  # past the last capability this kernel knows
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _libc.prctl(PR_SET_SECUREBITS, _SECUREBITS, 0, 0, 0)
    header, data = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _libc.capset(ctypes.byref(header), data)
    left = capability_sets()
    if left is None:
        return []
    held = {name: value for name, value in left.items() if value}
    return ["caps:none"] if not held else ["caps:" + ",".join(f"{k}={v:x}" for k, v in held.items())]


def _proc_status() -> dict[str, str]:
    """/proc/self/status as {field: value}; {} where there is none (macOS)."""
    try:
        with open("/proc/self/status") as f:
            return {k: v.strip() for k, _, v in (line.partition(":") for line in f)}
    except OSError:
        return {}


def capability_sets() -> dict[str, int] | None:
    """CapInh, CapPrm, CapEff, CapBnd and CapAmb of this process, from /proc/self/status."""
    status = _proc_status()
    sets = {k: int(status[k], 16) for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") if k in status}
    return sets or None


# ---------------------------------------------------------------------------------------------
# rlimits: soft = hard so the student cannot raise them again.


def _rlimits(limits: Limits) -> list[str]:
    # memory_mb is what the student's code may map on top of the runtime it was forked with:
    # a zygote that preloaded TensorFlow already holds ~1.2 GB of address space, which would
    # otherwise eat a 1 GB budget before the first cell (and differ with what a worker graded first).
    held = _address_space()
    applied = [f"memory-base:{held >> 20}MiB"] if held else []
    wanted = [
        ("RLIMIT_AS", held + (limits.memory_mb << 20), f"memory:{limits.memory_mb}MiB"),
        ("RLIMIT_CPU", limits.cpu_seconds, f"cpu:{limits.cpu_seconds}s"),
        ("RLIMIT_FSIZE", limits.file_mb << 20, f"file_size:{limits.file_mb}MiB"),
        ("RLIMIT_NOFILE", limits.open_files, f"open_files:{limits.open_files}"),
        ("RLIMIT_CORE", 0, None),
        ("RLIMIT_MSGQUEUE", 0, None),  # POSIX message queues hold kernel memory too
    ]
    for name, value, label in wanted:
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            resource.setrlimit(which, (value, value))
            if label:
                applied.append(label)
        except (ValueError, OSError):
            pass
    return applied


def _address_space() -> int:
    """Bytes of address space this process maps now (VmSize), or 0 where /proc cannot tell."""
    try:
        return int(_proc_status().get("VmSize", "0 kB").split()[0]) << 10
    except (ValueError, IndexError):
        return 0


# ---------------------------------------------------------------------------------------------
# Landlock: read-only access to the interpreter and system libraries, read-write only to the
# working directory, no TCP, no signals or abstract sockets outside the sandbox.

_SYS_CREATE, _SYS_ADD_RULE, _SYS_RESTRICT = 444, 445, 446  # same on x86_64 and aarch64
_FS_READ = (1 << 2) | (1 << 3)  # READ_FILE | READ_DIR
_FS_ALL_V1 = (1 << 13) - 1
_FILE_ONLY = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 14)  # EXECUTE, WRITE, READ, TRUNCATE


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]


def _syscall(*args) -> int:
    _libc.syscall.restype = ctypes.c_long
    return _libc.syscall(*args)


def landlock_abi(cap: SandboxCap | None = None) -> int:
    """The Landlock ABI this kernel offers, lowered to ``cap.landlock_abi`` if that is set."""
    if not IS_LINUX or platform.machine() not in ("x86_64", "aarch64"):
        return 0
    abi = max(_syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1)), 0)  # VERSION flag
    if cap is not None and cap.landlock_abi is not None:
        abi = min(abi, cap.landlock_abi)
    return abi


def _landlock(workdir: str, readable: list[str], abi: int) -> list[str]:
    """A ruleset of what ABI ``abi`` can express (an older kernel's view when capped)."""
    if abi < 1:
        return []
    fs = _FS_ALL_V1 | (1 << 13 if abi >= 2 else 0) | (1 << 14 if abi >= 3 else 0) | (1 << 15 if abi >= 5 else 0)
    attr = _RulesetAttr(fs=fs, net=3 if abi >= 4 else 0, scoped=3 if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = _syscall(_SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return []
    try:
        for path in readable:
            _allow(ruleset, path, _FS_READ, abi)
        _allow(ruleset, workdir, fs, abi)
        for dev in ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"):
            _allow(ruleset, dev, (1 << 1) | (1 << 2), abi)
        if _syscall(_SYS_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return []
    finally:
        os.close(ruleset)
    layers = ["landlock-fs"]
    if abi >= 4:
        layers.append("landlock-no-tcp")
    if abi >= 6:
        layers.append("landlock-signal-scope")
    return [f"{name}(abi {abi})" for name in layers]


def _allow(ruleset: int, path: str, access: int, abi: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)  # follows /proc/self to /proc/<pid>
    except OSError:
        return
    try:
        if not os.path.isdir(path):
            access &= _FILE_ONLY
        rule = _PathBeneath(allowed=access, fd=fd)
        _syscall(_SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# seccomp: no new processes, no exec, no tracing, no new sockets; no signal to, and no change
# of, any other process; no memory that an rlimit does not count (System V, memfd, mqueue).
# It is what protects the grader from signals on kernels before Landlock's signal scoping
# (ABI 6, Linux 6.12): it must hold on its own.

CLONE_THREAD = 0x00010000
_PLACEHOLDER_PID = 0x7FFFFFF1  # larger than any pid (pid_max is at most 2**22)
_INSN = struct.Struct("=HBBI")  # struct sock_filter: code, jt, jf, k
_BPF_JMP = 0x05
_CMD = 0xFFFFFFFF  # fcntl and ioctl commands are 32-bit: compare only those bits

_DENIED = (
    "fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
    "socket", "socketpair", "bpf", "io_uring_setup", "unshare", "setns", "mount", "umount2",
    "pivot_root", "chroot", "keyctl", "add_key", "request_key", "perf_event_open", "userfaultfd",
    "kexec_load", "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
    "process_madvise", "kcmp",
    # pidfds: a signal through one cannot be checked (and /proc/<pid> opens as one)
    "pidfd_open", "pidfd_send_signal", "pidfd_getfd",
    # memory outside RLIMIT_AS: System V IPC, memfd, POSIX message queues
    "shmget", "shmat", "msgget", "semget", "memfd_create", "memfd_secret", "mq_open",
)
_SELF_ONLY = ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")  # first argument: this pid
_ZERO_IS_SELF = (  # (name, argument that names a process; 0 means the caller)
    ("prlimit64", 0), ("setpriority", 1), ("ioprio_set", 1), ("sched_setaffinity", 0),
    ("sched_setscheduler", 0), ("sched_setparam", 0), ("sched_setattr", 0), ("migrate_pages", 0),
    ("move_pages", 0),
)
# Commands that would make the kernel signal some other process: F_SETOWN, F_SETSIG,
# F_SETOWN_EX; FIOSETOWN, SIOCSPGRP, TIOCSPGRP.
_FCNTL_DENIED = (8, 10, 15)
_IOCTL_DENIED = (0x8901, 0x8902, 0x5410)


def _add(f, action, name: str, *args) -> None:
    try:
        f.add_rule(action, name, *args)
    except (RuntimeError, ValueError, OSError):
        pass  # unknown on this architecture


def _build_filter(pid: int):
    s = _seccomp
    f = s.SyscallFilter(s.ALLOW)
    deny = s.ERRNO(errno.EPERM)
    for name in _DENIED:
        _add(f, deny, name)
    # Threads are fine (TensorFlow needs them); a new process is not. glibc falls back
    # from clone3, whose flags seccomp cannot see, to clone.
    f.add_rule(deny, "clone", s.Arg(0, s.MASKED_EQ, CLONE_THREAD, 0))
    f.add_rule(s.ERRNO(errno.ENOSYS), "clone3")
    for name in _SELF_ONLY:
        _add(f, deny, name, s.Arg(0, s.NE, pid))
    for name, arg in _ZERO_IS_SELF:
        _add(f, deny, name, s.Arg(arg, s.NE, 0))
    for name in ("fcntl", "fcntl64"):
        for cmd in _FCNTL_DENIED:
            _add(f, deny, name, s.Arg(1, s.MASKED_EQ, _CMD, cmd))
    for cmd in _IOCTL_DENIED:
        _add(f, deny, "ioctl", s.Arg(1, s.MASKED_EQ, _CMD, cmd))
    return f


def compile_seccomp(pid: int = _PLACEHOLDER_PID) -> bytes | None:
    """The filter as a BPF program, compiled once in the zygote (libseccomp takes ~2 ms): each
    child only writes its own pid into it (:func:`_load_program`)."""
    if _seccomp is None:
        return None
    try:
        with tempfile.TemporaryFile() as tmp:
            _build_filter(pid).export_bpf(tmp)
            tmp.seek(0)
            return tmp.read()
    except Exception:  # noqa: BLE001 - libseccomp refused: each child tries again itself
        return None


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _load_program(program: bytes, pid: int) -> bool:
    """Load a program from :func:`compile_seccomp` with the placeholder replaced by ``pid``."""
    if not program or len(program) % _INSN.size:
        return False
    insns = list(_INSN.iter_unpack(program))
    slots = [i for i, (code, _, _, k) in enumerate(insns) if k == _PLACEHOLDER_PID and code & 0x07 == _BPF_JMP]
    if not slots:  # libseccomp shares one comparison among the self-only rules; none: not understood
        return False
    for i in slots:
        insns[i] = (*insns[i][:3], pid)
    buf = ctypes.create_string_buffer(b"".join(_INSN.pack(*insn) for insn in insns), len(program))
    prog = _SockFprog(len(insns), ctypes.cast(buf, ctypes.c_void_p))
    return _libc.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def _seccomp_filter(program: bytes | None = None) -> list[str]:
    """Load the filter for this process's pid (as it sees it: 1 in its own PID namespace)."""
    pid = os.getpid()
    if program is not None and _load_program(program, pid):
        return ["seccomp"]
    if _seccomp is None:
        return []
    try:
        _build_filter(pid).load()
    except Exception:  # noqa: BLE001 - libseccomp refused: grade without this layer
        return []
    return ["seccomp"]
