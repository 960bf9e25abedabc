// The engine half of the demo panel against a fake engine (tests/fakeengine.h), offscreen: what it says with no
// socket and with no images, starting a container from the form (argv split, never a shell line; labelled as
// nsviz's; hostname errors next to the field), listing, naming, stopping and removing. Also "Terminal here": which
// emulator is found and the argv it gets, with fake executables that are never run. Needs no root and no engine.
#include "guitestmain.h"
#include "fakeengine.h"

#include "panels/enginesection.h"
#include "panels/terminallauncher.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

const QByteArray DemoId = QByteArray(64, 'd');
const QByteArray OtherId = QByteArray(64, 'f');

QByteArray versionBody()
{
    return response(200, json(QJsonObject{
                             {QStringLiteral("Components"), QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Podman Engine")}}}},
                             {QStringLiteral("Version"), QStringLiteral("4.3.1")},
                         }));
}

QByteArray imagesBody(bool any)
{
    if (!any)
        return response(200, "[]");
    return response(200, json(QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("sha256:aa")},
                                                     {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("localhost/busybox:latest")}},
                                                     {QStringLiteral("Size"), 2400000}}}));
}

// As the list answers: with labels, without the pid (which the client inspects each container for).
QJsonObject listEntry(const QByteArray &id, const QString &name, const QString &state, bool demo)
{
    // Not ours: started by another nsviz (another uid:pid), which Stop all must leave alone as well.
    const QJsonObject labels{{EngineSection::demoLabel(), demo ? EngineSection::instanceTag() : QStringLiteral("0:1")}};
    return QJsonObject{{QStringLiteral("Labels"), labels},{QStringLiteral("Id"), QString::fromLatin1(id)},
                       {QStringLiteral("Names"), QJsonArray{QString(QLatin1Char('/') + name)}},
                       {QStringLiteral("Image"), QStringLiteral("localhost/busybox:latest")},
                       {QStringLiteral("State"), state},
                       {QStringLiteral("Status"), QString(state == QLatin1String("running") ? QStringLiteral("Up 2 seconds") : QStringLiteral("Exited"))}};
}

QByteArray inspect(const QByteArray &id, const QString &name, qint32 pid, bool demo, const QString &state = QStringLiteral("running"))
{
    // Not ours: started by another nsviz (another uid:pid), which Stop all must leave alone as well.
    const QJsonObject labels{{EngineSection::demoLabel(), demo ? EngineSection::instanceTag() : QStringLiteral("0:1")}};
    return response(200, json(QJsonObject{
                             {QStringLiteral("Id"), QString::fromLatin1(id)},
                             {QStringLiteral("Name"), QString(QLatin1Char('/') + name)},
                             {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Image"), QStringLiteral("localhost/busybox:latest")},
                                                                    {QStringLiteral("Hostname"), QStringLiteral("demo")},
                                                                    {QStringLiteral("Labels"), labels}}},
                             {QStringLiteral("State"), QJsonObject{{QStringLiteral("Status"), state}, {QStringLiteral("Pid"), pid}}},
                             {QStringLiteral("HostConfig"), QJsonObject{{QStringLiteral("NetworkMode"), QStringLiteral("none")}}},
                         }));
}

// An executable file that is never run: TerminalLauncher only looks for it.
void touchExecutable(const QString &path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/false\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

} // namespace

