// Integration tests against the live kernel. Each test creates, as root, the namespaces it asserts on (with
// unshare(1), ip-netns(8), unshare(2) in a thread...), scans /proc with nsviz::scanProc() and checks what the
// snapshot says about them. Everything a test creates is removed again in cleanup(), also after a failed
// assertion: children run in process groups of their own that are killed as a whole, and the rest is held by
// RAII guards. The test process is a child subreaper, so the forks of unshare that outlive their parent come
// back to it to be reaped instead of lingering as someone else's zombies.
#include "itemmodels/displaytext.h"
#include "scan/procscanner.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshotjson.h"

#include "childgroup.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

Q_DECLARE_METATYPE(nsviz::NamespaceType)

namespace nsviz {
// Found by QCOMPARE through argument-dependent lookup, so failures print values.
char *toString(NamespaceType type)
{
    return qstrdup(namespaceTypeKey(type));
}
char *toString(const NamespaceSet &set)
{
    QByteArray s;
    for (NamespaceType t : allNamespaceTypes)
        s += QByteArray(namespaceTypeKey(t)) + ':' + QByteArray::number(set[t]) + ' ';
    return qstrdup(s.trimmed().constData());
}
char *toString(const IdMapRange &r)
{
    return qstrdup(QByteArray('[' + QByteArray::number(r.inside) + ", " + QByteArray::number(r.outside) + ", "
                              + QByteArray::number(r.count) + ']').constData());
}
} // namespace nsviz

namespace {

// Deadlines are generous: they only matter when something is broken, or on a host with tens of thousands of
// processes, where one scan takes seconds. How long a child may take to set up its namespaces, or to die, is
// SetupTimeoutMs from childgroup.h.
constexpr int StreamTimeoutMs = 30000; // how long the probe may take to print the snapshot waited for
constexpr int LsnsMaxProcesses = 4000; // lsns is quadratic: with 20000 processes it needs most of a minute
constexpr uid_t NobodyUid = 65534;

// How long the children sleep: far longer than any test, short enough that a child that survives a crash of the
// test (one that changed its uid lost its PR_SET_PDEATHSIG) does not stay for long.
QString sleepSeconds()
{
    return QStringLiteral("300");
}

QString probePath()
{
    return QString::fromUtf8(NSVIZ_PROBE);
}

// setpriv(1) arguments that run the rest of a command line as nobody, with no supplementary groups.
QStringList asNobody()
{
    return {QStringLiteral("--reuid=%1").arg(NobodyUid), QStringLiteral("--regid=%1").arg(NobodyUid),
            QStringLiteral("--clear-groups")};
}

quint64 orZero(std::optional<quint64> v)
{
    return v.value_or(0);
}

// The namespace /proc/PID/ns/TYPE (or /proc/PID/task/TID/ns/TYPE) links to, read with readlink(2); 0 if unreadable.
NamespaceId readNamespaceLink(const QByteArray &taskDir, NamespaceType type)
{
    const QByteArray path = taskDir + "/ns/" + namespaceTypeKey(type);
    char buf[64];
    const ssize_t n = ::readlink(path.constData(), buf, sizeof buf - 1);
    if (n <= 0)
        return 0;
    // "net:[4026531833]"
    const QByteArray link(buf, n);
    const qsizetype open = link.indexOf(":[");
    if (open < 0 || !link.endsWith(']') || link.first(open) != namespaceTypeKey(type))
        return 0;
    bool ok = false;
    const NamespaceId id = link.sliced(open + 2, link.size() - open - 3).toULongLong(&ok);
    return ok ? id : 0;
}

QByteArray procDir(qint32 pid)
{
    return "/proc/" + QByteArray::number(pid);
}

NamespaceId namespaceOf(qint32 pid, NamespaceType type)
{
    return readNamespaceLink(procDir(pid), type);
}

// st_dev of the nsfs file behind /proc/PID/ns/TYPE, which with the inode identifies a namespace.
quint64 nsfsDevice(qint32 pid, NamespaceType type)
{
    struct stat st;
    if (::stat(QByteArray(procDir(pid) + "/ns/" + namespaceTypeKey(type)).constData(), &st) != 0)
        return 0;
    return quint64(st.st_dev);
}

// A net namespace bind-mounted by `ip netns add`; the destructor deletes it again.
class NetnsGuard
{
public:
    NetnsGuard(QString ip, QString name) : m_ip(std::move(ip)), m_name(std::move(name)) {}
    ~NetnsGuard()
    {
        if (QFileInfo::exists(path()))
            runCommand(m_ip, {QStringLiteral("netns"), QStringLiteral("del"), m_name});
    }
    NetnsGuard(const NetnsGuard &) = delete;
    NetnsGuard &operator=(const NetnsGuard &) = delete;

    CommandResult add() { return runCommand(m_ip, {QStringLiteral("netns"), QStringLiteral("add"), m_name}); }
    QString path() const { return QStringLiteral("/run/netns/") + m_name; }

private:
    QString m_ip;
    QString m_name;
};

class FdGuard
{
public:
    explicit FdGuard(int fd) : m_fd(fd) {}
    ~FdGuard()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// A thread of the test process that unshares some namespaces for itself and then waits until it is destroyed.
class NamespaceThread
{
public:
    static constexpr const char *threadHostname = "thread-only";

    explicit NamespaceThread(int cloneFlags) : m_thread([this, cloneFlags] { run(cloneFlags); }) {}
    ~NamespaceThread()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_release = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    NamespaceThread(const NamespaceThread &) = delete;
    NamespaceThread &operator=(const NamespaceThread &) = delete;

