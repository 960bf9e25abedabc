// nsviz-probe on hostile proc trees — FIFOs, a device, links to them, huge files, a mountinfo of 200,000 lines —
// and under limits: 6 file descriptors, a few tens of MiB of address space, a reader that stops reading. In each it
// finishes (a FIFO never blocks it), says what is missing with an incomplete snapshot and exit status 3 (never
// "complete": true with nothing in it, never an abort), and ends within a second of SIGTERM, in --once and --stream.
#include "fixtures.h"
#include "sanitizers.h"

#include "snapshot/snapshotjson.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace nsviz;

namespace {

constexpr int EndWithinMs = 1000; // after SIGTERM, whatever the probe was doing

QString probe()
{
    return QStringLiteral(NSVIZ_PROBE);
}

// A copy of the fixture tree with one hostile change, by name.
bool makeTree(const QString &kind, const QString &dir, QString *skip)
{
    if (!fixtures::copyTree(fixtures::procBasic(), dir))
        return false;
    auto at = [&](const char *relative) { return QFile::encodeName(dir + QLatin1Char('/') + QLatin1String(relative)); };
    auto fifo = [&](const char *relative) { return ::unlink(at(relative).constData()) == 0 && ::mkfifo(at(relative).constData(), 0644) == 0; };
    if (kind == QLatin1String("fifo stat"))
        return fifo("100/stat");
    if (kind == QLatin1String("fifo hostname"))
        return fifo("sys/kernel/hostname");
    if (kind == QLatin1String("fifo mountinfo"))
        return fifo("1/mountinfo");
    if (kind == QLatin1String("link to fifo status")) {
        return ::mkfifo(at("pipe").constData(), 0644) == 0 && ::unlink(at("100/status").constData()) == 0
            && ::symlink(at("pipe").constData(), at("100/status").constData()) == 0;
    }
    if (kind == QLatin1String("device cmdline")) {
        if (::unlink(at("100/cmdline").constData()) != 0)
            return false;
        if (::mknod(at("100/cmdline").constData(), S_IFCHR | 0666, makedev(1, 5)) != 0) // what /dev/zero is
            *skip = QStringLiteral("making a device node needs root (mknod)");
        return true;
    }
    if (kind == QLatin1String("huge files")) {
        for (const char *name : {"100/cmdline", "100/status", "1/mountinfo", "900/uid_map", "300/cgroup", "sys/kernel/hostname"}) {
            if (::truncate(at(name).constData(), qint64(8) << 30) != 0)
                return false;
        }
        return true;
    }
    if (kind == QLatin1String("many bind mounts") || kind == QLatin1String("mount table past 16 MiB")) {
        // 15.6 MB of bind mounts, read whole; 20.8 MB, cut at 16 MiB (and said so).
        QFile f(QString::fromLocal8Bit(at("1/mountinfo")));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        const int lines = kind == QLatin1String("many bind mounts") ? 150000 : 200000;
        for (int i = 0; i < lines; ++i)
            f.write(QByteArray::number(100 + i) + " 1 0:4 net:[4026532900] /run/netns/a-long-name-for-a-mount-point-" + QByteArray::number(i)
                    + " rw shared:1 - nsfs nsfs rw\n");
        return true;
    }
    return false;
}

// Each tree, and what its snapshot must say is missing (empty: nothing, the snapshot is complete).
const QList<std::pair<QString, QByteArray>> treeKinds = {
    {QStringLiteral("fifo stat"), "not a regular file"},
    {QStringLiteral("fifo hostname"), "not a regular file"}, // every process is there, the host unnamed
    {QStringLiteral("fifo mountinfo"), "not a regular file"},
    {QStringLiteral("link to fifo status"), "not a regular file"},
    {QStringLiteral("device cmdline"), "not a regular file"},
    {QStringLiteral("huge files"), "larger than 16 MiB"}, // an 8 GiB status
    {QStringLiteral("many bind mounts"), {}},
    {QStringLiteral("mount table past 16 MiB"), "mount table is larger than 16 MiB"},
};

struct Run
{
    int code = -1; // -1: killed by a signal, or did not end
    int signal = 0;
    QByteArray out, err;
};

// The probe as a child, stdin kept open (the stream ends when it closes), with optional resource limits.
class Probe
{
public:
    explicit Probe(const QStringList &args, int limitResource = -1, rlim_t limit = 0)
    {
        if (limitResource >= 0) {
            m_process.setChildProcessModifier([limitResource, limit] {
                const struct rlimit rl = {limit, limit};
                ::setrlimit(limitResource, &rl);
            });
        }
        m_process.start(probe(), args);
        m_process.waitForStarted();
    }
    ~Probe()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QProcess &process() { return m_process; }

