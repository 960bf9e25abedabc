// The demo runtime against the live kernel, as root: every preset starts and its namespaces are what it promises,
// checked through /proc and nsenter(1), never through what the runtime says; and nothing is left behind after stop,
// after the runtime is destroyed, and after `nsviz demo run` is killed with SIGKILL. Rootless mode runs the command
// line as uid 65534 through setpriv(1). The test process is a child subreaper: what a killed `nsviz demo run` leaves
// comes back to it, so it can tell that it died and reap it. Network traffic only goes to 127.0.0.1 inside the
// net namespaces the test's containers created.
#include "namespaceof.h"
#include "rootless.h"
#include "containers/demopreset.h"
#include "containers/demoruntime.h"
#include "scan/procparse.h"

#include "childgroup.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

constexpr int HttpTimeoutMs = 10000;
constexpr quint32 NobodyUid = 65534;

QString appPath()
{
    return QStringLiteral(NSVIZ_APP);
}


QByteArray readProc(qint32 pid, const char *relative)
{
    QFile f(procPath(pid, relative));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<qint32> nspid(qint32 pid)
{
    const auto status = procparse::parseStatus(readProc(pid, "/status"));
    return status ? status->nspid : QList<qint32>();
}

// A process is gone once /proc has no entry for it; a zombie that came back to us (the subreaper) is reaped first.
bool gone(qint32 pid)
{
    if (pid <= 1)
        return true;
    ::waitpid(pid, nullptr, WNOHANG | __WALL);
    return !QFileInfo::exists(procPath(pid));
}

// Whether a socket listens on the demo port in the net namespace of pid: /proc/PID/net/tcp and tcp6 show that
// namespace's sockets (busybox httpd listens on the IPv6 wildcard, which takes IPv4 too).
bool listensOnDemoPort(qint32 pid)
{
    for (const char *file : {"/net/tcp", "/net/tcp6"}) {
        const QList<QByteArray> lines = readProc(pid, file).split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> f = line.simplified().split(' ');
            // "sl local_address rem_address st ...": state 0A is LISTEN.
            if (f.size() > 3 && f.at(1).endsWith(QByteArray(':' + QByteArray::number(DemoHttpPort, 16).toUpper())) && f.at(3) == "0A")
                return true;
        }
    }
    return false;
}

bool hostMountinfoMentionsDemo()
{
    return readProc(::getpid(), "/mountinfo").contains("nsviz-demo");
}

QStringList demoVeths()
{
    return QDir(QStringLiteral("/sys/class/net")).entryList({QStringLiteral("nsvz*")}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::System);
}

// A container as `nsviz demo run` printed it.
struct CliContainer
{
    QString name;
    qint32 pid = 0;
    qint32 shim = 0;
};

} // namespace

class TestDemoRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void presets_data();
    void presets();
    void stopOneLeavesTheOther();
    void hostRootFallback();
    void exitOnItsOwn();
    void vethPair();
    void escapeesEndWithTheContainer();
    void timeOffsets();
    void badSpecsRejected();
    void staleVethRemoved();
    void cliSignals_data();
    void cliSignals();
    void cliSigkill();
    void cliRootless();
    void runtimeRootlessWithTime();
    void runtimeSigkillWithVeth();

private:
    // Runs argv inside the namespaces of `pid` (nsenter flags such as --net) and returns its standard output.
    QByteArray inside(qint32 pid, const QStringList &nsenterFlags, const QStringList &argv, bool *ok = nullptr);
    QByteArray httpGet(qint32 pid);
    void verifyGone(const QList<qint32> &pids);
    void remember(const DemoContainer &c); // its new namespaces: verifyGone checks that no process holds them
    QSet<NamespaceId> m_created;
    ChildGroup &startCli(const QStringList &args, const QStringList &prefix = {});
    // Starts this test binary in a helper mode (runHelper) through program + args and reads its output into *out
    // until it says "ready" (or "error", or ends, or the setup time is up).
    ChildGroup &startHelper(const char *mode, const QString &program, const QStringList &args, QByteArray *out);
    QList<CliContainer> waitForCliContainers(ChildGroup &cli, QByteArray *out);

    bool m_root = false;
    NamespaceSet m_own;
    QString m_nsenter;
    QString m_setpriv;
    QString m_busybox;
    std::unique_ptr<DemoRuntime> m_runtime;
    std::vector<std::unique_ptr<ChildGroup>> m_children;
    QList<qint32> m_pidsToReap; // container and shim pids a killed command line left to us
};

void TestDemoRuntime::initTestCase()
{
    m_root = ::geteuid() == 0;
    if (!m_root)
        return;
    QVERIFY2(becomeChildSubreaper(), std::strerror(errno));
    for (NamespaceType t : allNamespaceTypes)
        m_own[t] = namespaceOf(::getpid(), t);
    m_nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"));
    m_setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    m_busybox = QFileInfo::exists(QStringLiteral("/bin/busybox")) ? QStringLiteral("/bin/busybox") : QString();
    // What an earlier crashed run may have left (only veths can outlive their container, and only while held).
    DemoRuntime::removeStaleLeftovers();
}

void TestDemoRuntime::init()
{
    if (!m_root)
        QSKIP("needs root to check the demo containers from outside (run as root, or exclude the ctest label 'root')");
    if (m_nsenter.isEmpty())
        QSKIP("needs nsenter(1) from util-linux to look inside the containers");
    if (m_busybox.isEmpty())
        QSKIP("needs /bin/busybox: install busybox-static");
}

void TestDemoRuntime::cleanup()
{
    QList<qint32> pids = m_pidsToReap;
    if (m_runtime) {
        for (const DemoContainer &c : m_runtime->containers())
            pids << c.initPid << c.shimPid;
    }
    m_runtime.reset();
    m_children.clear();
    // Whatever a failed test left: everything here was started by the test and is killed by pid.
    for (qint32 pid : std::as_const(pids)) {
        if (pid > 1 && !gone(pid) && (isDescendantOfUs(pid) || readProcStat(pid).value_or(ProcStat{}).ppid == ::getpid()))
            ::kill(pid, SIGKILL);
    }
    pollFor([&] { return std::all_of(pids.begin(), pids.end(), gone); });
    m_pidsToReap.clear();
}