    // The thread's tid once it has unshared; 0 with `error` set if unshare failed or it took too long.
    qint32 waitReady(QString *error)
    {
        std::unique_lock lock(m_mutex);
        if (!m_cv.wait_for(lock, std::chrono::milliseconds(SetupTimeoutMs), [this] { return m_ready; })) {
            *error = QStringLiteral("the thread did not start");
            return 0;
        }
        if (m_errno != 0) {
            *error = QStringLiteral("unshare: ") + QString::fromLocal8Bit(std::strerror(m_errno));
            return 0;
        }
        return m_tid;
    }

private:
    void run(int cloneFlags)
    {
        int err = ::unshare(cloneFlags) == 0 ? 0 : errno;
        // Named, so that a scan shows it reads a uts namespace's hostname through the thread that is in it.
        if (err == 0 && (cloneFlags & CLONE_NEWUTS) && ::sethostname(threadHostname, std::strlen(threadHostname)) != 0)
            err = errno;
        std::unique_lock lock(m_mutex);
        m_tid = qint32(::gettid());
        m_errno = err;
        m_ready = true;
        m_cv.notify_all();
        m_cv.wait(lock, [this] { return m_release; });
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_ready = false;
    bool m_release = false;
    qint32 m_tid = 0;
    int m_errno = 0;
    std::thread m_thread; // last: it starts running in the constructor and uses the members above
};

// Reads snapshot lines from a probe in --stream mode until one satisfies `accept` (returned), the probe ends, a
// line is not a valid snapshot or the deadline passes (then nullptr, with `error` set).
SnapshotPtr readSnapshotUntil(QProcess &probe, const std::function<bool(const Snapshot &)> &accept, QString *error,
                              int timeoutMs = StreamTimeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        while (probe.canReadLine()) {
            const SnapshotPtr s = readSnapshotJson(probe.readLine().trimmed(), error);
            if (!s)
                return nullptr;
            if (accept(*s))
                return s;
        }
        if (probe.state() != QProcess::Running) {
            *error = QStringLiteral("the probe ended: ") + QString::fromLocal8Bit(probe.readAllStandardError());
            return nullptr;
        }
        probe.waitForReadyRead(100);
    }
    *error = QStringLiteral("no such snapshot within %1 ms").arg(timeoutMs);
    return nullptr;
}

QByteArray describeBindMounts(const QList<BindMount> &mounts)
{
    QByteArray s;
    for (const BindMount &m : mounts)
        s += m.path.toUtf8() + " in mnt:" + QByteArray::number(m.mntns) + "; ";
    return s;
}

QByteArray describeFdHolders(const QList<FdHolder> &holders)
{
    QByteArray s;
    for (const FdHolder &h : holders)
        s += "pid " + QByteArray::number(h.pid) + " fd " + QByteArray::number(h.fd) + "; ";
    return s;
}

quint64 jsonNumber(const QJsonValue &v)
{
    // lsns prints numbers, older util-linux releases strings.
    return v.isString() ? v.toString().toULongLong() : quint64(v.toDouble());
}

} // namespace

class TestRealNamespaces : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void initialNamespaces();
    void eachType_data();
    void eachType();
    void allEightTypes();
    void nestedPidNamespaces();
    void userNamespaceOfUnprivilegedUser();
    void bindMountedNetNamespace_data();
    void bindMountedNetNamespace();
    void namespaceHeldByFd();
    void hostnameOfOwnUtsNamespace();
    void hostnameReadAgainOnItsPoll();
    void threadInOtherNamespace();
    void agreesWithLsns();
    void probeUnprivileged();
    void probeStream();
    void probeStreamFollowsChanges();
    void probeEndsOnSigterm();

private:
    ChildGroup &start(const QString &program, const QStringList &arguments,
                      ChildGroup::Channels channels = ChildGroup::Channels::Quiet);
    void removeStaleNetns();

    bool m_root = false;
    NamespaceSet m_own; // the test process's namespaces: the initial ones
    QString m_unshare;
    QString m_setpriv;
    QString m_ip;
    QString m_lsns;
    QList<qint32> m_groupsStarted; // every process group ever started, checked for leftovers at the end
    std::vector<std::unique_ptr<ChildGroup>> m_children;
    std::unique_ptr<NetnsGuard> m_netns;
    std::unique_ptr<FdGuard> m_heldFd;
    std::unique_ptr<NamespaceThread> m_thread;
    std::unique_ptr<QTemporaryDir> m_probeCopyDir;
};

ChildGroup &TestRealNamespaces::start(const QString &program, const QStringList &arguments, ChildGroup::Channels channels)
{
    m_children.push_back(std::make_unique<ChildGroup>(program, arguments, channels));
    if (m_children.back()->isStarted())
        m_groupsStarted.append(m_children.back()->pid());
    return *m_children.back();
}

void TestRealNamespaces::initTestCase()
{
    m_root = ::geteuid() == 0;
    if (!m_root)
        return; // init() skips every test
    QVERIFY2(becomeChildSubreaper(), std::strerror(errno));
    for (NamespaceType t : allNamespaceTypes) {
        m_own[t] = namespaceOf(::getpid(), t);
        QVERIFY2(m_own[t] != 0, namespaceTypeKey(t));
    }
    m_unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    m_setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    m_lsns = QStandardPaths::findExecutable(QStringLiteral("lsns"));
    m_ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (m_ip.isEmpty())
        m_ip = QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    removeStaleNetns();
}

// A run that crashed could not delete its netns; its name carries its pid, so one whose process is gone is ours to remove.
void TestRealNamespaces::removeStaleNetns()
{
    if (m_ip.isEmpty())
        return;
    static const QRegularExpression ours(QStringLiteral("^nsviz-it-(\\d+)( .*)?$"));
    const QStringList names = QDir(QStringLiteral("/run/netns")).entryList(QDir::Files | QDir::NoDotAndDotDot | QDir::System);
    for (const QString &name : names) {
        const QRegularExpressionMatch m = ours.match(name);
        if (m.hasMatch() && !QFileInfo::exists(QStringLiteral("/proc/") + m.captured(1))) {
            qInfo("removing net namespace %s left by an earlier run", qPrintable(name));
            runCommand(m_ip, {QStringLiteral("netns"), QStringLiteral("del"), name});
        }
    }
}

void TestRealNamespaces::init()
{
    if (!m_root)
        QSKIP("needs root to create namespaces (run as root, or exclude the ctest label 'root')");
    if (m_unshare.isEmpty())
        QSKIP("needs unshare(1) from util-linux");
}

void TestRealNamespaces::cleanup()
{
    m_thread.reset();
    m_heldFd.reset();
    m_netns.reset();
    m_children.clear();
    m_probeCopyDir.reset();
}

