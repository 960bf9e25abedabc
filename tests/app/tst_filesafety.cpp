// Every writer of nsviz against the targets of tests/hostiletargets.h: each export format (PNG, SVG, PDF, DOT,
// JSON), the sharing matrix, a saved snapshot from the window and `nsviz export`; each on a full disk (a small tmpfs
// in this test's own mount namespace); and `nsviz export` killed at random moments. The old file stays whole,
// nothing else in the folder changes, and the message says why in words.
#include "hostiletargets.h"

#include "childgroup.h"
#include "fixtures.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "views/graphtesting.h"

#include "export/diagramexport.h"
#include "export/matrixcontent.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/nodepainter.h"
#include "io/safefile.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>

using namespace nsviz;
using namespace nsviz::testing;

class TestFileSafety : public QObject
{
    Q_OBJECT
    SnapshotPtr m_snapshot;
    QString m_snapshotFile;
    QTemporaryDir m_work;
    std::unique_ptr<GraphModel> m_model;
    std::unique_ptr<GraphScene> m_scene;
    std::unique_ptr<MainWindow> m_window;

    static QStringList writers()
    {
        return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("dot"), QStringLiteral("json"),
                QStringLiteral("matrix"), QStringLiteral("saved snapshot"), QStringLiteral("nsviz export")};
    }

    // Runs one writer onto `path`; false with *error set as the user would read it.
    bool write(const QString &writer, const QString &path, QString *error)
    {
        if (writer == QLatin1String("saved snapshot"))
            return m_window->saveSnapshot(path, error);
        if (writer == QLatin1String("nsviz export")) {
            QProcess p;
            p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("export"), QStringLiteral("--from"), m_snapshotFile, QStringLiteral("-o"), path,
                                                 QStringLiteral("--format"), QStringLiteral("svg")});
            if (!p.waitForFinished(60000)) {
                p.kill();
                p.waitForFinished();
            }
            *error = QString::fromUtf8(p.readAllStandardError());
            return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        }
        ExportRequest r;
        r.path = path;
        if (writer == QLatin1String("matrix")) {
            NodePainter style;
            MatrixContent content(m_snapshot, style, GraphModel::allTypes(), false);
            return exportDiagram(content, style, m_snapshot.get(), r, error);
        }
        r.format = *exportFormatFromName(writer);
        return exportGraph(*m_scene, r, error);
    }

    // What a writer's output must look like to count as whole.
    static bool isWhole(const QString &writer, const QByteArray &data)
    {
        if (writer == QLatin1String("png") || writer == QLatin1String("matrix"))
            return !QImage::fromData(data, "PNG").isNull();
        if (writer == QLatin1String("pdf"))
            return data.startsWith("%PDF-") && data.trimmed().endsWith("%%EOF");
        if (writer == QLatin1String("dot"))
            return data.startsWith("// Drawn by nsviz") && data.endsWith("}\n");
        if (writer == QLatin1String("svg") || writer == QLatin1String("nsviz export")) {
            QXmlStreamReader xml(data);
            while (!xml.atEnd())
                xml.readNext();
            return !xml.hasError() && data.contains("</svg>");
        }
        return readSnapshotJson(data) != nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        m_snapshot = scanProc(options);
        m_snapshotFile = m_work.filePath(QStringLiteral("fixture.json"));
        QVERIFY(io::SafeFile::writeFile(m_snapshotFile, writeSnapshotJson(*m_snapshot), nullptr));
        m_model = std::make_unique<GraphModel>();
        m_model->setSnapshot(m_snapshot);
        m_scene = std::make_unique<GraphScene>(m_model.get());
        QVERIFY(m_scene->layoutNow().error.isEmpty());
        m_window = std::make_unique<MainWindow>(m_snapshot);
    }

    void cleanupTestCase()
    {
        m_window.reset();
    }

    void targets_data()
    {
        QTest::addColumn<QString>("writer");
        QTest::addColumn<int>("target");
        for (const QString &w : writers())
            for (int i = 0; i < int(std::size(hostileTargets)); ++i)
                QTest::newRow(qPrintable(w + QLatin1Char(' ') + QLatin1String(hostileTargets[i].name))) << w << i;
    }
    void targets()
    {
        QFETCH(QString, writer);
        QFETCH(int, target);
        const HostileTarget &t = hostileTargets[target];
        TargetFolder folder;
        if (t.needsRoot && !folder.hasDevice())
            QSKIP("making a device node needs root (mknod)");
        const auto before = folderState(folder.dir());
        QString error;
        const bool ok = write(writer, folder.path(t.name), &error);
        const auto after = folderState(folder.dir());
        QVERIFY2(folder.fifoContents().isEmpty(), "the writer wrote into the FIFO");
        if (!t.replaceable) {
            QVERIFY2(!ok, "a writer replaced or wrote through what it must refuse");
            QVERIFY2(error.contains(QLatin1String(t.refusal)), qPrintable(error));
            QVERIFY2(error.contains(folder.path(t.name)), qPrintable(error));
            NSVIZ_VERIFY_FOLDER(before, folder.dir());
            return;
        }
        QVERIFY2(ok, qPrintable(error));
        QVERIFY2(isWhole(writer, fileContents(folder.path(t.name))), "the new file is not a whole export");
        NSVIZ_VERIFY_FOLDER(before, folder.dir(), QString::fromLatin1(t.name));
        if (qstrcmp(t.name, "existing") == 0)
            QCOMPARE(after.value(QStringLiteral("existing")).mode & 07777, mode_t(0640));
    }

    void fullDisk_data()
    {
        QTest::addColumn<QString>("writer");
        for (const QString &w : writers())
            QTest::newRow(qPrintable(w)) << w;
    }
    void fullDisk()
    {
        QFETCH(QString, writer);
        SmallDisk disk(128 * 1024);
        if (!disk.skip().isEmpty())
            QSKIP(qPrintable(disk.skip()));
        const QString target = disk.path(QStringLiteral("export.out"));
        QVERIFY(io::SafeFile::writeFile(target, "the old export\n", nullptr));
        QVERIFY(disk.fill(0));
        const auto before = folderState(disk.dir());
        QString error;
        QVERIFY(!write(writer, target, &error));
        QVERIFY2(error.contains(QLatin1String("the disk is full (ENOSPC)")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("Unknown error")));
        NSVIZ_VERIFY_FOLDER(before, disk.dir());
        QCOMPARE(fileContents(target), QByteArray("the old export\n"));
    }

    // `nsviz export` killed at a random moment, over and over, in every format: the file is the old one or a whole
    // new one, and nothing else is in the folder but, at worst, the writer's own whole copy that the next write removes.
    void exportKilledAtRandomMoments_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"svg", "png", "pdf", "dot", "json"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void exportKilledAtRandomMoments()
    {
        QFETCH(QString, format);
        QVERIFY(becomeChildSubreaper());
        QTemporaryDir dir;
        // A host large enough that writing takes a while (a 2 MB SVG), so kills land before, while and after.
        const QString source = dir.filePath(QStringLiteral("from.json"));
        QVERIFY(io::SafeFile::writeFile(source, writeSnapshotJson(*syntheticHost(200, 3)), nullptr));
        const QString target = dir.filePath(QStringLiteral("host.") + format);
        const QStringList args{QStringLiteral("export"), QStringLiteral("--from"), source, QStringLiteral("-o"), target};
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(QProcess::execute(QStringLiteral(NSVIZ_APP), args), 0);
        const int fullRunMs = int(clock.elapsed());
        QVERIFY(io::SafeFile::writeFile(target, "old\n", nullptr));
        int replaced = 0, leftovers = 0;
        const int rounds = format == QLatin1String("svg") ? 16 : 8;
        for (int round = 0; round < rounds; ++round) {
            ChildGroup child(QStringLiteral(NSVIZ_APP), args, ChildGroup::Channels::Quiet);
            QVERIFY2(child.isStarted(), child.describe().constData());
            // Most of a run is start-up and layout; the file is written at its end: aim the kills around that.
            ::usleep(useconds_t(QRandomGenerator::global()->bounded(fullRunMs * 400, fullRunMs * 1200 + 1)));
            ::kill(child.pid(), SIGKILL);
            QVERIFY(child.process().waitForFinished(SetupTimeoutMs));
            const QByteArray data = fileContents(target);
            QVERIFY2(data == "old\n" || isWhole(format, data), "a half-written export");
            const QStringList expected{QStringLiteral("from.json"), QStringLiteral("host.") + format};
            QStringList found = QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
            // Killed in the instant between naming the new file and renaming it over the target (linkat can take
            // milliseconds on ext4), the writer leaves its hidden, whole copy: allowed, and removed by the next write
            // of the target once it is too old to be a live writer's.
            const QRegularExpression leftover(QStringLiteral("^\\.host\\.%1\\.[a-z0-9]{8}\\.nsviz-tmp$").arg(format));
            if (found.size() == 3 && leftover.match(found.first()).hasMatch()) {
                const QString copy = dir.filePath(found.first());
                QVERIFY2(isWhole(format, fileContents(copy)), "a half-written leftover");
                ++leftovers;
                const timespec aged[2] = {{::time(nullptr) - 60, 0}, {::time(nullptr) - 60, 0}};
                QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(copy).constData(), aged, 0), 0);
                QVERIFY(io::SafeFile::writeFile(target, data, nullptr)); // the target as it was
                QVERIFY2(!QFileInfo::exists(copy), "the next write left the stale copy behind");
                found.removeFirst();
            }
            QVERIFY2(found == expected, qPrintable(QStringLiteral("in the folder: ") + found.join(QStringLiteral(", "))));
            if (data != "old\n") {
                ++replaced;
                QVERIFY(io::SafeFile::writeFile(target, "old\n", nullptr));
            }
        }
        qInfo("%s: a whole run takes %d ms; killed %d times from 0.4 to 1.2 times that, the export had replaced the file %d times"
              " and left its named copy %d times",
              qPrintable(format), fullRunMs, rounds, replaced, leftovers);
    }
};

int main(int argc, char *argv[])
{
    enterPrivateMountNamespace();
    return runGuiTest<TestFileSafety>(argc, argv, "tst_filesafety");
}
#include "tst_filesafety.moc"
