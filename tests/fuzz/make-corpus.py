#!/usr/bin/env python3
"""Writes the seed corpus of the libFuzzer targets (tests/fuzz/corpus/<target>/) from the fixture proc tree and a
few hand-made cases per parser. Run from anywhere; the probe is only needed for the snapshot JSON seeds:

    tests/fuzz/make-corpus.py [build/default/app/nsviz-probe]
"""
import hashlib
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, '..', 'data', 'proc-basic')
corpus = os.path.join(here, 'corpus')


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), 'wb') as f:
        f.write(data)


def fixture_files(name):
    for pid in sorted(os.listdir(fixture)):
        path = os.path.join(fixture, pid, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, 'rb') as f:
                yield f.read()


for data in fixture_files('stat'):
    put('fuzz_stat', data)
put('fuzz_stat', b'42 (a) b) (c) S 1 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 3 0 99 0 0\n')
put('fuzz_stat', b'7 (\n) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 18446744073709551615')

for data in fixture_files('status'):
    put('fuzz_status', data)
put('fuzz_status', b'Name:\tx\nTgid:\t9\nUid:\t4294967295\t0\t0\t0\nNSpid:\t9\t1\t1\nThreads:\t-1\n')

for data in fixture_files('cmdline'):
    put('fuzz_cmdline', data)
put('fuzz_cmdline', b'\0\0\xff\xfe\0a')

for pid in sorted(os.listdir(fixture)):
    ns = os.path.join(fixture, pid, 'ns')
    if os.path.isdir(ns):
        for link in sorted(os.listdir(ns)):
            path = os.path.join(ns, link)
            if os.path.islink(path):
                put('fuzz_nslink', os.readlink(path))
put('fuzz_nslink', 'net:[18446744073709551615]')
put('fuzz_nslink', 'mnt:[0]')
put('fuzz_nslink', 'pid_for_children:[1]')

for data in fixture_files('mountinfo'):
    put('fuzz_mountinfo', data)
put('fuzz_mountinfo', b'36 25 0:4 net:[4026532900] /run/netns/a\\040b\\134c\\012 rw shared:5 master:2 - nsfs nsfs rw\n'
                      b'37 25 0:4 mnt:[1] / rw - nsfs\n38 - - - -\n')

for data in fixture_files('cgroup'):
    put('fuzz_cgroup', data)
for line in ('0::/system.slice/docker-' + '0123456789abcdef' * 4 + '.scope',
             '12:pids:/docker/' + 'a' * 64,
             '0::/machine.slice/libpod-conmon-' + 'b' * 64 + '.scope',
             '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_5678.slice/cri-containerd-' + 'c' * 64 + '.scope',
             '0::/kubepods/besteffort/pod9abc/' + 'd' * 64,
             '0::/system.slice/crio-' + 'e' * 64 + '.scope',
             '0::/machine.slice/machine-web\\x2d1.scope',
             '0::/lxc.payload.web/init.scope',
             '4:cpu:/lxc/db'):
    put('fuzz_cgroup', line + '\n')

for name in ('uid_map', 'gid_map'):
    for data in fixture_files(name):
        put('fuzz_idmap', data)
put('fuzz_idmap', b'         0       1000          1\n         1     100000      65536\n4294967295 0 4294967295\n')

probe = sys.argv[1] if len(sys.argv) > 1 else None
if probe:
    put('fuzz_snapshotjson', subprocess.run([probe, '--once', '--proc-root', fixture], check=True, capture_output=True).stdout)