void TestRealNamespaces::cleanupTestCase()
{
    cleanup();
    if (!m_root)
        return;
    const bool anyLeft = std::any_of(m_groupsStarted.begin(), m_groupsStarted.end(), groupExists);
    const QList<ProcStat> left = anyLeft ? ourMembersOfGroups(m_groupsStarted) : QList<ProcStat>();
    QByteArray names;
    for (const ProcStat &p : left)
        names += QByteArray::number(p.pid) + " (" + p.comm + ", group " + QByteArray::number(p.pgrp) + ") ";
    QVERIFY2(left.isEmpty(), QByteArray("processes left behind: " + names).constData());
    const QString ours = QStringLiteral("nsviz-it-%1").arg(::getpid());
    const QStringList netns = QDir(QStringLiteral("/run/netns")).entryList(QDir::Files | QDir::System);
    QVERIFY2(!netns.contains(ours) && netns.filter(ours + QLatin1Char(' ')).isEmpty(), "a net namespace was left in /run/netns");
}

void TestRealNamespaces::initialNamespaces()
{
    const SnapshotPtr s = scanProc();
    // PID 1's links are unreadable on some hosts even for root; the scanner then falls back to PID 2. Either way
    // the initial set is the one this test runs in.
    QCOMPARE(s->initialNamespaces(), m_own);
    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceInfo *ns = s->findNamespace(m_own[t]);
        QVERIFY2(ns, namespaceTypeKey(t));
        QCOMPARE(ns->type, t);
        QVERIFY(ns->initial);
        QVERIFY(ns->processes.contains(::getpid()));
        QVERIFY(ns->tasks.contains(::getpid()));
    }
    const ProcessInfo *self = s->process(::getpid());
    QVERIFY(self);
    QCOMPARE(self->namespaces.set, m_own);
    QCOMPARE(s->host().scannerUid, qint64(0));
}

void TestRealNamespaces::eachType_data()
{
    QTest::addColumn<NamespaceType>("type");
    QTest::addColumn<QStringList>("flags");
    QTest::newRow("cgroup") << NamespaceType::Cgroup << QStringList{QStringLiteral("--cgroup")};
    QTest::newRow("ipc") << NamespaceType::Ipc << QStringList{QStringLiteral("--ipc")};
    QTest::newRow("mnt") << NamespaceType::Mnt << QStringList{QStringLiteral("--mount")};
    QTest::newRow("net") << NamespaceType::Net << QStringList{QStringLiteral("--net")};
    QTest::newRow("pid") << NamespaceType::Pid << QStringList{QStringLiteral("--pid")};
    QTest::newRow("time") << NamespaceType::Time << QStringList{QStringLiteral("--time")};
    QTest::newRow("user") << NamespaceType::User << QStringList{QStringLiteral("--user"), QStringLiteral("--map-root-user")};
    QTest::newRow("uts") << NamespaceType::Uts << QStringList{QStringLiteral("--uts")};
}

// One namespace of one type, created by root: only that type differs, and the snapshot knows its members and
// relations. --fork because pid and time namespaces apply to children only.
void TestRealNamespaces::eachType()
{
    QFETCH(NamespaceType, type);
    QFETCH(QStringList, flags);

    ChildGroup &child = start(m_unshare, flags + QStringList{QStringLiteral("--fork"), QStringLiteral("--kill-child"),
                                                             QStringLiteral("sleep"), sleepSeconds()});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
        const NamespaceId id = namespaceOf(p, type);
        return id != 0 && id != m_own[type];
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered a new namespace: " + child.describe()).constData());
    const NamespaceId created = namespaceOf(pid, type);

    const SnapshotPtr s = scanProc();
    const ProcessInfo *p = s->process(pid);
    QVERIFY(p);
    QCOMPARE(p->comm, QStringLiteral("sleep"));
    QCOMPARE(p->cmdline, (QStringList{QStringLiteral("sleep"), sleepSeconds()}));
    QCOMPARE(p->ppid, child.pid());
    QCOMPARE(p->tgid, pid);
    for (NamespaceType t : allNamespaceTypes) {
        if (t == type)
            QCOMPARE(p->namespaces.set[t], created);
        else
            QCOMPARE(p->namespaces.set[t], m_own[t]);
    }

    const NamespaceInfo *ns = s->findNamespace(created);
    QVERIFY(ns);
    QCOMPARE(ns->type, type);
    QCOMPARE(ns->dev, nsfsDevice(pid, type));
    QVERIFY(!ns->initial);
    QVERIFY(ns->processes.contains(pid));
    QVERIFY(ns->tasks.contains(pid));
    QVERIFY(ns->isHeld());
    QCOMPARE(s->initialNamespaces()[type], m_own[type]);

    const ProcessInfo *parent = s->process(child.pid()); // unshare, waiting for its fork
    QVERIFY(parent);
    switch (type) {
    case NamespaceType::User:
        QCOMPARE(orZero(ns->parent), m_own[NamespaceType::User]);
        QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
        QVERIFY(ns->ownerUid);
        QCOMPARE(*ns->ownerUid, quint32(0));
        QCOMPARE(ns->uidMap, (QList<IdMapRange>{{0, 0, 1}}));
        QCOMPARE(ns->gidMap, (QList<IdMapRange>{{0, 0, 1}}));
        break;
    case NamespaceType::Pid:
        QCOMPARE(orZero(ns->parent), m_own[NamespaceType::Pid]);
        QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
        QCOMPARE(p->nspid.size(), 2);
        QCOMPARE(p->nspid.first(), pid);
        QCOMPARE(p->nspid.last(), 1);
        // unshare itself stays outside; only its children enter the new one
        QCOMPARE(parent->namespaces.set[type], m_own[type]);
        QCOMPARE(orZero(parent->namespaces.pidForChildren), created);
        break;
    case NamespaceType::Time:
        QVERIFY(!ns->parent);
        QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
        QCOMPARE(parent->namespaces.set[type], m_own[type]);
        QCOMPARE(orZero(parent->namespaces.timeForChildren), created);
        break;
    default:
        QVERIFY(!ns->parent);
        QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
        QVERIFY(!ns->ownerUid);
        QCOMPARE(parent->namespaces.set[type], created);
        QVERIFY(ns->processes.contains(child.pid()));
        break;
    }
}

