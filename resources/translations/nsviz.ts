<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>DemoPanel</name>
    <message>
        <source>Two web servers on port %1, no conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A different /etc in each container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID 1 inside, an ordinary pid outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another hostname on the same host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid 0 inside, an unprivileged user outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same shared memory key twice, no clash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared net, ipc and uts; separate mnt and pid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Fetch page: each server answers on 127.0.0.1:%1 inside its own net namespace. In the views the two have different net namespaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here in each, then: cat /etc/os-release. Two answers, and the host&apos;s file is untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here, then: ps. The shell inside calls itself PID 1; the list shows the pid the host knows it by.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here, then: hostname. Inside it answers demo-kestrel; the host keeps its own name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here, then: id. uid 0 inside; the views show the process under the outside user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here in each, then: ipcs -m. Each sees only its own segment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both share one net, ipc and uts namespace, and each has its own mnt and pid namespace. Fetch page reaches the web server from the sidecar too; Terminal here in the sidecar, then: hostname (it is pod-web&apos;s) and ps (only its own).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoPreset</name>
    <message>
        <source>Two web servers on one port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both containers run a web server on port %1 at the same time. Neither is in the way of the other: each net namespace has its own loopback, addresses and ports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own filesystem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each container has its own mount namespace and root, so /etc/hostname and /etc/os-release say different things in each, and neither touches the host&apos;s /etc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own PID 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container&apos;s first process is PID 1 in its pid namespace but has an ordinary pid on the host; the NSpid line of /proc/PID/status lists both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own hostname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A uts namespace of its own lets the container carry another hostname while the host keeps its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root inside, nobody outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In its user namespace the container runs as uid 0 with all capabilities, but the host sees uid %1: its uid_map translates one into the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolated shared memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both containers create a System V shared memory segment with the same key. That works twice because each ipc namespace has its own set of keys; neither sees the other&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two containers share one net, ipc and uts namespace, as the containers of a Kubernetes pod do, but each has its own mount and pid namespace: the sidecar reaches the web server on 127.0.0.1:%1, has the same hostname and the same shared memory, and sees neither its files nor its processes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Handout</name>
    <message>
        <source>%1 · step %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not shown here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the class should see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… %1 more lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it by hand</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>a ping from the host needs a raw socket, which only root may open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bind mount on the host needs root (CAP_SYS_ADMIN in the host&apos;s mount namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a veth pair between the host and a container needs root (CAP_NET_ADMIN on the host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A container is a set of namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One process gets its own network and keeps almost everything else of the host; a second gets the five that Docker gives every container. Side by side, the class sees that &quot;container&quot; is not a kernel object: it is a bundle of namespaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Docker utilized namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Half a container: its own network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We start a process with a net namespace of its own (and a pid namespace, which nsviz gives every demo so that stopping it ends all of it). Everything else it shares with the host: in the graph its mnt, ipc and uts badges are the host&apos;s. It has its own network, but it sees the host&apos;s files and hostname.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A whole container: pid, net, mnt, ipc and uts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The second process gets the five namespaces Docker creates for each container: its own process tree, network, filesystem, shared memory and hostname. It is what a container engine starts, without the engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it still shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Even the whole container shares the host&apos;s cgroup, time and user namespaces: Docker leaves them alone unless asked. The chapter&apos;s `ls -al /proc/PID/ns` listing shows the same: those three links point where the host&apos;s do. (Without root, nsviz gives every container a user namespace as well: it needs one to make the container&apos;s root.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolated shared memory: ipc namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two containers create a shared memory segment with the same key, and both succeed: each ipc namespace has its own set of keys, and neither sees the other&apos;s segment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Breakdown (IPC namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same key, twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ipc-a and ipc-b each create a System V shared memory segment with the same key, ipc-a of 4096 bytes, ipc-b of 8192. In one namespace the second would have found the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each sees only its own segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of segments read inside ipc-a holds one segment of 4096 bytes; inside ipc-b, one of 8192. Same key, two different objects, invisible to each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List a container&apos;s namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the chapter does for an nginx container: find the host pid of the container&apos;s main process and list /proc/PID/ns, then read each link as a namespace the container has of its own or shares with the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: List container namespaces in Linux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A web server in a container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We start a web server the way an engine would: its own pid, net, mnt, ipc and uts namespaces. On the host its main process has an ordinary pid; the process table shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ls -al /proc/PID/ns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each entry of /proc/PID/ns is a link named after a namespace type, pointing at type:[inode]. Two processes are in the same namespace exactly when their links show the same inode. pid_for_children and time_for_children name the namespaces the process&apos;s next children will get.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the links with those of any host process: pid, net, mnt, ipc and uts point at inodes of the container&apos;s own, while cgroup, time and user point where the host&apos;s do, as in the chapter&apos;s listing. The graph draws the same thing as badges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new network namespace: only lo, and it is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A freshly made network namespace has one interface, the loopback, and even that is switched off: nothing can be reached until someone brings it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab: a new net namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bare network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We make a net namespace and do nothing to it. Listing its interfaces shows a single one, lo, in state DOWN, with no address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not even itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With lo down, the namespace cannot reach even 127.0.0.1: ping fails at once, because there is no network to send on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring up lo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bringing lo up is one command. Now the namespace answers its own pings: a working loopback, and still nothing else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own /etc: mount namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two containers each read a different /etc/os-release from the same path, because each mount namespace has its own root filesystem. The host&apos;s /etc is never touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Examples (own copy of a configuration file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two roots, two /etc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fs-alpha and fs-beta each get a mount namespace and a small root filesystem of their own. Their mnt badges differ; nothing else about them is special.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same path, different file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We read /etc/os-release in each. The path is the same, the answer is not: fs-alpha says Alpha Demo Linux, fs-beta says Beta Demo Linux. Two programs that need different versions of one configuration file can run side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only its own mounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mount table inside fs-alpha lists its own root and its own /proc; the host&apos;s disks are not in it. What a mount namespace isolates is exactly this list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own hostname: uts namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A container with a uts namespace of its own carries its own hostname; the host keeps its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Breakdown (UTS namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container gets a uts namespace and calls itself demo-kestrel. Its card in the graph carries that name; the host&apos;s cards keep the host&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked inside, asked outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hostname run inside the container prints demo-kestrel. It shares the host&apos;s files and network, yet it answers with another name: the uts namespace holds nothing but the hostname and the NIS domain name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own PID 1 and process tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container&apos;s first process is PID 1 inside and an ordinary pid on the host; inside, ps shows only the container&apos;s own processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Breakdown (process ID namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID 1, twice over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container runs a shell as its first process, and the shell starts one child. In its pid namespace the shell is PID 1, like init on a real machine; the host knows it by another number. Details lists both in the NSpid line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside, only its own processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ps inside the container lists the shell as PID 1, its sleeping child and ps itself. The hundreds of host processes are not there: a pid namespace hides every process outside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pid namespace ends with its PID 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the first process of a pid namespace exits, the kernel kills every other process in that namespace, and the namespace is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab: the end of a pid namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An init and its children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container&apos;s PID 1 is a shell with two sleeping children. Three processes, one pid namespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID 1 dies, everyone goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We kill PID 1 from the host. Its children were not touched, yet they are gone too: the kernel ends every process of a pid namespace once its init has exited, and the namespace itself goes with them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A namespace outlives its processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A namespace lives as long as something holds it: a process, an open file descriptor or a bind mount of its /proc/PID/ns file. This is how `ip netns add` keeps network namespaces with no process in them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab: a namespace kept by a bind mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A container and its network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A container with a net namespace of its own, held by its one process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin it with a bind mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We bind-mount the container&apos;s /proc/PID/ns/net onto a file. The namespace now has two holders: the process and the mount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process goes, the namespace stays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We stop the container. Its process is gone, and so are its pid and mount namespaces, but the net namespace is still there with no process in it: the bind mount holds it. nsviz shows it held by the mount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmount, and it is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the bind mount drops the last reference, and the kernel frees the namespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pod: containers that share net, ipc and uts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The containers of a Kubernetes pod share one network, one IPC and one hostname, and each keeps its own filesystem and process tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab: a pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two containers, one pod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pod-web runs a web server; pod-sidecar joins its net, ipc and uts namespaces and has its own mount and pid namespaces. In the graph their net, ipc and uts badges are one colour, their mnt and pid badges two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>localhost is the pod&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the sidecar, 127.0.0.1:8080 is the web server in the other container: they share one loopback. The sidecar also reports the same hostname, the pod&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>But not each other&apos;s processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ps in the sidecar lists only its own processes: the web server runs in the same pod but in another pid namespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root inside, nobody outside: user namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In its user namespace the container&apos;s process is uid 0, while the host counts it as an ordinary user: the namespace&apos;s uid_map translates one into the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Breakdown (user namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user namespace with a uid map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container gets a user namespace whose uid_map says: uid 0 in here is an unprivileged uid out there. Select its user namespace in the tree to see the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It thinks it is root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id inside the container says uid=0(root). On the host, the process table shows the same process under another user. Root inside a user namespace has every capability over what that namespace owns, and none over the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A veth pair joins two network namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A veth pair is a virtual cable with one end in each network namespace. With an address on each end, the host reaches the container across it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab: a veth pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cable between two namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The container gets a net namespace and one end of a veth pair, called eth0 inside; the other end stays on the host. Each end has an address in 10.231.77.0/30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Across the cable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ping from the host to 10.231.77.2 goes into the host&apos;s end of the pair, comes out of eth0 in the container&apos;s namespace and is answered there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two web servers on one port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two web servers both listen on port 8080 at the same time, because each has a network namespace of its own with its own loopback and its own range of ports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chapter: Examples (multiple web servers on one port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two web servers, one port number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We start two containers, web-a and web-b, and each runs a web server on port 8080. On one network stack the second server would fail with &quot;address in use&quot;. Look at their net badges: two different colours, two different namespaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each answers in its own namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We ask 127.0.0.1:8080 for a page from inside each namespace. The same address and port reach a different server in each: web-a answers in web-a&apos;s network, web-b in web-b&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A network of its own: only lo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside web-a the network has a single interface, its own loopback. The host&apos;s interfaces and addresses are not there at all. A container engine would add a virtual cable (veth) and map a host port onto 8080.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonAction</name>
    <message>
        <source>start the demo preset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start container %1 with new %2 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop container %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kill PID 1 of %1 from the host (SIG%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1: fetch http://127.0.0.1:%2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ping %1 across its veth pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ls -al /proc/PID/ns of %1&apos;s first process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep the %1 namespace of %2 by a bind mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove the bind mount of %2&apos;s %1 namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>select %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare %1 with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show the tree by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonCheck</name>
    <message>
        <source>%1 is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has its own %2 namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has its own %2 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shares the %2 namespace nsviz runs in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shares the %2 namespaces nsviz runs in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 are in different %3 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 differ in each of their %3 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 share one %3 namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 share their %3 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has 1 process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2 processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first process of %1 is PID %2 in its pid namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s hostname is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 in %2 is an unprivileged uid outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 in %2 is the uid nsviz runs as outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 in %2 is uid %3 outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>something listens on port %1 inside %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the output does not say &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the output says &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 namespace of %2 is still there, held by a bind mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 namespace of %2 is gone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonCommand</name>
    <message>
        <source> (some steps need root)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an earlier step could not be done here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this step needs root: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an action of this step failed (see what it did)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonRunner</name>
    <message>
        <source>1 process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the action has not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked: nsviz runs without root, and then every container gets a user namespace of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no snapshot yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not been started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in its namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no process in its namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its first process is not in the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (nsviz&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID %1 inside, %2 on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its uts namespace is not in the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no hostname read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hostname &quot;%1&quot;, read inside it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hostname &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its user namespace is not in the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 inside is uid %2 (%3) outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its uid_map is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 is not mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing listens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is still there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, bind-mounted on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 needs root: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not running, so %2 cannot join it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no demo preset &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kill: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[exit status %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reply from %1: time=%2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create a directory for the bind mount: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mount --bind %1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 namespace of %2 is not pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NamespaceGuide</name>
    <message>
        <source>About %1 namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In containers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By hand:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>which part of the cgroup tree looks like the root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own view of the cgroup tree: its cgroup looks like the root.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The view of the control-group tree. Inside, the process&apos;s own cgroup appears as the root &quot;/&quot;, so the paths in /proc/self/cgroup say nothing about where it really sits on the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Docker and Podman give each container one on cgroup v2 hosts, so that a container cannot read or rearrange the host&apos;s resource limits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a container&apos;s process and compare its cgroup line in Details with a host process: the container sees &quot;0::/&quot;, the host the full path under /sys/fs/cgroup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System V IPC objects and POSIX message queues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own System V shared memory, semaphores and message queues.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System V shared memory segments, semaphore sets and message queues, and POSIX message queues. Processes in different IPC namespaces cannot reach each other&apos;s objects, even with the same key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every container gets its own, so that its shared memory cannot be read or removed from another container; a Kubernetes pod shares one between its containers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start two demo containers with their own IPC namespace, create a segment in one with ipcmk -M 4096 and run ipcs -m in both: only one of them lists it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mount table: what the filesystem looks like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own mount table; needed for a root filesystem of its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of mounts. A process sees only the mounts of its mount namespace, so a container can have its own root filesystem, its own /etc and its own /proc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is how a container gets its image as &quot;/&quot;: the engine mounts the image in a new mount namespace and switches the root to it (pivot_root).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a demo container with its own root filesystem and read /etc/hostname or /etc/os-release inside and on the host: same path, different files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interfaces, addresses, routes, ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own network stack: interfaces, addresses, ports and routes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A whole network stack: interfaces, IP addresses, routing tables, firewall rules and the port numbers in use. A new one has only a loopback interface, and it is down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each container normally gets its own, joined to the host by a veth pair and a bridge; that is why two containers can both listen on port 8080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the preset &quot;Two web servers on one port&quot;: both listen on 8080 without a conflict, because each port belongs to a different network namespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process ids: who is PID 1, who can be seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own process numbers: its first process is PID 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process numbers. The first process in a new PID namespace is PID 1 inside it; it sees only the processes of its namespace and the ones below it, while the host sees them all, under other numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A container&apos;s main process is its PID 1: when it exits, the kernel ends every other process of the container.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a container&apos;s process: Details shows its PID inside the container and on the host (the NSpid line). Then stop its PID 1 and watch the namespace go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offsets of the monotonic and boot clocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own offsets for the monotonic and boot-time clocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offsets for the monotonic and boot-time clocks (Linux 5.6 and later). The wall clock is not affected: every namespace shares the date and time of day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rarely used by Docker; checkpoint-and-restore tools use it so that a container moved to another host does not see its uptime jump.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run uptime on the host and in a new time namespace with a boot offset: the two report different uptimes, the same time of day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user and group ids, and which capabilities count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own user ids: root inside can be nobody outside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User and group ids, and the capabilities that go with them. A uid map ties ids inside to ids outside, so a process can be root in its namespace and an ordinary user on the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rootless Podman and Docker&apos;s userns-remap run containers in one, so that root inside a container holds no privilege on the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a user namespace: Details lists its uid map (for example 0 inside = 1000 outside). Start a demo container as a normal user: it is root inside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host name and NIS domain name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its own hostname, independent of the host&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host name and the NIS domain name. Changing them in a UTS namespace does not change them for the host or for any other namespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every container gets its own, with its id or a chosen name as host name: what the hostname command prints inside a container.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a demo container with a host name of its own and run hostname inside and on the host.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>(the host&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(its own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: each has its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2. It wrote nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2. The last %3 of the %4 lines it wrote:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2. Its output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ChangeLogModel</name>
    <message>
        <source>host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ChangeLogPanel</name>
    <message>
        <source>All changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which changes to list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container or text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ChartsPanel</name>
    <message>
        <source>Namespaces per type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest namespaces (processes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes per refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processes and namespaces changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ComparePanel</name>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two processes (Ctrl+click in the table, or “Compare with” on a graph node) to see which namespaces they share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 has exited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot tell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>different</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 share all eight namespaces: they are in the same container.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 share none of their namespaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 share %3 of 8 namespaces; they differ in %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::DemoForm</name>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the list of running containers; need not be unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: keep the inherited hostname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set inside the container&apos;s own uts namespace: letters, digits and &apos;-&apos;, parts separated by dots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program and its arguments, split like a command line (quotes group words). It is run directly as an argument list, never by a shell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busybox: a minimal root of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host&apos;s root, with private mounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busybox builds a tiny root filesystem with its own /etc in a tmpfs (needs mnt and the busybox-static package); the host&apos;s root shares the host&apos;s files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loopback only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>veth pair to the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start this container with the built-in runtime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always on for demo containers: when their first process ends, the kernel ends all the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hostname:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root filesystem:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A veth pair between the host and the container&apos;s net namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only root can add a veth pair; run nsviz as root to use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without root it is always added, mapping you to root inside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs as the argument list %1 (no shell)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the container a name, e.g. custom; the list of running containers shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loopback, left down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With net: only its own lo (up, or down as a new net namespace starts), or also a veth cable to the host with private addresses</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::DemoPanel</name>
    <message>
        <source>Fetch page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running as root: containers get exactly the namespaces chosen, and a veth pair is possible. Built-in demo containers stop when nsviz quits; engine containers run until stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running without root: each container also gets a user namespace that maps you to root inside (rootless). Built-in demo containers stop when nsviz quits; engine containers run until stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The examples of the namespaces chapter, one click each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the namespaces, hostname, command and root filesystem yourself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Containers of a Podman or Docker engine on this host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running demo containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID (host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pid of the container&apos;s first process as the host sees it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The namespaces the container does not share with the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch http://127.0.0.1:%1/ from inside the net namespace of each running web server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the container&apos;s first process in the graph and the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected container (an exited one is taken off the list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every built-in container, and remove (killing them) the engine containers started from nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetched pages appear here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open %1 with a shell in all the namespaces of the selected container (nsenter -t PID -a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here needs a terminal emulator; none is installed (e.g. &quot;apt install xterm&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Right-click a container to copy its nsenter command instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; joins the %1 namespace of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; hostname %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Starts:&lt;/p&gt;&lt;ul style=&quot;margin-top:0&quot;&gt;%1&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Try:&lt;/i&gt; %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This preset cannot start here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting &quot;%1&quot;...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1 (pid %2 on the host).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the containers of &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy nsenter command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No web server is running. Start &quot;Two web servers on one port&quot; or &quot;Pod&quot; first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Fetching http://127.0.0.1:%1/ from inside the net namespace of %n web server(s)...</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (pid %2, %3): http://127.0.0.1:%4/ inside its net namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed after %1 s: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2, %3 after it started; it wrote nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2, %3 after it started. Its last line: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — nsviz demo container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running, listening on port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pid %1 on the host is pid %2 in the container&apos;s own pid namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not known yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(after the next refresh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in runtime, id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>engine container %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::DetailsPanel</name>
    <message>
        <source>Copy command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the equivalent command line on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a process or a namespace to see its namespaces, who shares them and what keeps them alive.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Process %1 has exited.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Namespace %1 no longer exists: nothing holds it any more.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… (%1 more characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1 · parent %2 · state %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container: %1 (%2 %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container: %1 (the hostname of its own uts namespace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pid in each pid namespace, outermost first: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the host (initial namespace): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no other process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads in other namespaces than the process:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thread %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every line starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes: one of the host&apos;s own namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owning user namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2 inside = %3–%4 outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not written yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gid map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bind mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open file descriptor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fd %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept alive by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>being the parent or owner of another namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;No process is in this namespace, so nothing can be read from inside it.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Reading details from inside the namespace…&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read inside the namespace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside the namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mount list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monotonic clock offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>boot-time clock offset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::EngineSection</name>
    <message>
        <source>Look again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine API sockets found on this host; nsviz talks HTTP to the engine on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for Podman and Docker sockets again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images in the engine&apos;s local storage; nsviz never pulls one from a registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local image to start the container from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. nsviz-demo (empty: the engine picks one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. demo (empty: the container&apos;s short id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. sleep 3600 (empty: the image&apos;s default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split into arguments like a command line (quotes group words); never run through a shell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create and start the container through the engine&apos;s API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected container (SIGTERM, then SIGKILL after 10 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected container (a running one is killed first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hostname:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine socket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Podman or Docker engine socket was found (looked at %1). Start one, e.g. &quot;systemctl start podman.socket&quot; as root or &quot;systemctl --user start podman.socket&quot;, then press Look again. The built-in runtime needs no engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the engine at %1 who it is…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This splits into no arguments; give a program and its arguments, or leave it empty for the image&apos;s default command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs as %1 arguments: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no local image to start. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No engine is connected; choose a socket above or press Look again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1 (pid %2 on the host).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This engine has no local images, so there is nothing to start yet. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 local image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 local images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; nothing is ever pulled from a registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
id %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
started from this nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
started from another nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no local image to start a container from</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::EngineSession</name>
    <message>
        <source>Could not list the engine&apos;s containers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No engine is connected; choose a socket or look for one again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::GraphView</name>
    <message>
        <source>Laying out %1 nodes…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::GraphWidget</name>
    <message>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing graph: one node per set of processes sharing their namespaces (a container),
namespaces private to it drawn on it, shared ones as nodes of their own.
Namespace hierarchy: the user and pid namespace trees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On a busy host, fold containers of the same shape (same command, same kinds of
namespaces, shared the same way) into one stacked card; double-click it to see each one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole graph (F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay the graph out afresh instead of keeping the nodes where they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image at 2x…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image at 4x…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graphviz DOT…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible region as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible region as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One page as big as the picture (kept between 1:2 and 2:1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4 pages: a PDF that is too big to read on one gets more pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter pages: a PDF that is too big to read on one gets more pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide (16:9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shape of a presentation slide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw %1 namespaces: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show each of the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fold the alike ones into one card again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fold processes away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show its processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw its own namespaces as badges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw its own namespaces as nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with process %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the graph into view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the graph as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the graph as PNG (2x)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export what is visible as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graphviz DOT (*.dot *.gv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Laying out the graph before exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export did not work: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::HostState</name>
    <message>
        <source>the probe ended with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only the live host can be recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the whole host (full view)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the live host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the recording was not saved: writing %1 did not finish in two minutes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::LessonPanel</name>
    <message>
        <source>Start lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lesson starts its own demo containers, one step at a time, and checks that the picture shows what it says. Back undoes a step; ending the lesson stops everything it started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without root it stops before a step that needs it: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it by hand:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A step could not be done; see its output above. Back undoes what it did.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next step needs root: %1. Run nsviz as root for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the class should see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons run on the live host; the window shows a file now (File &gt; Back to the live host).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window shows a file, not the live host where this lesson runs: File &gt; Back to the live host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This recording holds this lesson (%n step(s)): play it step by step, nothing is started.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The window replays a recording of another lesson; pick it to play it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording ends here, at step %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::MainWindow</name>
    <message>
        <source>Regex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide host noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the kernel&apos;s own threads (kthreadd and its children): they hold only the host&apos;s namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User namespace hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID namespace hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Containers (namespace sets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the namespace tree is arranged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change log: containers, namespaces and processes that came and went, with their times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See every process: runs the read-only nsviz-probe as root (asks for authentication)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording could not go on: %1
Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop refreshing; the views keep the last picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time between refreshes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Every </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search command, pid, container, namespace id…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only namespaces of one type in the tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide processes that use only the host&apos;s own namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the seed chapter&apos;s examples as containers and watch them appear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open snapshot or recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a snapshot or a recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz snapshots and recordings (*.json *.nsvizrec);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save snapshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the host to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz recordings (*.nsvizrec)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write what the host does from now on to a file that replays anywhere (File &gt; Open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as PNG at &amp;2x…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as PNG at &amp;4x…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph as Graphviz D&amp;OT…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible part of the graph as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing &amp;matrix as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing matrix as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the &amp;live host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History size…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep up to this many MiB of past snapshots:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About nsviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;nsviz %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Shows which processes share which kernel namespaces: cgroup, ipc, mnt, net, pid, time, user and uts. A container is, to the kernel, a set of these namespaces that some processes share.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz — live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for authentication…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full view ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full view of the host has ended: %1.
Back to the processes this user can see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz — snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processes · %2 namespaces · %3 namespace sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incomplete picture: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — the full view shows them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live, full view — last scan %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay of %1, moment %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved snapshot of %1, taken %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused — last scan %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live — last scan %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the sharing matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace sharing of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export did not work: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still opening the last file; try again in a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not whole:
%2

Play the %3 before it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be replayed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not whole: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz — recording of %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording saved: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nsviz snapshots (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no snapshot yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording&apos;s lesson cannot be played: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::NamespaceTreeModel</name>
    <message>
        <source>  (host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uid %1 inside = %2 outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owned by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept alive by bind mount %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept alive by fd %1 of process %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no process: kept alive as a parent or owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 namespace %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only the host&apos;s namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>own: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes that share all eight namespaces: what the kernel knows as a container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (host %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new namespaces: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel thread %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace / process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::PresentationMode</name>
    <message>
        <source>&amp;Presentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A picture for a class: large type, high contrast, the containers and the lesson only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: %1 or the graph&apos;s menu to leave</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ProbeStream</name>
    <message>
        <source>could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authentication was dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe sent something that is not a snapshot: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe sent a line longer than %1 MiB; dropped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::ProcessTableModel</name>
    <message>
        <source>The %1 namespace could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the host&apos;s own (initial) namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: shared by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: private to this process&apos;s namespace set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 has exited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel thread %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 container %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>named by the hostname of its own UTS namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 namespace of each process</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::SelectionSync</name>
    <message>
        <source>reading inside namespaces needs this program to run as root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a moment past holds only what was read at the time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a saved snapshot holds only what was read when it was taken</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::SharingDelegate</name>
    <message>
        <source>the host&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared with other containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private to its container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>? could not be read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::Startup</name>
    <message>
        <source>nsviz cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;nsviz cannot start&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::TimelineBar</name>
    <message>
        <source>Loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One moment back (Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One moment on (Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start again from the beginning at the end of the recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the host as it is now, and follow it again (End)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop recording and save the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play on from here up to now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No moments yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay %1 (%2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewing %1, %2 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live · %1 kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every view shows the host as it was at this moment; new moments are still being taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Recording: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>nsviz::TimelineTrack</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — moment %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
