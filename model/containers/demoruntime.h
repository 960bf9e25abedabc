#pragma once

// The built-in container runtime behind the demo panel and `nsviz demo`: starts demo containers in new namespaces
// with clone(2)/unshare(2), no daemon needed. Unprivileged it is rootless (a user namespace maps the invoking user
// to root inside); as root it can add a veth pair. Everything it starts dies with it, also on SIGKILL: each container
// has a shim child with PR_SET_PDEATHSIG, the container's first process has one on the shim, and its own pid
// namespace takes the rest down with it. Mounts live only in the container's mount namespace and a veth only in its
// net namespace, so the kernel removes them with the container; nothing is created on the host's file systems.
// Everything here is called on the thread that owns the runtime (PR_SET_PDEATHSIG follows the forking thread).

#include "containerspec.h"
#include "democontainer.h"
#include "demopreset.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace nsviz {

class DemoRuntime : public QObject
{
    Q_OBJECT
public:
    explicit DemoRuntime(QObject *parent = nullptr);
    ~DemoRuntime() override; // stops every container and waits until they are gone

    // Running as root: veth pairs possible, no user namespace needed.
    static bool isPrivileged();
    // The namespaces a process is in, read from /proc/PID/ns; 0 for a type whose link cannot be read.
    static NamespaceSet namespacesOf(qint32 pid);

    // Why an unprivileged process cannot create user namespaces on this host (a sysctl or AppArmor says no), with the
    // fix; empty if nothing says so. Rootless mode needs them. procRoot: for tests.
    static QString userNamespaceProblem(const QString &procRoot = QStringLiteral("/proc"));

    // What check() needs to know about this host, read once: from /proc, and by running `busybox --list`.
    struct HostFacts
    {
        bool privileged = false;
        quint32 uid = 0, gid = 0;
        QString userNamespaceProblem; // unprivileged only: userNamespaceProblem()
        QString busyboxProblem;       // empty when /bin/busybox is there, static and lists its applets
        QList<NamespaceType> missingTypes; // the kernel has none of these
        friend bool operator==(const HostFacts &, const HostFacts &) = default;
    };
    static HostFacts hostFacts();

    // Everything that keeps `spec` from starting on this host (spec.validate() plus: busybox installed and static,
    // the program found in the chosen root, user namespaces allowed when unprivileged, the kernel's namespace types,
    // root for veth, the container to join running). Each problem says how to fix it; empty if none.
    QStringList check(const ContainerSpec &spec) const;
    // The same from facts read before and the ids of the running containers: reads nothing under /proc and runs no
    // child (busybox's applets were listed when the facts were gathered), so a form may call it on every keystroke.
    static QStringList check(const ContainerSpec &spec, const HostFacts &facts, const QStringList &runningIds);

    // Starts a container and returns its id once its command runs (exec succeeded); std::nullopt with *error set
    // (and error() emitted) if not. Synchronous: setting up takes milliseconds, at most a few seconds.
    std::optional<QString> start(const ContainerSpec &spec, QString *error = nullptr);
    // Starts all containers of a preset (a container joining an earlier one names it by ContainerSpec::name in
    // joinContainer); all or nothing. Without a usable busybox, containers that can run on the host's root do
    // (onHostRoot()). Returns the ids in preset order, empty with *error set on failure.
    QStringList startPreset(const DemoPreset &preset, QString *error = nullptr);

    // The same container on the host's root with private mounts, for hosts without busybox: possible when the program
    // exists on the host and the spec's files only replace existing regular files. std::nullopt if not (a busybox
    // applet such as httpd, or a file the host does not have), with *whyNot set.
    static std::optional<ContainerSpec> onHostRoot(const ContainerSpec &spec, QString *whyNot = nullptr);

    // Kills the container (its whole pid namespace) and waits until it is gone; an exited one is just forgotten.
    bool stop(const QString &id);
    void stopAll();

    QList<DemoContainer> containers() const; // in start order
    std::optional<DemoContainer> container(const QString &id) const;

    // An HTTP GET of http://127.0.0.1:PORT/PATH from inside the container's net namespace (loopback only, never the
    // host's network). Returns the response body; std::nullopt with *error set on failure or a status other than 200.
    // The TCP ports something listens on inside the container's net namespace (read from /proc/PID/net/tcp{,6}
    // of its first process, which shows that namespace), sorted; empty when it has exited.
    QList<quint16> listeningPorts(const QString &id) const;
    std::optional<QByteArray> fetchPage(const QString &id, quint16 port = 8080, const QByteArray &path = "/",
                                        QString *error = nullptr, int timeoutMs = 5000) const;

    // A command run inside the container: in all its namespaces, as its root (uid 0 inside), in its root directory,
    // with a fixed PATH; standard input /dev/null, standard output and error captured together (at most 64 KiB).
    // argv is a program and its arguments, never a shell line. Stopped (SIGKILL) after timeoutMs.
    struct ExecResult
    {
        bool started = false; // the program ran (then exitCode says how it ended)
        int exitCode = -1;    // its exit status; 128 + N when killed by signal N; -1 when timed out
        QByteArray output;
        bool truncated = false;
        QString error; // why it did not start, or that it timed out
        bool ok() const { return started && exitCode == 0; }
    };
    ExecResult exec(const QString &id, const QStringList &argv, int timeoutMs = 5000) const;

    // One ICMP echo from the host's net namespace to the container's end of its veth pair (root only; only that
    // address, never another): the round trip in milliseconds, or std::nullopt with *error set.
    std::optional<double> ping(const QString &id, QString *error = nullptr, int timeoutMs = 2000) const;

    // Removes what crashed earlier runs may have left (host ends of veth pairs whose net namespace outlived its
    // container, named after a runtime pid that no longer runs). Returns how many were removed. The constructor calls
    // it when running as root.
    static int removeStaleLeftovers();

Q_SIGNALS:
    void containerStarted(const QString &id);
    void containerExited(const QString &id, const QString &description);
    void error(const QString &message);

private:
    struct Running;
    std::shared_ptr<Running> runningContainer(const QString &id) const; // null unless it is known and running
    void onShimExited(const QString &id);
    void onOutput(const QString &id);
    void reap(Running &r, bool killFirst);
    void releaseVeths(Running &r);
    QString fail(QString *error, const QString &message);

    QList<QString> m_order;
    QHash<QString, std::shared_ptr<Running>> m_containers;
    int m_nextId = 1;
};

} // namespace nsviz