class TestEngineSection : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeEngine> m_engine;
    bool m_started = false; // the fake engine's one container exists once created
    bool m_stopped = false;

    QString socketPath() const { return m_dir->filePath(QStringLiteral("engine.sock")); }
    QList<EngineSocket> fakeSockets() const { return {EngineSocket{socketPath(), QStringLiteral("test engine"), true}}; }

    void routeEngine(bool images)
    {
        m_engine->route("GET /_ping", PodmanPing);
        m_engine->route("GET /v1.41/version", versionBody());
        m_engine->route("GET /v1.41/images/json", imagesBody(images));
        m_engine->route("GET /v1.41/containers/json?all=1", FakeEngine::Reply{{}, false, false, [this](const FakeRequest &) {
                            QJsonArray list{listEntry(OtherId, QStringLiteral("someone-elses"), QStringLiteral("running"), false)};
                            if (m_started)
                                list.append(listEntry(DemoId, QStringLiteral("nsviz-demo"), m_stopped ? QStringLiteral("exited") : QStringLiteral("running"), true));
                            return response(200, json(list));
                        }});
        m_engine->route("GET /v1.41/containers/" + OtherId + "/json", inspect(OtherId, QStringLiteral("someone-elses"), 5001, false));
        m_engine->route("GET /v1.41/containers/" + DemoId + "/json", FakeEngine::Reply{{}, false, false, [this](const FakeRequest &) {
                            return m_stopped ? inspect(DemoId, QStringLiteral("nsviz-demo"), 0, true, QStringLiteral("exited"))
                                             : inspect(DemoId, QStringLiteral("nsviz-demo"), 4242, true);
                        }});
        m_engine->route("GET /v1.41/images/localhost%2Fbusybox%3Alatest/json", response(200, "{\"Id\":\"sha256:aa\"}"));
        m_engine->route("POST /v1.41/containers/create?name=nsviz-demo", FakeEngine::Reply{{}, false, false, [this](const FakeRequest &) {
                            m_started = true;
                            return response(201, "{\"Id\":\"" + DemoId + "\",\"Warnings\":[]}");
                        }});
        m_engine->route("POST /v1.41/containers/" + DemoId + "/start", QByteArray("HTTP/1.1 204 No Content\r\n\r\n"));
        m_engine->route("POST /v1.41/containers/" + DemoId + "/stop?t=10", FakeEngine::Reply{{}, false, false, [this](const FakeRequest &) {
                            m_stopped = true;
                            return QByteArray("HTTP/1.1 204 No Content\r\n\r\n");
                        }});
        m_engine->route("DELETE /v1.41/containers/" + DemoId + "?force=1&v=1", FakeEngine::Reply{{}, false, false, [this](const FakeRequest &) {
                            m_started = false;
                            return QByteArray("HTTP/1.1 204 No Content\r\n\r\n");
                        }});
    }

    const FakeRequest *lastRequest(const QByteArray &line) const
    {
        const FakeRequest *found = nullptr;
        for (const FakeRequest &r : m_engine->requests()) {
            if (r.method + ' ' + r.target == line)
                found = &r;
        }
        return found;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_engine = std::make_unique<FakeEngine>(socketPath());
        QVERIFY2(m_engine->isListening(), qPrintable(m_engine->errorString()));
        m_started = m_stopped = false;
    }
    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void noSocket()
    {
        EngineSection section;
        section.setSockets({});
        QVERIFY(!section.isConnected());
        QVERIFY2(section.statusText().contains(QLatin1String("No Podman or Docker engine socket was found")), qPrintable(section.statusText()));
        QVERIFY2(section.statusText().contains(QLatin1String("podman.socket")), qPrintable(section.statusText()));
        QVERIFY(!section.findChild<QPushButton *>(QStringLiteral("engine-start"))->isEnabled());
    }

    void deadSocketSaysWhy()
    {
        EngineSection section;
        section.setSockets({EngineSocket{m_dir->filePath(QStringLiteral("absent.sock")), QStringLiteral("test"), false}});
        QTRY_VERIFY_WITH_TIMEOUT(section.requestsInFlight() == 0 && !section.statusText().contains(QLatin1String("Asking")), WaitMs);
        QVERIFY(!section.isConnected());
        QVERIFY2(section.statusText().contains(QLatin1String("No container engine socket at")), qPrintable(section.statusText()));
    }

    void noImagesSaysHowToImport()
    {
        routeEngine(false);
        EngineSection section;
        section.setSockets(fakeSockets());
        QTRY_VERIFY_WITH_TIMEOUT(section.isConnected() && section.requestsInFlight() == 0, WaitMs);
        QVERIFY2(section.statusText().contains(QLatin1String("Podman Engine 4.3.1 (API 1.41)")), qPrintable(section.statusText()));
        QVERIFY2(section.statusText().contains(QLatin1String("test engine")), qPrintable(section.statusText()));
        QVERIFY2(section.imagesText().contains(QLatin1String("no local images")), qPrintable(section.imagesText()));
        QVERIFY2(section.imagesText().contains(QLatin1String("podman import rootfs.tar busybox")), qPrintable(section.imagesText()));
        QVERIFY(!section.findChild<QPushButton *>(QStringLiteral("engine-start"))->isEnabled());
        // Another engine's containers are listed and named for the views, but are not nsviz's demo containers.
        QCOMPARE(section.containers().size(), 1);
        QCOMPARE(section.containerNames().value(QString::fromLatin1(OtherId)), QStringLiteral("someone-elses"));
        QCOMPARE(section.containerNames().value(QString::fromLatin1(OtherId.left(12))), QStringLiteral("someone-elses"));
        QVERIFY(section.demoContainers().isEmpty());
        for (const QByteArray &line : m_engine->requestLines())
            QVERIFY2(!line.contains("/images/create"), line.constData()); // nothing is ever pulled
    }

    void imagesThatCannotBeListedSaySo()
    {
        // (The section used to overwrite this with "no local images" the moment it was shown.)
        routeEngine(true);
        m_engine->route("GET /v1.41/images/json", engineError(500, QStringLiteral("storage is locked")));
        EngineSection section;
        section.setSockets(fakeSockets());
        QTRY_VERIFY_WITH_TIMEOUT(section.isConnected() && section.requestsInFlight() == 0, WaitMs);
        QVERIFY2(section.imagesText().startsWith(QLatin1String("Could not list the images:")) && section.imagesText().contains(QLatin1String("storage is locked")),
                 qPrintable(section.imagesText()));
        QVERIFY(!section.findChild<QPushButton *>(QStringLiteral("engine-start"))->isEnabled());
    }

    void badHostnameIsShownAtTheField()
    {
        routeEngine(true);
        EngineSection section;
        section.setSockets(fakeSockets());
        QTRY_VERIFY_WITH_TIMEOUT(section.isConnected() && section.requestsInFlight() == 0, WaitMs);
        QCOMPARE(section.images().size(), 1);
        section.findChild<QLineEdit *>(QStringLiteral("engine-hostname"))->setText(QStringLiteral("bad host;rm -rf"));
        section.findChild<QLineEdit *>(QStringLiteral("engine-command"))->setText(QStringLiteral("sleep 300"));
        section.startFromForm();
        // Said at once, next to the field, before the engine is asked.
        QVERIFY2(section.errorText().contains(QLatin1String("contains ' '")), qPrintable(section.errorText()));
        QCOMPARE(section.requestsInFlight(), 0);
        QVERIFY(!lastRequest("POST /v1.41/containers/create?name=nsviz-demo"));
        for (const QByteArray &line : m_engine->requestLines())
            QVERIFY2(!line.contains("/containers/create"), line.constData());
    }

    void startListStopRemove()
    {
        routeEngine(true);
        EngineSection section;
        QSignalSpy started(&section, &EngineSection::containerStarted);
        QSignalSpy changed(&section, &EngineSection::containersChanged);
        section.setSockets(fakeSockets());
        QTRY_VERIFY_WITH_TIMEOUT(section.isConnected() && section.requestsInFlight() == 0, WaitMs);
        QVERIFY(section.findChild<QPushButton *>(QStringLiteral("engine-start"))->isEnabled());
        QVERIFY2(section.imagesText().contains(QLatin1String("1 local image")), qPrintable(section.imagesText()));

        section.findChild<QLineEdit *>(QStringLiteral("engine-name"))->setText(QStringLiteral("nsviz-demo"));
        section.findChild<QLineEdit *>(QStringLiteral("engine-hostname"))->setText(QStringLiteral("demo"));
        // Split like a command line, passed as argv: the quoted words stay one argument, no shell is involved.
        section.findChild<QLineEdit *>(QStringLiteral("engine-command"))->setText(QStringLiteral("sh -c \"echo hi; sleep 300\""));
        section.startFromForm();
        QVERIFY(started.wait(WaitMs));
        QCOMPARE(started.first().at(0).toString(), QString::fromLatin1(DemoId));
        QCOMPARE(started.first().at(1).toInt(), 4242);

        const FakeRequest *create = lastRequest("POST /v1.41/containers/create?name=nsviz-demo");
        QVERIFY(create);
        const QJsonObject body = QJsonDocument::fromJson(create->body).object();
        QCOMPARE(body.value(QLatin1String("Cmd")).toArray(),
                 QJsonArray({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo hi; sleep 300")}));
        QCOMPARE(body.value(QLatin1String("Image")).toString(), QStringLiteral("localhost/busybox:latest"));
        QCOMPARE(body.value(QLatin1String("Hostname")).toString(), QStringLiteral("demo"));
        QCOMPARE(body.value(QLatin1String("Labels")).toObject().value(EngineSection::demoLabel()).toString(), EngineSection::instanceTag());

        QTRY_COMPARE_WITH_TIMEOUT(section.demoContainers().size(), 1, WaitMs);
        QVERIFY(changed.size() >= 2);
        QCOMPARE(section.demoContainers().first().pid, 4242);
        QCOMPARE(section.containerNames().value(QString::fromLatin1(DemoId)), QStringLiteral("nsviz-demo"));

        // "Stop all" stops nsviz's own container only, never someone else's.
        section.stopAllDemoContainers();
        QTRY_VERIFY_WITH_TIMEOUT(section.demoContainers().isEmpty() && section.requestsInFlight() == 0, WaitMs);
        QVERIFY(lastRequest("POST /v1.41/containers/" + DemoId + "/stop?t=10"));
        QVERIFY(!lastRequest("POST /v1.41/containers/" + OtherId + "/stop?t=10"));
        QCOMPARE(section.containers().size(), 2); // the stopped one is still there, exited

        section.removeContainer(QString::fromLatin1(DemoId));
        QTRY_COMPARE_WITH_TIMEOUT(section.containers().size(), 1, WaitMs);
        QVERIFY(lastRequest("DELETE /v1.41/containers/" + DemoId + "?force=1&v=1"));
        QVERIFY(section.errorText().isEmpty());
    }

    void switchingSocketsDropsOldAnswers()
    {
        // The first engine never answers its version; switching away must not leave the section waiting on it.
        m_engine->route("GET /_ping", FakeEngine::Reply{{}, true, false, {}});
        EngineSection section;
        section.setSockets(fakeSockets());
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->requests().isEmpty(), WaitMs);
        section.setSockets({});
        QTRY_COMPARE_WITH_TIMEOUT(section.requestsInFlight(), 0, WaitMs);
        QVERIFY(!section.isConnected());
        QVERIFY(section.statusText().contains(QLatin1String("No Podman or Docker engine socket was found")));
    }

    void terminalFound()
    {
        QTemporaryDir bin;
        QVERIFY(bin.isValid());
        touchExecutable(bin.filePath(QStringLiteral("xterm")));
        touchExecutable(bin.filePath(QStringLiteral("nsenter")));
        const TerminalLauncher launcher({bin.path()});
        QVERIFY(launcher.isAvailable());
        QCOMPARE(launcher.terminal(), bin.filePath(QStringLiteral("xterm")));
        QVERIFY(launcher.unavailableReason().isEmpty());
        const auto c = launcher.commandFor(4242, QStringLiteral("web-a; rm -rf /"));
        QVERIFY(c);
        QCOMPARE(c->program, bin.filePath(QStringLiteral("xterm")));
        // The title is one argument whatever it holds; the rest is nsenter's argv, no shell line anywhere.
        QCOMPARE(c->arguments, (QStringList{QStringLiteral("-T"), QStringLiteral("web-a; rm -rf /"), QStringLiteral("-e"),
                                            bin.filePath(QStringLiteral("nsenter")), QStringLiteral("-t"), QStringLiteral("4242"),
                                            QStringLiteral("-a"), QStringLiteral("/bin/sh")}));
        QVERIFY(!launcher.commandFor(0, QStringLiteral("x")));

        // Debian's alternative is preferred; gnome-terminal takes its argv after "--".
        touchExecutable(bin.filePath(QStringLiteral("x-terminal-emulator")));
        QCOMPARE(TerminalLauncher({bin.path()}).terminal(), bin.filePath(QStringLiteral("x-terminal-emulator")));
        QTemporaryDir gnome;
        touchExecutable(gnome.filePath(QStringLiteral("gnome-terminal")));
        touchExecutable(gnome.filePath(QStringLiteral("nsenter")));
        const auto g = TerminalLauncher({gnome.path()}).commandFor(7, QStringLiteral("t"));
        QVERIFY(g);
        QCOMPARE(g->arguments.mid(0, 3), (QStringList{QStringLiteral("--title=t"), QStringLiteral("--"), gnome.filePath(QStringLiteral("nsenter"))}));
    }

    void noTerminalSaysWhatToInstall()
    {
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        const TerminalLauncher none({empty.path()});
        QVERIFY(!none.isAvailable());
        QVERIFY(!none.commandFor(4242, QStringLiteral("x")));
        QVERIFY2(none.unavailableReason().contains(QLatin1String("No terminal emulator is installed")), qPrintable(none.unavailableReason()));
        QVERIFY2(none.unavailableReason().contains(QLatin1String("apt install xterm")), qPrintable(none.unavailableReason()));
        QString error;
        QVERIFY(!none.open(4242, QStringLiteral("x"), &error));
        QCOMPARE(error, none.unavailableReason());

        touchExecutable(empty.filePath(QStringLiteral("konsole")));
        const TerminalLauncher noNsenter({empty.path()});
        QVERIFY(!noNsenter.isAvailable());
        QVERIFY2(noNsenter.unavailableReason().contains(QLatin1String("util-linux")), qPrintable(noNsenter.unavailableReason()));
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestEngineSection>(argc, argv, "tst_enginesection");
}
#include "tst_enginesection.moc"