void TestDemoRuntime::cleanupTestCase()
{
    cleanup();
    if (!m_root)
        return;
    QVERIFY2(!hostMountinfoMentionsDemo(), "a demo mount is visible on the host");
    QVERIFY2(demoVeths().isEmpty(), qPrintable(demoVeths().join(u' ')));
}

QByteArray TestDemoRuntime::inside(qint32 pid, const QStringList &nsenterFlags, const QStringList &argv, bool *ok)
{
    const CommandResult r = runCommand(m_nsenter, QStringList{QStringLiteral("--target"), QString::number(pid)} + nsenterFlags + argv);
    if (ok)
        *ok = r.normalExitCode() == 0;
    if (r.normalExitCode() != 0)
        qWarning("nsenter %s: %s", qPrintable(argv.join(u' ')), r.describe().constData());
    return r.out;
}

// GET http://127.0.0.1:8080/ with busybox wget inside the net namespace of pid, entered by nsenter, not the runtime.
QByteArray TestDemoRuntime::httpGet(qint32 pid)
{
    const CommandResult r = runCommand(m_nsenter, {QStringLiteral("--target"), QString::number(pid), QStringLiteral("--net"), m_busybox,
                                                   QStringLiteral("wget"), QStringLiteral("-q"),
                                                   QStringLiteral("-O"), QStringLiteral("-"), QStringLiteral("http://127.0.0.1:%1/").arg(DemoHttpPort)},
                                       HttpTimeoutMs);
    return r.normalExitCode() == 0 ? r.out : QByteArray("failed: " + r.describe());
}

void TestDemoRuntime::remember(const DemoContainer &c)
{
    for (NamespaceType t : allNamespaceTypes)
        if (c.namespaces[t] && c.namespaces[t] != m_own[t])
            m_created.insert(c.namespaces[t]);
}

// Every process on the host that is in one of the namespaces the test saw created (none may be: not the
// container's, not one that escaped it, not a shell someone entered it with).
static QStringList holdersOf(const QSet<NamespaceId> &namespaces)
{
    QStringList out;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : pids) {
        bool ok = false;
        const qint32 pid = name.toInt(&ok);
        if (!ok)
            continue;
        for (NamespaceType t : allNamespaceTypes)
            if (const NamespaceId ns = namespaceOf(pid, t); ns && namespaces.contains(ns))
                out << QStringLiteral("%1 in %2:[%3]").arg(pid).arg(QLatin1String(namespaceTypeKey(t))).arg(ns);
    }
    return out;
}

void TestDemoRuntime::verifyGone(const QList<qint32> &pids)
{
    for (qint32 pid : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(gone(pid), qPrintable(QStringLiteral("pid %1 is still there").arg(pid)), SetupTimeoutMs);
    const QSet<NamespaceId> created = std::exchange(m_created, {});
    QTRY_VERIFY2_WITH_TIMEOUT(holdersOf(created).isEmpty(), qPrintable(holdersOf(created).join(u'\n')), SetupTimeoutMs);
    QVERIFY2(!hostMountinfoMentionsDemo(), "a demo mount is visible on the host");
    QTRY_VERIFY2_WITH_TIMEOUT(demoVeths().isEmpty(), qPrintable(demoVeths().join(u' ')), SetupTimeoutMs);
    // The runtime creates nothing in the host's file systems: no temporary directory either.
    QVERIFY(QDir(QDir::tempPath()).entryList({QStringLiteral("nsviz-demo*")}, QDir::AllEntries | QDir::System).isEmpty());
}

void TestDemoRuntime::presets_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("destroyRuntime"); // tear down by destroying the runtime instead of stop()
    bool destroy = false;
    for (const DemoPreset &p : demoPresets(true)) {
        QTest::newRow(qPrintable(p.id)) << p.id << destroy;
        destroy = !destroy;
    }
}

