#include "fixtures.h"

#include "live/poller.h"
#include "snapshot/snapshotdiff.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;
using namespace nsviz::fixtures::basic;

class TestPoller : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString &relative) const { return m_dir->path() + QLatin1Char('/') + relative; }

    // What setns(2) does to a process, as the fixture shows it: its link now names another namespace.
    void moveToNet(int pid, NamespaceId net) const
    {
        const QString link = path(QStringLiteral("%1/ns/net").arg(pid));
        QVERIFY(QFile::remove(link));
        QVERIFY(QFile::link(QStringLiteral("net:[%1]").arg(net), link));
    }

    // A process directory copied to another pid, its stat saying so (the scanner checks that it does).
    void cloneProcess(int from, int to) const
    {
        QVERIFY(fixtures::copyTree(path(QString::number(from)), path(QString::number(to))));
        QFile stat(path(QStringLiteral("%1/stat").arg(to)));
        QVERIFY(stat.open(QIODevice::ReadWrite));
        QByteArray text = stat.readAll();
        text.replace(0, text.indexOf(' '), QByteArray::number(to));
        QVERIFY(stat.resize(0));
        QVERIFY(stat.seek(0));
        QCOMPARE(stat.write(text), text.size());
    }

    ScanOptions options() const
    {
        ScanOptions o;
        o.procRoot = m_dir->path();
        o.relationLookup = fixtures::basicRelations();
        o.sweepTicks = 3;
        return o;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(fixtures::copyTree(fixtures::procBasic(), m_dir->path()));
    }

    void incrementalReadsOnlyWhatIsDue()
    {
        ProcScanner scanner(options());
        const SnapshotPtr first = scanner.scan();
        QCOMPARE(scanner.lastStats().reused, 0);
        const SnapshotPtr second = scanner.poll();
        QVERIFY(scanner.lastStats().reused > 0);
        QVERIFY(scanner.lastStats().read < int(first->processes().size()));
        // Nothing changed on disk: the picture is the same.
        QVERIFY(SnapshotDiff::compute(first.get(), second.get()).isEmpty());
    }

    void setnsShowsUpWithinTheSweep()
    {
        ProcScanner scanner(options());
        const SnapshotPtr before = scanner.scan();
        QCOMPARE(before->process(100)->namespaces.set[NamespaceType::Net], hostNet);
        moveToNet(100, dockerNet);
        bool seen = false;
        for (int i = 0; i < scanner.options().sweepTicks && !seen; ++i)
            seen = scanner.poll()->process(100)->namespaces.set[NamespaceType::Net] == dockerNet;
        QVERIFY2(seen, "a namespace change of a known process must show within sweepTicks polls");
    }

    void everythingIsReReadWithinFourSweeps()
    {
        ProcScanner scanner(options());
        scanner.scan();
        // An exec that kept comm: only a full read sees the new argv.
        QFile cmdline(path(QStringLiteral("100/cmdline")));
        QVERIFY(cmdline.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cmdline.write(QByteArray("bash\0-c\0true\0", 13));
        cmdline.close();
        int rechecked = 0;
        int polls = 0;
        const int limit = 4 * scanner.options().sweepTicks;
        while (polls < limit && scanner.poll()->process(100)->cmdline.size() != 3) {
            rechecked += scanner.lastStats().rechecked;
            ++polls;
        }
        QVERIFY2(polls < limit, "a full re-read must come within 4 x sweepTicks polls");
        QVERIFY2(rechecked > 0, "in between, due processes get the light re-read");
    }

    void newAndExitedProcessesShowAtOnce()
    {
        ProcScanner scanner(options());
        scanner.scan();
        QVERIFY(QDir().mkpath(path(QStringLiteral("1000"))));
        cloneProcess(100, 1000);
        QVERIFY(QDir(path(QStringLiteral("800"))).removeRecursively());
        const SnapshotPtr next = scanner.poll();
        QVERIFY(next->process(1000));
        QVERIFY(!next->process(800));
        QVERIFY2(!next->findNamespace(fdNet), "the namespace only pid 800's fd held is gone with it");
    }

    void pidReuseIsReadAtOnce()
    {
        ProcScanner scanner(options());
        scanner.scan();
        // A new process under pid 100: a new /proc/100 directory (new inode), another start time and namespace.
        // Made beside the old one before it goes, so the file system cannot hand out the same inode again.
        QVERIFY(QDir().mkpath(path(QStringLiteral("99999"))));
        cloneProcess(300, 99999);
        QFile stat(path(QStringLiteral("99999/stat")));
        QVERIFY(stat.open(QIODevice::ReadWrite));
        QByteArray text = stat.readAll().replace("99999 (", "100 (");
        QVERIFY(stat.resize(0) && stat.seek(0) && stat.write(text) == text.size());
        stat.close();
        QVERIFY(QDir(path(QStringLiteral("100"))).removeRecursively());
        QVERIFY(QDir().rename(path(QStringLiteral("99999")), path(QStringLiteral("100"))));
        const SnapshotPtr next = scanner.poll();
        QVERIFY(next->process(100));
        QCOMPARE(next->process(100)->namespaces.set[NamespaceType::Pid], podPid);
    }

    void pollerPublishes()
    {
        // The history is HostState's (tst_hoststate); the poller publishes each scan and keeps the latest.
        Poller poller(options());
        poller.setInterval(50);
        QSignalSpy spy(&poller, &Poller::snapshotReady);
        poller.start();
        QVERIFY(poller.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 5, 10000);
        QCOMPARE(poller.latest(), spy.last().at(0).value<SnapshotPtr>());
        QCOMPARE(poller.latest()->process(200)->comm, QStringLiteral("nginx"));

        moveToNet(200, hostNet);
        QTRY_VERIFY_WITH_TIMEOUT(poller.latest()->process(200)->namespaces.set[NamespaceType::Net] == hostNet, 10000);

        poller.stop();
        QVERIFY(!poller.isRunning());
        QTRY_VERIFY(!poller.isScanning());
        const int settled = int(spy.count());
        QTest::qWait(200); // the one place a wait is the assertion: nothing may arrive while stopped
        QCOMPARE(int(spy.count()), settled);
    }

    void refreshNowWhileStopped()
    {
        Poller poller(options());
        QSignalSpy spy(&poller, &Poller::snapshotReady);
        poller.refreshNow();
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.count(), 1);
        QVERIFY(!poller.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"
