#include "fixtures.h"

#include "containers/containernames.h"
#include "scan/procscanner.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFuture>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::fixtures::basic;

class TestProcScanner : public QObject
{
    Q_OBJECT
private:
    SnapshotPtr m_snapshot;
    ProcScanner::Stats m_stats;

private Q_SLOTS:
    void initTestCase()
    {
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        ProcScanner scanner(options);
        m_snapshot = scanner.scan();
        m_stats = scanner.lastStats();
        QVERIFY(m_snapshot);
    }

    void host()
    {
        QCOMPARE(m_snapshot->host().hostname, QStringLiteral("fixture-host"));
        QCOMPARE(m_snapshot->host().kernel, QStringLiteral("6.1.0-fixture"));
        QVERIFY(m_snapshot->host().time.isValid());
        QVERIFY(m_snapshot->host().complete);
        QCOMPARE(m_snapshot->inaccessible().processes, 0);
    }

    void processesListed()
    {
        QList<qint32> pids;
        for (const ProcessInfo &p : m_snapshot->processes())
            pids.append(p.pid);
        // 500 is a zombie, 600 vanished, 700 was cut short: none of them is a process with namespaces.
        QCOMPARE(pids, (QList<qint32>{1, 2, 3, 100, 200, 201, 300, 400, 800, 900, 950}));
        QCOMPARE(m_stats.listed, 14);
        QCOMPARE(m_stats.zombies, 1);
        QCOMPARE(m_stats.vanished, 2);
        QCOMPARE(m_stats.denied, 0);
    }

    void processFields_data()
    {
        QTest::addColumn<int>("pid");
        QTest::addColumn<int>("ppid");
        QTest::addColumn<QString>("comm");
        QTest::addColumn<QStringList>("cmdline");
        QTest::addColumn<int>("uid");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QList<qint32>>("nspid");
        QTest::newRow("init") << 1 << 0 << QStringLiteral("systemd") << QStringList{QStringLiteral("/sbin/init"), QStringLiteral("splash")} << 0
                              << QStringLiteral("S") << QList<qint32>{1};
        QTest::newRow("kernel thread") << 3 << 2 << QStringLiteral("kworker/0:0-events") << QStringList() << 0 << QStringLiteral("I") << QList<qint32>{3};
        QTest::newRow("user shell") << 100 << 1 << QStringLiteral("bash") << QStringList{QStringLiteral("-bash")} << 1000 << QStringLiteral("S")
                                    << QList<qint32>{100};
        QTest::newRow("container init") << 200 << 1 << QStringLiteral("nginx") << QStringList{QStringLiteral("nginx: master process nginx -g daemon off;")}
                                        << 0 << QStringLiteral("S") << QList<qint32>{200, 1};
    }
    void processFields()
    {
        QFETCH(int, pid);
        const ProcessInfo *p = m_snapshot->process(pid);
        QVERIFY(p);
        QTEST(p->ppid, "ppid");
        QTEST(p->comm, "comm");
        QTEST(p->cmdline, "cmdline");
        QTEST(int(p->uid), "uid");
        QTEST(p->state, "state");
        QTEST(p->nspid, "nspid");
        QCOMPARE(p->tgid, pid);
    }

    void kernelThread()
    {
        QVERIFY(m_snapshot->process(3)->isKernelThread());
        QVERIFY(m_snapshot->process(2)->isKernelThread());
        QVERIFY(!m_snapshot->process(1)->isKernelThread());
    }

    void hostileText()
    {
        const ProcessInfo *p = m_snapshot->process(201);
        QVERIFY(p);
        QCOMPARE(p->comm, QStringLiteral("we) (ird\n") + QChar(0xfffd));
        QCOMPARE(p->cmdline.size(), 4);
        QCOMPARE(p->cmdline.at(0), QStringLiteral("worker"));
        QVERIFY(p->cmdline.at(1).startsWith(QChar(0xfffd)));
        QCOMPARE(p->cmdline.at(2).size(), 6000);
        QCOMPARE(p->cmdline.at(3), QStringLiteral("line\nbreak"));
        QCOMPARE(p->startTime, quint64(1001));
    }