// All eight at once, in a new user namespace: the seven others are owned by it.
void TestRealNamespaces::allEightTypes()
{
    ChildGroup &child = start(m_unshare, {QStringLiteral("--cgroup"), QStringLiteral("--ipc"), QStringLiteral("--mount"),
                                          QStringLiteral("--net"), QStringLiteral("--pid"), QStringLiteral("--fork"),
                                          QStringLiteral("--time"), QStringLiteral("--uts"), QStringLiteral("--user"),
                                          QStringLiteral("--map-root-user"), QStringLiteral("--kill-child"),
                                          QStringLiteral("sleep"), sleepSeconds()});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceId id = namespaceOf(p, t);
            if (id == 0 || id == m_own[t])
                return false;
        }
        return true;
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered its new namespaces: " + child.describe()).constData());

    const SnapshotPtr s = scanProc();
    QCOMPARE(s->initialNamespaces(), m_own);
    const ProcessInfo *p = s->process(pid);
    QVERIFY(p);
    const NamespaceId userNs = p->namespaces.set[NamespaceType::User];
    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceId id = p->namespaces.set[t];
        QCOMPARE(id, namespaceOf(pid, t));
        QVERIFY2(id != m_own[t], namespaceTypeKey(t));
        const NamespaceInfo *ns = s->findNamespace(id);
        QVERIFY2(ns, namespaceTypeKey(t));
        QCOMPARE(ns->type, t);
        QVERIFY2(!ns->initial, namespaceTypeKey(t));
        QVERIFY2(ns->processes.contains(pid), namespaceTypeKey(t));
        QVERIFY2(ns->tasks.contains(pid), namespaceTypeKey(t));
        if (t == NamespaceType::User) {
            QCOMPARE(orZero(ns->parent), m_own[NamespaceType::User]);
            QCOMPARE(ns->uidMap, (QList<IdMapRange>{{0, 0, 1}}));
        } else {
            QCOMPARE(orZero(ns->owner), userNs);
        }
        if (t == NamespaceType::Pid)
            QCOMPARE(orZero(ns->parent), m_own[NamespaceType::Pid]);
    }

    // unshare shares six of them with its fork and holds the pid and time namespaces for children only.
    const ProcessInfo *parent = s->process(child.pid());
    QVERIFY(parent);
    QCOMPARE(orZero(parent->namespaces.pidForChildren), p->namespaces.set[NamespaceType::Pid]);
    QCOMPARE(orZero(parent->namespaces.timeForChildren), p->namespaces.set[NamespaceType::Time]);
    for (NamespaceType t : allNamespaceTypes) {
        if (t == NamespaceType::Pid || t == NamespaceType::Time)
            QCOMPARE(parent->namespaces.set[t], m_own[t]);
        else
            QCOMPARE(parent->namespaces.set[t], p->namespaces.set[t]);
    }
    const auto &sets = s->namespaceSets();
    const auto group = std::find_if(sets.begin(), sets.end(), [&](const NamespaceSetGroup &g) { return g.set == p->namespaces.set; });
    QVERIFY(group != sets.end());
    QCOMPARE(group->pids, QList<qint32>{pid});
}

// Three pid namespaces inside each other: the innermost sleep sees itself as PID 1, and the parent chain leads
// through the two outer ones to the initial pid namespace.
void TestRealNamespaces::nestedPidNamespaces()
{
    QStringList command;
    for (int i = 0; i < 3; ++i)
        command << QStringLiteral("unshare") << QStringLiteral("-p") << QStringLiteral("-f") << QStringLiteral("--kill-child");
    command.removeFirst();
    command << QStringLiteral("sleep") << sleepSeconds();
    ChildGroup &child = start(m_unshare, command);
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep");
    QVERIFY2(pid > 0, QByteArray("the innermost sleep never started: " + child.describe()).constData());

    const SnapshotPtr s = scanProc();
    const ProcessInfo *p = s->process(pid);
    QVERIFY(p);
    QCOMPARE(p->nspid.size(), 4);
    QCOMPARE(p->nspid.first(), pid);
    QCOMPARE(p->nspid.last(), 1);

    NamespaceId id = p->namespaces.set[NamespaceType::Pid];
    QCOMPARE(id, namespaceOf(pid, NamespaceType::Pid));
    QList<NamespaceId> chain;
    for (int depth = 3; depth > 0; --depth) {
        const NamespaceInfo *ns = s->findNamespace(id);
        QVERIFY2(ns, qPrintable(QStringLiteral("pid namespace at depth %1").arg(depth)));
        QCOMPARE(ns->type, NamespaceType::Pid);
        QVERIFY(!ns->initial);
        QVERIFY(!chain.contains(id));
        QVERIFY2(!ns->processes.isEmpty(), "each level holds the unshare or sleep that is its PID 1");
        QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
        QVERIFY2(ns->parent, qPrintable(QStringLiteral("no parent at depth %1").arg(depth)));
        chain.append(id);
        id = *ns->parent;
    }
    QCOMPARE(id, m_own[NamespaceType::Pid]);
    const NamespaceInfo *initial = s->findNamespace(id);
    QVERIFY(initial);
    QVERIFY(initial->initial);
    QVERIFY(!initial->parent);
}