void TestDemoRuntime::presets()
{
    QFETCH(QString, id);
    QFETCH(bool, destroyRuntime);
    const std::optional<DemoPreset> preset = findDemoPreset(id, true);
    QVERIFY(preset);
    m_runtime = std::make_unique<DemoRuntime>();
    QSignalSpy started(m_runtime.get(), &DemoRuntime::containerStarted);
    QString error;
    const QStringList ids = m_runtime->startPreset(*preset, &error);
    QVERIFY2(!ids.isEmpty(), qPrintable(error));
    QCOMPARE(ids.size(), preset->containers.size());
    QCOMPARE(started.size(), ids.size());

    QList<DemoContainer> cs;
    QList<qint32> pids;
    for (const QString &cid : ids) {
        const std::optional<DemoContainer> c = m_runtime->container(cid);
        QVERIFY(c);
        QCOMPARE(c->state, DemoContainer::State::Running);
        remember(*c);
        cs << *c;
        pids << c->initPid << c->shimPid;
    }

    // Each container has exactly the new namespaces its spec asks for, read from /proc, and the runtime reports
    // the same ones.
    for (qsizetype i = 0; i < cs.size(); ++i) {
        const DemoContainer &c = cs.at(i);
        const ContainerSpec &spec = preset->containers.at(i);
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceId ns = namespaceOf(c.initPid, t);
            QVERIFY(ns != 0);
            QCOMPARE(c.namespaces[t], ns);
            // The shim stays in the host's namespaces.
            QCOMPARE(namespaceOf(c.shimPid, t), m_own[t]);
            if (spec.unshares(t))
                QVERIFY2(ns != m_own[t], qPrintable(c.name + u' ' + QLatin1String(namespaceTypeKey(t))));
            else if (!spec.joins(t))
                QVERIFY2(ns == m_own[t], qPrintable(c.name + u' ' + QLatin1String(namespaceTypeKey(t))));
        }
        if (spec.unshares(NamespaceType::Pid)) {
            const QList<qint32> ids2 = nspid(c.initPid);
            QCOMPARE(ids2.size(), 2);
            QCOMPARE(ids2.at(0), c.initPid);
            QCOMPARE(ids2.at(1), 1);
        }
        // Whatever runs in the container has a parent death signal: it dies with its shim, the shim with us.
        QCOMPARE(readProcStat(c.shimPid).value_or(ProcStat{}).ppid, qint32(::getpid()));
    }

    if (id == QStringLiteral("web-servers")) {
        QCOMPARE(cs.size(), 2);
        QVERIFY(cs.at(0).namespaces[NamespaceType::Net] != cs.at(1).namespaces[NamespaceType::Net]);
        for (const DemoContainer &c : std::as_const(cs)) {
            // Listening on 8080 in its own net namespace, as /proc/PID/net of that namespace says.
            QTRY_VERIFY_WITH_TIMEOUT(listensOnDemoPort(c.initPid), SetupTimeoutMs);
            const QByteArray page = httpGet(c.initPid);
            QVERIFY2(page.contains(QByteArray("Hello from " + c.name.toUtf8())), page.constData());
            QString fetchError;
            const std::optional<QByteArray> viaRuntime = m_runtime->fetchPage(c.id, DemoHttpPort, "/", &fetchError);
            QVERIFY2(viaRuntime, qPrintable(fetchError));
            QCOMPARE(*viaRuntime, page);
        }
        QVERIFY(httpGet(cs.at(0).initPid) != httpGet(cs.at(1).initPid));
        QString fetchError;
        QVERIFY(!m_runtime->fetchPage(cs.at(0).id, 1, "/", &fetchError));
        QVERIFY2(fetchError.contains(QStringLiteral("connecting to 127.0.0.1")), qPrintable(fetchError));
    } else if (id == QStringLiteral("own-filesystem")) {
        QCOMPARE(cs.size(), 2);
        // /proc/PID/root is the container's root as its processes see it.
        const QByteArray hostA = readProc(cs.at(0).initPid, "/root/etc/hostname");
        const QByteArray hostB = readProc(cs.at(1).initPid, "/root/etc/hostname");
        QCOMPARE(hostA, QByteArray("alpha\n"));
        QCOMPARE(hostB, QByteArray("beta\n"));
        const QByteArray osA = readProc(cs.at(0).initPid, "/root/etc/os-release");
        const QByteArray osB = readProc(cs.at(1).initPid, "/root/etc/os-release");
        QVERIFY2(osA.contains("Alpha Demo Linux"), osA.constData());
        QVERIFY2(osB.contains("Beta Demo Linux"), osB.constData());
        QFile hostOs(QStringLiteral("/etc/os-release"));
        QVERIFY(!hostOs.open(QIODevice::ReadOnly) || !hostOs.readAll().contains("Demo Linux"));
        // Seen from inside, too (its own mount namespace).
        QCOMPARE(inside(cs.at(0).initPid, {QStringLiteral("--mount")}, {QStringLiteral("/bin/cat"), QStringLiteral("/etc/hostname")}),
                 QByteArray("alpha\n"));
        QVERIFY(cs.at(0).namespaces[NamespaceType::Mnt] != cs.at(1).namespaces[NamespaceType::Mnt]);
    } else if (id == QStringLiteral("own-pid1")) {
        const qint32 pid = cs.at(0).initPid;
        QVERIFY(pid != 1);
        QVERIFY(readProcStat(pid)->comm == "sh");
        // Its child is PID 2 inside, and /proc mounted in the container shows the pid namespace's view.
        const qint32 child = pollFor([&] { return findTask(pid, "sleep") != pid ? findTask(pid, "sleep") : 0; });
        QVERIFY(child > 0);
        QCOMPARE(nspid(child).value(1), 2);
        const QByteArray ps = inside(pid, {QStringLiteral("--mount"), QStringLiteral("--pid")},
                                     {QStringLiteral("/bin/cat"), QStringLiteral("/proc/1/status")});
        QVERIFY2(ps.contains("Name:\tsh"), ps.constData());
    } else if (id == QStringLiteral("own-hostname")) {
        const QByteArray name = inside(cs.at(0).initPid, {QStringLiteral("--uts")}, {m_busybox, QStringLiteral("hostname")});
        QCOMPARE(name.trimmed(), QByteArray("demo-kestrel"));
        QVERIFY(QSysInfo::machineHostName() != QStringLiteral("demo-kestrel"));
    } else if (id == QStringLiteral("root-inside")) {
        const qint32 pid = cs.at(0).initPid;
        QCOMPARE(procparse::parseIdMap(readProc(pid, "/uid_map")), (QList<IdMapRange>{{0, NobodyUid, 1}}));
        QCOMPARE(procparse::parseIdMap(readProc(pid, "/gid_map")), (QList<IdMapRange>{{0, NobodyUid, 1}}));
        // Outside, the process runs as nobody.
        QCOMPARE(procparse::parseStatus(readProc(pid, "/status"))->uid, std::optional<quint32>(NobodyUid));
        QCOMPARE(QFileInfo(procPath(pid)).ownerId(), uint(NobodyUid));
    } else if (id == QStringLiteral("isolated-ipc")) {
        QCOMPARE(cs.size(), 2);
        const QByteArray key = QByteArray::number(preset->containers.at(0).sysvShmKey);
        QList<QByteArray> tables;
        for (const DemoContainer &c : std::as_const(cs)) {
            const QByteArray table = inside(c.initPid, {QStringLiteral("--ipc")}, {QStringLiteral("/bin/cat"), QStringLiteral("/proc/sysvipc/shm")});
            // A header and exactly one segment: the container's own.
            const QList<QByteArray> lines = table.trimmed().split('\n');
            QCOMPARE(lines.size(), 2);
            QCOMPARE(lines.at(1).simplified().split(' ').value(0), key);
            tables << lines.at(1).simplified();
        }
        QCOMPARE(tables.at(0).split(' ').value(3), QByteArray("4096"));
        QCOMPARE(tables.at(1).split(' ').value(3), QByteArray("8192"));
        QFile host(QStringLiteral("/proc/sysvipc/shm"));
        QVERIFY(host.open(QIODevice::ReadOnly));
        for (const QByteArray &line : host.readAll().split('\n'))
            QVERIFY2(line.simplified().split(' ').value(0) != key, line.constData());
    } else if (id == QStringLiteral("pod")) {
        QCOMPARE(cs.size(), 2);
        QCOMPARE(cs.at(1).namespaces[NamespaceType::Net], cs.at(0).namespaces[NamespaceType::Net]);
        QVERIFY(cs.at(1).namespaces[NamespaceType::Pid] != cs.at(0).namespaces[NamespaceType::Pid]);
        QVERIFY(cs.at(1).namespaces[NamespaceType::Mnt] != cs.at(0).namespaces[NamespaceType::Mnt]);
        QTRY_VERIFY_WITH_TIMEOUT(listensOnDemoPort(cs.at(0).initPid), SetupTimeoutMs);
        // The sidecar reaches the web server on loopback, from its own side of the pod.
        const QByteArray page = httpGet(cs.at(1).initPid);
        QVERIFY2(page.contains("Hello from pod-web"), page.constData());
        // ... but does not see its processes.
        const QByteArray status = inside(cs.at(1).initPid, {QStringLiteral("--mount"), QStringLiteral("--pid")},
                                         {QStringLiteral("/bin/cat"), QStringLiteral("/proc/1/status")});
        QVERIFY2(status.contains("Name:\tsleep"), status.constData());
    }

    QSignalSpy exited(m_runtime.get(), &DemoRuntime::containerExited);
    if (destroyRuntime) {
        m_runtime.reset();
    } else {
        m_runtime->stopAll();
        QCOMPARE(exited.size(), ids.size());
        QVERIFY(m_runtime->containers().isEmpty());
        m_runtime.reset();
    }
    verifyGone(pids);
}