    void initialNamespaces()
    {
        const NamespaceSet &initial = m_snapshot->initialNamespaces();
        QCOMPARE(initial[NamespaceType::Net], hostNet);
        QCOMPARE(initial[NamespaceType::Pid], hostPid);
        QCOMPARE(initial[NamespaceType::User], hostUser);
        QVERIFY(m_snapshot->findNamespace(hostNet)->initial);
        QVERIFY(!m_snapshot->findNamespace(dockerNet)->initial);
    }

    void membership_data()
    {
        QTest::addColumn<quint64>("id");
        QTest::addColumn<int>("type");
        QTest::addColumn<QList<qint32>>("processes");
        QTest::addColumn<QList<qint32>>("tasks");
        QTest::newRow("host uts, minus the thread that left")
            << quint64(hostUts) << int(NamespaceType::Uts) << QList<qint32>{1, 2, 3, 100, 400, 800, 950} << QList<qint32>{1, 2, 3, 100, 400, 800, 950};
        QTest::newRow("thread's own uts") << quint64(threadUts) << int(NamespaceType::Uts) << QList<qint32>{400} << QList<qint32>{401};
        QTest::newRow("container net shared by the pod") << quint64(dockerNet) << int(NamespaceType::Net) << QList<qint32>{200, 201, 300}
                                                         << QList<qint32>{200, 201, 300};
        QTest::newRow("container pid") << quint64(dockerPid) << int(NamespaceType::Pid) << QList<qint32>{200, 201} << QList<qint32>{200, 201};
        QTest::newRow("host net") << quint64(hostNet) << int(NamespaceType::Net) << QList<qint32>{1, 2, 3, 100, 400, 800, 900, 950}
                                  << QList<qint32>{1, 2, 3, 100, 400, 401, 800, 900, 950};
        QTest::newRow("rootless user") << quint64(rootlessUser) << int(NamespaceType::User) << QList<qint32>{900} << QList<qint32>{900};
    }
    void membership()
    {
        QFETCH(quint64, id);
        const NamespaceInfo *n = m_snapshot->findNamespace(id);
        QVERIFY(n);
        QTEST(int(n->type), "type");
        QTEST(n->processes, "processes");
        QTEST(n->tasks, "tasks");
    }

    void threadInOtherNamespace()
    {
        const ProcessInfo *p = m_snapshot->process(400);
        QCOMPARE(p->threadsInOtherNamespaces.size(), 1);
        QCOMPARE(p->threadsInOtherNamespaces.at(0).tid, 401);
        QCOMPARE(p->threadsInOtherNamespaces.at(0).namespaces.set[NamespaceType::Uts], threadUts);
        QCOMPARE(p->namespaces.set[NamespaceType::Uts], hostUts);
    }

    void bindMountHolder()
    {
        const NamespaceInfo *n = m_snapshot->findNamespace(mountedNet);
        QVERIFY(n);
        QCOMPARE(n->type, NamespaceType::Net);
        QVERIFY(n->tasks.isEmpty());
        QVERIFY(n->isHeld());
        QCOMPARE(n->bindMounts, (QList<BindMount>{{QStringLiteral("/run/netns/demo ns"), hostMnt}, {QStringLiteral("/run/netns/second"), hostMnt}}));
    }

    void fdHolder()
    {
        const NamespaceInfo *n = m_snapshot->findNamespace(fdNet);
        QVERIFY(n);
        QCOMPARE(n->type, NamespaceType::Net);
        QVERIFY(n->processes.isEmpty());
        QCOMPARE(n->fdHolders, (QList<FdHolder>{{800, 3}}));
    }

    void pidForChildren()
    {
        const ProcessInfo *p = m_snapshot->process(950);
        QCOMPARE(p->namespaces.set[NamespaceType::Pid], hostPid);
        QCOMPARE(p->namespaces.pidForChildren, std::optional<NamespaceId>(fixtures::basic::pidForChildren));
        const NamespaceInfo *n = m_snapshot->findNamespace(fixtures::basic::pidForChildren);
        QVERIFY2(n, "a pid namespace only children will enter still exists");
        QVERIFY(n->tasks.isEmpty());
    }

