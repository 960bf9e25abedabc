#!/usr/bin/env python3
"""Writes the fixture proc trees in this folder. Run it after changing a fixture; commit its output.

Namespace links are plain symlinks ("net:[4026531840]") so readlink works on them as on /proc.
Each tree is described below, process by process, with the hostile cases a real /proc can show.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]
HOST = dict(cgroup=4026531835, ipc=4026531839, mnt=4026531841, net=4026531840, pid=4026531836,
            time=4026531834, user=4026531837, uts=4026531838)


def stat_line(pid, comm, state, ppid, threads, start):
    # proc(5) fields 1..52; 20 = num_threads, 22 = starttime
    fields = [str(pid), "(" + comm + ")", state, str(ppid)] + ["0"] * 48
    fields[19] = str(threads)
    fields[21] = str(start)
    return " ".join(fields) + "\n"


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def ns_links(d, ns):
    os.makedirs(os.path.join(d, "ns"), exist_ok=True)
    for t in TYPES:
        if ns.get(t):
            os.symlink("%s:[%d]" % (t, ns[t]), os.path.join(d, "ns", t))
    os.symlink("pid:[%d]" % ns.get("pid_for_children", ns["pid"]), os.path.join(d, "ns", "pid_for_children"))
    os.symlink("time:[%d]" % ns.get("time_for_children", ns["time"]), os.path.join(d, "ns", "time_for_children"))


def process(root, pid, comm, ppid, ns, cmdline=b"", uid=0, state="S", start=100, nspid=None, threads=1,
            cgroup="0::/\n", fds=None, comm_raw=None, tasks=None, uid_map=None, gid_map=None):
    d = os.path.join(root, str(pid))
    os.makedirs(d)
    write(os.path.join(d, "stat"), stat_line(pid, comm, state, ppid, threads, start).encode("utf-8", "surrogateescape")
          if comm_raw is None else comm_raw, "wb")
    status = "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nUid:\t%d\t%d\t%d\t%d\nThreads:\t%d\nNSpid:\t%s\n" % (
        comm.split("\n")[0], state, pid, pid, ppid, uid, uid, uid, uid, threads,
        "\t".join(str(x) for x in (nspid or [pid])))
    write(os.path.join(d, "status"), status)
    write(os.path.join(d, "cmdline"), cmdline, "wb")
    write(os.path.join(d, "cgroup"), cgroup)
    ns_links(d, ns)
    os.makedirs(os.path.join(d, "fd"))
    for fd, target in (fds or {}).items():
        os.symlink(target, os.path.join(d, "fd", str(fd)))
    os.makedirs(os.path.join(d, "task", str(pid)))
    ns_links(os.path.join(d, "task", str(pid)), ns)
    for tid, tns in (tasks or {}).items():
        os.makedirs(os.path.join(d, "task", str(tid)))
        ns_links(os.path.join(d, "task", str(tid)), tns)
    if uid_map is not None:
        write(os.path.join(d, "uid_map"), uid_map)
        write(os.path.join(d, "gid_map"), gid_map if gid_map is not None else uid_map)
    return d


def basic():
    root = os.path.join(HERE, "proc-basic")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    write(os.path.join(root, "sys/kernel/hostname"), "fixture-host\n")
    write(os.path.join(root, "sys/kernel/osrelease"), "6.1.0-fixture\n")
    write(os.path.join(root, "self"), "not a process\n")  # non-numeric entries are ignored

    p1 = process(root, 1, "systemd", 0, HOST, b"/sbin/init\0splash\0", start=1)
    write(os.path.join(p1, "mountinfo"),
          "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
          "23 22 0:21 / /proc rw,nosuid - proc proc rw\n"
          "301 22 0:4 net:[4026532900] /run/netns/demo\\040ns rw shared:5 - nsfs nsfs rw\n"
          "302 22 0:4 net:[4026532900] /run/netns/second rw - nsfs nsfs rw\n"
          "303 22 0:4 garbage /run/bad rw - nsfs nsfs rw\n"
          "this line is not mountinfo at all\n")
    process(root, 2, "kthreadd", 0, HOST, start=1)
    process(root, 3, "kworker/0:0-events", 2, HOST, state="I", start=2)
    process(root, 100, "bash", 1, HOST, b"-bash\0", uid=1000, start=500)

    docker = dict(HOST, mnt=4026532200, net=4026532201, pid=4026532202, ipc=4026532203, uts=4026532204,
                  cgroup=4026532205)
    docker_id = "0123456789abcdef" * 4
    cg = "0::/system.slice/docker-%s.scope\n" % docker_id
    p200 = process(root, 200, "nginx", 1, docker, b"nginx: master process nginx -g daemon off;\0",
                   nspid=[200, 1], cgroup=cg, start=1000)
    write(os.path.join(p200, "mountinfo"), "40 39 0:50 / / rw - overlay overlay rw\n")
    # comm with a newline, parentheses and a byte that is not UTF-8; a long argv with invalid UTF-8
    weird = "we) (ird\n".encode() + b"\xff"
    process(root, 201, "placeholder", 200, docker,
            b"worker\0" + b"\xc3\x28bad-utf8\0" + b"x" * 6000 + b"\0line\nbreak\0",
            nspid=[201, 2], cgroup=cg, start=1001,
            comm_raw=b"201 (" + weird + b") S 200 " + b" ".join([b"0"] * 15) + b" 1 0 1001 " + b" ".join([b"0"] * 30) + b"\n")

    # a pod-like neighbour: shares the docker container's net namespace, has its own pid and mnt
    podman_id = "fedcba9876543210" * 4
    pod = dict(HOST, mnt=4026532300, net=4026532201, pid=4026532302, ipc=4026532203, uts=4026532204,
               cgroup=4026532305)
    process(root, 300, "sleep", 1, pod, b"sleep\0infinity\0", nspid=[300, 1],
            cgroup="0::/machine.slice/libpod-%s.scope/container\n" % podman_id, start=1100)

    # multi-threaded on the host, one thread unshared its uts namespace
    process(root, 400, "threaded", 100, HOST, b"./threaded\0", uid=1000, threads=2, start=1200,
            tasks={401: dict(HOST, uts=4026532400)})

    # zombie: stat says Z, no namespace links left
    z = os.path.join(root, "500")
    write(os.path.join(z, "ns", ".empty"), "")
    write(os.path.join(z, "stat"), stat_line(500, "defunct", "Z", 100, 1, 1300))
    # vanished mid-scan: the directory is there, its files are not (a marker file, since git keeps no empty folder)
    write(os.path.join(root, "600", ".gone"), "")
    # cut short: stat ends in the middle
    t = os.path.join(root, "700")
    os.makedirs(t)
    write(os.path.join(t, "stat"), "700 (trunc")
    ns_links(t, HOST)

    # holds the only reference to a net namespace through fd 3
    process(root, 800, "holder", 1, HOST, b"holder\0", start=1400,
            fds={0: "/dev/null", 1: "pipe:[77]", 3: "net:[4026532800]", 4: "socket:[1234]", 5: "net:[oops]"})

    # a rootless container: its own user namespace, root mapped to 1000 outside
    userns = dict(HOST, user=4026532901, mnt=4026532902, uts=4026532903)
    process(root, 900, "rootless", 100, userns, b"sh\0", uid=1000, start=1500,
            uid_map="         0       1000          1\n         1     100000      65536\n",
            gid_map="         0       1000          1\n")

    # a process between unshare(CLONE_NEWPID) and its first fork: pid_for_children differs
    process(root, 950, "unshared", 100, dict(HOST, pid_for_children=4026532950), b"unshare\0-p\0", start=1600)


if __name__ == "__main__":
    basic()