void TestDemoRuntime::stopOneLeavesTheOther()
{
    m_runtime = std::make_unique<DemoRuntime>();
    QString error;
    const QStringList ids = m_runtime->startPreset(*findDemoPreset(QStringLiteral("web-servers"), true), &error);
    QVERIFY2(ids.size() == 2, qPrintable(error));
    const DemoContainer a = *m_runtime->container(ids.at(0));
    const DemoContainer b = *m_runtime->container(ids.at(1));
    QSignalSpy exited(m_runtime.get(), &DemoRuntime::containerExited);
    QVERIFY(m_runtime->stop(a.id));
    QCOMPARE(exited.size(), 1);
    QCOMPARE(exited.at(0).at(0).toString(), a.id);
    verifyGone({a.initPid, a.shimPid});
    QVERIFY(!gone(b.initPid));
    QVERIFY2(httpGet(b.initPid).contains("Hello from web-b"), "the other web server went down too");
    QCOMPARE(m_runtime->containers().size(), 1);
    QVERIFY(!m_runtime->stop(a.id));
}

// Without busybox, a preset's containers run on the host's root where they can: own-filesystem's files replace the
// host's /etc/hostname and /etc/os-release, but only in each container's mount namespace. (busybox is installed
// here, so the fallback is asked for directly.)
void TestDemoRuntime::hostRootFallback()
{
    const DemoPreset fs = *findDemoPreset(QStringLiteral("own-filesystem"), true);
    for (const QString &path : fs.containers.first().files.keys()) {
        if (!QFileInfo(path).isFile())
            QSKIP(qPrintable(QStringLiteral("this host has no %1 to replace").arg(path)));
    }
    QFile hostOsFile(QStringLiteral("/etc/os-release"));
    QVERIFY(hostOsFile.open(QIODevice::ReadOnly));
    const QByteArray hostOs = hostOsFile.readAll();
    const QByteArray hostHostname = readProc(::getpid(), "/root/etc/hostname");

    m_runtime = std::make_unique<DemoRuntime>();
    QList<DemoContainer> cs;
    for (const ContainerSpec &spec : fs.containers) {
        QString why;
        const std::optional<ContainerSpec> onHost = DemoRuntime::onHostRoot(spec, &why);
        QVERIFY2(onHost, qPrintable(why));
        QCOMPARE(onHost->rootFs, ContainerSpec::RootFs::Host);
        QString error;
        const std::optional<QString> id = m_runtime->start(*onHost, &error);
        QVERIFY2(id, qPrintable(error));
        cs << *m_runtime->container(*id);
    }
    QCOMPARE(readProc(cs.at(0).initPid, "/root/etc/hostname"), QByteArray("alpha\n"));
    QCOMPARE(readProc(cs.at(1).initPid, "/root/etc/hostname"), QByteArray("beta\n"));
    QVERIFY(readProc(cs.at(0).initPid, "/root/etc/os-release").contains("Alpha Demo Linux"));
    QVERIFY(readProc(cs.at(1).initPid, "/root/etc/os-release").contains("Beta Demo Linux"));
    // The rest is the host's, /tmp included (the staging tmpfs is detached again).
    QCOMPARE(QFileInfo(procPath(cs.at(0).initPid, "/root/usr/bin/sleep")).exists(), true);
    // Its only mounts of the staging tmpfs are the replaced files (the os-release mount covers its symlink's target).
    for (const QByteArray &line : readProc(cs.at(0).initPid, "/mountinfo").split('\n')) {
        if (!line.contains("nsviz-demo"))
            continue;
        const QByteArray mountPoint = line.split(' ').value(4);
        QVERIFY2(mountPoint == "/etc/hostname" || mountPoint.endsWith("/os-release"), line.constData());
    }
    QFile hostOsAgain(QStringLiteral("/etc/os-release"));
    QVERIFY(hostOsAgain.open(QIODevice::ReadOnly));
    QCOMPARE(hostOsAgain.readAll(), hostOs);
    QCOMPARE(readProc(::getpid(), "/root/etc/hostname"), hostHostname);
    QList<qint32> pids;
    for (const DemoContainer &c : std::as_const(cs))
        pids << c.initPid << c.shimPid;
    m_runtime.reset();
    verifyGone(pids);

    // A busybox applet or a file the host lacks cannot fall back.
    QString why;
    const DemoPreset web = *findDemoPreset(QStringLiteral("web-servers"), true);
    ContainerSpec noSuchProgram = web.containers.first();
    noSuchProgram.command = {QStringLiteral("no-such-applet-here")};
    QVERIFY(!DemoRuntime::onHostRoot(noSuchProgram, &why));
    QVERIFY2(why.contains(QStringLiteral("not a program of this host")), qPrintable(why));
    ContainerSpec newFile = fs.containers.first();
    newFile.files.insert(QStringLiteral("/www/index.html"), "x");
    QVERIFY(!DemoRuntime::onHostRoot(newFile, &why));
    QVERIFY2(why.contains(QStringLiteral("the host has no file /www/index.html")), qPrintable(why));
}