    void relations()
    {
        const NamespaceInfo *user = m_snapshot->findNamespace(rootlessUser);
        QCOMPARE(user->parent, std::optional<NamespaceId>(hostUser));
        QCOMPARE(user->ownerUid, std::optional<quint32>(1000));
        QCOMPARE(user->uidMap, (QList<IdMapRange>{{0, 1000, 1}, {1, 100000, 65536}}));
        QCOMPARE(user->gidMap, (QList<IdMapRange>{{0, 1000, 1}}));
        QCOMPARE(m_snapshot->findNamespace(rootlessMnt)->owner, std::optional<NamespaceId>(rootlessUser));
        QCOMPARE(m_snapshot->findNamespace(dockerPid)->parent, std::optional<NamespaceId>(hostPid));
        QCOMPARE(m_snapshot->findNamespace(hostUser)->ownerUid, std::optional<quint32>(0));

        // A parent that nothing but its child holds is part of the snapshot too.
        QCOMPARE(m_snapshot->findNamespace(podPid)->parent, std::optional<NamespaceId>(intermediatePid));
        const NamespaceInfo *intermediate = m_snapshot->findNamespace(intermediatePid);
        QVERIFY(intermediate);
        QCOMPARE(intermediate->type, NamespaceType::Pid);
        QVERIFY(intermediate->tasks.isEmpty());
        QCOMPARE(intermediate->parent, std::optional<NamespaceId>(hostPid));
    }

    void containers()
    {
        const ProcessInfo *docker = m_snapshot->process(200);
        QVERIFY(docker->container);
        QCOMPARE(docker->container->engine, QStringLiteral("docker"));
        QCOMPARE(docker->container->id, QStringLiteral("0123456789abcdef").repeated(4));
        QCOMPARE(m_snapshot->process(300)->container->engine, QStringLiteral("podman"));
        QVERIFY(!m_snapshot->process(100)->container); // host processes are not containers
    }

    void containerNamesFromOutside()
    {
        // The engine's API knows names the cgroup path lacks; the app knows its demo containers. HostState puts
        // them on each snapshot; the scanner never sees them.
        ContainerNames names;
        names.setEngineNames({{QStringLiteral("0123456789abcdef").repeated(4), QStringLiteral("web-1")}});
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        ProcScanner scanner(options);
        const SnapshotPtr scanned = scanner.scan();
        QCOMPARE(scanned->process(200)->container->name, QString());
        // A demo container is known by its namespaces (a reused pid must not lend its name): label 900's set.
        names.setDemoContainers({{scanned->process(900)->namespaces.set, 900, QStringLiteral("rootless demo")}});
        const SnapshotPtr s = names.apply(scanned);
        QCOMPARE(s->process(200)->container->name, QStringLiteral("web-1"));
        QCOMPARE(s->process(201)->container->name, QStringLiteral("web-1"));
        QCOMPARE(s->process(300)->container->name, QString()); // not known: left empty
        QVERIFY(s->process(900)->container);
        QCOMPARE(s->process(900)->container->engine, QStringLiteral("nsviz"));
        QCOMPARE(s->process(900)->container->name, QStringLiteral("rootless demo"));
        QVERIFY(!s->process(100)->container);
        // A label is in no index: the relabelled copy has the same sets, and the scan itself is left as it was.
        QCOMPARE(s->namespaceSets().size(), scanned->namespaceSets().size());
        QVERIFY(!scanned->process(900)->container);
        // Nothing to name: the very same snapshot, not a copy.
        names.setEngineNames({});
        names.setDemoContainers({});
        QCOMPARE(names.apply(scanned).get(), scanned.get());
    }

    void namespaceSets()
    {
        const auto &sets = m_snapshot->namespaceSets();
        // host (1,2,3,100,400,800,950), docker (200,201), pod (300), rootless (900)
        QCOMPARE(sets.size(), std::size_t(4));
        QCOMPARE(sets[0].pids, (QList<qint32>{1, 2, 3, 100, 400, 800, 950}));
        QCOMPARE(sets[1].pids, (QList<qint32>{200, 201}));
        QCOMPARE(m_snapshot->namespacesOfType(NamespaceType::Net).size(), std::size_t(4)); // host, docker, fd, mounted
    }

    void withoutOptionalParts()
    {
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.processDetails = false;
        options.bindMounts = false;
        options.fdHolders = false;
        const SnapshotPtr s = scanProc(options);
        QVERIFY(s->process(200));
        QVERIFY(s->process(200)->comm.isEmpty());
        QVERIFY(!s->findNamespace(mountedNet));
        QVERIFY(!s->findNamespace(fdNet));
        QVERIFY(s->findNamespace(dockerNet));
    }