// A user namespace created by an unprivileged user, who maps itself to root inside and creates more namespaces
// with the rights that gives it: those are owned by the new user namespace.
void TestRealNamespaces::userNamespaceOfUnprivilegedUser()
{
    if (m_setpriv.isEmpty())
        QSKIP("needs setpriv(1) from util-linux");
    const CommandResult probe = runCommand(m_setpriv, asNobody() + QStringList{m_unshare, QStringLiteral("--user"),
                                                                               QStringLiteral("--map-root-user"), QStringLiteral("true")});
    if (!probe.finished || probe.exitCode != 0)
        QSKIP(QByteArray("unprivileged user namespaces are not available here: " + probe.describe()).constData());

    const QList<NamespaceType> created{NamespaceType::User, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Net,
                                       NamespaceType::Mnt, NamespaceType::Cgroup};
    ChildGroup &child = start(m_setpriv, asNobody() + QStringList{m_unshare, QStringLiteral("--user"), QStringLiteral("--map-root-user"),
                                                                   QStringLiteral("--uts"), QStringLiteral("--ipc"), QStringLiteral("--net"),
                                                                   QStringLiteral("--mount"), QStringLiteral("--cgroup"),
                                                                   QStringLiteral("sleep"), sleepSeconds()});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
        const NamespaceId id = namespaceOf(p, NamespaceType::User);
        return id != 0 && id != m_own[NamespaceType::User];
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered a new user namespace: " + child.describe()).constData());

    const SnapshotPtr s = scanProc();
    const ProcessInfo *p = s->process(pid);
    QVERIFY(p);
    QCOMPARE(p->uid, quint32(NobodyUid));
    const NamespaceInfo *user = s->findNamespace(p->namespaces.set[NamespaceType::User]);
    QVERIFY(user);
    QCOMPARE(user->type, NamespaceType::User);
    QVERIFY(!user->initial);
    QVERIFY(user->ownerUid);
    QCOMPARE(*user->ownerUid, quint32(NobodyUid));
    QCOMPARE(orZero(user->parent), m_own[NamespaceType::User]);
    QCOMPARE(orZero(user->owner), m_own[NamespaceType::User]);
    QCOMPARE(user->uidMap, (QList<IdMapRange>{{0, NobodyUid, 1}}));
    QCOMPARE(user->gidMap, (QList<IdMapRange>{{0, NobodyUid, 1}}));
    QVERIFY(user->processes.contains(pid));

    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceId id = p->namespaces.set[t];
        QCOMPARE(id, namespaceOf(pid, t));
        if (!created.contains(t)) {
            QCOMPARE(id, m_own[t]);
            continue;
        }
        QVERIFY2(id != m_own[t], namespaceTypeKey(t));
        if (t == NamespaceType::User)
            continue;
        const NamespaceInfo *ns = s->findNamespace(id);
        QVERIFY2(ns, namespaceTypeKey(t));
        QCOMPARE(ns->type, t);
        QCOMPARE(orZero(ns->owner), user->id);
        QVERIFY(ns->processes.contains(pid));
    }
}

// `ip netns add` leaves a net namespace that no process is in, held by a bind mount under /run/netns.
void TestRealNamespaces::bindMountedNetNamespace_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("plain") << QString();
    // mountinfo escapes these as \040 and \134
    QTest::newRow("space and backslash") << QStringLiteral(" a\\b");
}

void TestRealNamespaces::bindMountedNetNamespace()
{
    QFETCH(QString, suffix);
    if (m_ip.isEmpty())
        QSKIP("needs ip(8) from iproute2");
    m_netns = std::make_unique<NetnsGuard>(m_ip, QStringLiteral("nsviz-it-%1").arg(::getpid()) + suffix);
    const CommandResult added = m_netns->add();
    QVERIFY2(added.finished && added.exitCode == 0, added.describe());
    struct stat st;
    QVERIFY2(::stat(QFile::encodeName(m_netns->path()).constData(), &st) == 0, std::strerror(errno));
    const NamespaceId id = st.st_ino;

    const SnapshotPtr s = scanProc();
    const NamespaceInfo *ns = s->findNamespace(id);
    QVERIFY2(ns, "the bind-mounted net namespace is missing");
    QCOMPARE(ns->type, NamespaceType::Net);
    QVERIFY(!ns->initial);
    QVERIFY(ns->tasks.isEmpty());
    QVERIFY(ns->processes.isEmpty());
    QVERIFY(ns->isHeld());
    const BindMount expected{m_netns->path(), m_own[NamespaceType::Mnt]};
    QVERIFY2(ns->bindMounts.contains(expected), QByteArray("bind mounts found: " + describeBindMounts(ns->bindMounts)).constData());
    QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
}

// A namespace whose last member is gone but that the test still has open: held by the fd alone.
void TestRealNamespaces::namespaceHeldByFd()
{
    ChildGroup &child = start(m_unshare, {QStringLiteral("--uts"), QStringLiteral("sleep"), sleepSeconds()});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
        const NamespaceId id = namespaceOf(p, NamespaceType::Uts);
        return id != 0 && id != m_own[NamespaceType::Uts];
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered a new uts namespace: " + child.describe()).constData());

    m_heldFd = std::make_unique<FdGuard>(::open(QByteArray(procDir(pid) + "/ns/uts").constData(), O_RDONLY | O_CLOEXEC));
    QVERIFY2(m_heldFd->get() >= 0, std::strerror(errno));
    struct stat st;
    QVERIFY(::fstat(m_heldFd->get(), &st) == 0);
    const NamespaceId id = st.st_ino;
    QCOMPARE(id, namespaceOf(pid, NamespaceType::Uts));
    child.stop();
    QVERIFY2(namespaceOf(pid, NamespaceType::Uts) != id, "the child is still in the namespace");

    const SnapshotPtr s = scanProc();
    const NamespaceInfo *ns = s->findNamespace(id);
    QVERIFY2(ns, "the namespace held by an fd is missing");
    QCOMPARE(ns->type, NamespaceType::Uts);
    QVERIFY(!ns->initial);
    QVERIFY(ns->tasks.isEmpty());
    QVERIFY(ns->processes.isEmpty());
    QVERIFY(ns->bindMounts.isEmpty());
    const FdHolder expected{qint32(::getpid()), m_heldFd->get()};
    QVERIFY2(ns->fdHolders.contains(expected), QByteArray("fd holders found: " + describeFdHolders(ns->fdHolders)).constData());
    QVERIFY(ns->isHeld());
    QCOMPARE(orZero(ns->owner), m_own[NamespaceType::User]);
}

