// ContainerSpec validation and the presets, without root and without starting anything: every rule a spec can
// break is rejected with a message that names the problem.
#include "containers/containerspec.h"
#include "containers/demopreset.h"
#include "containers/demoruntime.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;

namespace {

ContainerSpec hostSleeper()
{
    ContainerSpec s;
    s.name = QStringLiteral("t");
    s.newNamespaces = {NamespaceType::Uts, NamespaceType::Pid};
    s.rootFs = ContainerSpec::RootFs::Host;
    s.command = {QStringLiteral("sleep"), QStringLiteral("1")};
    return s;
}

bool anyContains(const QStringList &problems, const QString &part)
{
    for (const QString &p : problems) {
        if (p.contains(part))
            return true;
    }
    return false;
}

} // namespace

class TestContainerSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hostnames_data()
    {
        QTest::addColumn<QString>("hostname");
        QTest::addColumn<QString>("problem"); // a part of the message, empty: valid
        QTest::newRow("simple") << QStringLiteral("web-a") << QString();
        QTest::newRow("digits first") << QStringLiteral("1web") << QString();
        QTest::newRow("dotted") << QStringLiteral("web.example.org") << QString();
        QTest::newRow("63-char label") << QString(63, u'a') << QString();
        QTest::newRow("64 chars") << (QString(31, u'a') + u'.' + QString(32, u'b')) << QString();
        QTest::newRow("65 chars") << (QString(32, u'a') + u'.' + QString(32, u'b')) << QStringLiteral("at most 64");
        QTest::newRow("64-char label") << QString(64, u'a') << QStringLiteral("longer than 63");
        QTest::newRow("leading hyphen") << QStringLiteral("-web") << QStringLiteral("starts or ends with '-'");
        QTest::newRow("trailing hyphen") << QStringLiteral("web-") << QStringLiteral("starts or ends with '-'");
        QTest::newRow("underscore") << QStringLiteral("web_a") << QStringLiteral("contains '_'");
        QTest::newRow("space") << QStringLiteral("web a") << QStringLiteral("contains ' '");
        QTest::newRow("shell") << QStringLiteral("a;reboot") << QStringLiteral("contains ';'");
        QTest::newRow("non-ascii") << QStringLiteral("caf\u00e9") << QStringLiteral("contains");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("U+000a");
        QTest::newRow("empty label") << QStringLiteral("a..b") << QStringLiteral("empty part");
        QTest::newRow("trailing dot") << QStringLiteral("a.") << QStringLiteral("empty part");
    }
    void hostnames()
    {
        QFETCH(QString, hostname);
        QFETCH(QString, problem);
        const QString got = hostnameProblem(hostname);
        if (problem.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.contains(problem), qPrintable(got));
        ContainerSpec s = hostSleeper();
        s.hostname = hostname;
        QCOMPARE(s.validate().isEmpty(), problem.isEmpty());
    }

    void hostnameNeedsUts()
    {
        ContainerSpec s = hostSleeper();
        s.newNamespaces = {NamespaceType::Ipc};
        s.hostname = QStringLiteral("web");
        QVERIFY(anyContains(s.validate(), QStringLiteral("uts namespace of its own")));
    }

    void commands_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("problem");
        QTest::newRow("fine") << QStringList{QStringLiteral("sleep"), QStringLiteral("1")} << QString();
        QTest::newRow("absolute") << QStringList{QStringLiteral("/bin/sleep"), QStringLiteral("1")} << QString();
        QTest::newRow("empty") << QStringList{} << QStringLiteral("the command is empty");
        QTest::newRow("empty program") << QStringList{QString(), QStringLiteral("x")} << QStringLiteral("the command is empty");
        QTest::newRow("NUL") << QStringList{QStringLiteral("echo"), QStringLiteral("a") + QChar(0) + QStringLiteral("b")}
                             << QStringLiteral("argument 1 of the command contains a NUL");
        QTest::newRow("relative path") << QStringList{QStringLiteral("bin/sleep")} << QStringLiteral("relative path");
        // A shell line is one program name that does not exist, never something a shell gets to see.
        QTest::newRow("shell line") << QStringList{QStringLiteral("sleep 1; reboot")} << QString();
    }
    void commands()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, problem);
        ContainerSpec s = hostSleeper();
        s.command = command;
        const QStringList problems = s.validate();
        if (problem.isEmpty())
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        else
            QVERIFY2(anyContains(problems, problem), qPrintable(problems.join(u'\n')));
    }

    // The runtime looks the program up where it will run: a shell line is no program, so it is rejected there.
    void programMustExist()
    {
        DemoRuntime runtime;
        ContainerSpec s = hostSleeper();
        s.command = {QStringLiteral("sleep 1; reboot")};
        QVERIFY(anyContains(runtime.check(s), QStringLiteral("the program \"sleep 1; reboot\" was not found")));
        s.command = {QStringLiteral("/no/such/program")};
        QVERIFY(anyContains(runtime.check(s), QStringLiteral("was not found")));
        QString error;
        QVERIFY(!runtime.start(s, &error));
        QVERIFY2(error.contains(QStringLiteral("was not found")), qPrintable(error));
        QVERIFY(runtime.containers().isEmpty());
    }

    void busyboxApplets()
    {
        if (!QFileInfo::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs /bin/busybox (busybox-static) to know its applets");
        DemoRuntime runtime;
        ContainerSpec s = hostSleeper();
        s.rootFs = ContainerSpec::RootFs::Busybox;
        s.newNamespaces = {NamespaceType::Mnt};
        s.command = {QStringLiteral("bash")};
        QVERIFY(anyContains(runtime.check(s), QStringLiteral("\"bash\" is not a busybox applet")));
        s.command = {QStringLiteral("/usr/bin/bash")};
        QVERIFY(anyContains(runtime.check(s), QStringLiteral("is not a busybox applet")));
        s.command = {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("true")};
        QVERIFY2(!anyContains(runtime.check(s), QStringLiteral("applet")), qPrintable(runtime.check(s).join(u'\n')));
    }

    void otherRules()
    {
        {
            // Every demo container has a pid namespace: it is what ends the processes it starts.
            ContainerSpec noPid = hostSleeper();
            noPid.newNamespaces = {NamespaceType::Uts};
            QVERIFY(anyContains(noPid.validate(), QStringLiteral("needs a pid namespace")));
        }
        ContainerSpec s = hostSleeper();
        s.rootFs = ContainerSpec::RootFs::Busybox;
        QVERIFY(anyContains(s.validate(), QStringLiteral("needs a mount namespace")));

        s = hostSleeper();
        s.uidMap = {IdMapRange{0, 1000, 1}};
        QVERIFY(anyContains(s.validate(), QStringLiteral("need a user namespace")));
        s.newNamespaces.append(NamespaceType::User);
        QVERIFY2(s.validate().isEmpty(), qPrintable(s.validate().join(u'\n')));
        s.uidMap = {IdMapRange{0, 1000, 10}, IdMapRange{5, 2000, 1}};
        QVERIFY(anyContains(s.validate(), QStringLiteral("overlap")));
        s.uidMap = {IdMapRange{0, 1000, 0}};
        QVERIFY(anyContains(s.validate(), QStringLiteral("count is 0")));

        s = hostSleeper();
        s.monotonicOffset = ContainerSpec::ClockOffset{3600, 0};
        QVERIFY(anyContains(s.validate(), QStringLiteral("need a time namespace")));
        s.newNamespaces.append(NamespaceType::Time);
        QVERIFY(s.validate().isEmpty());
        s.boottimeOffset = ContainerSpec::ClockOffset{0, 1000000000};
        QVERIFY(anyContains(s.validate(), QStringLiteral("nanoseconds")));

        s = hostSleeper();
        s.network = ContainerSpec::Network::Veth;
        QVERIFY(anyContains(s.validate(), QStringLiteral("veth pair needs a net namespace")));
        s.newNamespaces.append(NamespaceType::Net);
        QVERIFY(s.validate().isEmpty());
        s.hostAddress = QStringLiteral("8.8.8.1");
        s.containerAddress = QStringLiteral("8.8.8.2");
        QVERIFY(anyContains(s.validate(), QStringLiteral("not in a private range")));
        s.hostAddress = QStringLiteral("10.1.0.1");
        s.containerAddress = QStringLiteral("10.2.0.2");
        QVERIFY(anyContains(s.validate(), QStringLiteral("not in one /30 subnet")));
        s.containerAddress = QStringLiteral("10.1.0.x");
        QVERIFY(anyContains(s.validate(), QStringLiteral("not an IPv4 address")));

        s = hostSleeper();
        s.joinContainer = QStringLiteral("1");
        s.joinNamespaces = {NamespaceType::Pid};
        QVERIFY(anyContains(s.validate(), QStringLiteral("joining another container's pid namespace is not supported")));
        s.joinNamespaces = {NamespaceType::Uts};
        QVERIFY(anyContains(s.validate(), QStringLiteral("both joined and new")));
        s.joinNamespaces = {NamespaceType::Net};
        QVERIFY(s.validate().isEmpty());
        s.newNamespaces.append(NamespaceType::User);
        QVERIFY(anyContains(s.validate(), QStringLiteral("cannot have a user namespace of its own")));

        s = hostSleeper();
        s.sysvShmKey = 42;
        QVERIFY(anyContains(s.validate(), QStringLiteral("would be the host's")));

        s = hostSleeper();
        s.rootFs = ContainerSpec::RootFs::Busybox;
        s.newNamespaces = {NamespaceType::Mnt};
        s.command = {QStringLiteral("sh")};
        s.files.insert(QStringLiteral("/etc/../../x"), "x");
        QVERIFY(anyContains(s.validate(), QStringLiteral("without '.', '..'")));

        // On the host's root, files replace existing ones only inside a mount namespace of the container's own.
        s = hostSleeper();
        s.files.insert(QStringLiteral("/etc/hostname"), "x\n");
        QVERIFY(anyContains(s.validate(), QStringLiteral("needs a mount namespace of its own (/etc/hostname)")));
        s.newNamespaces.append(NamespaceType::Mnt);
        QVERIFY(s.validate().isEmpty());
        s.files.insert(QStringLiteral("/no/such/file"), "x\n");
        QVERIFY(anyContains(DemoRuntime().check(s), QStringLiteral("/no/such/file is none (or does not exist)")));
    }

    void userNamespaceSysctls_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("max 0") << QStringLiteral("sys/user/max_user_namespaces") << QByteArray("0\n")
                               << QStringLiteral("`sysctl -w user.max_user_namespaces=15000`");
        QTest::newRow("max set") << QStringLiteral("sys/user/max_user_namespaces") << QByteArray("63000\n") << QString();
        QTest::newRow("debian clone 0") << QStringLiteral("sys/kernel/unprivileged_userns_clone") << QByteArray("0\n")
                                        << QStringLiteral("`sysctl -w kernel.unprivileged_userns_clone=1`");
        QTest::newRow("debian clone 1") << QStringLiteral("sys/kernel/unprivileged_userns_clone") << QByteArray("1\n") << QString();
        QTest::newRow("apparmor") << QStringLiteral("sys/kernel/apparmor_restrict_unprivileged_userns") << QByteArray("1\n")
                                  << QStringLiteral("kernel.apparmor_restrict_unprivileged_userns=0");
    }
    void userNamespaceSysctls()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, value);
        QFETCH(QString, problem);
        QTemporaryDir proc;
        QVERIFY(proc.isValid());
        QCOMPARE(DemoRuntime::userNamespaceProblem(proc.path()), QString()); // no such files: nothing says no
        QVERIFY(QDir(proc.path()).mkpath(QFileInfo(file).path()));
        QFile f(proc.filePath(file));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(value);
        f.close();
        const QString got = DemoRuntime::userNamespaceProblem(proc.path());
        if (problem.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.contains(problem) && got.contains(QStringLiteral("or run nsviz as root")), qPrintable(got));
    }

    void presetsAreValid_data()
    {
        QTest::addColumn<bool>("privileged");
        QTest::newRow("root") << true;
        QTest::newRow("unprivileged") << false;
    }
    void presetsAreValid()
    {
        QFETCH(bool, privileged);
        const QList<DemoPreset> presets = demoPresets(privileged);
        QCOMPARE(presets.size(), 7);
        QStringList ids;
        for (const DemoPreset &p : presets) {
            QVERIFY(!p.id.isEmpty() && !p.title.isEmpty() && !p.explanation.isEmpty());
            QVERIFY(!p.containers.isEmpty());
            ids << p.id;
            QStringList names;
            for (const ContainerSpec &c : p.containers) {
                const QStringList problems = c.validate();
                QVERIFY2(problems.isEmpty(), qPrintable(p.id + u": " + problems.join(u'\n')));
                if (!c.joinContainer.isEmpty())
                    QVERIFY2(names.contains(c.joinContainer), qPrintable(p.id));
                names << c.name;
            }
        }
        ids.removeDuplicates();
        QCOMPARE(ids.size(), presets.size());
        QVERIFY(findDemoPreset(QStringLiteral("pod"), privileged));
        QVERIFY(!findDemoPreset(QStringLiteral("nope"), privileged));
        const DemoPreset root = *findDemoPreset(QStringLiteral("root-inside"), privileged);
        QCOMPARE(root.containers.first().uidMap.first().inside, 0u);
        QCOMPARE(root.containers.first().uidMap.first().outside, privileged ? 65534u : quint32(::getuid()));
    }
};

QTEST_GUILESS_MAIN(TestContainerSpec)

#include "tst_containerspec.moc"