    // Unprivileged, PID 1 and 2 cannot be read: the six initial namespaces with kernel-fixed inode numbers are
    // still known; net and mnt are not guessed on a tree that has no readable "self".
    void initialWithoutPid1()
    {
        QTemporaryDir dir;
        QVERIFY(fixtures::copyTree(fixtures::procBasic(), dir.path()));
        QVERIFY(QDir(dir.filePath(QStringLiteral("1"))).removeRecursively());
        QVERIFY(QDir(dir.filePath(QStringLiteral("2"))).removeRecursively());
        ScanOptions options;
        options.procRoot = dir.path();
        const SnapshotPtr s = scanProc(options);
        const NamespaceSet &initial = s->initialNamespaces();
        QCOMPARE(initial[NamespaceType::User], hostUser);
        QCOMPARE(initial[NamespaceType::Pid], hostPid);
        QCOMPARE(initial[NamespaceType::Uts], hostUts);
        QCOMPARE(initial[NamespaceType::Net], NamespaceId(0));
        QVERIFY(s->findNamespace(hostUser)->initial);
        QVERIFY(!s->findNamespace(hostNet)->initial);
    }

    // A proc tree that is not the kernel's can hold anything at a file's name. A FIFO would block a read forever,
    // a device may do something when opened; neither is opened, and the snapshot says it is incomplete, and why.
    void hostileFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("missingPid"); // the process the file belongs to drops out, 0: it stays (without that part)
        for (const char *kind : {"fifo", "link to fifo", "device"}) {
            QTest::newRow(qPrintable(QStringLiteral("%1 as stat").arg(QLatin1String(kind)))) << QStringLiteral("100/stat") << QString::fromLatin1(kind) << 100;
            QTest::newRow(qPrintable(QStringLiteral("%1 as status").arg(QLatin1String(kind)))) << QStringLiteral("100/status") << QString::fromLatin1(kind) << 100;
            QTest::newRow(qPrintable(QStringLiteral("%1 as cmdline").arg(QLatin1String(kind)))) << QStringLiteral("100/cmdline") << QString::fromLatin1(kind) << 100;
        }
        QTest::newRow("fifo as cgroup") << QStringLiteral("300/cgroup") << QStringLiteral("fifo") << 0;
        QTest::newRow("fifo as mountinfo") << QStringLiteral("1/mountinfo") << QStringLiteral("fifo") << 0;
        QTest::newRow("fifo as uid_map") << QStringLiteral("900/uid_map") << QStringLiteral("fifo") << 0;
        QTest::newRow("fifo as hostname") << QStringLiteral("sys/kernel/hostname") << QStringLiteral("fifo") << 0; // the host unnamed
    }
    void hostileFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        QFETCH(int, missingPid);
        QTemporaryDir dir;
        QVERIFY(fixtures::copyTree(fixtures::procBasic(), dir.path()));
        const QByteArray target = QFile::encodeName(dir.filePath(file));
        QVERIFY(QFile::remove(dir.filePath(file)));
        const QByteArray fifo = kind == QLatin1String("link to fifo") ? QFile::encodeName(dir.filePath(QStringLiteral("elsewhere"))) : target;
        if (kind == QLatin1String("device")) {
            if (::mknod(target.constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
                QSKIP("making a device node needs root (mknod)");
        } else {
            QVERIFY(::mkfifo(fifo.constData(), 0644) == 0);
            if (fifo != target)
                QVERIFY(::symlink(fifo.constData(), target.constData()) == 0);
        }
        ScanOptions options;
        options.procRoot = dir.path();
        options.relationLookup = fixtures::basicRelations();
        QFuture<SnapshotPtr> scan = QtConcurrent::run([options] { return scanProc(options); });
        QDeadlineTimer deadline(10000);
        while (!scan.isFinished() && !deadline.hasExpired())
            QThread::msleep(10);
        if (!scan.isFinished()) {
            // Release the blocked read (a writer that comes and goes), so the test can end, and say what happened.
            const int fd = ::open(fifo.constData(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
            scan.waitForFinished();
            QFAIL("the scan blocked on the FIFO");
        }
        const SnapshotPtr s = scan.result();
        QVERIFY(!s->host().complete);
        QVERIFY2(s->host().scanError.contains(QLatin1String("not a regular file")), qPrintable(s->host().scanError));
        QVERIFY(s->inaccessible().reason.contains(s->host().scanError));
        QVERIFY(s->process(1) && s->process(300));
        if (missingPid > 0) {
            QVERIFY(!s->process(missingPid));
            QCOMPARE(s->inaccessible().processes, 1);
            QVERIFY2(s->host().scanError.contains(QLatin1String("1 process failed")), qPrintable(s->host().scanError));
        } else {
            QCOMPARE(s->processes().size(), m_snapshot->processes().size());
            QVERIFY2(s->host().scanError.contains(QLatin1String("1 other read failed")), qPrintable(s->host().scanError));
            QCOMPARE(s->host().hostname.isEmpty(), file.endsWith(QLatin1String("hostname")));
        }
    }

    // A huge file is read up to its bound, not to its end: a 4 GiB sparse cmdline costs 128 KiB.
    void hugeFiles()
    {
        QTemporaryDir dir;
        QVERIFY(fixtures::copyTree(fixtures::procBasic(), dir.path()));
        for (const char *name : {"100/cmdline", "1/mountinfo", "900/uid_map", "300/cgroup"})
            QVERIFY(::truncate(QFile::encodeName(dir.filePath(QLatin1String(name))).constData(), qint64(4) << 30) == 0);
        ScanOptions options;
        options.procRoot = dir.path();
        options.relationLookup = fixtures::basicRelations();
        QElapsedTimer clock;
        clock.start();
        const SnapshotPtr s = scanProc(options);
        QVERIFY2(clock.elapsed() < 5000, "the scan read a huge file to its end");
        QVERIFY(s->process(100));
        QVERIFY(s->process(100)->cmdline.size() <= 128 * 1024); // 128 KiB of NULs: that many empty arguments at most
    }

    // A user in thousands of groups has a status longer than the 128 KiB read in one piece; what comes after the
    // Groups line must still be read, and a process must never be dropped for it.
    void longStatus()
    {
        QTemporaryDir dir;
        QVERIFY(fixtures::copyTree(fixtures::procBasic(), dir.path()));
        QByteArray groups = "Groups:";
        for (int g = 0; g < 40000; ++g)
            groups += ' ' + QByteArray::number(100000 + g);
        QFile status(dir.filePath(QStringLiteral("100/status")));
        QVERIFY(status.open(QIODevice::WriteOnly | QIODevice::Truncate));
        status.write("Name:\tbash\nState:\tS\nTgid:\t100\nPid:\t100\nPPid:\t1\n" + groups + "\nUid:\t1000\t1000\t1000\t1000\nThreads:\t1\nNSpid:\t100\n");
        QVERIFY(status.size() > 200 * 1024);
        status.close();
        ScanOptions options;
        options.procRoot = dir.path();
        options.relationLookup = fixtures::basicRelations();
        const SnapshotPtr s = scanProc(options);
        QVERIFY(s->process(100));
        QCOMPARE(s->process(100)->uid, 1000u);
        QCOMPARE(s->process(100)->nspid, QList<qint32>{100});
        QVERIFY(s->host().complete);

        // No Uid line at all, in a whole file: not what a kernel writes; counted and said, never dropped silently.
        QVERIFY(status.open(QIODevice::WriteOnly | QIODevice::Truncate));
        status.write("Name:\tbash\nState:\tS\nTgid:\t100\nPid:\t100\nPPid:\t1\n");
        status.close();
        const SnapshotPtr t = scanProc(options);
        QVERIFY(!t->process(100));
        QVERIFY(!t->host().complete);
        QVERIFY2(t->host().scanError.contains(QLatin1String("no Uid line")), qPrintable(t->host().scanError));
    }

    void missingProcRoot()
    {
        ScanOptions options;
        options.procRoot = QStringLiteral("/nonexistent/proc");
        const SnapshotPtr s = scanProc(options);
        QVERIFY(s);
        QVERIFY(s->processes().empty());
        QVERIFY(!s->host().complete);
        QVERIFY(s->inaccessible().reason.contains(QStringLiteral("/nonexistent/proc")));
    }
};

QTEST_GUILESS_MAIN(TestProcScanner)
#include "tst_procscanner.moc"
