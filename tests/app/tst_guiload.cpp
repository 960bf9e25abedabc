// The window on a host of 5,000 containers, offscreen (issue #11): its thread never does unbounded work. Loading
// the snapshot, unfolding every alike group, switching to the hierarchy and back never stall the event loop for
// a second, a SIGTERM in the middle of it is answered within one, and the nsviz binary opened on such a snapshot
// ends within a second of SIGTERM at any moment.
#include "guitestmain.h"
#include "views/graphtesting.h"

#include "graph/graphscene.h"
#include "graph/graphwidget.h"
#include "mainwindow.h"
#include "signalquit.h"
#include "snapshot/snapshotjson.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>

#include <csignal>

#include <spawn.h>

#include <sys/wait.h>

using namespace nsviz;

namespace {

constexpr int containers = 5000;
// A second, as the issue asks; under AddressSanitizer, which runs the same code two to four times slower, three.
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 stallLimitMs = 3000;
#else
constexpr qint64 stallLimitMs = 1000;
#endif

// The longest the event loop went without running a 10 ms timer while it lived.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_longest = std::max(m_longest, m_clock.restart());
        });
        m_clock.start();
        m_timer.start();
    }
    qint64 longest() const { return std::max(m_longest, m_clock.elapsed()); }
    void reset()
    {
        m_longest = 0;
        m_clock.restart();
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

} // namespace

class TestGuiLoad : public QObject
{
    Q_OBJECT
private:
    SnapshotPtr m_host;

    // Waits until the model is built, the graph holds what it says and no layout is pending or running.
    static bool settle(GraphWidget *graph, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            QTest::qWait(50);
            if (!graph->model()->isBuilding() && !graph->scene()->isLayoutPending()
                && graph->scene()->nodeItems().size() == graph->model()->nodes().size())
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_host = testing::realisticHost(containers);
        qInfo("%d containers: %zu processes, %zu namespaces", containers, m_host->processes().size(), m_host->namespaces().size());
    }

    void windowStaysResponsive()
    {
        StallMeter meter;
        MainWindow window(m_host);
        window.resize(1560, 960);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GraphWidget *graph = window.graphWidget();
        QVERIFY(settle(graph, 120000));
        qInfo("folded: %lld cards, longest stall %lld ms (window construction included)", qlonglong(graph->model()->nodes().size()),
              qlonglong(meter.longest()));

        // Every alike group opened: one card per namespace set, thousands of them, moved at once.
        auto *fold = [&]() -> QToolButton * {
            for (QToolButton *b : graph->findChildren<QToolButton *>())
                if (b->text() == QLatin1String("Group alike"))
                    return b;
            return nullptr;
        }();
        QVERIFY(fold && fold->isChecked());
        bool signalled = false;
        QElapsedTimer sinceSignal;
        const SignalQuit quit([&] { signalled = true; });
        QVERIFY(quit.isValid());
        meter.reset();
        QElapsedTimer took;
        took.start();
        fold->click();
        QVERIFY(!graph->model()->folding());
        // A SIGTERM while the unfolded graph is laid out and applied: answered within a second.
        QTimer::singleShot(50, [&] {
            sinceSignal.start();
            ::kill(::getpid(), SIGTERM);
        });
        QTRY_VERIFY_WITH_TIMEOUT(signalled, 5000);
        const qint64 answered = sinceSignal.elapsed();
        QVERIFY(settle(graph, 120000));
        const qsizetype unfolded = graph->model()->nodes().size();
        qInfo("unfolded: %lld cards in %lld ms, longest stall %lld ms, SIGTERM answered after %lld ms", qlonglong(unfolded),
              qlonglong(took.elapsed()), qlonglong(meter.longest()), qlonglong(answered));
        QVERIFY2(unfolded > containers, "the groups did not open");
        QVERIFY2(meter.longest() < stallLimitMs, qPrintable(QStringLiteral("the event loop stalled %1 ms").arg(meter.longest())));
        QVERIFY2(answered < stallLimitMs, qPrintable(QStringLiteral("SIGTERM answered after %1 ms").arg(answered)));

        // The hierarchy of the same host, and back.
        QComboBox *mode = nullptr;
        for (QComboBox *box : graph->findChildren<QComboBox *>())
            if (box->count() >= 2 && box->itemText(1) == QLatin1String("Namespace hierarchy"))
                mode = box;
        QVERIFY(mode);
        for (int index : {1, 0}) {
            meter.reset();
            took.restart();
            mode->setCurrentIndex(index);
            QVERIFY(settle(graph, 120000));
            qInfo("mode %d: %lld nodes in %lld ms, longest stall %lld ms", index, qlonglong(graph->model()->nodes().size()),
                  qlonglong(took.elapsed()), qlonglong(meter.longest()));
            QVERIFY2(meter.longest() < stallLimitMs, qPrintable(QStringLiteral("the event loop stalled %1 ms").arg(meter.longest())));
        }
    }

