// The demo containers panel, offscreen: the preset list, the custom form's messages next to their fields, the engine
// section's containers in the running list (against tests/fakeengine.h), "Terminal here" explained when no emulator is
// installed, and — as root — a preset started from the panel, listed with its pids and namespaces, its pages fetched
// from inside each net namespace, stopped, and nothing left. With NSVIZ_SCREENSHOT_DEMO set, the panel is also saved
// as PNGs (the variable's value as the base path, default /tmp/nsviz-demopanel) to look at.
#include "guitestmain.h"
#include "namespaceof.h"
#include "asnobody.h"
#include "fakeengine.h"
#include "sanitizers.h"

#include "containers/demopreset.h"
#include "containers/demoruntime.h"
#include "panels/demoform.h"
#include "panels/demopanel.h"
#include "panels/enginesection.h"
#include "panels/terminallauncher.h"
#include "snapshot/namespaceguide.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QStandardPaths>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QCheckBox>
#include <QLabel>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <csignal>

#include <memory>

#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

const QByteArray EngineDemoId = QByteArray(64, 'd');
constexpr qint32 EngineDemoPid = 424242; // never looked up on the host: only in the snapshot the test builds

bool processExists(qint32 pid)
{
    return QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

// A fake engine with one running container that nsviz started (it carries the demo label).
void routeEngine(FakeEngine &engine)
{
    const QJsonObject labels{{EngineSection::demoLabel(), EngineSection::instanceTag()}};
    engine.route("GET /_ping", PodmanPing);
    engine.route("GET /v1.41/version",
                 response(200, json(QJsonObject{{QStringLiteral("Components"), QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Podman Engine")}}}},
                                                {QStringLiteral("Version"), QStringLiteral("4.3.1")}})));
    engine.route("GET /v1.41/images/json",
                 response(200, json(QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("sha256:aa")},
                                                           {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("localhost/busybox:latest")}},
                                                           {QStringLiteral("Size"), 2400000}}})));
    engine.route("GET /v1.41/containers/json?all=1",
                 response(200, json(QJsonArray{QJsonObject{{QStringLiteral("Id"), QString::fromLatin1(EngineDemoId)},
                                                           {QStringLiteral("Names"), QJsonArray{QStringLiteral("/engine-demo")}},
                                                           {QStringLiteral("Image"), QStringLiteral("localhost/busybox:latest")},
                                                           {QStringLiteral("State"), QStringLiteral("running")},
                                                           {QStringLiteral("Status"), QStringLiteral("Up 4 seconds")},
                                                           {QStringLiteral("Labels"), labels}}})));
    engine.route("GET /v1.41/containers/" + EngineDemoId + "/json",
                 response(200, json(QJsonObject{
                                   {QStringLiteral("Id"), QString::fromLatin1(EngineDemoId)},
                                   {QStringLiteral("Name"), QStringLiteral("/engine-demo")},
                                   {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Labels"), labels}}},
                                   {QStringLiteral("State"), QJsonObject{{QStringLiteral("Status"), QStringLiteral("running")},
                                                                         {QStringLiteral("Pid"), EngineDemoPid}}},
                               })));
}

// A host of two processes: PID 1 in the initial namespaces, and the engine container's pid with its own net and uts.
SnapshotPtr hostWithEngineContainer()
{
    constexpr NamespaceId base = 4026531835;
    NamespaceSet host, container;
    for (NamespaceType t : allNamespaceTypes)
        host[t] = container[t] = base + int(t);
    container[NamespaceType::Net] = 4026532500;
    container[NamespaceType::Uts] = 4026532501;
    std::vector<ProcessInfo> processes(2);
    processes[0].pid = 1;
    processes[0].namespaces.set = host;
    processes[1].pid = EngineDemoPid;
    processes[1].namespaces.set = container;
    processes[1].nspid = {EngineDemoPid, 1};
    std::vector<NamespaceInfo> namespaces;
    for (NamespaceType t : allNamespaceTypes) {
        NamespaceInfo n;
        n.id = host[t];
        n.type = t;
        n.initial = true;
        namespaces.push_back(n);
    }
    for (NamespaceType t : {NamespaceType::Net, NamespaceType::Uts}) {
        NamespaceInfo n;
        n.id = container[t];
        n.type = t;
        namespaces.push_back(n);
    }
    return std::make_shared<const Snapshot>(HostInfo{}, std::move(processes), std::move(namespaces));
}