// A container whose command ends by itself is reported, and its namespaces go with it.
void TestDemoRuntime::exitOnItsOwn()
{
    m_runtime = std::make_unique<DemoRuntime>();
    ContainerSpec s;
    s.name = QStringLiteral("short");
    s.newNamespaces = {NamespaceType::Mnt, NamespaceType::Pid, NamespaceType::Net};
    s.command = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo bye from $NSVIZ_DEMO; read x; exit 3")};
    // `read` from /dev/null returns at once: the command ends right after it started.
    QSignalSpy exited(m_runtime.get(), &DemoRuntime::containerExited);
    QString error;
    const std::optional<QString> id = m_runtime->start(s, &error);
    QVERIFY2(id, qPrintable(error));
    const DemoContainer c = *m_runtime->container(*id);
    QVERIFY(exited.wait(SetupTimeoutMs) || exited.size() == 1);
    QCOMPARE(exited.at(0).at(0).toString(), *id);
    QCOMPARE(exited.at(0).at(1).toString(), QStringLiteral("exited with code 3"));
    const DemoContainer after = *m_runtime->container(*id);
    QCOMPARE(after.state, DemoContainer::State::Exited);
    QTRY_VERIFY(m_runtime->container(*id)->output.contains("bye from short"));
    verifyGone({c.initPid, c.shimPid});
    QVERIFY(m_runtime->stop(*id)); // forgets it
    QVERIFY(m_runtime->containers().isEmpty());
}

void TestDemoRuntime::vethPair()
{
    m_runtime = std::make_unique<DemoRuntime>();
    ContainerSpec s;
    s.name = QStringLiteral("wired");
    s.newNamespaces = {NamespaceType::Mnt, NamespaceType::Pid, NamespaceType::Net};
    s.command = {QStringLiteral("sleep"), QStringLiteral("600")};
    s.network = ContainerSpec::Network::Veth;
    s.hostAddress = QStringLiteral("10.231.250.1");
    s.containerAddress = QStringLiteral("10.231.250.2");
    QString error;
    const std::optional<QString> id = m_runtime->start(s, &error);
    QVERIFY2(id, qPrintable(error));
    const DemoContainer c = *m_runtime->container(*id);
    QVERIFY(!c.vethHost.isEmpty());
    QVERIFY2(demoVeths().contains(c.vethHost), qPrintable(demoVeths().join(u' ')));
    const QByteArray hostSide = runCommand(QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin")}),
                                           {QStringLiteral("-4"), QStringLiteral("addr"), QStringLiteral("show"), QStringLiteral("dev"), c.vethHost}).out;
    QVERIFY2(hostSide.contains("inet 10.231.250.1/30"), hostSide.constData());
    const QByteArray inner = inside(c.initPid, {QStringLiteral("--net")}, {m_busybox, QStringLiteral("ip"), QStringLiteral("-4"), QStringLiteral("addr"),
                                                                           QStringLiteral("show"), QStringLiteral("dev"), QStringLiteral("eth0")});
    QVERIFY2(inner.contains("inet 10.231.250.2/30"), inner.constData());
    QVERIFY2(inner.contains("UP"), inner.constData());
    const QByteArray lo = inside(c.initPid, {QStringLiteral("--net")}, {m_busybox, QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("show"), QStringLiteral("lo")});
    QVERIFY2(lo.contains("UP"), lo.constData());
    QVERIFY(m_runtime->stop(*id));
    verifyGone({c.initPid, c.shimPid});
}

void TestDemoRuntime::escapeesEndWithTheContainer()
{
    // A command that leaves a daemon behind (setsid, its own session and process group): stopping the container,
    // and SIGKILL of its owner, must still end it, and nothing may stay in the container's namespaces.
    if (m_busybox.isEmpty())
        QSKIP("needs /bin/busybox (busybox-static) for the container's shell");
    for (const bool killOwner : {false, true}) {
        m_runtime = std::make_unique<DemoRuntime>();
        ContainerSpec s;
        s.name = QStringLiteral("escapee");
        s.newNamespaces = {NamespaceType::Mnt, NamespaceType::Pid, NamespaceType::Uts, NamespaceType::Ipc};
        s.command = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("setsid sleep 600 & setsid sleep 601 & sleep 602")};
        QString error;
        const std::optional<QString> id = m_runtime->start(s, &error);
        QVERIFY2(id, qPrintable(error));
        const DemoContainer c = *m_runtime->container(*id);
        remember(c);
        // Wait until the daemons run: three sleeps in the container's pid namespace (the shell execs the last).
        QTRY_COMPARE_WITH_TIMEOUT(holdersOf({c.namespaces[NamespaceType::Pid]}).size() >= 3, true, SetupTimeoutMs);
        if (killOwner) {
            // The runtime's shim is what PR_SET_PDEATHSIG ties the container to; killing it is what SIGKILL of the
            // app does to it (the CLI test kills a whole nsviz; this one needs no second program).
            ::kill(c.shimPid, SIGKILL);
            m_pidsToReap << c.shimPid;
        } else {
            QVERIFY(m_runtime->stop(*id));
        }
        verifyGone({c.initPid, c.shimPid});
        m_runtime.reset();
    }
}

void TestDemoRuntime::timeOffsets()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/time")))
        QSKIP("this kernel has no time namespaces (CONFIG_TIME_NS)");
    m_runtime = std::make_unique<DemoRuntime>();
    ContainerSpec s;
    s.name = QStringLiteral("later");
    s.newNamespaces = {NamespaceType::Time, NamespaceType::User, NamespaceType::Pid};
    s.rootFs = ContainerSpec::RootFs::Host;
    s.command = {QStringLiteral("sleep"), QStringLiteral("600")};
    s.monotonicOffset = ContainerSpec::ClockOffset{86400, 0};
    s.boottimeOffset = ContainerSpec::ClockOffset{172800, 500};
    QString error;
    const std::optional<QString> id = m_runtime->start(s, &error);
    QVERIFY2(id, qPrintable(error));
    const DemoContainer c = *m_runtime->container(*id);
    QVERIFY(c.namespaces[NamespaceType::Time] != m_own[NamespaceType::Time]);
    const QByteArray offsets = readProc(c.initPid, "/timens_offsets").simplified();
    QVERIFY2(offsets.contains("monotonic 86400 0"), offsets.constData());
    QVERIFY2(offsets.contains("boottime 172800 500"), offsets.constData());
    // As root with no map given, the user namespace maps ids 0-65535 to themselves.
    QCOMPARE(procparse::parseIdMap(readProc(c.initPid, "/uid_map")), (QList<IdMapRange>{{0, 0, 65536}}));
    QVERIFY(m_runtime->stop(*id));
    verifyGone({c.initPid, c.shimPid});
}