    bool waitForLine(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!m_out.contains('\n') && clock.elapsed() < timeoutMs && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(50);
            m_out += m_process.readAllStandardOutput();
        }
        return m_out.contains('\n');
    }
    // Sends SIGTERM and returns how long the probe took to end (-1: not within 5 s).
    qint64 terminate(Run *run)
    {
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(m_process.processId()), SIGTERM);
        const bool ended = m_process.waitForFinished(5000);
        const qint64 took = clock.elapsed();
        finish(run);
        return ended ? took : -1;
    }
    void finish(Run *run)
    {
        m_process.waitForFinished(20000);
        run->out = m_out + m_process.readAllStandardOutput();
        run->err = m_process.readAllStandardError();
        run->code = m_process.exitStatus() == QProcess::NormalExit && m_process.state() == QProcess::NotRunning ? m_process.exitCode() : -1;
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

// Every line a probe printed, read back: whole and valid, incomplete exactly where it says why.
QString checkLines(const QByteArray &out, bool *anyIncomplete)
{
    *anyIncomplete = false;
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        QString error;
        const SnapshotPtr s = readSnapshotJson(line, &error);
        if (!s)
            return QStringLiteral("a line that is not a snapshot: ") + error;
        if (s->host().complete && s->processes().empty())
            return QStringLiteral("\"complete\": true with nothing in it");
        if (!s->host().scanError.isEmpty()) {
            *anyIncomplete = true;
            if (s->host().complete)
                return QStringLiteral("complete, and yet a scan error");
        }
    }
    return {};
}

} // namespace

class TestHostileProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trees_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("missing");
        for (const auto &[kind, missing] : treeKinds)
            QTest::newRow(qPrintable(kind)) << kind << missing;
    }
    void trees()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, missing);
        QTemporaryDir dir;
        QString skip;
        QVERIFY(makeTree(kind, dir.path(), &skip));
        if (!skip.isEmpty())
            QSKIP(qPrintable(skip));
        const bool broken = !missing.isEmpty();
        const QStringList root{QStringLiteral("--proc-root"), dir.path()};

        // --once to its end: in seconds, not forever.
        {
            Probe p(QStringList{QStringLiteral("--once")} + root);
            Run r;
            QVERIFY2(p.process().waitForFinished(20000), "the probe blocked on the tree");
            p.finish(&r);
            QCOMPARE(r.code, broken ? 3 : 0);
            bool incomplete = false;
            const QString problem = checkLines(r.out, &incomplete);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QCOMPARE(incomplete, broken);
            QCOMPARE(r.out.count('\n'), 1);
            if (broken)
                QVERIFY2(r.err.contains(missing), r.err.constData());
            if (kind == QLatin1String("mount table past 16 MiB")) {
                // The mounts up to the cut are there, and none is a piece of a line.
                const SnapshotPtr s = readSnapshotJson(r.out.trimmed());
                QVERIFY(s);
                const NamespaceInfo *held = s->findNamespace(4026532900);
                QVERIFY(held);
                const QString prefix = QStringLiteral("/run/netns/a-long-name-for-a-mount-point-");
                QVERIFY2(held->bindMounts.size() > 150000 && held->bindMounts.size() < 200000, qPrintable(QString::number(held->bindMounts.size())));
                std::vector<int> numbers;
                for (const BindMount &m : held->bindMounts) {
                    bool ok = false;
                    numbers.push_back(QStringView(m.path).mid(prefix.size()).toInt(&ok));
                    QVERIFY2(ok && m.path.startsWith(prefix), qPrintable(m.path));
                }
                std::sort(numbers.begin(), numbers.end());
                for (std::size_t i = 0; i < numbers.size(); ++i)
                    QCOMPARE(numbers[i], int(i)); // the first ones, each once
            }
        }
        // --once, killed at once: ends within a second (by the signal).
        {
            Probe p(QStringList{QStringLiteral("--once")} + root);
            Run r;
            const qint64 took = p.terminate(&r);
            QVERIFY2(took >= 0 && took < EndWithinMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
        }
        // --stream: lines come, and SIGTERM ends it within a second, with the status saying whether one was incomplete.
        {
            Probe p(QStringList{QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50")} + root);
            QVERIFY2(p.waitForLine(20000), "no snapshot from --stream");
            Run r;
            const qint64 took = p.terminate(&r);
            QVERIFY2(took >= 0 && took < EndWithinMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
            QCOMPARE(r.code, broken ? 3 : 0);
            bool incomplete = false;
            const QString problem = checkLines(r.out, &incomplete);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QCOMPARE(incomplete, broken);
            if (broken)
                QCOMPARE(r.err.count(missing), 1); // said once, not on every line
        }
    }

    void fdLimit()
    {
        if (testing::underAddressSanitizer())
            QSKIP("the sanitizers' runtime needs file descriptors of its own: with 6 it fails before the probe can say so "
                  "(the default build runs this test)");
        const QStringList root{QStringLiteral("--proc-root"), fixtures::procBasic()};
        {
            Probe p(QStringList{QStringLiteral("--once")} + root, RLIMIT_NOFILE, 6);
            Run r;
            p.finish(&r);
            QCOMPARE(r.code, 3);
            bool incomplete = false;
            const QString problem = checkLines(r.out, &incomplete);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QVERIFY(incomplete);
            QVERIFY2(r.err.contains("(EMFILE)") && r.err.contains("ulimit -n"), r.err.constData());
        }
        {
            Probe p(QStringList{QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50")} + root, RLIMIT_NOFILE, 6);
            QVERIFY2(p.waitForLine(20000), "no snapshot from --stream with 6 file descriptors");
            Run r;
            const qint64 took = p.terminate(&r);
            QVERIFY2(took >= 0 && took < EndWithinMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
            QCOMPARE(r.code, 3);
            bool incomplete = false;
            const QString problem = checkLines(r.out, &incomplete);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QVERIFY(incomplete);
            QVERIFY2(r.err.contains("(EMFILE)"), r.err.constData());
        }
    }

    // Address-space limits from "cannot even load its libraries" to "plenty", on a tree whose mountinfo makes a
    // 9 MB snapshot: each run ends whole (status 0, complete) or says it ran out of memory (status 3, an incomplete
    // snapshot and a message), never aborts; and both outcomes are met somewhere in between.
    void memoryLimit()
    {
        if (testing::underAddressSanitizer())
            QSKIP("AddressSanitizer reserves terabytes of address space: RLIMIT_AS means nothing under it");
        QTemporaryDir dir;
        QString skip;
        QVERIFY(makeTree(QStringLiteral("many bind mounts"), dir.path(), &skip));
        const QStringList once{QStringLiteral("--once"), QStringLiteral("--proc-root"), dir.path()};
        int whole = 0, outOfMemory = 0, oomLimitMiB = 0;
        for (int mib = 40; mib <= 400; mib += 20) {
            Probe p(once, RLIMIT_AS, rlim_t(mib) << 20);
            Run r;
            p.finish(&r);
            if (r.code == 127 && r.err.contains("error while loading shared libraries"))
                continue; // too little even to start: the dynamic loader's business, not ours
            QVERIFY2(p.process().exitStatus() == QProcess::NormalExit,
                     qPrintable(QStringLiteral("killed by a signal at %1 MiB: %2").arg(mib).arg(QString::fromLocal8Bit(r.err))));
            bool incomplete = false;
            const QString problem = checkLines(r.out, &incomplete);
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("%1 MiB: %2").arg(mib).arg(problem)));
            QVERIFY2(r.out.count('\n') == 1, qPrintable(QStringLiteral("%1 MiB: no snapshot, only %2").arg(mib).arg(QString::fromLocal8Bit(r.err))));
            if (r.code == 0) {
                QVERIFY(!incomplete);
                ++whole;
            } else {
                QCOMPARE(r.code, 3);
                QVERIFY(incomplete);
                QVERIFY2(r.err.contains("out of memory (ENOMEM)"), r.err.constData());
                ++outOfMemory;
                oomLimitMiB = mib;
            }
        }
        qInfo("%d runs whole, %d out of memory (the last at %d MiB)", whole, outOfMemory, oomLimitMiB);
        QVERIFY2(whole > 0 && outOfMemory > 0, "the sweep did not reach both a whole and an out-of-memory run");

        Probe p(QStringList{QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50"), QStringLiteral("--proc-root"), dir.path()},
                RLIMIT_AS, rlim_t(oomLimitMiB) << 20);
        QVERIFY2(p.waitForLine(20000), "no snapshot from --stream short of memory");
        Run r;
        const qint64 took = p.terminate(&r);
        QVERIFY2(took >= 0 && took < EndWithinMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
        QCOMPARE(r.code, 3);
    }

    // The reader stops reading mid-line (a stuck ssh, a suspended GUI): the probe blocks writing, and SIGTERM must
    // still end it within a second.
    void stuckReader()
    {
        QTemporaryDir dir;
        QString skip;
        QVERIFY(makeTree(QStringLiteral("many bind mounts"), dir.path(), &skip)); // 9 MB lines: far beyond a pipe's 64 KiB
        int out[2], in[2];
        QVERIFY(::pipe2(out, O_CLOEXEC) == 0 && ::pipe2(in, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
        const QByteArray program = QFile::encodeName(probe()), root = QFile::encodeName(dir.path());
        char *argv[] = {const_cast<char *>(program.constData()), const_cast<char *>("--stream"), const_cast<char *>("--interval"),
                        const_cast<char *>("50"), const_cast<char *>("--proc-root"), const_cast<char *>(root.constData()), nullptr};
        pid_t pid = 0;
        QCOMPARE(::posix_spawn(&pid, program.constData(), &actions, nullptr, argv, environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        ::close(in[0]);
        // Until the pipe is full and the probe stuck in write(): a little read to see it has started, then nothing.
        char first[16];
        QVERIFY(::read(out[0], first, sizeof first) > 0);
        QThread::msleep(500);
        QElapsedTimer clock;
        clock.start();
        ::kill(pid, SIGTERM);
        int status = 0;
        pid_t done = 0;
        while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && clock.elapsed() < 5000)
            QThread::msleep(5);
        const qint64 took = clock.elapsed();
        if (done == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
        }
        ::close(out[0]);
        ::close(in[1]);
        QVERIFY2(done == pid && took < EndWithinMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
        QVERIFY2(WIFEXITED(status), "ended by a signal, not by its own hand");
    }
};

QTEST_GUILESS_MAIN(TestHostileProbe)
#include "tst_hostileprobe.moc"
