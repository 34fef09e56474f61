"""Lock the freshly forked student process down before it reads a line of the submission.

Order matters: namespaces and the private tmpfs need capabilities, so they come first; then
rlimits; then NO_NEW_PRIVS, Landlock and seccomp, after which nothing can be loosened.
Each layer that the platform refuses is skipped and reported, never fatal: the grader still
grades, and every result says which layers were in force.
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

from autograder.wire import Limits

IS_LINUX = sys.platform.startswith("linux")
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)

try:  # loaded in the zygote, before any file-system restriction
    import pyseccomp as _seccomp
except Exception:  # noqa: BLE001 - missing library or not Linux
    _seccomp = None


def harden(workdir: str, limits: Limits, readable: list[str], seccomp_program: bytes | None = None) -> list[str]:
    """Apply every available layer; return the names of the layers in force.
    ``seccomp_program`` is :func:`compile_seccomp`'s output, made once in the zygote."""
    applied: list[str] = []
    if IS_LINUX:
        applied += _namespaces(workdir, limits)
    os.chdir(workdir)
    applied += _rlimits(limits)
    if IS_LINUX:
        if _libc.prctl(38, 1, 0, 0, 0) == 0:  # PR_SET_NO_NEW_PRIVS
            applied.append("no_new_privs")
        applied += _landlock(workdir, readable)
        applied += _seccomp_filter(seccomp_program)
    return applied


def die_with_parent() -> None:
    """Linux: be killed when the parent dies, so no student process outlives its grader."""
    if IS_LINUX:
        _libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


# ---------------------------------------------------------------------------------------------
# Namespaces: no network, private mounts (a size-capped tmpfs as the working directory), and no
# capabilities left in the grader's user namespace.

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWNET = 0x20000, 0x08000000, 0x10000000, 0x40000000
MS_REC, MS_PRIVATE, MS_NOSUID, MS_NODEV = 0x4000, 0x40000, 0x2, 0x4


def _unshare(flags: int) -> bool:
    return _libc.unshare(ctypes.c_int(flags)) == 0


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


def _namespaces(workdir: str, limits: Limits) -> list[str]:
    applied = []
    uid, gid = os.getuid(), os.getgid()
    as_root = uid == 0
    base = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC
    # As root the mount and network namespaces need no user namespace; as anyone else they
    # need one (and GitHub's runners or Docker may refuse it).
    if _unshare(base if as_root else base | CLONE_NEWUSER):
        if as_root or _map_to_self(uid, gid):
            applied += ["netns", "mountns", "ipcns"]
            if _libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) == 0:
                opts = f"size={limits.tmpfs_mb}m,mode=0700".encode()
                if _libc.mount(b"tmpfs", workdir.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts) == 0:
                    applied.append(f"tmpfs:{limits.tmpfs_mb}MiB")
    if as_root and _unshare(CLONE_NEWUSER) and _map_to_self(uid, gid):
        applied.append("userns(no capabilities)")
    return applied


# ---------------------------------------------------------------------------------------------
# rlimits: soft = hard so the student cannot raise them again.


def _rlimits(limits: Limits) -> list[str]:
    applied = []
    wanted = [
        ("RLIMIT_AS", limits.memory_mb << 20, f"memory:{limits.memory_mb}MiB"),
        ("RLIMIT_CPU", limits.cpu_seconds, f"cpu:{limits.cpu_seconds}s"),
        ("RLIMIT_FSIZE", limits.file_mb << 20, f"file_size:{limits.file_mb}MiB"),
        ("RLIMIT_NOFILE", limits.open_files, f"open_files:{limits.open_files}"),
        ("RLIMIT_CORE", 0, None),
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


def landlock_abi() -> int:
    if not IS_LINUX or platform.machine() not in ("x86_64", "aarch64"):
        return 0
    abi = _syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # VERSION flag
    return max(abi, 0)


def _landlock(workdir: str, readable: list[str]) -> list[str]:
    abi = landlock_abi()
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
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
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
# seccomp: no new processes, no exec, no tracing, no new sockets, signals only to itself.

CLONE_THREAD = 0x00010000
_PLACEHOLDER_PID = 0x7FFFFFF1  # larger than any pid (pid_max is at most 2**22)
_INSN = struct.Struct("=HBBI")  # struct sock_filter: code, jt, jf, k
_BPF_JMP = 0x05


def _build_filter(pid: int):
    s = _seccomp
    f = s.SyscallFilter(s.ALLOW)
    deny = s.ERRNO(errno.EPERM)
    for name in ("fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv",
                 "process_vm_writev", "socket", "socketpair", "bpf", "io_uring_setup",
                 "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "keyctl",
                 "add_key", "request_key", "perf_event_open", "userfaultfd", "kexec_load",
                 "init_module", "finit_module", "delete_module", "reboot", "swapon",
                 "swapoff", "tkill", "pidfd_open", "pidfd_send_signal", "process_madvise"):
        try:
            f.add_rule(deny, name)
        except (RuntimeError, ValueError, OSError):
            pass  # unknown on this architecture
    # Threads are fine (TensorFlow needs them); a new process is not. glibc falls back
    # from clone3, whose flags seccomp cannot see, to clone.
    f.add_rule(deny, "clone", s.Arg(0, s.MASKED_EQ, CLONE_THREAD, 0))
    f.add_rule(s.ERRNO(errno.ENOSYS), "clone3")
    f.add_rule(deny, "kill", s.Arg(0, s.NE, pid))
    f.add_rule(deny, "tgkill", s.Arg(0, s.NE, pid))
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
    if len(slots) != 2:  # one comparison each for kill and tgkill, or the layout is not understood
        return False
    for i in slots:
        insns[i] = (*insns[i][:3], pid)
    buf = ctypes.create_string_buffer(b"".join(_INSN.pack(*insn) for insn in insns), len(program))
    prog = _SockFprog(len(insns), ctypes.cast(buf, ctypes.c_void_p))
    return _libc.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def _seccomp_filter(program: bytes | None = None) -> list[str]:
    """No new processes, no exec, no tracing, no new sockets, signals only to itself."""
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