    // The program itself on such a snapshot: SIGTERM while it loads, lays out and sits there ends it within a
    // second, in order (exit status 0).
    void binaryQuitsOnSigterm_data()
    {
        QTest::addColumn<int>("afterMs");
        for (int ms : {300, 1000, 2500, 6000})
            QTest::addRow("%d ms", ms) << ms;
    }

    void binaryQuitsOnSigterm()
    {
        QFETCH(int, afterMs);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("h5000.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write(writeSnapshotJson(*m_host)) > 0);
        }
        // posix_spawn, not QProcess: the test must tell "ended by SIGTERM" from a crash.
        const QByteArray home = QFile::encodeName(dir.path());
        const QByteArray config = QFile::encodeName(dir.filePath(QStringLiteral("config")));
        const QByteArray file = QFile::encodeName(path);
        QByteArrayList envStrings{"QT_QPA_PLATFORM=offscreen", "HOME=" + home, "XDG_CONFIG_HOME=" + config,
                                  "XDG_RUNTIME_DIR=" + qgetenv("XDG_RUNTIME_DIR"), "PATH=" + qgetenv("PATH")};
        std::vector<char *> envp;
        for (QByteArray &e : envStrings)
            envp.push_back(e.data());
        envp.push_back(nullptr);
        QByteArray program = NSVIZ_APP, option = "--snapshot";
        char *argv[] = {program.data(), option.data(), const_cast<char *>(file.constData()), nullptr};
        pid_t pid = -1;
        QCOMPARE(::posix_spawn(&pid, program.constData(), nullptr, nullptr, argv, envp.data()), 0);
        auto guard = qScopeGuard([&] {
            if (pid > 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        });
        QTest::qWait(afterMs);
        int status = 0;
        QCOMPARE(::waitpid(pid, &status, WNOHANG), 0); // still running
        QElapsedTimer t;
        t.start();
        QCOMPARE(::kill(pid, SIGTERM), 0);
        pid_t done = 0;
        while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && t.elapsed() < 10000)
            QTest::qSleep(5);
        const qint64 took = t.elapsed();
        QCOMPARE(done, pid);
        pid = -1;
        // Once the window is up, it closes in order (demo containers stopped, settings saved) and exits 0; before,
        // there is nothing to put in order and SIGTERM's default action ends it.
        const bool inOrder = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        const bool byDefault = WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
        qInfo("SIGTERM after %d ms: ended in %lld ms, %s", afterMs, qlonglong(took), inOrder ? "in order" : byDefault ? "by SIGTERM" : "otherwise");
        QVERIFY2(inOrder || byDefault, qPrintable(QStringLiteral("wait status %1").arg(status)));
        QVERIFY2(took < stallLimitMs, qPrintable(QStringLiteral("took %1 ms").arg(took)));
    }
};

int main(int argc, char **argv)
{
    return nsviz::testing::runGuiTest<TestGuiLoad>(argc, argv, "tst_guiload");
}

#include "tst_guiload.moc"