// A container made without an engine is known by its hostname: the scanner reads it from inside the uts
// namespace, as it is (markup and control characters too), and the name shown has the control characters
// made visible.
void TestRealNamespaces::hostnameOfOwnUtsNamespace()
{
    ChildGroup &child = start(m_unshare, {QStringLiteral("--uts"), QStringLiteral("sh"), QStringLiteral("-c"),
                                          QStringLiteral("printf 'lab-<b>\\001one' > /proc/sys/kernel/hostname && exec sleep %1").arg(sleepSeconds())});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
        const NamespaceId id = namespaceOf(p, NamespaceType::Uts);
        return id != 0 && id != m_own[NamespaceType::Uts];
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered a new uts namespace: " + child.describe()).constData());
    const SnapshotPtr s = scanProc();
    const NamespaceInfo *ns = s->findNamespace(namespaceOf(pid, NamespaceType::Uts));
    QVERIFY(ns);
    QCOMPARE(ns->details.value(QLatin1String("hostname")).toString(), QStringLiteral("lab-<b>\u0001one"));
    const ProcessInfo *p = s->process(pid);
    QVERIFY(p);
    QCOMPARE(text::containerName(*s, *p), QStringLiteral("lab-<b>\u2401one"));
    QCOMPARE(text::containerOf(*s, *p), QStringLiteral("lab-<b>\u2401one"));
    // The host's own uts namespace carries the host's name; a host process is in no container.
    QCOMPARE(s->findNamespace(m_own[NamespaceType::Uts])->details.value(QLatin1String("hostname")).toString(), s->host().hostname);
    QVERIFY(text::containerOf(*s, *s->process(::getpid())).isEmpty());
    // Survives the trip through the snapshot file.
    const SnapshotPtr back = readSnapshotJson(writeSnapshotJson(*s));
    QVERIFY(back);
    QCOMPARE(back->findNamespace(ns->id)->details.value(QLatin1String("hostname")).toString(), QStringLiteral("lab-<b>\u0001one"));
}

// Sets the hostname of the uts namespace of `pid` from a thread that enters it (only that thread moves).
static bool renameUts(qint32 pid, const QByteArray &name)
{
    bool ok = false;
    std::thread([&] {
        const QByteArray path = "/proc/" + QByteArray::number(pid) + "/ns/uts";
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        ok = fd >= 0 && ::setns(fd, CLONE_NEWUTS) == 0 && ::sethostname(name.constData(), size_t(name.size())) == 0;
        if (fd >= 0)
            ::close(fd);
    }).join();
    return ok;
}

// A container may rename itself: a polling scanner reads each uts namespace's hostname again once a sweep,
// each on its own poll of the sweep (spread by id), not all on the same poll.
void TestRealNamespaces::hostnameReadAgainOnItsPoll()
{
    constexpr int sweep = 4;
    QList<qint32> pids;
    for (int i = 0; i < 3; ++i) {
        ChildGroup &child = start(m_unshare, {QStringLiteral("--uts"), QStringLiteral("sh"), QStringLiteral("-c"),
                                              QStringLiteral("printf before > /proc/sys/kernel/hostname && exec sleep %1").arg(sleepSeconds())});
        QVERIFY2(child.isStarted(), child.describe());
        const qint32 pid = child.waitForTask("sleep", [&](qint32 p) {
            const NamespaceId id = namespaceOf(p, NamespaceType::Uts);
            return id != 0 && id != m_own[NamespaceType::Uts];
        });
        QVERIFY2(pid > 0, QByteArray("the child never entered a new uts namespace: " + child.describe()).constData());
        pids << pid;
    }
    ScanOptions options;
    options.sweepTicks = sweep;
    ProcScanner scanner(options);
    auto hostnameOf = [&](const Snapshot &s, qint32 pid) {
        const NamespaceInfo *ns = s.findNamespace(namespaceOf(pid, NamespaceType::Uts));
        return ns ? ns->details.value(QLatin1String("hostname")).toString() : QStringLiteral("(no namespace)");
    };
    SnapshotPtr s = scanner.poll();
    for (qint32 pid : std::as_const(pids))
        QCOMPARE(hostnameOf(*s, pid), QStringLiteral("before"));
    for (qint32 pid : std::as_const(pids))
        QVERIFY2(renameUts(pid, "after"), "could not enter the child's uts namespace to rename it");
    // On which poll after the renames each one is seen renamed.
    QList<int> seenOn(pids.size(), -1);
    for (int poll = 0; poll < sweep; ++poll) {
        s = scanner.poll();
        for (qsizetype i = 0; i < pids.size(); ++i)
            if (seenOn[i] < 0 && hostnameOf(*s, pids[i]) == QLatin1String("after"))
                seenOn[i] = poll;
    }
    for (qsizetype i = 0; i < pids.size(); ++i) {
        QVERIFY2(seenOn[i] >= 0, qPrintable(QStringLiteral("pid %1 still named %2 a sweep later").arg(pids[i]).arg(hostnameOf(*s, pids[i]))));
        // Each is read on the poll its id falls on: the polls of two namespaces differ as their ids do.
        const quint64 a = namespaceOf(pids[0], NamespaceType::Uts), b = namespaceOf(pids[i], NamespaceType::Uts);
        QCOMPARE((seenOn[i] - seenOn[0] + 2 * sweep) % sweep, int((a % sweep + sweep - b % sweep) % sweep));
    }
}

