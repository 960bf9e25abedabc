// EngineClient against a real Podman API service that the test starts itself, as root, with storage of its own in
// a temporary directory: the host's images, containers and /var/lib/containers storage are not touched. The test
// imports a busybox image built from the host's busybox-static (nothing is pulled; containers get no network),
// runs `sleep 300` in a container, checks in /proc that the container's init has namespaces of its own and a cgroup
// the scanner labels as Podman's, and stops and removes it through the client.
//
// Everything is taken down again in cleanupTestCase(), also after a failed assertion (PodmanService's destructor):
// containers through the API, the service's process group, the conmon processes that left it (setsid) and came
// back to this test because it is a child subreaper, mounts under the temporary directory, the directory, and the
// host paths Podman creates even with its own storage (the blob info cache in /var/lib/containers/cache, the
// libpod_parent cgroups) where they did not exist before.
#include "containers/engineclient.h"
#include "containers/enginesockets.h"
#include "scan/procparse.h"

#include "childgroup.h"
#include "podmanservice.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

constexpr int RequestTimeoutMs = 60000; // an import or a first start on a slow, loaded machine

// The result of a future, waited for while the event loop runs.
template<typename T>
std::optional<T> await(QFuture<T> future, int timeoutMs = RequestTimeoutMs)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return std::nullopt;
    return future.result();
}

} // namespace

class TestEnginePodman : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void ping();
    void importImage();
    void listImages();
    void missingImageIsNotPulled();
    void runContainer();
    void containerNamespaces();
    void containerLabel();
    void stopAndRemove();

private:
    void step(const char *what) { m_timings.append({QString::fromLatin1(what), m_clock.restart()}); }

    QString m_podman;
    std::unique_ptr<PodmanService> m_service;
    std::unique_ptr<EngineClient> m_client;
    QString m_label; // the label that marks this run's containers
    EngineContainer m_container;
    QElapsedTimer m_clock;
    QElapsedTimer m_total;
    QList<QPair<QString, qint64>> m_timings;
};

void TestEnginePodman::initTestCase()
{
    m_total.start();
    m_clock.start();
    if (::geteuid() != 0)
        QSKIP("needs root: the test starts a rootful Podman API service (run as root, or exclude the ctest label 'root')");
    if (const QString problem = podmanTestProblem(); !problem.isEmpty())
        QSKIP(qPrintable(problem));
    m_podman = QStandardPaths::findExecutable(QStringLiteral("podman"));
    const QString shell = QStandardPaths::findExecutable(QStringLiteral("sh"));
    QVERIFY2(becomeChildSubreaper(), std::strerror(errno));
    removeStaleRuns();

    m_label = QStringLiteral("org.nsviz.test-run-%1").arg(::getpid());
    m_service = std::make_unique<PodmanService>(m_podman, shell);
    qInfo("podman %s", qPrintable(m_service->arguments().join(QLatin1Char(' '))));
    m_client = std::make_unique<EngineClient>(m_service->socketPath());
    m_client->setTimeout(RequestTimeoutMs);
    const QString error = m_service->waitUntilReady(*m_client);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    step("service up");
}

void TestEnginePodman::cleanupTestCase()
{
    if (!m_service)
        return;
    const QString dir = m_service->directory();
    const qint32 pgid = m_service->pgid();
    const QStringList problems = m_service->shutdown(m_client.get(), m_label);
    m_client.reset();
    m_service.reset();
    step("teardown");
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    // Checked again, independently of what shutdown() said.
    QVERIFY2(!groupExists(pgid), "the service's process group is still there");
    const QList<ProcStat> left = ourDescendants();
    QVERIFY2(left.isEmpty(), describe(left).constData());
    QVERIFY2(mountsUnder(dir).isEmpty(), qPrintable(mountsUnder(dir).join(QLatin1Char(' '))));
    QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
    for (const auto &[what, ms] : std::as_const(m_timings))
        qInfo("%-28s %6lld ms", qPrintable(what), ms);
    qInfo("%-28s %6lld ms", "total", m_total.elapsed());
}

void TestEnginePodman::ping()
{
    const auto r = await(m_client->version());
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error.message));
    QCOMPARE(r->value.kind, EngineInfo::Kind::Podman);
    QVERIFY(!r->value.version.isEmpty());
    QVERIFY(!r->value.apiVersion.isEmpty());
    qInfo("%s %s, API %s", qPrintable(r->value.name), qPrintable(r->value.version), qPrintable(r->value.apiVersion));
    // Found the way a user would point nsviz at it.
    QProcessEnvironment env;
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + m_service->socketPath());
    const QList<EngineSocket> found = findEngineSockets(env);
    QVERIFY(!found.isEmpty());
    QCOMPARE(found.first().path, m_service->socketPath());
    step("ping + version");
}

void TestEnginePodman::importImage()
{
    QString error;
    const QString tarball = makeBusyboxTarball(m_service->directory(), &error);
    QVERIFY2(!tarball.isEmpty(), qPrintable(error));

    const auto r = await(m_client->importImage(tarball, QStringLiteral("busybox")));
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error.message));
    QVERIFY2(r->value.startsWith(QLatin1String("sha256:")), qPrintable(r->value));
    step("build rootfs + import");
}

void TestEnginePodman::listImages()
{
    const auto r = await(m_client->listImages());
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error.message));
    QCOMPARE(r->value.size(), 1);
    QVERIFY2(r->value.first().tags.join(QLatin1Char(' ')).contains(QLatin1String("busybox")),
             qPrintable(r->value.first().tags.join(QLatin1Char(' '))));
    step("list images");
}

