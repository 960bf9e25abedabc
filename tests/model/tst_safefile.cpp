// io::SafeFile, the one way nsviz writes a file: against every hostile target, a full disk (a small tmpfs in this
// test's own mount namespace), a target swapped for a link while it writes, SIGKILL midway, and without root.
#include "hostiletargets.h"

#include "asnobody.h"
#include "childgroup.h"
#include "io/errnotext.h"
#include "io/safefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

class TestSafeFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void targets_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < int(std::size(hostileTargets)); ++i)
            QTest::newRow(hostileTargets[i].name) << i;
    }
    void targets()
    {
        QFETCH(int, index);
        const HostileTarget &t = hostileTargets[index];
        TargetFolder folder;
        if (t.needsRoot && !folder.hasDevice())
            QSKIP("making a device node needs root (mknod)");
        const auto before = folderState(folder.dir());
        QString error;
        const bool ok = io::SafeFile::writeFile(folder.path(t.name), "new contents\n", &error);
        QVERIFY(folder.fifoContents().isEmpty());
        if (!t.replaceable) {
            QVERIFY2(!ok, t.name);
            QVERIFY2(error.contains(QLatin1String(t.refusal)), qPrintable(error));
            QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + folder.path(t.name)), qPrintable(error));
            NSVIZ_VERIFY_FOLDER(before, folder.dir());
            return;
        }
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(fileContents(folder.path(t.name)), QByteArray("new contents\n"));
        NSVIZ_VERIFY_FOLDER(before, folder.dir(), QString::fromLatin1(t.name));
        struct stat st;
        QVERIFY(::stat(QFile::encodeName(folder.path(t.name)).constData(), &st) == 0);
        if (qstrcmp(t.name, "existing") == 0) {
            QCOMPARE(st.st_mode & 07777, mode_t(0640)); // the target's mode, not the umask's
        } else {
            const mode_t mask = ::umask(0);
            ::umask(mask);
            QCOMPARE(st.st_mode & 07777, mode_t(0666 & ~mask));
        }
    }

    void rootKeepsTheOwner()
    {
        if (::geteuid() != 0)
            QSKIP("only root can make a file another user's");
        TargetFolder folder;
        QVERIFY(::chown(QFile::encodeName(folder.path("existing")).constData(), 65534, 65534) == 0);
        QString error;
        QVERIFY2(io::SafeFile::writeFile(folder.path("existing"), "root wrote this\n", &error), qPrintable(error));
        struct stat st;
        QVERIFY(::stat(QFile::encodeName(folder.path("existing")).constData(), &st) == 0);
        QCOMPARE(st.st_uid, uid_t(65534));
        QCOMPARE(st.st_gid, gid_t(65534));
        QCOMPARE(st.st_mode & 07777, mode_t(0640));
    }

    void missingFolder()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!io::SafeFile::writeFile(dir.filePath(QStringLiteral("no/such/folder/x.json")), "x", &error));
        QVERIFY2(error.contains(QLatin1String("no such file or folder (ENOENT)")), qPrintable(error));
        QVERIFY2(!io::SafeFile::writeFile(dir.filePath(QStringLiteral("x/")), "x", &error), "a name ending in / is a folder");
        QVERIFY2(error.contains(QLatin1String("folder")), qPrintable(error));
    }

    // A link planted at the name while the export was being written (the race a check before writing alone loses).
    void targetSwappedForALinkMidway()
    {
        TargetFolder folder;
        io::SafeFile f(folder.path("existing"));
        QVERIFY2(f.open(), qPrintable(f.errorString()));
        QVERIFY(f.write(QByteArray(100000, 'x')));
        QVERIFY(QFile::remove(folder.path("existing")));
        QVERIFY(QFile::link(QStringLiteral("victim"), folder.path("existing")));
        const auto before = folderState(folder.dir());
        QVERIFY(!f.commit());
        QVERIFY2(f.errorString().contains(QLatin1String("symbolic link")), qPrintable(f.errorString()));
        QCOMPARE(f.failure(), io::SafeFile::Failure::NotRegular);
        NSVIZ_VERIFY_FOLDER(before, folder.dir());
        QCOMPARE(fileContents(folder.path("victim")), QByteArray("the file a planted link points to\n"));
    }

    void uncommittedLeavesNothing()
    {
        TargetFolder folder;
        const auto before = folderState(folder.dir());
        {
            io::SafeFile f(folder.path("existing"));
            QVERIFY(f.open());
            QVERIFY(f.write("half of it"));
        }
        NSVIZ_VERIFY_FOLDER(before, folder.dir());
    }

    void fullDisk_data()
    {
        QTest::addColumn<qint64>("leave");
        QTest::addColumn<qint64>("size");
        QTest::newRow("much too large") << qint64(0) << qint64(1 << 20);
        QTest::newRow("a little too large") << qint64(8192) << qint64(20000);
        QTest::newRow("no room even to start") << qint64(0) << qint64(10);
    }
    void fullDisk()
    {
        QFETCH(qint64, leave);
        QFETCH(qint64, size);
        SmallDisk disk(256 * 1024);
        if (!disk.skip().isEmpty())
            QSKIP(qPrintable(disk.skip()));
        const QString target = disk.path(QStringLiteral("snapshot.json"));
        QVERIFY(io::SafeFile::writeFile(target, "the old snapshot\n", nullptr));
        QVERIFY(disk.fill(leave));
        const auto before = folderState(disk.dir());
        QString error;
        QVERIFY(!io::SafeFile::writeFile(target, QByteArray(size, 'n'), &error));
        QVERIFY2(error == QStringLiteral("cannot write %1: the disk is full (ENOSPC)").arg(target)
                     || error == QStringLiteral("cannot write %1: cannot create a file in its folder: the disk is full (ENOSPC)").arg(target),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("Unknown error")));
        NSVIZ_VERIFY_FOLDER(before, disk.dir());
        QCOMPARE(fileContents(target), QByteArray("the old snapshot\n"));
    }

    // Killed while writing: the old file is whole, and nothing else is in the folder (the temporary file has no name).
    void sigkillMidWrite()
    {
        QVERIFY(becomeChildSubreaper());
        TargetFolder folder;
        const auto before = folderState(folder.dir());
        qputenv("NSVIZ_SAFEFILE_HELPER", "hang");
        ChildGroup child(QCoreApplication::applicationFilePath(), {folder.path("existing")}, ChildGroup::Channels::Piped);
        qunsetenv("NSVIZ_SAFEFILE_HELPER");
        QVERIFY2(child.isStarted(), child.describe().constData());
        QByteArray out;
        QDeadlineTimer deadline(SetupTimeoutMs);
        while (!out.contains("writing") && !deadline.hasExpired() && child.process().state() == QProcess::Running) {
            child.process().waitForReadyRead(100);
            out += child.process().readAllStandardOutput();
        }
        QVERIFY2(out.contains("writing"), QByteArray(out + child.describe()).constData());
        QVERIFY(::kill(child.pid(), SIGKILL) == 0);
        QVERIFY(child.process().waitForFinished(SetupTimeoutMs));
        NSVIZ_VERIFY_FOLDER(before, folder.dir());
        QCOMPARE(fileContents(folder.path("existing")), QByteArray("the old contents\n"));
    }

    // Killed at random moments while it writes and replaces the file over and over: the file is always one whole
    // version, never a mix or a prefix, and no temporary file is left.
    void sigkillAtRandomMoments()
    {
        QVERIFY(becomeChildSubreaper());
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("export.dat"));
        QVERIFY(io::SafeFile::writeFile(target, QByteArray(300000, 'a'), nullptr));
        int leftBehind = 0;
        for (int round = 0; round < 12; ++round) {
            qputenv("NSVIZ_SAFEFILE_HELPER", "loop");
            ChildGroup child(QCoreApplication::applicationFilePath(), {target}, ChildGroup::Channels::Quiet);
            qunsetenv("NSVIZ_SAFEFILE_HELPER");
            QVERIFY2(child.isStarted(), child.describe().constData());
            ::usleep(useconds_t(QRandomGenerator::global()->bounded(5000, 80000)));
            ::kill(child.pid(), SIGKILL);
            QVERIFY(child.process().waitForFinished(SetupTimeoutMs));
            const QByteArray data = fileContents(target);
            QCOMPARE(data.size(), 300000);
            QVERIFY2(data.count(data.at(0)) == data.size(), "a file mixed from two writes");
            // A kill between naming the new file and renaming it over the target (two adjacent calls) leaves that
            // named copy: whole, hidden, ours, and removed by the next write once it is older than a live writer's.
            QStringList entries = QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
            QVERIFY(entries.removeOne(QStringLiteral("export.dat")));
            for (const QString &left : std::as_const(entries)) {
                QVERIFY2(QRegularExpression(QStringLiteral("^\\.export\\.dat\\.[a-z0-9]{8}\\.nsviz-tmp$")).match(left).hasMatch(), qPrintable(left));
                const QByteArray copy = fileContents(dir.filePath(left));
                QVERIFY2(copy.size() == 300000 && copy.count(copy.at(0)) == copy.size(), "a temporary left that is not one whole version");
                ++leftBehind;
                // Aged, as after a minute: the next write removes it.
                const timespec old[2] = {{::time(nullptr) - 60, 0}, {::time(nullptr) - 60, 0}};
                QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(dir.filePath(left)).constData(), old, 0), 0);
            }
            if (!entries.isEmpty()) {
                QVERIFY(io::SafeFile::writeFile(target, QByteArray(300000, 'z'), nullptr));
                QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("export.dat")});
            }
        }
        if (leftBehind)
            qInfo("%d of 12 kills landed between naming and renaming; each copy was whole and went with the next write", leftBehind);
    }

    // The leftovers of killed writers go with the next write of the same target, and only those: not a fresh one
    // (a live writer's), not another target's, not one of another name shape, nor a link or a folder.
    void staleTemporariesGoWithTheNextWrite()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("export.dat"));
        auto make = [&](const QString &name, bool aged) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("left over\n");
            f.close();
            if (aged) {
                const timespec old[2] = {{::time(nullptr) - 60, 0}, {::time(nullptr) - 60, 0}};
                QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(f.fileName()).constData(), old, 0), 0);
            }
        };
        make(QStringLiteral(".export.dat.abcd1234.nsviz-tmp"), true);  // goes
        make(QStringLiteral(".export.dat.fresh123.nsviz-tmp"), false); // a live writer's: stays
        make(QStringLiteral(".other.dat.abcd1234.nsviz-tmp"), true);   // another target's: stays
        make(QStringLiteral(".export.dat.abcd1234.nsviz-tmp.keep"), true); // not our shape: stays
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral(".export.dat.folder12.nsviz-tmp")));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("export.dat")), dir.filePath(QStringLiteral(".export.dat.link1234.nsviz-tmp"))));
        QVERIFY(io::SafeFile::writeFile(target, QByteArray("new\n"), nullptr));
        QStringList left = QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System);
        left.sort();
        QCOMPARE(left, (QStringList{QStringLiteral(".export.dat.abcd1234.nsviz-tmp.keep"), QStringLiteral(".export.dat.folder12.nsviz-tmp"),
                                    QStringLiteral(".export.dat.fresh123.nsviz-tmp"), QStringLiteral(".export.dat.link1234.nsviz-tmp"),
                                    QStringLiteral(".other.dat.abcd1234.nsviz-tmp"), QStringLiteral("export.dat")}));
        QCOMPARE(fileContents(target), QByteArray("new\n"));
    }

    // Without root the owner's rights count too: a folder anybody may write (as /tmp) does not make another user's
    // file ours to replace, though rename(2) would let us.
    void unprivilegedRespectsOwnership()
    {
        if (::geteuid() != 0) {
            const QString dir = qEnvironmentVariable("NSVIZ_SAFEFILE_DIR");
            if (dir.isEmpty())
                QSKIP("runs as nobody from the root run of this suite");
            QString error;
            QVERIFY(!io::SafeFile::writeFile(dir + QStringLiteral("/roots.json"), "nobody's\n", &error));
            QVERIFY2(error.contains(QLatin1String("you may not write it")), qPrintable(error));
            QVERIFY(io::SafeFile::writeFile(dir + QStringLiteral("/new.json"), "nobody's\n", &error));
            return;
        }
        QTemporaryDir dir;
        QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), 0777) == 0);
        QVERIFY(io::SafeFile::writeFile(dir.filePath(QStringLiteral("roots.json")), "root's\n", nullptr));
        ::chmod(QFile::encodeName(dir.filePath(QStringLiteral("roots.json"))).constData(), 0644);
        qputenv("NSVIZ_SAFEFILE_DIR", QFile::encodeName(dir.path()));
        const NobodyRun run = rerunAsNobody("unprivilegedRespectsOwnership", 30000);
        qunsetenv("NSVIZ_SAFEFILE_DIR");
        if (!run.skip.isEmpty())
            QSKIP(qPrintable(run.skip));
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(fileContents(dir.filePath(QStringLiteral("roots.json"))), QByteArray("root's\n"));
    }

    void errnoInWords()
    {
        QCOMPARE(io::errnoText(ENOSPC), QStringLiteral("the disk is full (ENOSPC)"));
        QCOMPARE(io::errnoText(EROFS), QStringLiteral("the file system is read-only (EROFS)"));
        QVERIFY(io::errnoText(EHOSTUNREACH).endsWith(QLatin1String("(EHOSTUNREACH)")));
        QCOMPARE(io::errnoText(99999), QStringLiteral("system error 99999"));
    }
};

// Helper modes (NSVIZ_SAFEFILE_HELPER), run by the tests above as a child to be killed.
static int runHelper(const char *mode, const QString &path)
{
    if (qstrcmp(mode, "hang") == 0) {
        io::SafeFile f(path);
        if (!f.open() || !f.write(QByteArray(256 * 1024, 'n')))
            return 1;
        std::fputs("writing\n", stdout);
        std::fflush(stdout);
        ::pause();
        return 0;
    }
    for (char c = 'b';; c = c == 'z' ? 'a' : char(c + 1)) {
        io::SafeFile f(path);
        if (!f.open())
            return 1;
        for (int i = 0; i < 30; ++i)
            f.write(QByteArray(10000, c));
        if (!f.commit())
            return 1;
    }
}

int main(int argc, char **argv)
{
    if (const QByteArray mode = qgetenv("NSVIZ_SAFEFILE_HELPER"); !mode.isEmpty() && argc > 1)
        return runHelper(mode.constData(), QString::fromLocal8Bit(argv[1]));
    enterPrivateMountNamespace();
    QCoreApplication app(argc, argv);
    TestSafeFile test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_safefile.moc"