// A thread of this process in a uts namespace of its own: listed with the process, and a task (not a
// process) of that namespace.
void TestRealNamespaces::threadInOtherNamespace()
{
    m_thread = std::make_unique<NamespaceThread>(CLONE_NEWUTS);
    QString error;
    const qint32 tid = m_thread->waitReady(&error);
    QVERIFY2(tid > 0, qPrintable(error));
    const qint32 self = ::getpid();
    const NamespaceId threadUts = readNamespaceLink(procDir(self) + "/task/" + QByteArray::number(tid), NamespaceType::Uts);
    QVERIFY(threadUts != 0);
    QVERIFY(threadUts != m_own[NamespaceType::Uts]);

    const SnapshotPtr s = scanProc();
    const ProcessInfo *p = s->process(self);
    QVERIFY(p);
    QCOMPARE(p->namespaces.set, m_own);
    const auto thread = std::find_if(p->threadsInOtherNamespaces.begin(), p->threadsInOtherNamespaces.end(),
                                     [&](const ThreadNamespaces &t) { return t.tid == tid; });
    QVERIFY2(thread != p->threadsInOtherNamespaces.end(), "the thread is not listed in threadsInOtherNamespaces");
    QCOMPARE(thread->namespaces.set[NamespaceType::Uts], threadUts);
    for (NamespaceType t : allNamespaceTypes) {
        if (t != NamespaceType::Uts)
            QCOMPARE(thread->namespaces.set[t], m_own[t]);
    }

    const NamespaceInfo *ns = s->findNamespace(threadUts);
    QVERIFY(ns);
    QCOMPARE(ns->type, NamespaceType::Uts);
    QVERIFY(!ns->initial);
    QCOMPARE(ns->tasks, QList<qint32>{tid});
    QCOMPARE(ns->processes, QList<qint32>{self});
    // Its name is read through the thread: the process's own uts link leads elsewhere.
    QCOMPARE(ns->details.value(QLatin1String("hostname")).toString(), QString::fromLatin1(NamespaceThread::threadHostname));

    const NamespaceInfo *initialUts = s->findNamespace(m_own[NamespaceType::Uts]);
    QVERIFY(initialUts);
    QVERIFY(initialUts->tasks.contains(self));
    QVERIFY(!initialUts->tasks.contains(tid));
    const NamespaceInfo *initialNet = s->findNamespace(m_own[NamespaceType::Net]);
    QVERIFY(initialNet);
    QVERIFY2(initialNet->tasks.contains(tid), "the thread is missing from the initial net namespace's tasks");
}

// util-linux's lsns must agree on the namespaces this test creates (the rest of the host moves between the two reads).
void TestRealNamespaces::agreesWithLsns()
{
    if (m_lsns.isEmpty())
        QSKIP("needs lsns(8) from util-linux");
    const qsizetype processes = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                                    .filter(QRegularExpression(QStringLiteral("^\\d+$"))).size();
    if (processes > LsnsMaxProcesses)
        QSKIP(qPrintable(QStringLiteral("%1 processes on this host: lsns would take minutes").arg(processes)));
    ChildGroup &all = start(m_unshare, {QStringLiteral("--cgroup"), QStringLiteral("--ipc"), QStringLiteral("--mount"),
                                        QStringLiteral("--net"), QStringLiteral("--pid"), QStringLiteral("--fork"),
                                        QStringLiteral("--time"), QStringLiteral("--uts"), QStringLiteral("--user"),
                                        QStringLiteral("--map-root-user"), QStringLiteral("--kill-child"),
                                        QStringLiteral("sleep"), sleepSeconds()});
    ChildGroup &nested = start(m_unshare, {QStringLiteral("-p"), QStringLiteral("-f"), QStringLiteral("--kill-child"),
                                           QStringLiteral("unshare"), QStringLiteral("--uts"), QStringLiteral("-p"),
                                           QStringLiteral("-f"), QStringLiteral("--kill-child"), QStringLiteral("sleep"),
                                           sleepSeconds()});
    QVERIFY2(all.isStarted(), all.describe());
    QVERIFY2(nested.isStarted(), nested.describe());
    QVERIFY2(all.waitForTask("sleep", [&](qint32 p) { return namespaceOf(p, NamespaceType::Time) != m_own[NamespaceType::Time]; }) > 0,
             all.describe());
    QVERIFY2(nested.waitForTask("sleep") > 0, nested.describe());

    const SnapshotPtr s = scanProc();
    const CommandResult lsns = runCommand(m_lsns, {QStringLiteral("-J"), QStringLiteral("-o"), QStringLiteral("NS,TYPE,NPROCS,PID")},
                                          StreamTimeoutMs);
    QVERIFY2(lsns.finished && lsns.exitCode == 0, lsns.describe());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(lsns.out, &parseError);
    QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
    struct LsnsRow
    {
        QString type;
        quint64 nprocs;
        qint32 pid;
    };
    QHash<NamespaceId, LsnsRow> rows;
    const QJsonArray list = doc.object().value(QLatin1String("namespaces")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        rows.insert(jsonNumber(o.value(QLatin1String("ns"))),
                    {o.value(QLatin1String("type")).toString(), jsonNumber(o.value(QLatin1String("nprocs"))),
                     qint32(jsonNumber(o.value(QLatin1String("pid"))))});
    }
    QVERIFY(!rows.isEmpty());

    // The namespaces the test created that processes hold: the non-initial ones of our process groups' members.
    QList<qint32> ours;
    for (const ProcStat &p : ourMembersOfGroups({all.pid(), nested.pid()}))
        ours.append(p.pid);
    int compared = 0;
    for (const NamespaceInfo &ns : s->namespaces()) {
        if (ns.initial || ns.processes.isEmpty()
            || std::none_of(ns.processes.begin(), ns.processes.end(), [&](qint32 pid) { return ours.contains(pid); }))
            continue;
        const QByteArray what = namespaceTypeKey(ns.type) + QByteArray(":") + QByteArray::number(ns.id);
        const auto row = rows.constFind(ns.id);
        QVERIFY2(row != rows.constEnd(), QByteArray("lsns does not list " + what).constData());
        QCOMPARE(row->type, namespaceTypeName(ns.type));
        QCOMPARE(row->nprocs, quint64(ns.processes.size()));
        QVERIFY2(ns.processes.contains(row->pid), QByteArray("lsns names a process the snapshot does not have in " + what).constData());
        ++compared;
    }
    // eight from the first child, two pid namespaces and a uts namespace from the second
    QCOMPARE(compared, 11);
}