void TestEnginePodman::missingImageIsNotPulled()
{
    EngineContainerSpec spec;
    spec.image = QStringLiteral("docker.io/library/alpine:latest");
    spec.name = QStringLiteral("nsviz-it-never-%1").arg(::getpid());
    spec.networkMode = QStringLiteral("none");
    const auto r = await(m_client->runContainer(spec));
    QVERIFY(r);
    QCOMPARE(r->error.kind, EngineError::Kind::NoImage);
    QVERIFY2(r->error.message.contains(QLatin1String("podman import")), qPrintable(r->error.message));
    QVERIFY2(r->error.message.contains(QLatin1String("busybox")), qPrintable(r->error.message)); // what is present
    const auto images = await(m_client->listImages());
    QVERIFY(images && images->ok());
    QCOMPARE(images->value.size(), 1); // nothing was pulled
    step("missing image refused");
}

void TestEnginePodman::runContainer()
{
    EngineContainerSpec spec;
    spec.name = QStringLiteral("nsviz-it-engine-%1").arg(::getpid());
    spec.image = QStringLiteral("busybox");
    spec.hostname = QStringLiteral("nsviz-demo");
    spec.command = {QStringLiteral("sleep"), QStringLiteral("300")};
    spec.networkMode = QStringLiteral("none");
    spec.labels.insert(m_label, QStringLiteral("1"));
    const auto r = await(m_client->runContainer(spec));
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error.message + QStringLiteral("\nservice log:\n") + QString::fromLocal8Bit(m_service->log())));
    QVERIFY(r->value.isRunning());
    QVERIFY(r->value.pid > 1);
    QCOMPARE(r->value.name, spec.name);
    QCOMPARE(r->value.id.size(), 64);
    m_container = r->value;
    step("create + start");

    const auto list = await(m_client->listContainers());
    QVERIFY(list);
    QVERIFY2(list->ok(), qPrintable(list->error.message));
    const auto it = std::find_if(list->value.cbegin(), list->value.cend(), [&](const EngineContainer &c) { return c.id == m_container.id; });
    QVERIFY2(it != list->value.cend(), "the container is not listed");
    QCOMPARE(it->name, spec.name);
    QCOMPARE(it->pid, m_container.pid);
    QCOMPARE(it->state, QStringLiteral("running"));
    QCOMPARE(it->hostname, QStringLiteral("nsviz-demo"));
    QCOMPARE(it->networkMode, QStringLiteral("none"));
    QVERIFY(it->labels.contains(m_label));
    step("list containers");
}

void TestEnginePodman::containerNamespaces()
{
    const qint32 pid = m_container.pid;
    QVERIFY(pid > 1);
    QCOMPARE(readAll(QStringLiteral("/proc/%1/comm").arg(pid)).trimmed(), QByteArray("sleep"));
    for (const char *type : {"net", "uts", "pid", "mnt", "ipc"}) {
        const QByteArray theirs = nsLink(pid, type);
        const QByteArray ours = nsLink(::getpid(), type);
        QVERIFY2(!theirs.isEmpty() && !ours.isEmpty(), type);
        QVERIFY2(theirs != ours, QByteArray(QByteArray(type) + ": the container shares " + ours).constData());
    }
    // Its own hostname, as the engine wrote it into the container's /etc/hostname.
    QCOMPARE(readAll(QStringLiteral("/proc/%1/root/etc/hostname").arg(pid)).trimmed(), QByteArray("nsviz-demo"));
    // PID 1 inside its own pid namespace.
    const QByteArray status = readAll(QStringLiteral("/proc/%1/status").arg(pid));
    const auto fields = procparse::parseStatus(status);
    QVERIFY(fields);
    QCOMPARE(fields->nspid.size(), 2);
    QCOMPARE(fields->nspid.last(), 1);
    step("namespaces checked");
}

void TestEnginePodman::containerLabel()
{
    const QByteArray cgroup = readAll(QStringLiteral("/proc/%1/cgroup").arg(m_container.pid));
    const auto label = procparse::parseContainerFromCgroup(cgroup);
    QVERIFY2(label, cgroup.constData());
    QCOMPARE(label->engine, QStringLiteral("podman"));
    QCOMPARE(label->id, m_container.id);
}

void TestEnginePodman::stopAndRemove()
{
    QVERIFY(!m_container.id.isEmpty());
    const qint32 pid = m_container.pid;
    // sleep as PID 1 ignores SIGTERM: the one-second grace period ends in SIGKILL.
    const auto stopped = await(m_client->stopContainer(m_container.id, 1));
    QVERIFY(stopped);
    QVERIFY2(stopped->ok(), qPrintable(stopped->error.message));
    const auto inspected = await(m_client->inspectContainer(m_container.name));
    QVERIFY(inspected && inspected->ok());
    QVERIFY2(!inspected->value.isRunning(), qPrintable(inspected->value.state));
    QCOMPARE(inspected->value.pid, 0);
    QVERIFY(pollFor([&] {
        const auto st = readProcStat(pid);
        return !st || st->state == 'Z' || st->comm != "sleep";
    }));
    step("stop");

    const auto removed = await(m_client->removeContainer(m_container.id));
    QVERIFY(removed);
    QVERIFY2(removed->ok(), qPrintable(removed->error.message));
    const auto again = await(m_client->removeContainer(m_container.id));
    QVERIFY(again);
    QCOMPARE(again->error.kind, EngineError::Kind::NotFound);
    const auto list = await(m_client->listContainers());
    QVERIFY(list && list->ok());
    for (const EngineContainer &c : list->value)
        QVERIFY2(c.id != m_container.id, "the removed container is still listed");
    step("remove");
}

QTEST_GUILESS_MAIN(TestEnginePodman)
#include "tst_enginepodman.moc"
