// EngineSession, the engine state a window shows, against a fake engine (tests/fakeengine.h): a quiet engine causes
// no churn for the views, a failed image or container list is kept and said, a start without an engine is answered
// at once, and only this nsviz's containers count as its own. Needs no root, no engine and no widgets.
#include "fakeengine.h"

#include "containers/enginesession.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

QJsonObject listEntry(const QByteArray &id, const QString &name, const QString &tag)
{
    return QJsonObject{{QStringLiteral("Labels"), QJsonObject{{EngineSession::demoLabel(), tag}}},
                       {QStringLiteral("Id"), QString::fromLatin1(id)},
                       {QStringLiteral("Names"), QJsonArray{QString(QLatin1Char('/') + name)}},
                       {QStringLiteral("Image"), QStringLiteral("localhost/busybox:latest")},
                       {QStringLiteral("State"), QStringLiteral("running")},
                       {QStringLiteral("Status"), QStringLiteral("Up 2 seconds")}};
}

QByteArray inspect(const QByteArray &id, const QString &name, qint32 pid, const QString &tag)
{
    return response(200, json(QJsonObject{
                             {QStringLiteral("Id"), QString::fromLatin1(id)},
                             {QStringLiteral("Name"), QString(QLatin1Char('/') + name)},
                             {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Labels"), QJsonObject{{EngineSession::demoLabel(), tag}}}}},
                             {QStringLiteral("State"), QJsonObject{{QStringLiteral("Status"), QStringLiteral("running")}, {QStringLiteral("Pid"), pid}}},
                         }));
}

const QByteArray OursId(64, 'a');
const QByteArray TheirsId(64, 'b');

} // namespace

class TestEngineSession : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeEngine> m_engine;

    QList<EngineSocket> sockets() const { return {EngineSocket{m_dir->filePath(QStringLiteral("engine.sock")), QStringLiteral("test"), true}}; }

    void routeEngine()
    {
        m_engine->route("GET /_ping", PodmanPing);
        m_engine->route("GET /v1.41/version",
                        response(200, json(QJsonObject{{QStringLiteral("Components"), QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Podman Engine")}}}},
                                                       {QStringLiteral("Version"), QStringLiteral("4.3.1")}})));
        m_engine->route("GET /v1.41/images/json", response(200, "[]"));
        m_engine->route("GET /v1.41/containers/json?all=1",
                        response(200, json(QJsonArray{listEntry(OursId, QStringLiteral("ours"), EngineSession::instanceTag()),
                                                      listEntry(TheirsId, QStringLiteral("theirs"), QStringLiteral("0:1"))})));
        m_engine->route("GET /v1.41/containers/" + OursId + "/json", inspect(OursId, QStringLiteral("ours"), 4242, EngineSession::instanceTag()));
        m_engine->route("GET /v1.41/containers/" + TheirsId + "/json", inspect(TheirsId, QStringLiteral("theirs"), 4343, QStringLiteral("0:1")));
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_engine = std::make_unique<FakeEngine>(sockets().first().path);
        QVERIFY2(m_engine->isListening(), qPrintable(m_engine->errorString()));
    }
    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void quietEngineCausesNoChurn()
    {
        routeEngine();
        EngineSession session;
        QSignalSpy listed(&session, &EngineSession::containersListed);
        QSignalSpy changed(&session, &EngineSession::containersChanged);
        session.setSockets(sockets());
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected() && session.containers().size() == 2 && session.requestsInFlight() == 0, WaitMs);
        QCOMPARE(changed.size(), 1);
        const qsizetype before = listed.size();
        session.refresh(); // the same answers again
        QTRY_VERIFY_WITH_TIMEOUT(listed.size() > before && session.requestsInFlight() == 0, WaitMs);
        QCOMPARE(changed.size(), 1); // nothing the views care about changed
        // Only this nsviz's container is its own; every container is named, by its id and its short id.
        QCOMPARE(session.demoContainers().size(), 1);
        QCOMPARE(session.demoContainers().first().name, QStringLiteral("ours"));
        QCOMPARE(session.demoContainers().first().pid, 4242);
        QCOMPARE(session.containerNames().value(QString::fromLatin1(TheirsId.left(12))), QStringLiteral("theirs"));
        QCOMPARE(session.state(), EngineSession::State::Connected);
    }

    void failedListsAreKeptAndSaid()
    {
        routeEngine();
        m_engine->route("GET /v1.41/images/json", response(500, "{\"message\":\"storage is locked\"}"));
        m_engine->route("GET /v1.41/containers/json?all=1", response(500, "{\"message\":\"database is busy\"}"));
        EngineSession session;
        QSignalSpy failed(&session, &EngineSession::failed);
        session.setSockets(sockets());
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected() && session.requestsInFlight() == 0 && !failed.isEmpty(), WaitMs);
        QVERIFY2(session.imagesError().contains(QLatin1String("storage is locked")), qPrintable(session.imagesError()));
        const QString said = failed.first().at(0).toString();
        QVERIFY2(said.startsWith(QLatin1String("Could not list the engine's containers")) && said.contains(QLatin1String("database is busy")),
                 qPrintable(said));
        QVERIFY(session.containers().isEmpty());
    }

    void startWithoutAnEngineIsAnsweredAtOnce()
    {
        EngineSession session;
        session.setSockets({});
        QCOMPARE(session.state(), EngineSession::State::NoSocket);
        QSignalSpy finished(&session, &EngineSession::runFinished);
        session.run(EngineContainerSpec{});
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().at(0).value<EngineResult<EngineContainer>>().ok());
        QCOMPARE(session.requestsInFlight(), 0);
    }

    void deadSocketFails()
    {
        EngineSession session;
        QSignalSpy state(&session, &EngineSession::stateChanged);
        session.setSockets({EngineSocket{m_dir->filePath(QStringLiteral("absent.sock")), QStringLiteral("test"), false}});
        QCOMPARE(session.state(), EngineSession::State::Asking);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), EngineSession::State::Failed, WaitMs);
        QVERIFY2(session.error().contains(QLatin1String("No container engine socket at")), qPrintable(session.error()));
    }
};

QTEST_GUILESS_MAIN(TestEngineSession)
#include "tst_enginesession.moc"
