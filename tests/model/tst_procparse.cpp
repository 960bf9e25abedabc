#include "scan/procparse.h"

#include <QRandomGenerator>
#include <QTest>

using namespace nsviz;
using namespace nsviz::procparse;

class TestProcParse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stat_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("comm");
        QTest::addColumn<int>("ppid");
        QTest::addColumn<quint64>("start");

        const QByteArray tail = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 3 0 987654 0 0 0\n";
        QTest::newRow("plain") << QByteArray("42 (bash) S 1" + tail) << true << QByteArray("bash") << 1 << quint64(987654);
        QTest::newRow("comm with ') ('") << QByteArray("42 (a) (b) R 7" + tail) << true << QByteArray("a) (b") << 7 << quint64(987654);
        QTest::newRow("comm with newline") << QByteArray("42 (x\ny) S 7" + tail) << true << QByteArray("x\ny") << 7 << quint64(987654);
        QTest::newRow("empty comm") << QByteArray("42 () S 7" + tail) << true << QByteArray() << 7 << quint64(987654);
        QTest::newRow("cut short") << QByteArray("42 (bash) S 1 0 0") << false << QByteArray() << 0 << quint64(0);
        QTest::newRow("no parenthesis") << QByteArray("42 bash S 1" + tail) << false << QByteArray() << 0 << quint64(0);
        QTest::newRow("pid not a number") << QByteArray("4x2 (bash) S 1" + tail) << false << QByteArray() << 0 << quint64(0);
        QTest::newRow("ppid out of range") << QByteArray("42 (bash) S 99999999999" + tail) << false << QByteArray() << 0 << quint64(0);
        QTest::newRow("empty") << QByteArray() << false << QByteArray() << 0 << quint64(0);
        QTest::newRow("only parens") << QByteArray(")(") << false << QByteArray() << 0 << quint64(0);
    }
    void stat()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        const auto f = parseStat(text);
        QCOMPARE(f.has_value(), valid);
        if (!valid)
            return;
        QFETCH(QByteArray, comm);
        QFETCH(int, ppid);
        QFETCH(quint64, start);
        QCOMPARE(f->pid, 42);
        QCOMPARE(f->comm, comm);
        QCOMPARE(f->ppid, ppid);
        QCOMPARE(f->startTime, start);
        QCOMPARE(f->numThreads, 3);
    }

    void status()
    {
        const auto f = parseStatus("Name:\tx\nTgid:\t12\nPPid:\t3\nUid:\t1000\t0\t0\t0\nThreads:\t4\nNSpid:\t12\t5\t1\n");
        QVERIFY(f);
        QCOMPARE(f->tgid, 12);
        QCOMPARE(f->ppid, 3);
        QCOMPARE(f->uid, std::optional<quint32>(1000));
        QCOMPARE(f->threads, 4);
        QCOMPARE(f->nspid, (QList<qint32>{12, 5, 1}));
        QVERIFY(!parseStatus("Name:\tx\nPPid:\t3\n")); // no Tgid: not a status file
        QVERIFY(!parseStatus(""));
        const auto odd = parseStatus("Tgid:\t5\nUid:\tnope\nNSpid:\t5\tx\t1\nbroken line\n:\n");
        QVERIFY(odd);
        QVERIFY(!odd->uid);
        QCOMPARE(odd->nspid, (QList<qint32>{5, 1}));
    }

    void cmdline_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("kernel thread") << QByteArray() << QStringList();
        QTest::newRow("two args") << QByteArray("ls\0-l\0", 6) << QStringList{QStringLiteral("ls"), QStringLiteral("-l")};
        QTest::newRow("no trailing NUL") << QByteArray("nginx: master process") << QStringList{QStringLiteral("nginx: master process")};
        QTest::newRow("empty argument") << QByteArray("a\0\0b\0", 5) << QStringList{QStringLiteral("a"), QString(), QStringLiteral("b")};
        QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe\0", 3) << QStringList{QString(2, QChar(0xfffd))};
        QTest::newRow("newline kept") << QByteArray("a\nb\0", 4) << QStringList{QStringLiteral("a\nb")};
    }
    void cmdline()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, argv);
        QCOMPARE(parseCmdline(text), argv);
    }

    void namespaceLink_data()
    {
        QTest::addColumn<QByteArray>("link");
        QTest::addColumn<int>("type"); // -1: rejected
        QTest::addColumn<quint64>("id");
        QTest::newRow("net") << QByteArray("net:[4026531833]") << int(NamespaceType::Net) << quint64(4026531833);
        QTest::newRow("time") << QByteArray("time:[4026531834]") << int(NamespaceType::Time) << quint64(4026531834);
        QTest::newRow("cgroup") << QByteArray("cgroup:[1]") << int(NamespaceType::Cgroup) << quint64(1);
        QTest::newRow("unknown type") << QByteArray("nett:[1]") << -1 << quint64(0);
        QTest::newRow("socket") << QByteArray("socket:[1234]") << -1 << quint64(0);
        QTest::newRow("not a number") << QByteArray("net:[oops]") << -1 << quint64(0);
        QTest::newRow("zero") << QByteArray("net:[0]") << -1 << quint64(0);
        QTest::newRow("no brackets") << QByteArray("net:4026531833") << -1 << quint64(0);
        QTest::newRow("overflow") << QByteArray("net:[99999999999999999999999]") << -1 << quint64(0);
        QTest::newRow("path") << QByteArray("/dev/null") << -1 << quint64(0);
        QTest::newRow("empty") << QByteArray() << -1 << quint64(0);
    }
    void namespaceLink()
    {
        QFETCH(QByteArray, link);
        QFETCH(int, type);
        QFETCH(quint64, id);
        const auto parsed = parseNamespaceLink(std::string_view(link.constData(), std::size_t(link.size())));
        QCOMPARE(parsed.has_value(), type >= 0);
        if (parsed) {
            QCOMPARE(int(parsed->type), type);
            QCOMPARE(parsed->id, id);
        }
    }

    void mountinfo()
    {
        const auto m = parseNsfsMountinfoLine("301 22 0:4 net:[4026532900] /run/netns/a\\040b rw shared:5 - nsfs nsfs rw");
        QVERIFY(m);
        QCOMPARE(m->ns.type, NamespaceType::Net);
        QCOMPARE(m->ns.id, NamespaceId(4026532900));
        QCOMPARE(m->mountPoint, QStringLiteral("/run/netns/a b"));
        QVERIFY(!parseNsfsMountinfoLine("22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw"));
        QVERIFY(!parseNsfsMountinfoLine("301 22 0:4 garbage /x rw - nsfs nsfs rw"));
        QVERIFY(!parseNsfsMountinfoLine("nonsense"));
        QVERIFY(!parseNsfsMountinfoLine(" - nsfs"));
        const auto tail = parseNsfsMountinfoLine("1 2 0:4 mnt:[5] /trailing\\ rw - nsfs nsfs rw");
        QVERIFY(tail);
        QCOMPARE(tail->mountPoint, QStringLiteral("/trailing\\"));
        const auto badOctal = parseNsfsMountinfoLine("1 2 0:4 mnt:[5] /a\\999 rw - nsfs nsfs rw");
        QVERIFY(badOctal);
        QCOMPARE(badOctal->mountPoint, QStringLiteral("/a\\999"));
    }

    void idMap()
    {
        QCOMPARE(parseIdMap("         0       1000          1\n         1     100000      65536\n"),
                 (QList<IdMapRange>{{0, 1000, 1}, {1, 100000, 65536}}));
        QCOMPARE(parseIdMap("0 0 4294967295\n"), (QList<IdMapRange>{{0, 0, 4294967295u}}));
        QCOMPARE(parseIdMap("0 0\n1 2 3 4\nx y z\n5 6 7\n"), (QList<IdMapRange>{{5, 6, 7}}));
        QVERIFY(parseIdMap("").isEmpty());
    }

    void container_data()
    {
        QTest::addColumn<QByteArray>("cgroup");
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        const QByteArray hex = QByteArray("0123456789abcdef").repeated(4);
        const QString h = QString::fromLatin1(hex);
        QTest::newRow("host") << QByteArray("0::/user.slice/user-1000.slice/session-2.scope\n") << QString() << QString() << QString();
        QTest::newRow("docker systemd") << QByteArray("0::/system.slice/docker-" + hex + ".scope\n") << QStringLiteral("docker") << h << QString();
        QTest::newRow("docker cgroupfs v1") << QByteArray("12:pids:/docker/" + hex + "\n11:cpu:/docker/" + hex + "\n") << QStringLiteral("docker") << h << QString();
        QTest::newRow("podman") << QByteArray("0::/machine.slice/libpod-" + hex + ".scope/container\n") << QStringLiteral("podman") << h << QString();
        QTest::newRow("podman conmon is not the container") << QByteArray("0::/machine.slice/libpod-conmon-" + hex + ".scope\n") << QString() << QString() << QString();
        QTest::newRow("rootless podman") << QByteArray("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + hex + ".scope\n") << QStringLiteral("podman") << h << QString();
        QTest::newRow("containerd in kubernetes")
            << QByteArray("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1a2b_3c4d.slice/cri-containerd-" + hex + ".scope\n")
            << QStringLiteral("containerd") << h << QStringLiteral("pod 1a2b_3c4d");
        QTest::newRow("cri-o") << QByteArray("0::/kubepods.slice/kubepods-pod77.slice/crio-" + hex + ".scope\n") << QStringLiteral("cri-o") << h << QStringLiteral("pod 77");
        QTest::newRow("kubernetes cgroupfs") << QByteArray("0::/kubepods/burstable/pod9f8e/" + hex + "\n") << QStringLiteral("kubernetes") << h << QStringLiteral("pod 9f8e");
        QTest::newRow("nspawn") << QByteArray("0::/machine.slice/machine-deb\\x2dtest.scope/payload\n") << QStringLiteral("systemd-nspawn") << QStringLiteral("deb-test") << QStringLiteral("deb-test");
        QTest::newRow("lxc 4") << QByteArray("0::/lxc.payload.web1/init.scope\n") << QStringLiteral("lxc") << QStringLiteral("web1") << QStringLiteral("web1");
        QTest::newRow("lxc monitor") << QByteArray("0::/lxc.monitor.web1\n") << QString() << QString() << QString();
        QTest::newRow("lxc old") << QByteArray("4:memory:/lxc/db\n") << QStringLiteral("lxc") << QStringLiteral("db") << QStringLiteral("db");
        QTest::newRow("short id is not an id") << QByteArray("0::/docker/abc\n") << QString() << QString() << QString();
        QTest::newRow("garbage") << QByteArray("::::\n\n:\xff\xfe\n") << QString() << QString() << QString();
    }
    void container()
    {
        QFETCH(QByteArray, cgroup);
        QFETCH(QString, engine);
        QFETCH(QString, id);
        QFETCH(QString, name);
        const auto label = parseContainerFromCgroup(cgroup);
        QCOMPARE(label.has_value(), !engine.isEmpty());
        if (label) {
            QCOMPARE(label->engine, engine);
            QCOMPARE(label->id, id);
            QCOMPARE(label->name, name);
        }
    }

    // Whatever bytes a file holds, every parser returns (under ASan/UBSan in CI, so a stray read fails the run).
    void arbitraryBytes()
    {
        QRandomGenerator rng(20261130);
        const QByteArray alphabet("0123456789 ()[]:\\\n\t-net:[pid/docker-libpod.scope\0\xff\xc3", 42);
        for (int round = 0; round < 3000; ++round) {
            QByteArray text(int(rng.bounded(200)), Qt::Uninitialized);
            for (char &c : text)
                c = round % 2 ? alphabet.at(int(rng.bounded(int(alphabet.size())))) : char(rng.bounded(256));
            if (const auto stat = parseStat(text))
                QVERIFY(stat->comm.size() < text.size());
            if (const auto status = parseStatus(text))
                QVERIFY(status->nspid.size() <= text.size() / 2);
            QVERIFY(parseCmdline(text).size() <= text.size());
            parseNamespaceLink(std::string_view(text.constData(), std::size_t(text.size())));
            parseNsfsMountinfoLine(text);
            parseIdMap(text);
            if (const auto label = parseContainerFromCgroup(text))
                QVERIFY(!label->engine.isEmpty() && !label->id.isEmpty());
        }
    }

    void typeNames()
    {
        for (NamespaceType t : allNamespaceTypes)
            QCOMPARE(namespaceTypeFromName(QStringView(namespaceTypeName(t))), std::optional<NamespaceType>(t));
        QVERIFY(!namespaceTypeFromName(QStringView(u"nett")));
        QVERIFY(!namespaceTypeFromName(QStringView(u"")));
        QVERIFY(!namespaceTypeFromName(QStringView(u"a much too long name")));
    }
};

QTEST_GUILESS_MAIN(TestProcParse)
#include "tst_procparse.moc"