// A macro, not a helper: QSKIP must return from the test function itself.
#define NSVIZ_SKIP_UNLESS_ROOT()                                                                                             \
    do {                                                                                                                     \
        if (::geteuid() != 0)                                                                                                \
            QSKIP("needs root: this starts real demo containers from the panel and checks them in /proc (the CI runs as "   \
                  "root); run the test as root to include it");                                                              \
    } while (false)

QString screenshotBase()
{
    const QString v = qEnvironmentVariable("NSVIZ_SCREENSHOT_DEMO");
    if (v.isEmpty() || v == QLatin1String("1"))
        return QDir::temp().filePath(QStringLiteral("nsviz-demopanel"));
    return v.endsWith(QLatin1String(".png")) ? v.chopped(4) : v;
}

} // namespace

class TestDemoPanel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    // A panel that talks to no real engine and finds no terminal.
    std::unique_ptr<DemoPanel> makePanel()
    {
        auto panel = std::make_unique<DemoPanel>();
        panel->engineSection()->setSockets({});
        panel->setTerminalLauncher(TerminalLauncher({m_dir->path()}));
        panel->resize(560, 900);
        panel->service()->waitForIdle(); // the host's facts are in: the checks are the runtime's own
        return panel;
    }

    // A start asked for from the panel, and its answer: true when it started; the panel's message in *message.
    static bool started(DemoPanel &panel, bool asked, QString *message = nullptr)
    {
        if (!asked)
            return false;
        QSignalSpy finished(&panel, &DemoPanel::startFinished);
        if (!finished.wait(WaitMs))
            return false;
        if (message)
            *message = finished.first().at(1).toString();
        return finished.first().at(0).toBool();
    }

    static QString fetched(DemoPanel &panel)
    {
        QSignalSpy answered(&panel, &DemoPanel::pagesFetched);
        panel.fetchPages();
        if (answered.isEmpty() && !answered.wait(WaitMs))
            return QStringLiteral("(no answer)");
        return answered.first().at(0).toString();
    }

    static QString webServersCannotStart(const DemoPanel &panel)
    {
        const QStringList problems = panel.service()->check(findDemoPreset(QStringLiteral("web-servers"), true)->containers.first());
        return problems.isEmpty() ? QString()
                                  : QStringLiteral("the web server preset cannot start on this host: ") + problems.join(QStringLiteral("; "));
    }

    // Every request the panel made is done and its answer delivered.
    static void settle(DemoPanel &panel)
    {
        panel.service()->waitForIdle();
        QCoreApplication::processEvents();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        m_dir.reset();
    }

    void presetList()
    {
        auto panel = makePanel();
        const QList<DemoPreset> presets = demoPresets(DemoRuntime::isPrivileged());
        QStringList ids;
        for (const DemoPreset &p : presets)
            ids.append(p.id);
        QCOMPARE(panel->presetIds(), ids);
        QVERIFY(ids.contains(QStringLiteral("web-servers")));
        QVERIFY(ids.contains(QStringLiteral("pod")));

        auto *list = panel->findChild<QListWidget *>(QStringLiteral("presets"));
        QVERIFY(list);
        QCOMPARE(list->count(), presets.size());
        for (int i = 0; i < presets.size(); ++i) {
            QCOMPARE(list->item(i)->data(Qt::AccessibleTextRole).toString(), presets.at(i).title);
            QVERIFY2(panel->findChild<QPushButton *>(QStringLiteral("start-") + presets.at(i).id), qPrintable(presets.at(i).id));
            // Selecting a preset says what it shows and which containers it starts.
            list->setCurrentRow(i);
            const QString details = panel->presetDetails();
            QVERIFY2(details.contains(presets.at(i).explanation), qPrintable(details));
            for (const ContainerSpec &c : presets.at(i).containers)
                QVERIFY2(details.contains(c.name), qPrintable(details));
        }
        list->setCurrentRow(0);
        QVERIFY2(panel->presetDetails().contains(QLatin1String("Fetch page")), qPrintable(panel->presetDetails()));
        QVERIFY(panel->entries().isEmpty());
    }

    void checkboxesExplainTheirType()
    {
        // Beside each box the gist, on it the whole story: the guide's words, as in Details and the legend.
        DemoForm form;
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceExplanation e = NamespaceGuide::builtIn().explain(t);
            QCheckBox *box = nullptr;
            for (QCheckBox *b : form.findChildren<QCheckBox *>())
                if (b->text() == QLatin1String(namespaceTypeKey(t)))
                    box = b;
            QVERIFY2(box, namespaceTypeKey(t));
            QVERIFY2(box->toolTip().contains(e.isolates.toHtmlEscaped()), qPrintable(box->toolTip()));
            QVERIFY2(box->toolTip().contains(e.commands.first().toHtmlEscaped()), qPrintable(box->toolTip()));
            bool beside = false;
            for (QLabel *l : form.findChildren<QLabel *>())
                beside = beside || l->text() == e.own;
            QVERIFY2(beside, qPrintable(e.own));
        }
    }

    void formMessagesNextToTheirFields()
    {
        DemoForm form; // ContainerSpec::validate() only: the same on every host
        form.setNamespaceChecked(NamespaceType::Uts, true);
        form.setNamespaceChecked(NamespaceType::Mnt, true);
        QVERIFY2(form.validate(), qPrintable(form.problem(DemoForm::Field::General)));

        form.setHostname(QStringLiteral("bad_host!"));
        QVERIFY(!form.validate());
        QVERIFY2(form.problem(DemoForm::Field::Hostname).contains(QLatin1String("contains '_'")), qPrintable(form.problem(DemoForm::Field::Hostname)));
        QVERIFY2(form.problem(DemoForm::Field::Hostname).contains(QLatin1String("only letters")), qPrintable(form.problem(DemoForm::Field::Hostname)));
        QVERIFY(form.problem(DemoForm::Field::Command).isEmpty());
        QVERIFY(form.problem(DemoForm::Field::General).isEmpty());
        form.setHostname(QString(70, QLatin1Char('a')));
        QVERIFY2(form.problem(DemoForm::Field::Hostname).contains(QLatin1String("at most 64")), qPrintable(form.problem(DemoForm::Field::Hostname)));

        // A hostname without a uts namespace would rename the host: said at the hostname, with the fix.
        form.setHostname(QStringLiteral("demo"));
        form.setNamespaceChecked(NamespaceType::Uts, false);
        QVERIFY2(form.problem(DemoForm::Field::Hostname).contains(QLatin1String("uts namespace")), qPrintable(form.problem(DemoForm::Field::Hostname)));
        form.setNamespaceChecked(NamespaceType::Uts, true);
        QVERIFY(form.validate());

        form.setCommandLine(QString());
        QVERIFY(!form.validate());
        QVERIFY2(form.problem(DemoForm::Field::Command).contains(QLatin1String("command is empty")), qPrintable(form.problem(DemoForm::Field::Command)));
        QVERIFY(form.problem(DemoForm::Field::Hostname).isEmpty());
        form.setCommandLine(QStringLiteral("   "));
        QVERIFY(form.problem(DemoForm::Field::Command).contains(QLatin1String("command is empty")));
        form.setCommandLine(QStringLiteral("bin/sleep 5"));
        QVERIFY2(form.problem(DemoForm::Field::Command).contains(QLatin1String("relative path")), qPrintable(form.problem(DemoForm::Field::Command)));

        // The command is kept as argv: quotes group words, nothing is handed to a shell.
        form.setCommandLine(QStringLiteral("sh -c \"echo hi; sleep 5\""));
        QVERIFY(form.validate());
        QCOMPARE(form.spec().command, (QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo hi; sleep 5")}));

        // A root filesystem of its own needs mnt: said at the root filesystem.
        form.setRootFs(ContainerSpec::RootFs::Busybox);
        form.setNamespaceChecked(NamespaceType::Mnt, false);
        QVERIFY2(form.problem(DemoForm::Field::RootFs).contains(QLatin1String("mount namespace")), qPrintable(form.problem(DemoForm::Field::RootFs)));
        form.setRootFs(ContainerSpec::RootFs::Host);
        QVERIFY(form.validate());

        form.setName(QString());
        QVERIFY(!form.validate());
        QVERIFY(form.problem(DemoForm::Field::Name).contains(QLatin1String("name")));
        auto *start = form.findChild<QPushButton *>();
        QVERIFY(start);
        QVERIFY(!start->isEnabled());
        form.setName(QStringLiteral("custom"));
        QVERIFY(start->isEnabled());
        QSignalSpy startRequested(&form, &DemoForm::startRequested);
        auto *name = form.findChild<QLineEdit *>();
        QVERIFY(name);
        QTest::keyClick(name, Qt::Key_Return); // Return in a field starts, as the button would
        QCOMPARE(startRequested.size(), 1);
    }

    void panelFormUsesTheRuntimesCheck()
    {
        auto panel = makePanel();
        DemoForm *form = panel->form();
        form->setHostname(QStringLiteral("-bad"));
        QVERIFY(!form->validate());
        QVERIFY2(form->problem(DemoForm::Field::Hostname).contains(QLatin1String("starts or ends with '-'")),
                 qPrintable(form->problem(DemoForm::Field::Hostname)));
        form->setHostname(QStringLiteral("demo"));
        form->setCommandLine(QStringLiteral("no-such-program-nsviz"));
        QVERIFY(!form->validate()); // the runtime looks the program up in the chosen root
        QVERIFY2(form->problem(DemoForm::Field::Command).contains(QLatin1String("no-such-program-nsviz")),
                 qPrintable(form->problem(DemoForm::Field::Command) + form->problem(DemoForm::Field::General)));
        QVERIFY(!panel->startCustom());
        QVERIFY(panel->entries().isEmpty());
    }

    void engineContainersInTheRunningList()
    {
        const QString path = m_dir->filePath(QStringLiteral("engine.sock"));
        FakeEngine engine(path);
        QVERIFY2(engine.isListening(), qPrintable(engine.errorString()));
        routeEngine(engine);
        auto panel = makePanel();
        QSignalSpy changed(panel.get(), &DemoPanel::containersChanged);
        panel->engineSection()->setSockets({EngineSocket{path, QStringLiteral("test engine"), true}});
        QTRY_COMPARE_WITH_TIMEOUT(panel->entries().size(), 1, WaitMs);
        QVERIFY(changed.size() >= 1);
        DemoPanel::Entry e = panel->entries().first();
        QCOMPARE(e.source, DemoPanel::Entry::Source::Engine);
        QCOMPARE(e.name, QStringLiteral("engine-demo"));
        QCOMPARE(e.pid, EngineDemoPid);
        QVERIFY(e.namespaces.isEmpty()); // known once a snapshot has the process
        QCOMPARE(panel->containerNames().value(QString::fromLatin1(EngineDemoId)), QStringLiteral("engine-demo"));
        QCOMPARE(panel->containerNames().value(QString::fromLatin1(EngineDemoId.left(12))), QStringLiteral("engine-demo"));
        QVERIFY(panel->demoContainers().isEmpty()); // engine processes carry the engine's label already

        panel->setSnapshot(hostWithEngineContainer());
        e = panel->entries().first();
        QCOMPARE(e.pidInside, 1);
        QCOMPARE(e.namespaces.size(), 2);
        QCOMPARE(e.namespaces.at(0), (std::pair<NamespaceType, NamespaceId>{NamespaceType::Net, 4026532500}));
        QCOMPARE(e.namespaces.at(1), (std::pair<NamespaceType, NamespaceId>{NamespaceType::Uts, 4026532501}));

        // "Show in views" names the container's pid.
        QSignalSpy show(panel.get(), &DemoPanel::showProcessRequested);
        auto *button = panel->findChild<QPushButton *>(QStringLiteral("show-in-views"));
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        button->click();
        QCOMPARE(show.size(), 1);
        QCOMPARE(show.first().at(0).toInt(), EngineDemoPid);

        // Stopping nsviz's own engine container from the list kills and removes it at once (no 10 s grace period
        // for a PID 1 that ignores SIGTERM, no exited container left in the engine).
        engine.route("DELETE /v1.41/containers/" + EngineDemoId + "?force=1&v=1", QByteArray("HTTP/1.1 204 No Content\r\n\r\n"));
        panel->stop(QString::fromLatin1(EngineDemoId));
        QTRY_VERIFY_WITH_TIMEOUT(engine.requestLines().contains("DELETE /v1.41/containers/" + EngineDemoId + "?force=1&v=1"), WaitMs);
    }

    void terminalExplainedWhenMissing()
    {
        auto panel = makePanel(); // an empty search path: no emulator
        QVERIFY(!panel->canOpenTerminal());
        QVERIFY2(panel->terminalNote().contains(QLatin1String("none is installed")), qPrintable(panel->terminalNote()));
        QVERIFY2(panel->terminalNote().contains(QLatin1String("copy its nsenter command")), qPrintable(panel->terminalNote()));
        auto *button = panel->findChild<QPushButton *>(QStringLiteral("terminal-here"));
        QVERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(QLatin1String("x-terminal-emulator, xterm")), qPrintable(button->toolTip()));
        QVERIFY2(panel->terminalNote().contains(QLatin1String("apt install xterm")), qPrintable(panel->terminalNote()));
    }

    void presetFromThePanel()
    {
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        if (const QString why = webServersCannotStart(*panel); !why.isEmpty())
            QSKIP(qPrintable(why));
        QSignalSpy changed(panel.get(), &DemoPanel::containersChanged);
        QString message;
        QVERIFY2(started(*panel, panel->startPreset(QStringLiteral("web-servers")), &message), qPrintable(message));
        QVERIFY(changed.size() >= 1);
        QVERIFY2(message.startsWith(QLatin1String("Started web-a (pid ")), qPrintable(message));

        const QList<DemoPanel::Entry> entries = panel->entries();
        QCOMPARE(entries.size(), 2);
        QList<qint32> pids;
        QList<NamespaceId> nets;
        for (const DemoPanel::Entry &e : entries) {
            QCOMPARE(e.source, DemoPanel::Entry::Source::BuiltIn);
            QVERIFY(e.running);
            QVERIFY(e.webServer);
            QVERIFY(e.pid > 0);
            QCOMPARE(e.pidInside, 1); // its own pid namespace
            QVERIFY(processExists(e.pid));
            pids.append(e.pid);
            for (const auto &[type, id] : e.namespaces) {
                QVERIFY(id != 0);
                if (type == NamespaceType::Net)
                    nets.append(id);
            }
        }
        QCOMPARE(nets.size(), 2);
        QVERIFY(nets.at(0) != nets.at(1)); // each server has its own net namespace
        QCOMPARE(panel->demoContainers().size(), 2);

        // Both are shown listening on the same port (the list follows each refresh).
        auto bothListening = [&] {
            int listening = 0;
            for (const DemoPanel::Entry &e : panel->entries())
                listening += e.state.contains(QLatin1String("listening on port 8080"));
            return listening == 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(bothListening(), 10000);

        // Both answer on the same port, each inside its own net namespace.
        const QString pages = fetched(*panel);
        QVERIFY2(pages.contains(QLatin1String("Hello from web-a")), qPrintable(pages));
        QVERIFY2(pages.contains(QLatin1String("Hello from web-b")), qPrintable(pages));
        QVERIFY(!pages.contains(QLatin1String("failed")));

        panel->stopAll();
        settle(*panel);
        QVERIFY(panel->entries().isEmpty());
        QVERIFY(panel->service()->containers().isEmpty());
        for (qint32 pid : std::as_const(pids))
            QTRY_VERIFY2_WITH_TIMEOUT(!processExists(pid), qPrintable(QString::number(pid)), WaitMs);
    }

    // The window never waits on the runtime: with one web server stopped (SIGSTOP: it accepts, never answers), Fetch
    // page takes its whole timeout, and all along the GUI thread keeps turning; so it does while containers start and
    // stop. The old panel called the runtime on the GUI thread and froze for all of it.
    void guiThreadNeverWaitsOnTheRuntime()
    {
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        if (const QString why = webServersCannotStart(*panel); !why.isEmpty())
            QSKIP(qPrintable(why));
        // A heartbeat on the GUI thread: the longest it went without a beat is the longest the window froze.
        QElapsedTimer sinceBeat, clock;
        qint64 longestGap = 0;
        QTimer heart;
        heart.setTimerType(Qt::PreciseTimer);
        heart.setInterval(5);
        connect(&heart, &QTimer::timeout, [&] {
            longestGap = std::max(longestGap, sinceBeat.restart());
        });
        sinceBeat.start();
        clock.start();
        heart.start();
        QString message;
        QVERIFY2(started(*panel, panel->startPreset(QStringLiteral("web-servers")), &message), qPrintable(message));
        const qint64 startMs = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(panel->entries().size() == 2 && panel->entries().at(0).state.contains(QLatin1String("listening")), WaitMs);
        const qint32 hung = panel->entries().at(0).pid;
        QCOMPARE(::kill(hung, SIGSTOP), 0);
        auto resume = qScopeGuard([hung] { ::kill(hung, SIGCONT); }); // before the panel stops it, also on failure

        clock.restart();
        const QString pages = fetched(*panel);
        const qint64 fetchMs = clock.elapsed();
        QVERIFY2(pages.contains(QLatin1String("Hello from web-b")), qPrintable(pages));
        QVERIFY2(pages.contains(QLatin1String("failed after")), qPrintable(pages)); // web-a: its timeout, said as such
        ::kill(hung, SIGCONT);
        resume.dismiss();
        panel->stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(panel->entries().isEmpty(), WaitMs);
        heart.stop();
        qInfo("start took %lld ms, the fetch %lld ms; the GUI thread's longest pause was %lld ms", startMs, fetchMs, longestGap);
        QVERIFY(fetchMs >= 2000); // the stopped server's whole timeout: the runtime was busy all that while
        // No stall over 50 ms (a sanitizer build runs everything some four times slower).
        const qint64 allowed = testing::underAddressSanitizer() ? 200 : 50;
        QVERIFY2(longestGap < allowed, qPrintable(QStringLiteral("the GUI thread stood still for %1 ms").arg(longestGap)));
    }

    void podSharesNetIpcAndUts()
    {
        // As a Kubernetes pod: net, ipc and uts shared (none of them the host's), mnt and pid each its own.
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        QString message;
        QVERIFY2(started(*panel, panel->startPreset(QStringLiteral("pod")), &message), qPrintable(message));
        const QList<DemoPanel::Entry> entries = panel->entries();
        QCOMPARE(entries.size(), 2);
        QHash<NamespaceType, QHash<QString, NamespaceId>> ids;
        for (const DemoPanel::Entry &e : entries) {
            QVERIFY(e.webServer); // the sidecar reaches the server through the shared net namespace
            for (const auto &[type, id] : e.namespaces)
                ids[type].insert(e.name, id);
        }
        const auto web = QStringLiteral("pod-web"), sidecar = QStringLiteral("pod-sidecar");
        for (NamespaceType t : {NamespaceType::Net, NamespaceType::Ipc, NamespaceType::Uts}) {
            QVERIFY2(ids[t].value(web) != 0, namespaceTypeKey(t));
            QVERIFY2(ids[t].value(web) == ids[t].value(sidecar), namespaceTypeKey(t));
            QVERIFY2(ids[t].value(web) != testing::namespaceOf(::getpid(), t), namespaceTypeKey(t));
        }
        for (NamespaceType t : {NamespaceType::Mnt, NamespaceType::Pid})
            QVERIFY2(ids[t].value(web) != ids[t].value(sidecar), namespaceTypeKey(t));
        const QString pages = fetched(*panel);
        QCOMPARE(pages.count(QLatin1String("Hello from pod-web")), 2);
        QVERIFY2(pages.contains(QLatin1String("pod-sidecar")), qPrintable(pages));
        panel->stopAll();
        settle(*panel);
        QVERIFY(panel->entries().isEmpty());
    }

    void presetButtonStartsAndStops()
    {
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        auto *button = panel->findChild<QPushButton *>(QStringLiteral("start-own-hostname"));
        QVERIFY(button);
        QCOMPARE(button->text(), QStringLiteral("Start"));
        QSignalSpy finished(panel.get(), &DemoPanel::startFinished);
        button->click();
        // Asked, not waited for: the button says so, and a second click cannot start a second copy.
        QCOMPARE(button->text(), QStringLiteral("Starting..."));
        QVERIFY(!button->isEnabled());
        QVERIFY(!panel->startPreset(QStringLiteral("own-pid1")));
        QVERIFY(finished.wait(WaitMs));
        QVERIFY2(panel->isPresetRunning(QStringLiteral("own-hostname")), qPrintable(panel->presetError()));
        QCOMPARE(button->text(), QStringLiteral("Stop"));
        QCOMPARE(panel->entries().size(), 1);
        const qint32 pid = panel->entries().first().pid;
        QCOMPARE(DemoPanel::nsenterCommand(pid), QStringLiteral("nsenter -t %1 -a /bin/sh").arg(pid));
        button->click();
        settle(*panel);
        QVERIFY(!panel->isPresetRunning(QStringLiteral("own-hostname")));
        QCOMPARE(button->text(), QStringLiteral("Start"));
        QVERIFY(panel->entries().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), WaitMs);
    }

    void rootlessPreset()
    {
        if (::geteuid() == 0) {
            // The panel as most people run it: without root. Run this one test function again as nobody.
            const testing::NobodyRun run = testing::rerunAsNobody("rootlessPreset", WaitMs);
            if (!run.skip.isEmpty())
                QSKIP(qPrintable(run.skip));
            if (run.output.contains("SKIP   : TestDemoPanel::rootlessPreset()"))
                QSKIP(QByteArray("as nobody: " + run.output.mid(run.output.indexOf("SKIP   :")).trimmed()).constData());
            QVERIFY2(run.exitCode == 0 && run.output.contains("PASS   : TestDemoPanel::rootlessPreset()"), run.output.constData());
            return;
        }
        if (const QString problem = DemoRuntime::userNamespaceProblem(); !problem.isEmpty())
            QSKIP(qPrintable(QStringLiteral("rootless containers need user namespaces: ") + problem));
        auto panel = makePanel();
        QVERIFY(!DemoRuntime::isPrivileged());
        QString message;
        QVERIFY2(started(*panel, panel->startPreset(QStringLiteral("own-hostname")), &message), qPrintable(message));
        QCOMPARE(panel->entries().size(), 1);
        const DemoPanel::Entry e = panel->entries().first();
        QVERIFY(processExists(e.pid));
        QList<NamespaceType> types;
        for (const auto &[type, id] : e.namespaces) {
            QVERIFY(id != 0);
            types.append(type);
        }
        // Rootless: the runtime added a user namespace, and the list says so.
        QVERIFY(types.contains(NamespaceType::User));
        QVERIFY(types.contains(NamespaceType::Uts));
        panel->stopAll();
        settle(*panel);
        QVERIFY(panel->entries().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(e.pid), WaitMs);
    }

    void customAndStopOne()
    {
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        DemoForm *form = panel->form();
        form->setName(QStringLiteral("custom-test"));
        form->setRootFs(ContainerSpec::RootFs::Host);
        for (NamespaceType t : allNamespaceTypes)
            form->setNamespaceChecked(t, t == NamespaceType::Uts || t == NamespaceType::Pid || t == NamespaceType::Mnt || t == NamespaceType::Ipc);
        form->setHostname(QStringLiteral("panel-test"));
        form->setCommandLine(QStringLiteral("sleep 600"));
        QString message;
        QVERIFY2(started(*panel, panel->startCustom(), &message), qPrintable(message + form->problem(DemoForm::Field::General)));
        QCOMPARE(panel->entries().size(), 1);
        const DemoPanel::Entry e = panel->entries().first();
        QCOMPARE(e.name, QStringLiteral("custom-test"));
        QVERIFY(processExists(e.pid));
        QCOMPARE(e.namespaces.size(), 4);
        QVERIFY(!e.webServer);
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("fetch-page"))->isEnabled());
        panel->stop(e.id);
        settle(*panel);
        QVERIFY(panel->entries().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(e.pid), WaitMs);
    }

    void exitedContainerSaysWhy()
    {
        NSVIZ_SKIP_UNLESS_ROOT();
        auto panel = makePanel();
        DemoForm *form = panel->form();
        form->setName(QStringLiteral("short-lived"));
        form->setRootFs(ContainerSpec::RootFs::Host);
        form->setHostname(QString());
        for (NamespaceType t : allNamespaceTypes)
            form->setNamespaceChecked(t, t == NamespaceType::Pid || t == NamespaceType::Mnt);
        // Output with a terminal's colour codes and many lines: the last lines are shown, the codes as text.
        form->setCommandLine(QStringLiteral("sh -c \"seq 1 30; printf '\\033[31mboom\\n'; exit 3\""));
        QString message;
        QVERIFY2(started(*panel, panel->startCustom(), &message), qPrintable(message + form->problem(DemoForm::Field::General)));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->entries().isEmpty() && !panel->entries().first().running, WaitMs);
        const DemoPanel::Entry e = panel->entries().first();
        QVERIFY2(e.state.contains(QLatin1String("exited with code 3")), qPrintable(e.state));
        QVERIFY(panel->demoContainers().isEmpty());
        // Without a click: the form no longer says "Started", but how it ended; the output box its last lines.
        const QString said = form->problem(DemoForm::Field::General);
        QVERIFY2(said.contains(QLatin1String("short-lived exited with code 3")) && said.contains(QLatin1String("after it started"))
                     && said.contains(QStringLiteral("␛[31mboom")),
                 qPrintable(said));
        const QString shown = panel->fetchedText();
        QVERIFY2(shown.startsWith(QLatin1String("short-lived exited with code 3. The last 12 of the 31 lines it wrote:")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("\n30\n␛[31mboom")) && !shown.contains(QLatin1String("\n19\n")), qPrintable(shown));
        QVERIFY(!shown.contains(QChar(0x1b)));
        auto *list = panel->findChild<QTreeWidget *>(QStringLiteral("running"));
        QVERIFY(list);
        QVERIFY(list->topLevelItem(0)->isSelected());
        // Selecting it again says the same.
        list->clearSelection();
        list->topLevelItem(0)->setSelected(true);
        QCOMPARE(panel->fetchedText(), shown);
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("show-in-views"))->isEnabled());
        panel->stop(e.id); // an exited one is taken off the list
        settle(*panel);
        QVERIFY(panel->entries().isEmpty());
    }

    void screenshot()
    {
        if (qEnvironmentVariableIsEmpty("NSVIZ_SCREENSHOT_DEMO"))
            QSKIP("set NSVIZ_SCREENSHOT_DEMO (to 1 or a base path) to save the panel as PNGs");
        const QString path = m_dir->filePath(QStringLiteral("engine.sock"));
        FakeEngine engine(path);
        routeEngine(engine);
        auto panel = makePanel();
        panel->engineSection()->setSockets({EngineSocket{path, QStringLiteral("rootless Podman"), true}});
        QTRY_COMPARE_WITH_TIMEOUT(panel->entries().size(), 1, WaitMs);
        panel->setSnapshot(hostWithEngineContainer());
        if (::geteuid() == 0 && started(*panel, panel->startPreset(QStringLiteral("web-servers")))) {
            const QString port = QStringLiteral("listening on port %1").arg(DemoHttpPort);
            QTRY_VERIFY_WITH_TIMEOUT(panel->entries().size() == 3 && panel->entries().at(1).state.contains(port), WaitMs);
            fetched(*panel);
        }
        panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
        auto *tabs = panel->findChild<QTabWidget *>();
        const QString base = screenshotBase();
        const QStringList names{QStringLiteral("presets"), QStringLiteral("custom"), QStringLiteral("engine")};
        for (int i = 0; i < names.size(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            const QString file = base + QLatin1Char('-') + names.at(i) + QStringLiteral(".png");
            QVERIFY2(panel->grab().save(file), qPrintable(file));
            qInfo("saved %s", qPrintable(file));
        }
        // The states a class should also see tidily: the form's messages, and an Engine tab without any engine.
        panel->form()->setHostname(QStringLiteral("bad_host!"));
        panel->form()->setCommandLine(QString());
        panel->engineSection()->setSockets({});
        for (const auto &[index, name] : {std::pair{1, "custom-errors"}, std::pair{2, "engine-none"}}) {
            tabs->setCurrentIndex(index);
            QCoreApplication::processEvents();
            const QString file = base + QLatin1Char('-') + QLatin1String(name) + QStringLiteral(".png");
            QVERIFY2(panel->grab().save(file), qPrintable(file));
            qInfo("saved %s", qPrintable(file));
        }
        panel->stopAll();
        settle(*panel);
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestDemoPanel>(argc, argv, "tst_demopanel");
}
#include "tst_demopanel.moc"
