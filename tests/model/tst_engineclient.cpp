// EngineClient against a fake engine: a QLocalServer in a temporary directory that answers with canned HTTP
// responses, Podman-like or Docker-like, well-formed (Content-Length, chunked) and hostile. Needs no root and no
// engine. Also the socket discovery, and the errors for a missing, stale or forbidden socket.
#include "containers/engineclient.h"
#include "containers/enginesockets.h"

#include "asnobody.h"
#include "fakeengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include <functional>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

class TestEngineClient : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeEngine> m_engine;
    std::unique_ptr<EngineClient> m_client;

    QString socketPath() const { return m_dir->filePath(QStringLiteral("engine.sock")); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_engine = std::make_unique<FakeEngine>(socketPath());
        QVERIFY2(m_engine->isListening(), qPrintable(m_engine->errorString()));
        m_engine->route("GET /_ping", PodmanPing);
        m_client = std::make_unique<EngineClient>(socketPath());
    }
    void cleanup()
    {
        m_client.reset();
        m_engine.reset();
        m_dir.reset();
    }

    void podmanVersion()
    {
        m_engine->route("GET /v1.41/version",
                        response(200, json(QJsonObject{
                                          {QStringLiteral("Platform"), QJsonObject{{QStringLiteral("Name"), QStringLiteral("linux/amd64/debian-12")}}},
                                          {QStringLiteral("Components"), QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Podman Engine")}}}},
                                          {QStringLiteral("Version"), QStringLiteral("4.3.1")},
                                          {QStringLiteral("KernelVersion"), QStringLiteral("6.1.0")},
                                      })));
        const auto r = await(m_client->version());
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error.message));
        QCOMPARE(r->value.kind, EngineInfo::Kind::Podman);
        QCOMPARE(r->value.name, QStringLiteral("Podman Engine"));
        QCOMPARE(r->value.version, QStringLiteral("4.3.1"));
        QCOMPARE(r->value.apiVersion, QStringLiteral("1.41"));
        QCOMPARE(r->value.socketPath, socketPath());
        QCOMPARE(m_engine->requestLines(), (QList<QByteArray>{"GET /_ping", "GET /v1.41/version"}));
    }

    void continuationRunsOnTheCallersThread()
    {
        // How a panel uses the client: the result arrives on the GUI thread, the request ran elsewhere.
        struct Seen
        {
            bool ran = false;
            QThread *thread = nullptr;
            EngineError::Kind kind = EngineError::Kind::None;
        };
        auto seen = std::make_shared<Seen>();
        m_client->version().then(this, [seen](const EngineResult<EngineInfo> &r) {
            seen->ran = true;
            seen->thread = QThread::currentThread();
            seen->kind = r.error.kind;
        });
        QTRY_VERIFY_WITH_TIMEOUT(seen->ran, WaitMs);
        QCOMPARE(seen->thread, QThread::currentThread());
        QCOMPARE(seen->kind, EngineError::Kind::NotFound); // the fake has no /version route
    }

    void dockerVersionChunked()
    {
        // Docker speaks the API version its ping names; its answers often come chunked.
        m_engine->route("GET /_ping", DockerPing);
        m_engine->route("GET /v1.47/version",
                        chunked(200, json(QJsonObject{
                                             {QStringLiteral("Platform"), QJsonObject{{QStringLiteral("Name"), QStringLiteral("Docker Engine - Community")}}},
                                             {QStringLiteral("Components"), QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Engine")}}}},
                                             {QStringLiteral("Version"), QStringLiteral("27.3.1")},
                                         }),
                                7));
        m_engine->route("GET /v1.47/images/json",
                        chunked(200, json(QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("sha256:aa")},
                                                                 {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("busybox:latest")}},
                                                                 {QStringLiteral("Size"), 2000000}},
                                                     QJsonObject{{QStringLiteral("Id"), QStringLiteral("sha256:bb")},
                                                                 {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("<none>:<none>")}}}}),
                                5));
        const auto r = await(m_client->version());
        QVERIFY(r && r->ok());
        QCOMPARE(r->value.kind, EngineInfo::Kind::Docker);
        QCOMPARE(r->value.name, QStringLiteral("Docker Engine - Community"));
        QCOMPARE(r->value.apiVersion, QStringLiteral("1.47"));
        const auto images = await(m_client->listImages());
        QVERIFY(images);
        QVERIFY2(images->ok(), qPrintable(images->error.message));
        QCOMPARE(images->value.size(), 2);
        QCOMPARE(images->value.at(0).tags, QStringList{QStringLiteral("busybox:latest")});
        QCOMPARE(images->value.at(0).size, 2000000);
        QVERIFY(images->value.at(1).tags.isEmpty());
    }

    void listContainersWithPids()
    {
        const QByteArray other = QByteArray(64, 'e');
        m_engine->route("GET /v1.41/containers/json?all=1",
                        chunked(200, json(QJsonArray{
                                             QJsonObject{{QStringLiteral("Id"), QString::fromLatin1(ContainerId)},
                                                         {QStringLiteral("Names"), QJsonArray{QStringLiteral("/web1")}},
                                                         {QStringLiteral("Image"), QStringLiteral("busybox")},
                                                         {QStringLiteral("State"), QStringLiteral("running")},
                                                         {QStringLiteral("Status"), QStringLiteral("Up 3 seconds")}},
                                             QJsonObject{{QStringLiteral("Id"), QString::fromLatin1(other)},
                                                         {QStringLiteral("Names"), QJsonArray{QStringLiteral("/gone")}}},
                                         }),
                                16));
        m_engine->route("GET /v1.41/containers/" + ContainerId + "/json", response(200, inspectBody(ContainerId, QStringLiteral("web1"), 4242)));
        // The second one was removed between the list and the inspection: it is dropped, not an error.
        m_engine->route("GET /v1.41/containers/" + other + "/json", engineError(404, QStringLiteral("no such container")));
        const auto r = await(m_client->listContainers());
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error.message));
        QCOMPARE(r->value.size(), 1);
        const EngineContainer &c = r->value.first();
        QCOMPARE(c.id, QString::fromLatin1(ContainerId));
        QCOMPARE(c.name, QStringLiteral("web1"));
        QCOMPARE(c.pid, 4242);
        QCOMPARE(c.status, QStringLiteral("Up 3 seconds"));
        QCOMPARE(c.networkMode, QStringLiteral("none"));
        QVERIFY(c.isRunning());
    }

    void runContainer()
    {
        m_engine->route("GET /v1.41/images/busybox/json", response(200, json(QJsonObject{{QStringLiteral("Id"), QStringLiteral("sha256:aa")}})));
        m_engine->route("POST /v1.41/containers/create?name=nsviz-demo",
                        response(201, json(QJsonObject{{QStringLiteral("Id"), QString::fromLatin1(ContainerId)},
                                                       {QStringLiteral("Warnings"), QJsonArray{}}})));
        m_engine->route("POST /v1.41/containers/" + ContainerId + "/start", QByteArray("HTTP/1.1 204 No Content\r\n\r\n"));
        m_engine->route("GET /v1.41/containers/" + ContainerId + "/json", response(200, inspectBody(ContainerId, QStringLiteral("nsviz-demo"), 777)));

        EngineContainerSpec spec;
        spec.name = QStringLiteral("nsviz-demo");
        spec.image = QStringLiteral("busybox");
        spec.hostname = QStringLiteral("demo");
        spec.command = {QStringLiteral("sleep"), QStringLiteral("300")};
        spec.networkMode = QStringLiteral("none");
        spec.labels.insert(QStringLiteral("nsviz"), QStringLiteral("1"));
        const auto r = await(m_client->runContainer(spec));
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error.message));
        QCOMPARE(r->value.pid, 777);
        QCOMPARE(r->value.name, QStringLiteral("nsviz-demo"));
        QCOMPARE(r->value.labels.value(QStringLiteral("nsviz")), QStringLiteral("1"));

        QCOMPARE(m_engine->requestLines(),
                 (QList<QByteArray>{"GET /_ping", "GET /v1.41/images/busybox/json", "POST /v1.41/containers/create?name=nsviz-demo",
                                    "POST /v1.41/containers/" + ContainerId + "/start", "GET /v1.41/containers/" + ContainerId + "/json"}));
        const QJsonObject body = QJsonDocument::fromJson(m_engine->requests().at(2).body).object();
        QCOMPARE(body.value(QLatin1String("Image")).toString(), QStringLiteral("busybox"));
        QCOMPARE(body.value(QLatin1String("Cmd")).toArray(), QJsonArray({QStringLiteral("sleep"), QStringLiteral("300")}));
        QCOMPARE(body.value(QLatin1String("Hostname")).toString(), QStringLiteral("demo"));
        const QJsonObject host = body.value(QLatin1String("HostConfig")).toObject();
        QCOMPARE(host.value(QLatin1String("NetworkMode")).toString(), QStringLiteral("none"));
        // Explicit limits, or runc fails on hosts whose hard limits are below the engine's defaults.
        const QJsonArray ulimits = host.value(QLatin1String("Ulimits")).toArray();
        QCOMPARE(ulimits.size(), 2);
        QCOMPARE(ulimits.at(0).toObject().value(QLatin1String("Name")).toString(), QStringLiteral("nofile"));
        QCOMPARE(ulimits.at(0).toObject().value(QLatin1String("Hard")).toInt(), 1024);
    }

    void missingImageIsNeverPulled()
    {
        m_engine->route("GET /v1.41/images/busybox/json", engineError(404, QStringLiteral("failed to find image busybox")));
        m_engine->route("GET /v1.41/images/json", response(200, "[]"));
        EngineContainerSpec spec;
        spec.image = QStringLiteral("busybox");
        const auto r = await(m_client->runContainer(spec));
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::NoImage);
        QVERIFY2(r->error.message.contains(QLatin1String("podman import rootfs.tar busybox")), qPrintable(r->error.message));
        QVERIFY2(r->error.message.contains(QLatin1String("no images at all")), qPrintable(r->error.message));
        for (const QByteArray &line : m_engine->requestLines()) {
            QVERIFY2(!line.contains("/images/create") && !line.contains("/containers/create"), line.constData());
        }
    }

    void failedStartRemovesTheContainer()
    {
        m_engine->route("GET /v1.41/images/busybox/json", response(200, "{\"Id\":\"sha256:aa\"}"));
        m_engine->route("POST /v1.41/containers/create", response(201, "{\"Id\":\"" + ContainerId + "\"}"));
        m_engine->route("POST /v1.41/containers/" + ContainerId + "/start",
                        engineError(500, QStringLiteral("runc: error setting rlimits for ready process: error setting rlimit type 7: "
                                                        "operation not permitted: OCI permission denied")));
        m_engine->route("DELETE /v1.41/containers/" + ContainerId + "?force=1&v=1", QByteArray("HTTP/1.1 204 No Content\r\n\r\n"));
        EngineContainerSpec spec;
        spec.image = QStringLiteral("busybox");
        const auto r = await(m_client->runContainer(spec));
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::Engine);
        QCOMPARE(r->error.httpStatus, 500);
        QVERIFY2(r->error.message.contains(QLatin1String("error setting rlimit type 7")), qPrintable(r->error.message));
        QVERIFY2(r->error.message.contains(QLatin1String("explicit ulimits")), qPrintable(r->error.message));
        QVERIFY(m_engine->requestLines().contains("DELETE /v1.41/containers/" + ContainerId + "?force=1&v=1"));
    }

    void invalidSpecIsRejectedLocally()
    {
        EngineContainerSpec spec;
        spec.image = QStringLiteral("busybox");
        spec.hostname = QStringLiteral("bad host;rm -rf");
        auto r = await(m_client->runContainer(spec));
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error.message.contains(QLatin1String("not a valid hostname")), qPrintable(r->error.message));
        spec.hostname.clear();
        spec.name = QStringLiteral("../x");
        r = await(m_client->runContainer(spec));
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error.message.contains(QLatin1String("not a valid container name")), qPrintable(r->error.message));
        QVERIFY(m_engine->requests().isEmpty());
    }

    void stopAndRemove()
    {
        m_engine->route("POST /v1.41/containers/web1/stop?t=3", QByteArray("HTTP/1.1 304 Not Modified\r\n\r\n"));
        m_engine->route("DELETE /v1.41/containers/web1?v=1", QByteArray("HTTP/1.1 204 No Content\r\n\r\n"));
        m_engine->route("DELETE /v1.41/containers/gone?force=1&v=1",
                        engineError(404, QStringLiteral("no container with name or ID \"gone\" found: no such container")));
        const auto stopped = await(m_client->stopContainer(QStringLiteral("web1"), 3));
        QVERIFY(stopped);
        QVERIFY2(stopped->ok(), qPrintable(stopped->error.message)); // already stopped is fine
        const auto removed = await(m_client->removeContainer(QStringLiteral("web1")));
        QVERIFY(removed && removed->ok());
        const auto gone = await(m_client->removeContainer(QStringLiteral("gone"), true));
        QVERIFY(gone);
        QCOMPARE(gone->error.kind, EngineError::Kind::NotFound);
        QVERIFY2(gone->error.message.contains(QLatin1String("no such container")), qPrintable(gone->error.message));
    }

    void importImage()
    {
        const QString tarball = m_dir->filePath(QStringLiteral("rootfs.tar"));
        QByteArray content(200000, 'x');
        for (qsizetype i = 0; i < content.size(); ++i)
            content[i] = char(i * 7);
        QFile f(tarball);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        m_engine->route("POST /v1.41/images/create?fromSrc=-&repo=localhost%2Fbusybox&tag=1.36",
                        chunked(200, "{\"status\":\"Importing\"}\r\n{\"status\":\"sha256:abc\"}\r\n", 9));
        const auto r = await(m_client->importImage(tarball, QStringLiteral("localhost/busybox:1.36")));
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error.message));
        QCOMPARE(r->value, QStringLiteral("sha256:abc"));
        QCOMPARE(m_engine->requests().last().body, content);

        // An error in the progress stream, under status 200.
        m_engine->route("POST /v1.41/images/create?fromSrc=-&repo=broken&tag=latest",
                        response(200, "{\"status\":\"Importing\"}\n{\"error\":\"archive/tar: invalid tar header\"}\n"));
        const auto broken = await(m_client->importImage(tarball, QStringLiteral("broken")));
        QVERIFY(broken);
        QCOMPARE(broken->error.kind, EngineError::Kind::Engine);
        QVERIFY2(broken->error.message.contains(QLatin1String("invalid tar header")), qPrintable(broken->error.message));
    }

    void hostileAnswers_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("closeWithoutAnswer");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");

        const int protocol = int(EngineError::Kind::Protocol);
        QTest::newRow("garbage") << QByteArray("\x01\x02garbage\r\n\r\n") << false << protocol << QStringLiteral("malformed");
        QTest::newRow("closed at once") << QByteArray() << true << protocol << QStringLiteral("without answering");
        QTest::newRow("truncated") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{") << false << protocol
                                   << QStringLiteral("middle of its answer");
        QTest::newRow("bad chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false << protocol
                                   << QStringLiteral("chunk size");
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n") << false << protocol
                                     << QStringLiteral("allowed");
        QTest::newRow("not JSON") << response(200, "[{\"Id\": ") << false << protocol << QStringLiteral("not valid JSON");
        QTest::newRow("not a list") << response(200, "{\"Id\":\"x\"}") << false << protocol << QStringLiteral("did not send a list");
        QTest::newRow("error without JSON") << response(500, "internal meltdown") << false << int(EngineError::Kind::Engine)
                                            << QStringLiteral("internal meltdown (HTTP 500)");
        QTest::newRow("error with JSON") << engineError(503, QStringLiteral("the engine is busy")) << false
                                         << int(EngineError::Kind::Engine) << QStringLiteral("the engine is busy (HTTP 503)");
        QTest::newRow("wrong types") << response(200, "[1, \"x\", null, {\"Id\": 5}, {\"Names\": 3}]") << false << int(EngineError::Kind::None)
                                     << QString();
    }

    void hostileAnswers()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, closeWithoutAnswer);
        QFETCH(int, kind);
        QFETCH(QString, message);
        m_engine->route("GET /v1.41/containers/json?all=1", FakeEngine::Reply{raw, false, closeWithoutAnswer, {}});
        const auto r = await(m_client->listContainers());
        QVERIFY(r);
        QCOMPARE(int(r->error.kind), kind);
        QVERIFY2(r->error.message.contains(message), qPrintable(r->error.message));
        if (r->ok())
            QVERIFY(r->value.isEmpty()); // nothing with an id in there
    }

    void fuzzThroughTheSocket()
    {
        // Mutated answers through the whole client: each request ends in a value or an error, never a crash or a hang.
        const QByteArray good = chunked(200, json(QJsonArray{QJsonObject{{QStringLiteral("Id"), QString::fromLatin1(ContainerId)},
                                                                         {QStringLiteral("Names"), QJsonArray{QStringLiteral("/a")}}}}),
                                        11);
        m_engine->route("GET /v1.41/containers/" + ContainerId + "/json", response(200, inspectBody(ContainerId, QStringLiteral("a"), 5)));
        m_client->setTimeout(2000);
        QRandomGenerator rng(5);
        for (int round = 0; round < 60; ++round) {
            QByteArray raw = good;
            for (int m = 0; m < 1 + rng.bounded(3); ++m) {
                const qsizetype at = rng.bounded(raw.size());
                switch (rng.bounded(3)) {
                case 0: raw[at] = char(rng.bounded(256)); break;
                case 1: raw.truncate(at); break;
                case 2: raw.insert(at, raw.mid(rng.bounded(raw.size()), 1 + rng.bounded(30))); break;
                }
            }
            m_engine->route("GET /v1.41/containers/json?all=1", raw);
            const auto r = await(m_client->listContainers());
            QVERIFY2(r, raw.toPercentEncoding().constData());
            QVERIFY(r->ok() || !r->error.message.isEmpty());
        }
    }

    void badPing()
    {
        m_engine->route("GET /_ping", response(500, "no"));
        const auto r = await(m_client->listImages());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::Engine);
        QVERIFY2(r->error.message.contains(QLatin1String("ping")), qPrintable(r->error.message));
    }

    void timeout()
    {
        m_engine->route("GET /v1.41/images/json", FakeEngine::Reply{{}, true, false, {}});
        m_client->setTimeout(300);
        QElapsedTimer clock;
        clock.start();
        const auto r = await(m_client->listImages());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::Timeout);
        QVERIFY2(r->error.message.contains(QLatin1String("did not answer within 0.3 s")), qPrintable(r->error.message));
        QVERIFY(clock.elapsed() < 5000);
    }

    void destroyingCancels()
    {
        m_engine->route("GET /v1.41/images/json", FakeEngine::Reply{{}, true, false, {}});
        m_client->setTimeout(60000);
        QFuture<EngineResult<QList<EngineImage>>> f = m_client->listImages();
        QVERIFY(QTest::qWaitFor([&] { return m_engine->requests().size() == 2; }, WaitMs)); // ping, then the list
        QElapsedTimer clock;
        clock.start();
        m_client.reset();
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY(f.isFinished());
        QCOMPARE(f.result().error.kind, EngineError::Kind::Cancelled);
    }

    void noSocket()
    {
        EngineClient client(m_dir->filePath(QStringLiteral("absent.sock")));
        const auto r = await(client.version());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::NoSocket);
        QVERIFY2(r->error.message.contains(QLatin1String("No container engine socket at")), qPrintable(r->error.message));

        EngineClient tooLong(QLatin1Char('/') + QString(200, QLatin1Char('x')));
        const auto r2 = await(tooLong.version());
        QVERIFY(r2);
        QCOMPARE(r2->error.kind, EngineError::Kind::NoSocket);
    }

    void staleSocket()
    {
        // A socket file nobody listens on, as an engine that died leaves behind.
        const QByteArray path = QFile::encodeName(m_dir->filePath(QStringLiteral("stale.sock")));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(fd >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        ::close(fd);
        EngineClient client(QFile::decodeName(path));
        const auto r = await(client.version());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::ConnectionFailed);
        QVERIFY2(r->error.message.contains(QLatin1String("Nothing is listening")), qPrintable(r->error.message));
    }

    void fullBacklogTimesOut()
    {
        // A listener that never accepts: once its backlog is full, connect(2) says EAGAIN until the deadline.
        const QByteArray path = QFile::encodeName(m_dir->filePath(QStringLiteral("busy.sock")));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
        const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        QList<int> fds{listener};
        const auto guard = qScopeGuard([&fds] {
            for (int fd : std::as_const(fds))
                ::close(fd);
        });
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(listener, 0), 0);
        bool full = false;
        for (int i = 0; i < 64 && !full; ++i) {
            const int c = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            QVERIFY(c >= 0);
            fds.append(c);
            full = ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 && errno == EAGAIN;
        }
        QVERIFY(full);
        EngineClient client(QFile::decodeName(path));
        client.setTimeout(300);
        QElapsedTimer clock;
        clock.start();
        const auto r = await(client.version());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::Timeout);
        QVERIFY2(r->error.message.contains(QLatin1String("connecting")), qPrintable(r->error.message));
        QVERIFY(clock.elapsed() < 5000);
    }

    void permissionDenied()
    {
        if (::geteuid() == 0) {
            // Root may connect to any socket whatever its mode: run this one test function again as nobody.
            const testing::NobodyRun run = testing::rerunAsNobody("permissionDenied", WaitMs);
            if (!run.skip.isEmpty())
                QSKIP(qPrintable(run.skip));
            QVERIFY2(run.exitCode == 0 && run.output.contains("PASS   : TestEngineClient::permissionDenied()"), run.output.constData());
            return;
        }
        QCOMPARE(::chmod(QFile::encodeName(socketPath()).constData(), 0), 0);
        const auto r = await(m_client->version());
        QVERIFY(r);
        QCOMPARE(r->error.kind, EngineError::Kind::PermissionDenied);
        QVERIFY2(r->error.message.contains(QLatin1String("Permission denied")), qPrintable(r->error.message));
    }

    void socketDiscovery()
    {
        QTemporaryDir runtime;
        QVERIFY(runtime.isValid());
        QVERIFY(QDir(runtime.path()).mkpath(QStringLiteral("podman")));
        QLocalServer userPodman;
        QVERIFY(userPodman.listen(runtime.filePath(QStringLiteral("podman/podman.sock"))));

        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + socketPath());
        env.insert(QStringLiteral("CONTAINER_HOST"), QStringLiteral("ssh://core@example:22/run/podman/podman.sock"));
        const QList<EngineSocket> all = engineSocketCandidates(env, 1000);
        QStringList paths;
        for (const EngineSocket &s : all)
            paths.append(s.path);
        QCOMPARE(paths, (QStringList{socketPath(), runtime.filePath(QStringLiteral("podman/podman.sock")),
                                     runtime.filePath(QStringLiteral("docker.sock")), QStringLiteral("/run/podman/podman.sock"),
                                     QStringLiteral("/var/run/docker.sock")}));
        QCOMPARE(all.at(0).origin, QStringLiteral("DOCKER_HOST"));
        QVERIFY(all.at(0).present);
        QVERIFY(all.at(1).present);
        QVERIFY(!all.at(2).present);

        const QList<EngineSocket> found = findEngineSockets(env, 1000);
        QVERIFY(found.size() >= 2);
        QCOMPARE(found.at(1).origin, QStringLiteral("rootless Podman"));

        // Without XDG_RUNTIME_DIR, a user's runtime directory is /run/user/UID.
        const QList<EngineSocket> plain = engineSocketCandidates(QProcessEnvironment(), 1234);
        QCOMPARE(plain.first().path, QStringLiteral("/run/user/1234/podman/podman.sock"));
    }
};

QTEST_GUILESS_MAIN(TestEngineClient)
#include "tst_engineclient.moc"