void TestDemoRuntime::badSpecsRejected()
{
    m_runtime = std::make_unique<DemoRuntime>();
    QSignalSpy errors(m_runtime.get(), &DemoRuntime::error);
    ContainerSpec s;
    s.name = QStringLiteral("bad");
    s.newNamespaces = {NamespaceType::Uts, NamespaceType::Mnt, NamespaceType::Pid};
    s.hostname = QStringLiteral("no_underscores");
    s.command = {QStringLiteral("sleep"), QStringLiteral("1")};
    QString error;
    QVERIFY(!m_runtime->start(s, &error));
    QVERIFY2(error.contains(QStringLiteral("hostname \"no_underscores\" contains '_'")), qPrintable(error));
    QCOMPARE(errors.size(), 1);

    s.hostname = QStringLiteral("fine");
    s.command = {QStringLiteral("sleep 1 && reboot")};
    QVERIFY(!m_runtime->start(s, &error));
    QVERIFY2(error.contains(QStringLiteral("\"sleep 1 && reboot\" is not a busybox applet")), qPrintable(error));

    s.command = {};
    QVERIFY(!m_runtime->start(s, &error));
    QVERIFY2(error.contains(QStringLiteral("the command is empty")), qPrintable(error));

    s.rootFs = ContainerSpec::RootFs::Host;
    s.newNamespaces = {NamespaceType::Uts, NamespaceType::Pid};
    s.command = {QStringLiteral("/proc/self/fd")}; // a directory
    QVERIFY(!m_runtime->start(s, &error));
    QVERIFY2(error.contains(QStringLiteral("was not found")), qPrintable(error));

    // A program that passes the check but cannot run: exec's error comes back from inside the container.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile garbage(dir.filePath(QStringLiteral("not-a-program")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("\x01\x02 neither ELF nor #!\n");
    garbage.close();
    QVERIFY(garbage.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    s.command = {garbage.fileName()};
    QVERIFY(!m_runtime->start(s, &error));
    QVERIFY2(error.contains(QStringLiteral("exec failed: Exec format error")), qPrintable(error));
    QVERIFY(m_runtime->containers().isEmpty());
}

// A veth of a runtime that is gone (one whose net namespace something else still held when it crashed) is removed
// by the next runtime. The fake one here is named after pid_max, which no process can have.
void TestDemoRuntime::staleVethRemoved()
{
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin")});
    if (ip.isEmpty())
        QSKIP("needs ip(8) from iproute2");
    QFile pidMaxFile(QStringLiteral("/proc/sys/kernel/pid_max"));
    QVERIFY(pidMaxFile.open(QIODevice::ReadOnly));
    const QByteArray pidMax = pidMaxFile.readAll().trimmed();
    QVERIFY(!pidMax.isEmpty());
    const QString stale = QStringLiteral("nsvz%1-7").arg(QString::fromLatin1(pidMax));
    const QString peer = QStringLiteral("nsvt%1").arg(QString::fromLatin1(pidMax));
    const CommandResult add = runCommand(ip, {QStringLiteral("link"), QStringLiteral("add"), stale, QStringLiteral("type"), QStringLiteral("veth"),
                                              QStringLiteral("peer"), QStringLiteral("name"), peer});
    const auto removeOnFailure = qScopeGuard([&] {
        if (QFileInfo::exists(QStringLiteral("/sys/class/net/") + stale))
            runCommand(ip, {QStringLiteral("link"), QStringLiteral("delete"), stale});
    });
    QVERIFY2(add.normalExitCode() == 0, add.describe().constData());
    QVERIFY(demoVeths().contains(stale));
    QCOMPARE(DemoRuntime::removeStaleLeftovers(), 1);
    QVERIFY(!demoVeths().contains(stale));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/sys/class/net/") + peer));
}

ChildGroup &TestDemoRuntime::startHelper(const char *mode, const QString &program, const QStringList &args, QByteArray *out)
{
    qputenv("NSVIZ_DEMO_HELPER", mode);
    m_children.push_back(std::make_unique<ChildGroup>(program, args, ChildGroup::Channels::Piped));
    qunsetenv("NSVIZ_DEMO_HELPER");
    ChildGroup &helper = *m_children.back();
    QProcess &p = helper.process();
    const QDeadlineTimer deadline(SetupTimeoutMs);
    while (helper.isStarted() && !out->contains("\nready") && !out->contains("error") && !deadline.hasExpired()
           && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        *out += p.readAllStandardOutput();
    }
    return helper;
}

ChildGroup &TestDemoRuntime::startCli(const QStringList &args, const QStringList &prefix)
{
    if (prefix.isEmpty())
        m_children.push_back(std::make_unique<ChildGroup>(appPath(), QStringList{QStringLiteral("demo")} + args, ChildGroup::Channels::Captured));
    else
        m_children.push_back(std::make_unique<ChildGroup>(prefix.first(), prefix.mid(1) + QStringList{appPath(), QStringLiteral("demo")} + args,
                                                          ChildGroup::Channels::Captured));
    return *m_children.back();
}

// Reads what `nsviz demo run` prints until it says it runs; the containers it lists, empty if it never got there.
QList<CliContainer> TestDemoRuntime::waitForCliContainers(ChildGroup &cli, QByteArray *out)
{
    QProcess &p = cli.process();
    const QDeadlineTimer deadline(SetupTimeoutMs);
    while (!out->contains("\nrunning") && !deadline.hasExpired() && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        *out += p.readAllStandardOutput();
    }
    QList<CliContainer> cs;
    if (!out->contains("\nrunning"))
        return cs;
    static const QRegularExpression line(QStringLiteral("^container (\\S+): pid (\\d+).*, shim (\\d+)$"), QRegularExpression::MultilineOption);
    auto it = line.globalMatch(QString::fromUtf8(*out));
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        cs.append({m.captured(1), m.captured(2).toInt(), m.captured(3).toInt()});
        m_pidsToReap << cs.last().pid << cs.last().shim;
    }
    return cs;
}

void TestDemoRuntime::cliSignals_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGHUP") << SIGHUP;
    QTest::newRow("--for runs out") << 0;
}

