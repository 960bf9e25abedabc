#include "demopreset.h"

#include <QCoreApplication>

#include <unistd.h>

namespace nsviz {

namespace {

// Long enough for any lesson; the runtime kills it on stop anyway.
const QString sleepSeconds = QStringLiteral("86400");

QByteArray page(const QString &container, const QString &text)
{
    return QByteArray("<!doctype html>\n<html><head><title>") + container.toUtf8() + "</title></head>\n<body><h1>Hello from "
        + container.toUtf8() + "</h1><p>" + text.toUtf8() + "</p></body></html>\n";
}

QByteArray osRelease(const QString &name, const QString &version)
{
    return "NAME=\"" + name.toUtf8() + "\"\nPRETTY_NAME=\"" + name.toUtf8() + ' ' + version.toUtf8() + "\"\nVERSION_ID=\""
        + version.toUtf8() + "\"\nID=" + name.toLower().remove(u' ').toUtf8() + '\n';
}

ContainerSpec webServer(const QString &name, const QString &text)
{
    ContainerSpec s;
    s.name = name;
    s.newNamespaces = {NamespaceType::Mnt, NamespaceType::Net, NamespaceType::Pid, NamespaceType::Uts};
    s.hostname = name;
    s.command = {QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"), QString::number(DemoHttpPort),
                 QStringLiteral("-h"), QStringLiteral("/www")};
    s.files.insert(QStringLiteral("/www/index.html"), page(name, text));
    return s;
}

ContainerSpec sleeper(const QString &name, QList<NamespaceType> types, ContainerSpec::RootFs rootFs)
{
    ContainerSpec s;
    s.name = name;
    s.newNamespaces = std::move(types);
    s.rootFs = rootFs;
    s.command = {QStringLiteral("sleep"), sleepSeconds};
    return s;
}

} // namespace

QList<DemoPreset> demoPresets(bool privileged)
{
    QList<DemoPreset> presets;
    using T = NamespaceType;
    using R = ContainerSpec::RootFs;

    {
        DemoPreset p;
        p.id = QStringLiteral("web-servers");
        p.title = QCoreApplication::translate("DemoPreset", "Two web servers on one port");
        p.explanation = QCoreApplication::translate("DemoPreset", "Both containers run a web server on port %1 at the same time. Neither is in the way of "
                                       "the other: each net namespace has its own loopback, addresses and ports.")
                            .arg(DemoHttpPort);
        p.containers = {webServer(QStringLiteral("web-a"), QStringLiteral("This page comes from the net namespace of web-a.")),
                        webServer(QStringLiteral("web-b"), QStringLiteral("This page comes from the net namespace of web-b."))};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("own-filesystem");
        p.title = QCoreApplication::translate("DemoPreset", "Own filesystem");
        p.explanation = QCoreApplication::translate("DemoPreset", "Each container has its own mount namespace and root, so /etc/hostname and /etc/os-release "
                                       "say different things in each, and neither touches the host's /etc.");
        ContainerSpec a = sleeper(QStringLiteral("fs-alpha"), {T::Mnt, T::Pid}, R::Busybox);
        a.files.insert(QStringLiteral("/etc/hostname"), "alpha\n");
        a.files.insert(QStringLiteral("/etc/os-release"), osRelease(QStringLiteral("Alpha Demo Linux"), QStringLiteral("1.0")));
        ContainerSpec b = sleeper(QStringLiteral("fs-beta"), {T::Mnt, T::Pid}, R::Busybox);
        b.files.insert(QStringLiteral("/etc/hostname"), "beta\n");
        b.files.insert(QStringLiteral("/etc/os-release"), osRelease(QStringLiteral("Beta Demo Linux"), QStringLiteral("2.0")));
        p.containers = {a, b};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("own-pid1");
        p.title = QCoreApplication::translate("DemoPreset", "Own PID 1");
        p.explanation = QCoreApplication::translate("DemoPreset", "The container's first process is PID 1 in its pid namespace but has an ordinary pid on "
                                       "the host; the NSpid line of /proc/PID/status lists both.");
        ContainerSpec s = sleeper(QStringLiteral("pid1"), {T::Mnt, T::Pid}, R::Busybox);
        // A fixed command line of ours, not user text: a shell as PID 1 with one child, so there is a PID 2 as well.
        s.command = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep ") + sleepSeconds + QStringLiteral(" & wait")};
        p.containers = {s};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("own-hostname");
        p.title = QCoreApplication::translate("DemoPreset", "Own hostname");
        p.explanation = QCoreApplication::translate("DemoPreset", "A uts namespace of its own lets the container carry another hostname while the host "
                                       "keeps its name.");
        ContainerSpec s = sleeper(QStringLiteral("named"), {T::Uts, T::Pid}, R::Host);
        s.hostname = QStringLiteral("demo-kestrel");
        p.containers = {s};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("root-inside");
        p.title = QCoreApplication::translate("DemoPreset", "Root inside, nobody outside");
        const uid_t uid = privileged ? 65534 : ::getuid();
        const gid_t gid = privileged ? 65534 : ::getgid();
        p.explanation = QCoreApplication::translate("DemoPreset", "In its user namespace the container runs as uid 0 with all capabilities, but the host "
                                       "sees uid %1: its uid_map translates one into the other.")
                            .arg(uid);
        ContainerSpec s = sleeper(QStringLiteral("rootless-root"), {T::User, T::Pid}, R::Host);
        s.uidMap = {IdMapRange{0, quint32(uid), 1}};
        s.gidMap = {IdMapRange{0, quint32(gid), 1}};
        p.containers = {s};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("isolated-ipc");
        p.title = QCoreApplication::translate("DemoPreset", "Isolated shared memory");
        p.explanation = QCoreApplication::translate("DemoPreset", "Both containers create a System V shared memory segment with the same key. That works "
                                       "twice because each ipc namespace has its own set of keys; neither sees the other's.");
        ContainerSpec a = sleeper(QStringLiteral("ipc-a"), {T::Ipc, T::Pid}, R::Host);
        a.sysvShmKey = 0x6e737a01; // "nsz" 1
        a.sysvShmSize = 4096;
        ContainerSpec b = a;
        b.name = QStringLiteral("ipc-b");
        b.sysvShmSize = 8192; // a different size tells the two segments apart
        p.containers = {a, b};
        presets.append(p);
    }
    {
        DemoPreset p;
        p.id = QStringLiteral("pod");
        p.title = QCoreApplication::translate("DemoPreset", "Pod");
        p.explanation = QCoreApplication::translate("DemoPreset", "Two containers share one net, ipc and uts namespace, as the containers of a Kubernetes "
                                       "pod do, but each has its own mount and pid namespace: the sidecar reaches the web server "
                                       "on 127.0.0.1:%1, has the same hostname and the same shared memory, and sees neither "
                                       "its files nor its processes.")
                            .arg(DemoHttpPort);
        // The first container holds the pod's namespaces, as Kubernetes' pause container does; the second joins
        // the three a pod shares by default (net, ipc, uts) and keeps its own filesystem and process tree.
        ContainerSpec web = webServer(QStringLiteral("pod-web"), QStringLiteral("Served inside the pod's shared net namespace."));
        web.newNamespaces.append(T::Ipc);
        ContainerSpec sidecar = sleeper(QStringLiteral("pod-sidecar"), {T::Mnt, T::Pid}, R::Busybox);
        sidecar.joinContainer = web.name;
        sidecar.joinNamespaces = {T::Net, T::Ipc, T::Uts};
        p.containers = {web, sidecar};
        presets.append(p);
    }
    return presets;
}

std::optional<DemoPreset> findDemoPreset(const QString &id, bool privileged)
{
    const QList<DemoPreset> presets = demoPresets(privileged);
    for (const DemoPreset &p : presets) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

} // namespace nsviz