put('fuzz_snapshotjson', '{"schema":"nsviz-snapshot","version":1,"host":{"hostname":"h","kernel":"k","time":"","scannerUid":0,'
                         '"complete":false,"scanError":"x"},"namespaces":[{"id":"18446744073709551615","dev":4,"type":"net",'
                         '"parent":null,"owner":9007199254740993,"ownerUid":null,"initial":true,"tasks":[1],"processes":[1],'
                         '"bindMounts":[{"path":"/run/netns/\\u0001","mntns":5}],"fdHolders":[{"pid":1,"fd":3}],'
                         '"details":{"interfaces":[{"name":"lo"}]}}],"processes":[{"pid":1,"ppid":0,"tgid":1,"comm":"\\ud800",'
                         '"cmdline":["a","\\u2028"],"uid":0,"state":"S","startTime":"9007199254740993","nspid":[1],'
                         '"namespaces":{"net":"18446744073709551615","pidForChildren":null},"threadsInOtherNamespaces":[],'
                         '"container":{"engine":"docker","id":"x","name":""}}],"inaccessible":{"processes":0,"reason":""}}')

# Recordings: a header, a keyframe (the fixture's snapshot), a delta that takes a container's process out, the end;
# plain and gzip-compressed, and one cut short.
import gzip
if probe:
    keyframe = subprocess.run([probe, '--once', '--proc-root', fixture], check=True, capture_output=True).stdout.decode().strip()
    lines = ['{"schema":"nsviz-recording","version":1,"source":"fixture","started":"2026-12-02T10:00:00.000Z"}',
             '{"time":"2026-12-02T10:00:00.000Z","snapshot":' + keyframe + '}',
             '{"time":"2026-12-02T10:00:01.000Z","delta":{"host":{"hostname":"basic","kernel":"k","time":"2026-12-02T10:00:01.000Z",'
             '"scannerUid":0,"complete":true},"inaccessible":{"processes":0,"reason":""},"processes":[],"removedPids":[201],'
             '"namespaces":[],"removedNamespaces":[],"members":[{"id":4026532201,"tasksAdded":[],"tasksRemoved":[201],'
             '"processesAdded":[],"processesRemoved":[201]}]}}',
             '{"end":"2026-12-02T10:00:01.000Z","moments":2}']
    text = '\n'.join(lines) + '\n'
    put('fuzz_recording', text)
    put('fuzz_recording', gzip.compress(text.encode(), mtime=0))
    put('fuzz_recording', text[:len(text) * 3 // 4])

http = [b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nApi-Version: 1.41\r\n\r\nhello',
        b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[1,2\r\n3;ext=1\r\n,3]\r\n0\r\nX-Trailer: y\r\n\r\n',
        b'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it',
        b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n',
        b'HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\nContent-Length: 2\r\n\r\nOK',
        b'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"message":"no such image"}']
for mode, body in enumerate(http):
    put('fuzz_enginehttp', bytes([mode * 37 % 256]) + body)

# The Details pane's parsers (fuzz_details.cpp).
put('fuzz_sockets', b'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
                    b'   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1\n'
                    b'   1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 99 2\n'
                    b'   2: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 7\n')
put('fuzz_sockets', b'0100007F')
put('fuzz_timens', b'monotonic           5         0\nboottime  -3 999999999\n1 2 3\n7 0 1000000000\n')
put('fuzz_netdev', b'Inter-|   Receive                            |  Transmit\n'
                   b' face |bytes    packets errs drop fifo frame compressed multicast|bytes\n'
                   b'    lo:  123 4 0 0 0 0 0 0 123 4 0 0 0 0 0 0\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\nveth\\x2d1@if9: 0\n')
for data in fixture_files('cgroup'):
    put('fuzz_cgrouproot', data)
put('fuzz_cgrouproot', b'12:pids:/a:b\n0::/init.scope\n1:name=systemd:relative\n')
put('fuzz_sysvipc', b'       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime        rss       swap\n'
                    b'         0          3  1600      65536  1234  1234      2     0     0     0     0          0          0 1700000000      65536          0\n\n   \n')
for data in fixture_files('mountinfo'):
    put('fuzz_mountdetails', data)
put('fuzz_mountdetails', b'22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n23 22 0:5 / /dev\\040x rw - devtmpfs udev rw,size=1k\nbroken line\n')