void TestDemoRuntime::cliSignals()
{
    QFETCH(int, signal);
    ChildGroup &cli = startCli({QStringLiteral("run"), QStringLiteral("own-pid1"), QStringLiteral("--for"), QString::number(signal ? 60 : 1)});
    QVERIFY2(cli.isStarted(), cli.describe());
    QByteArray out;
    const QList<CliContainer> cs = waitForCliContainers(cli, &out);
    QVERIFY2(cs.size() == 1, QByteArray(out + cli.describe()).constData());
    QVERIFY(out.contains("pid:["));
    QCOMPARE(nspid(cs.at(0).pid).value(1), 1);
    if (signal)
        QVERIFY(::kill(cli.pid(), signal) == 0);
    QVERIFY(cli.process().waitForFinished(SetupTimeoutMs));
    out += cli.process().readAllStandardOutput();
    QCOMPARE(cli.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.process().exitCode(), 0);
    if (signal)
        QVERIFY2(out.contains(QByteArray("stopping on " + QByteArray(::sigabbrev_np(signal)))), out.constData());
    QVERIFY2(out.endsWith("stopped all demo containers\n"), out.constData());
    verifyGone({cs.at(0).pid, cs.at(0).shim});
}

// SIGKILL gives the command line no chance to clean up: the kernel has to (PR_SET_PDEATHSIG, pid namespaces).
void TestDemoRuntime::cliSigkill()
{
    ChildGroup &cli = startCli({QStringLiteral("run"), QStringLiteral("web-servers"), QStringLiteral("--for"), QStringLiteral("60")});
    QVERIFY2(cli.isStarted(), cli.describe());
    QByteArray out;
    const QList<CliContainer> cs = waitForCliContainers(cli, &out);
    QVERIFY2(cs.size() == 2, QByteArray(out + cli.describe()).constData());
    QList<qint32> pids;
    for (const CliContainer &c : cs) {
        QVERIFY(!gone(c.pid));
        QVERIFY2(httpGet(c.pid).contains(QByteArray("Hello from " + c.name.toUtf8())), qPrintable(c.name));
        // Grandchildren of the demo's httpd-less container would show too; web servers have one process each.
        pids << c.pid << c.shim;
    }
    QVERIFY(::kill(cli.pid(), SIGKILL) == 0);
    QVERIFY(cli.process().waitForFinished(SetupTimeoutMs));
    QCOMPARE(cli.process().exitStatus(), QProcess::CrashExit);
    verifyGone(pids);
}

