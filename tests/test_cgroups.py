"""Per-child cgroups (autograder/grader/cgroups.py) against fake cgroup trees in a temporary
directory: cgroup v2 cannot be tested for real on a machine that has only v1 (the real v1 is
exercised by tests/test_sandbox_matrix.py). Also the sandbox test hook's parser."""

from __future__ import annotations

import os

import pytest

from autograder.grader import cgroups, sandbox_cap


def fake_tree(tmp_path, version: int, controllers="cpu memory pids", enabled="memory pids"):
    """A mountinfo, a /proc/self/cgroup and the directories they name."""
    root = tmp_path / "cg"
    if version == 2:
        own = root / "user.slice" / "grader.scope"
        own.mkdir(parents=True)
        (own / "cgroup.controllers").write_text(controllers + "\n")
        (own / "cgroup.subtree_control").write_text(enabled + "\n")
        mountinfo = f"41 31 0:38 / {root} rw,relatime - cgroup2 cgroup2 rw\n"
        self_cgroup = "0::/user.slice/grader.scope\n"
    else:
        for c in ("memory", "pids"):
            (root / c / "grader").mkdir(parents=True)
        mountinfo = (f"35 31 0:32 / {root}/memory rw,relatime - cgroup cgroup rw,memory\n"
                     f"39 31 0:36 / {root}/pids rw,relatime - cgroup cgroup rw,pids\n")
        self_cgroup = "8:pids:/grader\n4:memory:/grader\n0::/\n"
    (tmp_path / "mountinfo").write_text(mountinfo)
    (tmp_path / "cgroup").write_text(self_cgroup)
    removed = []

    def rmdir(path):  # a real cgroupfs removes a directory with its interface files
        for name in os.listdir(path):
            os.unlink(os.path.join(path, name))
        os.rmdir(path)
        removed.append(path)

    made = cgroups.Cgroups(str(tmp_path / "mountinfo"), str(tmp_path / "cgroup"), parent="", rmdir=rmdir, scope_name="ag")
    return made, root, removed


def test_v2_child_cgroup_limits_join_counters_and_removal(tmp_path):
    made, root, removed = fake_tree(tmp_path, 2)
    assert made.version == 2 and made.scopes == [str(root / "user.slice" / "grader.scope" / "ag")]
    assert (root / "user.slice" / "grader.scope" / "ag" / "cgroup.subtree_control").read_text() == "+memory +pids"
    child = made.create(7, 2112)
    d = root / "user.slice" / "grader.scope" / "ag" / "child-7"
    assert (d / "memory.max").read_text() == str(2112 << 20) and (d / "pids.max").read_text() == str(cgroups.PIDS_MAX)
    assert (d / "memory.swap.max").read_text() == "0"
    assert child.label == f"cgroup-v2:memory=2112MiB,pids={cgroups.PIDS_MAX}"
    assert child.spec() == {"procs": [str(d / "cgroup.procs")], "label": child.label}
    assert child.events() == []
    (d / "memory.events").write_text("low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n")
    (d / "pids.events").write_text("max 2\n")
    kinds = [e["kind"] for e in child.events()]
    assert kinds == ["memory_limit", "process_limit"] and all(e["ko"] and e["en"] for e in child.events())
    child.release()
    assert removed == [str(d)]
    made.close()
    assert removed[-1] == made_scope(root)


def made_scope(root):
    return str(root / "user.slice" / "grader.scope" / "ag")


def test_v2_without_memory_controller_says_why(tmp_path):
    made, _, _ = fake_tree(tmp_path, 2, controllers="cpu io")
    assert not made.available and made.create(1, 100) is None
    assert "memory/pids not available" in made.reason


def test_v2_parent_that_cannot_delegate_is_refused(tmp_path):
    made, root, _ = fake_tree(tmp_path, 2, enabled="")
    own = root / "user.slice" / "grader.scope"
    if made.available:  # the fake accepted the write; a real one with processes in it says EBUSY
        made.close()
    (own / "cgroup.subtree_control").unlink()
    (own / "cgroup.subtree_control").mkdir()  # any write now fails, as EBUSY would
    made = cgroups.Cgroups(str(tmp_path / "mountinfo"), str(tmp_path / "cgroup"), parent="", scope_name="ag2")
    if os.geteuid() == 0:  # as root it falls back to the hierarchy's root, which has no controllers here
        assert made.reason.count("cannot enable") == 1 or not made.available
    assert not made.available


def test_v1_child_cgroup_in_both_hierarchies(tmp_path):
    made, root, removed = fake_tree(tmp_path, 1)
    assert made.version == 1
    child = made.create(3, 512)
    mem, pids = root / "memory" / "grader" / "ag" / "child-3", root / "pids" / "grader" / "ag" / "child-3"
    assert child.dirs == [str(mem), str(pids)]
    assert (mem / "memory.limit_in_bytes").read_text() == str(512 << 20) and (pids / "pids.max").read_text() == "512"
    assert child.label == "cgroup-v1:memory=512MiB,pids=512"
    (mem / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    assert [e["kind"] for e in child.events()] == ["memory_limit"]
    child.release()
    assert removed == [str(mem), str(pids)]


def test_busy_directories_are_removed_later(tmp_path):
    made, root, removed = fake_tree(tmp_path, 1)
    busy = {"on": True}
    real = made._rmdir

    def rmdir(path):
        if busy["on"]:
            raise OSError(16, "Device or resource busy")
        real(path)

    made._rmdir = rmdir
    made.create(1, 100).release()
    assert len(made._pending) == 2 and removed == []
    busy["on"] = False
    made.create(2, 100)  # the next spawn retries
    assert len(removed) == 2


def test_no_cgroup_at_all(tmp_path):
    (tmp_path / "mountinfo").write_text("22 27 0:21 / /proc rw - proc proc rw\n")
    (tmp_path / "cgroup").write_text("")
    made = cgroups.Cgroups(str(tmp_path / "mountinfo"), str(tmp_path / "cgroup"), parent="")
    assert not made.available and made.reason


def test_sandbox_cap_parse():
    assert sandbox_cap.parse("") == {}
    assert sandbox_cap.parse("landlock_abi=3, userns=0,cgroups=1,pidns=0") == {
        "landlock_abi": 3, "userns": False, "cgroups": True, "pidns": False}
    for bad in ("landlock=3", "userns=yes", "landlock_abi=-1", "pidns"):
        with pytest.raises(ValueError):
            sandbox_cap.parse(bad)
