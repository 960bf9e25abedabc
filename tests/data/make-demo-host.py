#!/usr/bin/env python3
"""Writes the snapshot JSON of a made-up but realistic host with N containers, for looking at the picture
(screenshots, exports) at the sizes users have: `make-demo-host.py 500 host-500.json`, then
`nsviz --snapshot host-500.json` or `nsviz export --from host-500.json -o x.svg`.

The host has kernel threads, systemd services with a private /tmp (own mnt) or no network (own net), an
`ip netns` namespace held only by its bind mount, a user namespace held only by an fd, and N containers of
the kinds seen in practice: Docker web stacks (nginx, redis, postgres, each its own net/uts/ipc/mnt/pid,
named by the engine), Kubernetes pods (a pause container whose net, ipc and uts its app containers join),
rootless Podman containers (all in one user namespace of the user's, mapping 0 to uid 1000), and
`unshare`-made ones named only by their UTS hostname. Deterministic: the same N gives the same file.
"""
import json
import random
import sys

TYPES = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-demo-host.py CONTAINERS OUT.json")
    containers = int(sys.argv[1])
    rng = random.Random(containers)
    next_ns = [4026532200]
    next_pid = [1]
    namespaces = {}
    processes = []
    host = {}

    def new_ns(t, initial=False, parent=None, owner=None, **extra):
        if initial:
            nid = {"cgroup": 4026531835, "ipc": 4026531839, "mnt": 4026531841, "net": 4026531840,
                   "pid": 4026531836, "time": 4026531834, "user": 4026531837, "uts": 4026531838}[t]
        else:
            nid = next_ns[0]
            next_ns[0] += 1
        n = {"id": nid, "dev": 4, "type": t, "parent": parent, "owner": owner, "ownerUid": None,
             "initial": initial, "tasks": [], "processes": [], "bindMounts": [], "fdHolders": []}
        n.update(extra)
        namespaces[nid] = n
        return nid

    for t in TYPES:
        host[t] = new_ns(t, initial=True, parent=None, owner=None if t == "user" else 4026531837)
    namespaces[host["user"]]["ownerUid"] = 0
    namespaces[host["uts"]]["details"] = {"hostname": "build-07"}

    def process(nsset, comm, ppid, cmdline=None, uid=0, nspid=None):
        pid = next_pid[0]
        next_pid[0] += 1
        for t in TYPES:
            namespaces[nsset[t]]["tasks"].append(pid)
            namespaces[nsset[t]]["processes"].append(pid)
        processes.append({
            "pid": pid, "ppid": ppid, "tgid": pid, "comm": comm,
            "cmdline": [comm] if cmdline is None else cmdline, "uid": uid, "state": "S",
            "startTime": 1000 + pid * 3, "nspid": [pid] + (nspid or []),
            "namespaces": dict(nsset, pidForChildren=nsset["pid"], timeForChildren=nsset["time"]),
            "threadsInOtherNamespaces": [], "container": None})
        return processes[-1]

    # The host: systemd, kernel threads, a few daemons and a desktop user's session.
    process(host, "systemd", 0, ["/sbin/init"])
    process(host, "kthreadd", 0, [])
    for i in range(40):
        process(host, ["kworker/%d:1" % (i % 2), "ksoftirqd/%d" % (i % 2), "rcu_preempt", "kswapd0"][i % 4], 2, [])
    for comm in ["systemd-journal", "systemd-udevd", "dbus-daemon", "sshd", "cron", "containerd", "dockerd",
                 "kubelet", "agetty", "bash", "tmux: server", "bash", "vim", "nsviz"]:
        process(host, comm, 1)
    # systemd services with their own /tmp (PrivateTmp=yes) or without a network (PrivateNetwork=yes).
    for comm, own in [("systemd-logind", ["mnt"]), ("colord", ["mnt"]), ("upowerd", ["mnt"]),
                      ("systemd-timesyncd", ["mnt"]), ("fwupd", ["mnt", "net"]), ("systemd-resolved", ["mnt"])]:
        s = dict(host)
        for t in own:
            s[t] = new_ns(t, parent=None, owner=host["user"])
        process(s, comm, 1)
    # `ip netns add lab`: a network namespace with no process, held by its bind mount.
    lab = new_ns("net", owner=host["user"])
    namespaces[lab]["bindMounts"].append({"path": "/run/netns/lab", "mntns": host["mnt"]})
    # A user namespace kept open by a file descriptor of the desktop's sandbox helper.
    helper = process(host, "bwrap", 1, ["bwrap", "--unshare-user", "--", "true"], uid=1000)
    held = new_ns("user", parent=host["user"], owner=None)
    namespaces[held]["ownerUid"] = 1000
    namespaces[held]["uidMap"] = [[1000, 1000, 1]]
    namespaces[held]["fdHolders"].append({"pid": helper["pid"], "fd": 7})

    dockerd = next(p["pid"] for p in processes if p["comm"] == "dockerd")
    kubelet = next(p["pid"] for p in processes if p["comm"] == "kubelet")
    rootless_user = None

    def container(comm, ppid, engine, name, hostname, workers=0, join=None, user=None, worker_comm=None):
        s = dict(host)
        for t in ["net", "uts", "ipc", "mnt", "pid", "cgroup"]:
            if join and t in join:
                s[t] = join[t]
            else:
                extra = {}
                if t == "uts":
                    extra["details"] = {"hostname": hostname}
                s[t] = new_ns(t, parent=host["pid"] if t == "pid" else None, owner=(user or host["user"]), **extra)
        if user:
            s["user"] = user
        uid = 1000 if user else 0
        leader = process(s, comm, ppid, uid=uid, nspid=[1])
        if engine:
            leader["container"] = {"engine": engine, "id": "%064x" % rng.getrandbits(256), "name": name}
        for k in range(workers):
            w = process(s, worker_comm or comm, leader["pid"], uid=uid, nspid=[k + 2])
            w["container"] = leader["container"]
        return s

    made = 0
    stack = 0
    while made < containers:
        kind = made % 10
        if kind in (0, 1, 2, 3):  # a Docker web stack: nginx, app, redis, postgres
            stack += 1
            for comm, workers, wc in [("nginx", 2, "nginx"), ("gunicorn", 3, "gunicorn"), ("redis-server", 0, None),
                                      ("postgres", 4, "postgres")][: min(4, containers - made)]:
                short = comm.split("-")[0]
                container(comm, dockerd, "docker", "shop%d-%s-1" % (stack, short), "%012x" % rng.getrandbits(48),
                          workers, worker_comm=wc)
                made += 1
        elif kind in (4, 5, 6):  # a Kubernetes pod: pause, then app containers joining its net, ipc and uts
            pod = "api-%05x" % rng.getrandbits(20)
            pause = container("pause", kubelet, "kubernetes", "%s/POD" % pod, pod)
            made += 1
            for app in ["api", "envoy"][: max(0, min(2, containers - made))]:
                container(app, kubelet, "kubernetes", "%s/%s" % (pod, app), pod, 1,
                          join={t: pause[t] for t in ["net", "ipc", "uts"]})
                made += 1
        elif kind in (7, 8):  # rootless Podman: one user namespace of the user's for all of them
            if rootless_user is None:
                rootless_user = new_ns("user", parent=host["user"])
                namespaces[rootless_user]["ownerUid"] = 1000
                namespaces[rootless_user]["uidMap"] = [[0, 1000, 1], [1, 100000, 65536]]
                process(dict(host, user=rootless_user, mnt=new_ns("mnt", owner=rootless_user)), "catatonit", 1,
                        uid=1000)
            container(rng.choice(["httpd", "node", "python3"]), 1, "podman", "dev-%d" % made, "dev-%d" % made, 1,
                      user=rootless_user)
            made += 1
        else:  # made by hand with unshare: only its hostname says what it is
            container("sh", 1, None, None, "lab-%d" % made, 1, worker_comm="sleep")
            made += 1

    # Where every member is known, namespaces without one are the held ones above.
    snapshot = {
        "schema": "nsviz-snapshot", "version": 1,
        "host": {"hostname": "build-07", "kernel": "6.1.0-28-amd64", "time": "2026-12-01T12:00:00Z",
                 "scannerUid": 0, "complete": True},
        "namespaces": sorted(namespaces.values(), key=lambda n: (TYPES.index(n["type"]), n["id"])),
        "processes": processes,
        "inaccessible": {"processes": 0, "reason": ""},
    }
    with open(sys.argv[2], "w") as f:
        json.dump(snapshot, f)


if __name__ == "__main__":
    main()