void TestDemoRuntime::cliRootless()
{
    if (m_setpriv.isEmpty())
        QSKIP("needs setpriv(1) from util-linux to run as an unprivileged user");
    QString why;
    if (userNamespacesDisabled(&why))
        QSKIP(qPrintable(QStringLiteral("unprivileged user namespaces are disabled here (%1): rootless mode cannot run").arg(why)));
    if (!othersCanRun(appPath()))
        QSKIP("uid 65534 cannot reach nsviz in this build directory (a directory above it is not open to others)");
    const QStringList asNobody = {m_setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups")};
    for (const QString &preset : {QStringLiteral("web-servers"), QStringLiteral("pod"), QStringLiteral("isolated-ipc")}) {
        ChildGroup &cli = startCli({QStringLiteral("run"), preset, QStringLiteral("--for"), QStringLiteral("60")}, asNobody);
        QVERIFY2(cli.isStarted(), cli.describe());
        QByteArray out;
        const QList<CliContainer> cs = waitForCliContainers(cli, &out);
        QVERIFY2(!cs.isEmpty(), QByteArray(out + cli.describe()).constData());
        QList<qint32> pids;
        for (const CliContainer &c : cs) {
            pids << c.pid << c.shim;
            // Root inside, 65534 outside, in a user namespace of its own (or, in a pod, of the first container).
            QVERIFY(namespaceOf(c.pid, NamespaceType::User) != m_own[NamespaceType::User]);
            QCOMPARE(procparse::parseIdMap(readProc(c.pid, "/uid_map")), (QList<IdMapRange>{{0, NobodyUid, 1}}));
            QCOMPARE(procparse::parseStatus(readProc(c.pid, "/status"))->uid, std::optional<quint32>(NobodyUid));
            QVERIFY(namespaceOf(c.pid, NamespaceType::Net) != m_own[NamespaceType::Net] || preset == QStringLiteral("isolated-ipc"));
        }
        if (preset == QStringLiteral("web-servers")) {
            QVERIFY2(out.contains("inside web-a's net namespace: "), out.constData());
            for (const CliContainer &c : cs)
                QVERIFY2(httpGet(c.pid).contains(QByteArray("Hello from " + c.name.toUtf8())), qPrintable(c.name));
        } else if (preset == QStringLiteral("pod")) {
            for (NamespaceType t : {NamespaceType::Net, NamespaceType::Ipc, NamespaceType::Uts}) // a pod's three
                QCOMPARE(namespaceOf(cs.at(1).pid, t), namespaceOf(cs.at(0).pid, t));
            QVERIFY(namespaceOf(cs.at(1).pid, NamespaceType::Mnt) != namespaceOf(cs.at(0).pid, NamespaceType::Mnt));
            QCOMPARE(namespaceOf(cs.at(1).pid, NamespaceType::User), namespaceOf(cs.at(0).pid, NamespaceType::User));
            QVERIFY(namespaceOf(cs.at(1).pid, NamespaceType::Pid) != namespaceOf(cs.at(0).pid, NamespaceType::Pid));
            QVERIFY2(out.contains("inside pod-sidecar's net namespace: 158 bytes, \"Hello from pod-web\""), out.constData());
        } else {
            QVERIFY(namespaceOf(cs.at(0).pid, NamespaceType::Ipc) != namespaceOf(cs.at(1).pid, NamespaceType::Ipc));
        }
        QVERIFY(::kill(cli.pid(), SIGINT) == 0);
        QVERIFY(cli.process().waitForFinished(SetupTimeoutMs));
        QCOMPARE(cli.process().exitCode(), 0);
        verifyGone(pids);
    }
}

// Rootless with a time namespace: the shim enters the user namespace itself, since an unprivileged process needs one
// to create a time namespace. The test binary runs itself as uid 65534 in helper mode (see main()).
void TestDemoRuntime::runtimeRootlessWithTime()
{
    if (m_setpriv.isEmpty())
        QSKIP("needs setpriv(1) from util-linux to run as an unprivileged user");
    QString why;
    if (userNamespacesDisabled(&why))
        QSKIP(qPrintable(QStringLiteral("unprivileged user namespaces are disabled here (%1): rootless mode cannot run").arg(why)));
    if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/time")))
        QSKIP("this kernel has no time namespaces (CONFIG_TIME_NS)");
    if (!othersCanRun(QCoreApplication::applicationFilePath()))
        QSKIP("uid 65534 cannot reach this test in its build directory (a directory above it is not open to others)");
    QByteArray out;
    ChildGroup &helper = startHelper("rootless-time", m_setpriv,
                                     {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                                      QCoreApplication::applicationFilePath()},
                                     &out);
    QVERIFY2(helper.isStarted(), helper.describe());
    QProcess &p = helper.process();
    QVERIFY2(out.contains("\nready"), QByteArray(out + helper.describe()).constData());
    static const QRegularExpression started(QStringLiteral("^started pid (\\d+) shim (\\d+)$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = started.match(QString::fromUtf8(out));
    QVERIFY(m.hasMatch());
    const qint32 pid = m.captured(1).toInt();
    const qint32 shim = m.captured(2).toInt();
    m_pidsToReap << pid << shim;
    QVERIFY2(out.contains("page: Hello from rootless-clock"), out.constData());

    QVERIFY(namespaceOf(pid, NamespaceType::Time) != m_own[NamespaceType::Time]);
    QVERIFY(namespaceOf(pid, NamespaceType::User) != m_own[NamespaceType::User]);
    // The shim created the user namespace, so it is in it; every other namespace of the container is the
    // container's alone.
    QCOMPARE(namespaceOf(shim, NamespaceType::User), namespaceOf(pid, NamespaceType::User));
    for (NamespaceType t : {NamespaceType::Mnt, NamespaceType::Net, NamespaceType::Pid, NamespaceType::Uts})
        QCOMPARE(namespaceOf(shim, t), m_own[t]);
    QVERIFY2(readProc(pid, "/timens_offsets").simplified().contains("monotonic 3600 0"), readProc(pid, "/timens_offsets").constData());
    QCOMPARE(procparse::parseIdMap(readProc(pid, "/uid_map")), (QList<IdMapRange>{{0, NobodyUid, 1}}));
    QCOMPARE(inside(pid, {QStringLiteral("--uts")}, {m_busybox, QStringLiteral("hostname")}).trimmed(), QByteArray("clockwork"));

    p.closeWriteChannel(); // the helper stops its container and ends
    QVERIFY(p.waitForFinished(SetupTimeoutMs));
    QCOMPARE(p.exitCode(), 0);
    verifyGone({pid, shim});
}

// A runtime killed with SIGKILL while it has a container with a veth pair: the kernel removes the container and,
// with its net namespace, both ends of the veth.
void TestDemoRuntime::runtimeSigkillWithVeth()
{
    QByteArray out;
    ChildGroup &helper = startHelper("veth", QCoreApplication::applicationFilePath(), {}, &out);
    QVERIFY2(helper.isStarted(), helper.describe());
    QProcess &p = helper.process();
    QVERIFY2(out.contains("\nready"), QByteArray(out + helper.describe()).constData());
    static const QRegularExpression started(QStringLiteral("^started pid (\\d+) shim (\\d+) veth (\\S+)$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = started.match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    const qint32 pid = m.captured(1).toInt();
    const qint32 shim = m.captured(2).toInt();
    m_pidsToReap << pid << shim;
    QVERIFY(demoVeths().contains(m.captured(3)));
    QVERIFY(::kill(helper.pid(), SIGKILL) == 0);
    QVERIFY(p.waitForFinished(SetupTimeoutMs));
    verifyGone({pid, shim});
    QVERIFY(!demoVeths().contains(m.captured(3)));
}

// Helper modes of the test binary, chosen by NSVIZ_DEMO_HELPER: "rootless-time" (run as an unprivileged user) starts a
// container with a time namespace and fetches a page inside it; "veth" (as root) one with a veth pair. Each prints
// the pids and stops the container once standard input closes.
static int runHelper(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray mode = qgetenv("NSVIZ_DEMO_HELPER");
    DemoRuntime runtime;
    ContainerSpec s;
    if (mode == "veth") {
        s.name = QStringLiteral("wired");
        s.newNamespaces = {NamespaceType::Mnt, NamespaceType::Net, NamespaceType::Pid};
        s.command = {QStringLiteral("sleep"), QStringLiteral("600")};
        s.network = ContainerSpec::Network::Veth;
        QString error;
        const std::optional<QString> id = runtime.start(s, &error);
        if (!id) {
            std::printf("error %s\n", qPrintable(error));
            return 1;
        }
        const DemoContainer c = *runtime.container(*id);
        std::printf("started pid %d shim %d veth %s\nready\n", c.initPid, c.shimPid, qPrintable(c.vethHost));
        std::fflush(stdout);
    } else {
        s.name = QStringLiteral("rootless-clock");
        s.hostname = QStringLiteral("clockwork");
        s.newNamespaces = {NamespaceType::Time, NamespaceType::Mnt, NamespaceType::Net, NamespaceType::Pid, NamespaceType::Uts};
        s.monotonicOffset = ContainerSpec::ClockOffset{3600, 0};
        s.command = {QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"), QString::number(DemoHttpPort), QStringLiteral("-h"), QStringLiteral("/www")};
        s.files.insert(QStringLiteral("/www/index.html"), "Hello from rootless-clock\n");
        QString error;
        const std::optional<QString> id = runtime.start(s, &error);
        if (!id) {
            std::printf("error %s\n", qPrintable(error));
            return 1;
        }
        const DemoContainer c = *runtime.container(*id);
        std::printf("started pid %d shim %d\n", c.initPid, c.shimPid);
        std::optional<QByteArray> page;
        for (int attempt = 0; attempt < 200 && !page; ++attempt) { // httpd may not listen yet
            page = runtime.fetchPage(*id, DemoHttpPort, "/", &error, 2000);
            if (!page)
                QTest::qWait(20);
        }
        std::printf("page: %s\n", page ? page->trimmed().constData() : qPrintable(error));
        std::printf("ready\n");
        std::fflush(stdout);
    }
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buf[64];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
            QCoreApplication::quit();
    });
    QCoreApplication::exec();
    runtime.stopAll();
    return 0;
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("NSVIZ_DEMO_HELPER"))
        return runHelper(argc, argv);
    QCoreApplication app(argc, argv);
    TestDemoRuntime test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_demoruntime.moc"