// As nobody the probe sees only its own processes, and says how many others it could not inspect.
void TestRealNamespaces::probeUnprivileged()
{
    if (m_setpriv.isEmpty())
        QSKIP("needs setpriv(1) from util-linux");
    QString probe = probePath();
    CommandResult r = runCommand(m_setpriv, asNobody() + QStringList{probe, QStringLiteral("--once")});
    if (r.exitCode == 126 || r.exitCode == 127) {
        // setpriv could not execute it: the build tree is not open to nobody. Run a copy from a directory that is.
        m_probeCopyDir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_probeCopyDir->isValid());
        QFile::setPermissions(m_probeCopyDir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                          | QFileDevice::ReadOther | QFileDevice::ExeOther);
        const QString copy = m_probeCopyDir->filePath(QStringLiteral("nsviz-probe"));
        QVERIFY(QFile::copy(probe, copy));
        qInfo("nobody cannot execute %s; running a copy in %s", qPrintable(probe), qPrintable(m_probeCopyDir->path()));
        probe = copy;
        r = runCommand(m_setpriv, asNobody() + QStringList{probe, QStringLiteral("--once")});
    }
    QVERIFY2(r.finished && r.exitStatus == QProcess::NormalExit, r.describe());
    QCOMPARE(r.exitCode, 0);
    QString error;
    const SnapshotPtr s = readSnapshotJson(r.out.trimmed(), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->host().scannerUid, qint64(NobodyUid));
    QVERIFY(!s->host().complete);
    QVERIFY(s->inaccessible().processes > 0);
    QVERIFY(!s->inaccessible().reason.isEmpty());
    QVERIFY2(!s->processes().empty(), "the probe should at least see itself");
    // Even without PID 1, the host's namespaces are recognised as the host's: the same as root sees them.
    QCOMPARE(s->initialNamespaces(), m_own);
}

void TestRealNamespaces::probeStream()
{
    ChildGroup &probe = start(probePath(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("100")},
                              ChildGroup::Channels::Piped);
    QVERIFY2(probe.isStarted(), probe.describe());
    QProcess &p = probe.process();
    QList<QByteArray> lines;
    const QDeadlineTimer deadline(StreamTimeoutMs);
    while (lines.size() < 2 && !deadline.hasExpired() && p.state() == QProcess::Running) {
        if (!p.canReadLine())
            p.waitForReadyRead(100);
        while (p.canReadLine() && lines.size() < 2)
            lines.append(p.readLine().trimmed());
    }
    QVERIFY2(lines.size() >= 2, QByteArray("fewer than two snapshots: " + probe.describe()).constData());
    for (const QByteArray &line : std::as_const(lines)) {
        QString error;
        const SnapshotPtr s = readSnapshotJson(line, &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->host().complete, s->inaccessible().processes == 0);
        QVERIFY2(s->process(probe.pid()), "the probe does not see itself");
    }

    p.closeWriteChannel();
    QVERIFY2(p.waitForFinished(SetupTimeoutMs), "the probe did not end when its standard input closed");
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

// In stream mode the probe polls incrementally: a process that enters new namespaces shows up, and once it is
// gone, it and its namespaces disappear from the stream.
void TestRealNamespaces::probeStreamFollowsChanges()
{
    ChildGroup &probe = start(probePath(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("100")},
                              ChildGroup::Channels::Piped);
    QVERIFY2(probe.isStarted(), probe.describe());
    QProcess &p = probe.process();
    QString error;
    QVERIFY2(readSnapshotUntil(p, [](const Snapshot &) { return true; }, &error), qPrintable(error));

    ChildGroup &child = start(m_unshare, {QStringLiteral("--uts"), QStringLiteral("--ipc"), QStringLiteral("sleep"), sleepSeconds()});
    QVERIFY2(child.isStarted(), child.describe());
    const qint32 pid = child.waitForTask("sleep", [&](qint32 q) {
        const NamespaceId id = namespaceOf(q, NamespaceType::Ipc);
        return id != 0 && id != m_own[NamespaceType::Ipc];
    });
    QVERIFY2(pid > 0, QByteArray("the child never entered its new namespaces: " + child.describe()).constData());
    const NamespaceId uts = namespaceOf(pid, NamespaceType::Uts);
    const NamespaceId ipc = namespaceOf(pid, NamespaceType::Ipc);

    const SnapshotPtr seen = readSnapshotUntil(p, [&](const Snapshot &s) {
        const ProcessInfo *q = s.process(pid);
        return q && q->namespaces.set[NamespaceType::Uts] == uts && q->namespaces.set[NamespaceType::Ipc] == ipc;
    }, &error);
    QVERIFY2(seen, qPrintable(QStringLiteral("the stream never showed the new namespaces: ") + error));
    for (NamespaceId id : {uts, ipc}) {
        const NamespaceInfo *ns = seen->findNamespace(id);
        QVERIFY(ns);
        QCOMPARE(ns->processes, QList<qint32>{pid});
        QVERIFY(!ns->initial);
    }

    child.stop();
    // On a busy host the pid and the inode numbers may be reused at once: what must go is this process in them.
    const quint64 startTime = seen->process(pid)->startTime;
    const SnapshotPtr gone = readSnapshotUntil(p, [&](const Snapshot &s) {
        const ProcessInfo *q = s.process(pid);
        const bool processGone = !q || q->startTime != startTime;
        auto left = [&](NamespaceId id) {
            const NamespaceInfo *n = s.findNamespace(id);
            return !n || !n->processes.contains(pid);
        };
        return processGone && left(uts) && left(ipc);
    }, &error);
    QVERIFY2(gone, qPrintable(QStringLiteral("the stream still shows the ended process or its namespaces: ") + error));

    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(SetupTimeoutMs));
    QCOMPARE(p.exitCode(), 0);
}

void TestRealNamespaces::probeEndsOnSigterm()
{
    ChildGroup &probe = start(probePath(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("100")},
                              ChildGroup::Channels::Piped);
    QVERIFY2(probe.isStarted(), probe.describe());
    QProcess &p = probe.process();
    // The first line means the signal handlers are in place.
    const QDeadlineTimer deadline(StreamTimeoutMs);
    while (!p.canReadLine() && !deadline.hasExpired() && p.state() == QProcess::Running)
        p.waitForReadyRead(100);
    QVERIFY2(p.canReadLine(), QByteArray("no snapshot: " + probe.describe()).constData());
    QVERIFY(::kill(probe.pid(), SIGTERM) == 0);
    QVERIFY2(p.waitForFinished(SetupTimeoutMs), "the probe did not end on SIGTERM");
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestRealNamespaces)

#include "tst_realnamespaces.moc"
