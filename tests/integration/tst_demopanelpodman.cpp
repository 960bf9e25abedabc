// The demo panel's engine section against a real Podman API service the test starts itself (tests/podmanservice.h,
// all of Podman's state in a temporary directory), as root, offscreen: the panel finds the engine and the busybox
// image imported from the host's static busybox, starts a container from its form, lists it among the running demo
// containers with its real pid and — after a scan of /proc — its own namespaces, and "Stop all" stops and removes
// it. Everything is taken down again in cleanupTestCase(), also after a failed assertion.
#include "podmanservice.h"

#include "containers/engineclient.h"
#include "panels/demopanel.h"
#include "panels/enginesection.h"
#include "panels/terminallauncher.h"
#include "scan/procscanner.h"

#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <cstring>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

constexpr int EngineMs = 60000; // an import or a first start on a slow, loaded machine

} // namespace

class TestDemoPanelPodman : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<PodmanService> m_service;
    std::unique_ptr<EngineClient> m_client; // for setting up and cleaning up; the panel has its own

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: the test starts a rootful Podman API service (run as root, or exclude the ctest label 'root')");
        if (const QString problem = podmanTestProblem(); !problem.isEmpty())
            QSKIP(qPrintable(problem));
        const QString podman = QStandardPaths::findExecutable(QStringLiteral("podman"));
        const QString shell = QStandardPaths::findExecutable(QStringLiteral("sh"));
        QVERIFY2(becomeChildSubreaper(), std::strerror(errno));
        removeStaleRuns();

        m_service = std::make_unique<PodmanService>(podman, shell);
        m_client = std::make_unique<EngineClient>(m_service->socketPath());
        m_client->setTimeout(EngineMs);
        const QString error = m_service->waitUntilReady(*m_client);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QString tarError;
        const QString tarball = makeBusyboxTarball(m_service->directory(), &tarError);
        QVERIFY2(!tarball.isEmpty(), qPrintable(tarError));
        const auto imported = podmanAwait(m_client->importImage(tarball, QStringLiteral("busybox")), EngineMs);
        QVERIFY(imported);
        QVERIFY2(imported->ok(), qPrintable(imported->error.message));
    }

    void cleanupTestCase()
    {
        if (!m_service)
            return;
        const QString dir = m_service->directory();
        // Everything the panel started carries its label; the service is ours alone, so that is all there is.
        const QStringList problems = m_service->shutdown(m_client.get(), EngineSection::demoLabel());
        m_client.reset();
        m_service.reset();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
        const QList<ProcStat> left = ourDescendants();
        QVERIFY2(left.isEmpty(), describe(left).constData());
        QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
    }

    void startListStopFromThePanel()
    {
        QTemporaryDir noTerminals;
        DemoPanel panel;
        panel.setTerminalLauncher(TerminalLauncher({noTerminals.path()}));
        EngineSection *engine = panel.engineSection();
        engine->setSockets({EngineSocket{m_service->socketPath(), QStringLiteral("test Podman"), true}});
        QTRY_VERIFY_WITH_TIMEOUT(engine->isConnected() && engine->requestsInFlight() == 0, EngineMs);
        QCOMPARE(engine->engineInfo().kind, EngineInfo::Kind::Podman);
        QCOMPARE(engine->images().size(), 1);
        QVERIFY2(engine->imagesText().contains(QLatin1String("1 local image")), qPrintable(engine->imagesText()));

        const QString name = QStringLiteral("nsviz-panel-%1").arg(::getpid());
        engine->findChild<QLineEdit *>(QStringLiteral("engine-name"))->setText(name);
        engine->findChild<QLineEdit *>(QStringLiteral("engine-hostname"))->setText(QStringLiteral("panel-demo"));
        engine->findChild<QLineEdit *>(QStringLiteral("engine-command"))->setText(QStringLiteral("sleep 300"));
        QSignalSpy started(engine, &EngineSection::containerStarted);
        engine->startFromForm();
        QVERIFY2(started.wait(EngineMs), qPrintable(engine->errorText()));
        const qint32 pid = started.first().at(1).toInt();
        QVERIFY(pid > 1);
        QVERIFY(QFileInfo::exists(procPath(pid)));
        // Its own net (loopback only) and uts namespaces, read from /proc, not taken from the engine's word.
        QVERIFY(nsLink(pid, "net") != nsLink(1, "net"));
        QVERIFY(nsLink(pid, "uts") != nsLink(1, "uts"));

        // Listed among the running demo containers with its pid, and named for the views.
        QTRY_VERIFY_WITH_TIMEOUT(!panel.entries().isEmpty(), EngineMs);
        DemoPanel::Entry e = panel.entries().first();
        QCOMPARE(e.source, DemoPanel::Entry::Source::Engine);
        QCOMPARE(e.name, name);
        QCOMPARE(e.pid, pid);
        QCOMPARE(panel.containerNames().value(e.id), name);

        // A scan of the host gives it its namespace ids in the list.
        panel.setSnapshot(scanProc());
        e = panel.entries().first();
        bool net = false;
        for (const auto &[type, id] : e.namespaces)
            net = net || (type == NamespaceType::Net && QByteArray("net:[" + QByteArray::number(id) + "]") == nsLink(pid, "net"));
        QVERIFY(net);
        QCOMPARE(e.pidInside, 1);

        // Stop all stops and removes nsviz's own container; nothing of it is left.
        panel.stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(panel.entries().isEmpty(), EngineMs);
        QTRY_VERIFY_WITH_TIMEOUT(engine->requestsInFlight() == 0
                                     && std::none_of(engine->containers().cbegin(), engine->containers().cend(),
                                                     [&](const EngineContainer &c) { return c.name == name; }),
                                 EngineMs);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(procPath(pid)), EngineMs);
        QVERIFY2(engine->errorText().isEmpty(), qPrintable(engine->errorText()));
    }
};

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_FONT_DPI", "96");
    QApplication app(argc, argv);
    TestDemoPanelPodman t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_demopanelpodman.moc"
