// Tests of readNamespaceDetails(): its parsers on inline text (including garbage, which must never crash them),
// the fixture proc tree, this test's own process, and, as root, a demo namespace set made with unshare(1) for
// the test and killed with its whole process group afterwards, also when an assertion fails.
#include "namespaceof.h"
#include "scan/namespacedetails.h"
#include "scan/procparse.h"

#include "childgroup.h"
#include "fixtures.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <bit>
#include <climits>

#include <unistd.h>

using namespace nsviz;
using namespace nsviz::detailsparse;
using namespace nsviz::testing;

namespace {

// The demo children sleep far longer than any test, and short enough that one surviving a crash of the test
// does not stay long.
const QString SleepSeconds = QStringLiteral("300");


// Whether a tcp socket (IPv4 or, as busybox nc binds "::", IPv6) listens on the port.
bool hasTcpListening(const QJsonObject &details, int port)
{
    const QJsonArray listening = details.value(QStringLiteral("listening")).toArray();
    return std::any_of(listening.begin(), listening.end(), [&](const QJsonValue &v) {
        const QJsonObject s = v.toObject();
        const QString proto = s.value(QStringLiteral("proto")).toString();
        return (proto == QLatin1String("tcp") || proto == QLatin1String("tcp6")) && s.value(QStringLiteral("port")).toInt() == port;
    });
}

QJsonObject findInterface(const QJsonObject &details, const QString &name)
{
    const QJsonArray interfaces = details.value(QStringLiteral("interfaces")).toArray();
    for (const QJsonValue &v : interfaces) {
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

QByteArray dump(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

constexpr bool littleEndian = std::endian::native == std::endian::little;

const QByteArray tcpHeader = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const QByteArray tcp6Header = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

} // namespace

class TestNamespaceDetails : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    // parsers
    void hexAddress_data();
    void hexAddress();
    void listeningTcp();
    void listeningTcp6AndUdp();
    void timensOffsets();
    void netDevNames();
    void cgroupRoot();
    void sysvIpcCount();
    void mountinfo();
    void garbageNeverCrashes();

    // readNamespaceDetails() without privileges
    void fixtureTree();
    void missingProcess();
    void ownProcess();
    void wrongNamespace();

    // as root, against namespaces made for the test
    void demoNamespaces();

private:
    bool m_root = false;
};

void TestNamespaceDetails::initTestCase()
{
    m_root = ::geteuid() == 0;
    // Forks of unshare(1) whose parent is killed first come back to us, so that ChildGroup can reap them.
    if (m_root)
        QVERIFY(becomeChildSubreaper());
}

void TestNamespaceDetails::hexAddress_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("text"); // empty: rejected

    // What an x86 (little-endian) kernel prints; the words would read the other way round on big-endian hosts.
    QTest::newRow("ipv4 loopback") << QByteArray("0100007F") << QStringLiteral("127.0.0.1");
    QTest::newRow("ipv4 any") << QByteArray("00000000") << QStringLiteral("0.0.0.0");
    QTest::newRow("ipv4 lower case") << QByteArray("01004d0a") << QStringLiteral("10.77.0.1");
    QTest::newRow("ipv6 loopback") << QByteArray("00000000000000000000000001000000") << QStringLiteral("::1");
    QTest::newRow("ipv6 any") << QByteArray("00000000000000000000000000000000") << QStringLiteral("::");
    QTest::newRow("ipv6 mapped ipv4") << QByteArray("0000000000000000FFFF00000100007F") << QStringLiteral("::ffff:127.0.0.1");
    QTest::newRow("ipv6 documentation") << QByteArray("B80D0120000000000000000001000000") << QStringLiteral("2001:db8::1");
    QTest::newRow("ipv6 link local") << QByteArray("000080FE00000000FF000002030000FE") << QStringLiteral("fe80::200:ff:fe00:3");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("7 digits") << QByteArray("0100007") << QString();
    QTest::newRow("9 digits") << QByteArray("0100007F0") << QString();
    QTest::newRow("16 digits") << QByteArray("0100007F0100007F") << QString();
    QTest::newRow("not hex") << QByteArray("0100007G") << QString();
    QTest::newRow("0x prefix") << QByteArray("0x00007F") << QString();
    QTest::newRow("sign") << QByteArray("+100007F") << QString();
    QTest::newRow("space") << QByteArray(" 100007F") << QString();
}

void TestNamespaceDetails::hexAddress()
{
    if (!littleEndian)
        QSKIP("the sample addresses are those of a little-endian kernel");
    QFETCH(QByteArray, hex);
    QFETCH(QString, text);
    const auto decoded = decodeHexAddress(hex);
    if (text.isEmpty()) {
        QVERIFY(!decoded);
    } else {
        QVERIFY(decoded);
        QCOMPARE(*decoded, text);
    }
}

void TestNamespaceDetails::listeningTcp()
{
    if (!littleEndian)
        QSKIP("the sample addresses are those of a little-endian kernel");
    const QByteArray text = tcpHeader
        + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30001 1 0000000000000000 100 0 0 10 0\n"
          "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30002 1 0000000000000000 100 0 0 10 0\n"
          "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 30003 1 0000000000000000 20 4 30 10 -1\n"
          "   3: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30004 1 0000000000000000 100 0 0 10 0\n"
          "   4: 0100007F:0050 00000000:0000 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000000000000\n";
    const QJsonArray sockets = parseListeningSockets(text, QStringLiteral("tcp"));
    // The established connection (01) and the TIME_WAIT one (06) are not listening; the SO_REUSEPORT twin of
    // 0.0.0.0:22 is reported once.
    const QJsonArray expected{
        QJsonObject{{QStringLiteral("proto"), QStringLiteral("tcp")}, {QStringLiteral("address"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), 8080}},
        QJsonObject{{QStringLiteral("proto"), QStringLiteral("tcp")}, {QStringLiteral("address"), QStringLiteral("0.0.0.0")}, {QStringLiteral("port"), 22}},
    };
    QCOMPARE(sockets, expected);
    QVERIFY(parseListeningSockets(tcpHeader, QStringLiteral("tcp")).isEmpty());
    QVERIFY(parseListeningSockets(QByteArray(), QStringLiteral("tcp")).isEmpty());
}

void TestNamespaceDetails::listeningTcp6AndUdp()
{
    if (!littleEndian)
        QSKIP("the sample addresses are those of a little-endian kernel");
    const QByteArray tcp6 = tcp6Header
        + "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40001 1 0000000000000000 100 0 0 10 0\n"
          "   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40002 1 0000000000000000 100 0 0 10 0\n";
    const QJsonArray sockets6 = parseListeningSockets(tcp6, QStringLiteral("tcp6"));
    QCOMPARE(sockets6.size(), 2);
    QCOMPARE(sockets6.at(0).toObject().value(QStringLiteral("address")).toString(), QStringLiteral("::"));
    QCOMPARE(sockets6.at(1).toObject().value(QStringLiteral("address")).toString(), QStringLiteral("::1"));
    QCOMPARE(sockets6.at(1).toObject().value(QStringLiteral("port")).toInt(), 631);
    QCOMPARE(sockets6.at(1).toObject().value(QStringLiteral("proto")).toString(), QStringLiteral("tcp6"));

    // udp: 07 is an unconnected (bound) socket, 01 a connected one; 0A means nothing for udp.
    const QByteArray udp = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
                           "  101: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 50001 2 0000000000000000 0\n"
                           "  102: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 50002 2 0000000000000000 0\n"
                           "  103: 00000000:0044 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50003 2 0000000000000000 0\n";
    const QJsonArray udpSockets = parseListeningSockets(udp, QStringLiteral("udp"));
    QCOMPARE(udpSockets.size(), 1);
    QCOMPARE(udpSockets.at(0).toObject().value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.53"));
    QCOMPARE(udpSockets.at(0).toObject().value(QStringLiteral("port")).toInt(), 53);

    // Cut short mid-line, as when the file grows while being read: the partial line is skipped.
    QVERIFY(parseListeningSockets(QByteArray(tcpHeader + "   0: 0100007F:1F"), QStringLiteral("tcp")).isEmpty());
    QVERIFY(parseListeningSockets("   0: 0100007F:1F90 00000000:0000", QStringLiteral("tcp")).isEmpty());
    // Port of the wrong width, address of the wrong width.
    QVERIFY(parseListeningSockets("   0: 0100007F:1F900 00000000:0000 0A\n", QStringLiteral("tcp")).isEmpty());
    QVERIFY(parseListeningSockets("   0: 100007F:1F90 00000000:0000 0A\n", QStringLiteral("tcp")).isEmpty());
    QVERIFY(parseListeningSockets("   0: 0100007F1F90 00000000:0000 0A\n", QStringLiteral("tcp")).isEmpty());
}

void TestNamespaceDetails::timensOffsets()
{
    QCOMPARE(parseTimensOffsets("monotonic           0         0\nboottime            0         0\n"),
             (QJsonObject{{QStringLiteral("monotonicOffset"), QJsonArray{0, 0}}, {QStringLiteral("boottimeOffset"), QJsonArray{0, 0}}}));
    QCOMPARE(parseTimensOffsets("monotonic        1000         5\nboottime         -2000 999999999\n"),
             (QJsonObject{{QStringLiteral("monotonicOffset"), QJsonArray{1000, 5}},
                          {QStringLiteral("boottimeOffset"), QJsonArray{-2000, 999999999}}}));
    // Clock ids instead of names, as kernels before 5.9 printed them.
    QCOMPARE(parseTimensOffsets("1 10 20\n7 30 40\n"),
             (QJsonObject{{QStringLiteral("monotonicOffset"), QJsonArray{10, 20}}, {QStringLiteral("boottimeOffset"), QJsonArray{30, 40}}}));
    // Unknown clocks, out-of-range nanoseconds, non-numbers, extra fields and a cut-off line are skipped.
    QCOMPARE(parseTimensOffsets("realtime 1 2\nmonotonic 1 1000000000\nboottime x 1\nmonotonic 1 2 3\nboottime 5"), QJsonObject());
    QCOMPARE(parseTimensOffsets("monotonic 99999999999999999999 0\nboottime 1 -1\n"), QJsonObject());
    QCOMPARE(parseTimensOffsets(QByteArray()), QJsonObject());
}

void TestNamespaceDetails::netDevNames()
{
    const QByteArray text = "Inter-|   Receive                                                |  Transmit\n"
                            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                            "    lo:    1234      12    0    0    0     0          0         0     1234      12    0    0    0     0       0          0\n"
                            "veth0@if5: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                            "  eth0:99 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                            "no colon here\n"
                            "   : 1 2 3\n"
                            "averyveryverylongname: 1\n";
    QCOMPARE(parseNetDevNames(text), (QStringList{QStringLiteral("lo"), QStringLiteral("veth0@if5"), QStringLiteral("eth0")}));
    QVERIFY(parseNetDevNames("    lo: 1 2\n").isEmpty()); // without the two header lines nothing is trusted
}

void TestNamespaceDetails::cgroupRoot()
{
    QCOMPARE(parseCgroupRoot("0::/user.slice/user-1000.slice/session-2.scope\n"), QStringLiteral("/user.slice/user-1000.slice/session-2.scope"));
    // Hybrid v1/v2: the unified line wins even when it is not first.
    QCOMPARE(parseCgroupRoot("12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n0::/system.slice/docker-abc.scope\n"),
             QStringLiteral("/system.slice/docker-abc.scope"));
    // v1 only: the first line.
    QCOMPARE(parseCgroupRoot("12:cpu,cpuacct:/docker/abc\n11:memory:/other\n"), QStringLiteral("/docker/abc"));
    // A path with ':' in it.
    QCOMPARE(parseCgroupRoot("0::/a:b/c\n"), QStringLiteral("/a:b/c"));
    QCOMPARE(parseCgroupRoot("garbage\n1:2\n0::relative\n"), QString());
    QCOMPARE(parseCgroupRoot(QByteArray()), QString());
}

void TestNamespaceDetails::sysvIpcCount()
{
    const QByteArray header = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n";
    QCOMPARE(countSysvIpcEntries(header), 0);
    QCOMPARE(countSysvIpcEntries(QByteArray(header + "-1006192889          0   644                  4096  3499     0      0     0     0     0     0          0          0 1796015844                     0                     0\n")), 1);
    QCOMPARE(countSysvIpcEntries(QByteArray(header + "a\nb\n\n   \nc")), 3);
    QCOMPARE(countSysvIpcEntries(QByteArray()), 0);
}

void TestNamespaceDetails::mountinfo()
{
    const QByteArray text =
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
        "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
        "this line is not a mount\n"
        "24 22 0:45 / /mnt/with\\040space rw,relatime shared:30 - tmpfs none rw,size=1024k\n"
        "25 22 0:4 net:[4026532900] /run/netns/demo rw shared:5 - nsfs nsfs rw\n";
    const QJsonObject parsed = parseMountinfo(text);
    QVERIFY2(!parsed.contains(QStringLiteral("error")), dump(parsed).constData());
    QCOMPARE(parsed.value(QStringLiteral("mounts")).toInt(), 4);
    QCOMPARE(parsed.value(QStringLiteral("unparsedLines")).toInt(), 1);
    const QJsonArray list = parsed.value(QStringLiteral("mountList")).toArray();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.at(0).toObject(),
             (QJsonObject{{QStringLiteral("target"), QStringLiteral("/")}, {QStringLiteral("source"), QStringLiteral("/dev/sda1")},
                          {QStringLiteral("fstype"), QStringLiteral("ext4")},
                          {QStringLiteral("options"), QStringLiteral("rw,relatime,errors=remount-ro")}}));
    QCOMPARE(list.at(2).toObject().value(QStringLiteral("target")).toString(), QStringLiteral("/mnt/with space"));
    QCOMPARE(list.at(3).toObject().value(QStringLiteral("fstype")).toString(), QStringLiteral("nsfs"));

    // The list is cut at maxListed; the count is not.
    const QJsonObject capped = parseMountinfo(text, 2);
    QCOMPARE(capped.value(QStringLiteral("mounts")).toInt(), 4);
    QCOMPARE(capped.value(QStringLiteral("mountList")).toArray().size(), 2);

    const QJsonObject empty = parseMountinfo(QByteArray());
    QCOMPARE(empty.value(QStringLiteral("mounts")).toInt(), 0);
    QVERIFY(empty.value(QStringLiteral("mountList")).toArray().isEmpty());
}

void TestNamespaceDetails::garbageNeverCrashes()
{
    // Valid samples cut at every length, and random bytes: the parsers may return anything but must return.
    const QList<QByteArray> samples{
        tcpHeader + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30001 1\n",
        tcp6Header + "   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 0\n",
        "monotonic 1000 0\nboottime -5 7\n",
        "Inter-|\n face |\n lo: 1 2 3\n",
        "0::/a/b\n1:cpu:/c\n",
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n23 22 0:21 / /p\\040q rw - proc proc rw\n",
    };
    auto feed = [](QByteArrayView text) {
        (void)decodeHexAddress(text);
        (void)decodeHexAddress(text.first(std::min<qsizetype>(text.size(), 8)));
        (void)decodeHexAddress(text.first(std::min<qsizetype>(text.size(), 32)));
        (void)parseListeningSockets(text, QStringLiteral("tcp"));
        (void)parseListeningSockets(text, QStringLiteral("udp6"));
        (void)parseTimensOffsets(text);
        (void)parseNetDevNames(text);
        (void)parseCgroupRoot(text);
        (void)countSysvIpcEntries(text);
        (void)parseMountinfo(text, 5);
    };
    for (const QByteArray &sample : samples) {
        for (qsizetype n = 0; n <= sample.size(); ++n)
            feed(QByteArrayView(sample).first(n));
    }
    QRandomGenerator random(20240501); // fixed seed: a failure can be reproduced
    const QByteArray alphabet = QByteArrayLiteral("0123456789abcdefABCDEF:/ \t\n\\-x") + QByteArray(1, '\0') + "\xff\x80";
    for (int i = 0; i < 2000; ++i) {
        QByteArray text(random.bounded(1, 400), Qt::Uninitialized);
        const bool anyByte = i % 2 == 0;
        for (char &c : text)
            c = anyByte ? char(random.bounded(256)) : alphabet.at(random.bounded(int(alphabet.size())));
        feed(text);
    }
    // A mount line longer than libmount's line buffer and a /proc/net line with thousands of fields.
    feed(QByteArray(QByteArray("22 1 8:1 / /") + QByteArray(100000, 'a') + " rw - ext4 /dev/x rw\n"));
    feed(QByteArray(QByteArray("0: ") + QByteArray(50000, ' ') + QByteArray(10000, '0') + "\n"));
}

void TestNamespaceDetails::fixtureTree()
{
    // The fixture's ns entries are plain symlinks: membership can be checked, files read, but nothing entered.
    using namespace fixtures::basic;
    const QString root = fixtures::procBasic();
    const QJsonObject pid = readNamespaceDetails({root, NamespaceType::Pid, hostPid, 100});
    QCOMPARE(pid, (QJsonObject{{QStringLiteral("pidOfFirstMember"), 100}}));
    const QJsonObject cgroup = readNamespaceDetails({root, NamespaceType::Cgroup, 4026531835, 100});
    QCOMPARE(cgroup, (QJsonObject{{QStringLiteral("root"), QStringLiteral("/")}}));
    // Files the fixture does not have, or a namespace the process is not in, give an error, not a crash.
    for (NamespaceType type : allNamespaceTypes) {
        const QJsonObject wrong = readNamespaceDetails({root, type, 1, 100});
        QVERIFY2(wrong.value(QStringLiteral("error")).toString().contains(QStringLiteral("no longer in")), dump(wrong).constData());
    }
    const QJsonObject net = readNamespaceDetails({root, NamespaceType::Net, hostNet, 100});
    QVERIFY2(net.contains(QStringLiteral("error")), dump(net).constData());
    const QJsonObject uts = readNamespaceDetails({root, NamespaceType::Uts, hostUts, 100});
    QVERIFY2(uts.contains(QStringLiteral("error")), dump(uts).constData());
}

void TestNamespaceDetails::missingProcess()
{
    for (qint32 pid : {0, -5, INT_MAX}) {
        const QJsonObject details = readNamespaceDetails({QStringLiteral("/proc"), NamespaceType::Net, 4026531840, pid});
        QVERIFY2(details.contains(QStringLiteral("error")), dump(details).constData());
        QCOMPARE(details.size(), 1);
    }
    const QJsonObject details = readNamespaceDetails({QStringLiteral("/nonexistent-proc"), NamespaceType::Mnt, 1, 1});
    QVERIFY(details.value(QStringLiteral("error")).toString().contains(QStringLiteral("exited")));
}

// Reads every type of this process's own namespaces. Asserts only what holds on any host: no error where no
// privilege is needed, and the shape of the answer.
void TestNamespaceDetails::ownProcess()
{
    const qint32 self = qint32(::getpid());
    auto read = [&](NamespaceType type) {
        const NamespaceId id = namespaceOf(self, type);
        return id ? readNamespaceDetails({QStringLiteral("/proc"), type, id, self}) : QJsonObject{};
    };

    const QJsonObject mnt = read(NamespaceType::Mnt);
    QVERIFY2(!mnt.contains(QStringLiteral("error")), dump(mnt).constData());
    QVERIFY(mnt.value(QStringLiteral("mounts")).toInt() > 0);
    QCOMPARE(mnt.value(QStringLiteral("mountList")).toArray().size(), std::min(2000, mnt.value(QStringLiteral("mounts")).toInt()));

    const QJsonObject user = read(NamespaceType::User);
    QVERIFY2(!user.contains(QStringLiteral("error")), dump(user).constData());
    QVERIFY(!user.value(QStringLiteral("uidMap")).toArray().isEmpty());
    QVERIFY(!user.value(QStringLiteral("gidMap")).toArray().isEmpty());
    QVERIFY(user.contains(QStringLiteral("setgroups")));

    const QJsonObject pid = read(NamespaceType::Pid);
    QVERIFY2(pid.value(QStringLiteral("pidOfFirstMember")).toInt() > 0, dump(pid).constData());

    const QJsonObject cgroup = read(NamespaceType::Cgroup);
    QVERIFY2(cgroup.value(QStringLiteral("root")).toString().startsWith(QLatin1Char('/')), dump(cgroup).constData());

    if (namespaceOf(self, NamespaceType::Time)) {
        const QJsonObject time = read(NamespaceType::Time);
        QVERIFY2(time.value(QStringLiteral("monotonicOffset")).toArray().size() == 2, dump(time).constData());
    }

    // Entering even one's own namespace needs CAP_SYS_ADMIN; without it, net still lists names and sockets.
    const QJsonObject net = read(NamespaceType::Net);
    QVERIFY2(!net.contains(QStringLiteral("error")), dump(net).constData());
    QVERIFY(!net.value(QStringLiteral("interfaces")).toArray().isEmpty());
    QVERIFY(net.value(QStringLiteral("listening")).isArray());
    QCOMPARE(net.contains(QStringLiteral("note")), !m_root);

    const QJsonObject uts = read(NamespaceType::Uts);
    const QJsonObject ipc = read(NamespaceType::Ipc);
    if (m_root) {
        QVERIFY2(uts.contains(QStringLiteral("hostname")), dump(uts).constData());
        QVERIFY2(ipc.contains(QStringLiteral("shm")), dump(ipc).constData());
        // Entering happened in a thread that is gone: this thread is where it was.
        QCOMPARE(namespaceOf(qint32(::gettid()), NamespaceType::Net), namespaceOf(self, NamespaceType::Net));
    } else {
        QVERIFY2(uts.value(QStringLiteral("error")).toString().contains(QStringLiteral("CAP_SYS_ADMIN")), dump(uts).constData());
        QVERIFY2(ipc.value(QStringLiteral("error")).toString().contains(QStringLiteral("CAP_SYS_ADMIN")), dump(ipc).constData());
    }
}

void TestNamespaceDetails::wrongNamespace()
{
    const qint32 self = qint32(::getpid());
    for (NamespaceType type : allNamespaceTypes) {
        const NamespaceId id = namespaceOf(self, type);
        if (!id)
            continue;
        const QJsonObject details = readNamespaceDetails({QStringLiteral("/proc"), type, id + 1, self});
        QVERIFY2(details.value(QStringLiteral("error")).toString().contains(QStringLiteral("no longer in")), dump(details).constData());
    }
}

void TestNamespaceDetails::demoNamespaces()
{
    if (!m_root)
        QSKIP("needs root to create and enter namespaces (run the test as root to include this part)");
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    const QString nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"));
    const QString busybox = QStandardPaths::findExecutable(QStringLiteral("busybox"));
    const QString ipcmk = QStandardPaths::findExecutable(QStringLiteral("ipcmk"));
    const QString ipcrm = QStandardPaths::findExecutable(QStringLiteral("ipcrm"));
    if (unshare.isEmpty() || nsenter.isEmpty() || ipcmk.isEmpty() || ipcrm.isEmpty())
        QSKIP("needs unshare, nsenter, ipcmk and ipcrm from util-linux");
    if (busybox.isEmpty())
        QSKIP("needs busybox for its nc");

    // A pid and, where the kernel has them, a time namespace too, so their details have something to show.
    const bool timeNamespaces = QFile::exists(QStringLiteral("/proc/self/ns/time"));
    QStringList args{QStringLiteral("--net"), QStringLiteral("--uts"), QStringLiteral("--ipc"), QStringLiteral("--pid")};
    if (timeNamespaces)
        args << QStringLiteral("--time") << QStringLiteral("--monotonic") << QStringLiteral("1000") << QStringLiteral("--boottime")
             << QStringLiteral("2000");
    args << QStringLiteral("--fork") << QStringLiteral("--kill-child") << QStringLiteral("sh") << QStringLiteral("-c")
         << QStringLiteral("hostname nsviz-demo && ip link set lo up && ip addr add 10.77.0.1/32 dev lo && exec sleep ")
            + SleepSeconds;
    ChildGroup demo(unshare, args, ChildGroup::Channels::Merged);
    QVERIFY2(demo.isStarted(), qPrintable(demo.process().errorString()));

    // sleep runs once the shell has set everything up (it only execs on success).
    const qint32 member = demo.waitForTask("sleep");
    QVERIFY2(member > 0, demo.process().readAll().constData());

    const NamespaceId net = namespaceOf(member, NamespaceType::Net);
    const NamespaceId uts = namespaceOf(member, NamespaceType::Uts);
    const NamespaceId ipc = namespaceOf(member, NamespaceType::Ipc);
    QVERIFY(net && net != namespaceOf(::getpid(), NamespaceType::Net));
    QVERIFY(uts && uts != namespaceOf(::getpid(), NamespaceType::Uts));
    QVERIFY(ipc && ipc != namespaceOf(::getpid(), NamespaceType::Ipc));

    auto details = [&](NamespaceType type, NamespaceId id) { return readNamespaceDetails({QStringLiteral("/proc"), type, id, member}); };

    // uts
    const QJsonObject utsDetails = details(NamespaceType::Uts, uts);
    QCOMPARE(utsDetails.value(QStringLiteral("hostname")).toString(), QStringLiteral("nsviz-demo"));
    QVERIFY(utsDetails.contains(QStringLiteral("domainname")));

    // net: a listener inside the namespace only; nothing is sent anywhere.
    ChildGroup listener(nsenter, {QStringLiteral("-t"), QString::number(member), QStringLiteral("-n"), busybox, QStringLiteral("nc"),
                                  QStringLiteral("-l"), QStringLiteral("-p"), QStringLiteral("8080")},
                        ChildGroup::Channels::Merged);
    QVERIFY2(listener.isStarted(), qPrintable(listener.process().errorString()));
    QJsonObject netDetails;
    QTRY_VERIFY2_WITH_TIMEOUT(hasTcpListening(netDetails = details(NamespaceType::Net, net), 8080)
                                  || listener.process().state() != QProcess::Running,
                              dump(netDetails).constData(), 10000);
    QVERIFY2(hasTcpListening(netDetails, 8080), listener.process().readAll().constData());
    QVERIFY2(!netDetails.contains(QStringLiteral("note")), dump(netDetails).constData());
    const QJsonObject lo = findInterface(netDetails, QStringLiteral("lo"));
    QCOMPARE(lo.value(QStringLiteral("state")).toString(), QStringLiteral("up"));
    QCOMPARE(lo.value(QStringLiteral("kind")).toString(), QStringLiteral("loopback"));
    const QStringList loAddresses = lo.value(QStringLiteral("addresses")).toVariant().toStringList();
    QVERIFY2(loAddresses.contains(QStringLiteral("10.77.0.1")), dump(netDetails).constData());
    QVERIFY(loAddresses.contains(QStringLiteral("127.0.0.1")));
    // A fresh net namespace has only lo (and, with some modules loaded, their fallback devices, which are down).
    const QJsonArray interfaces = netDetails.value(QStringLiteral("interfaces")).toArray();
    for (const QJsonValue &v : interfaces) {
        if (v.toObject().value(QStringLiteral("name")).toString() != QStringLiteral("lo"))
            QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("down"));
    }

    // ipc: empty, then one shared memory segment made inside, then empty again.
    const QJsonObject emptyIpc{{QStringLiteral("shm"), 0}, {QStringLiteral("sem"), 0}, {QStringLiteral("msg"), 0}};
    QCOMPARE(details(NamespaceType::Ipc, ipc), emptyIpc);
    const QStringList inIpc{QStringLiteral("-t"), QString::number(member), QStringLiteral("-i")};
    QCOMPARE(runCommand(nsenter, inIpc + QStringList{ipcmk, QStringLiteral("-M"), QStringLiteral("4096")}, SetupTimeoutMs).normalExitCode(), 0);
    const QJsonObject oneSegment = details(NamespaceType::Ipc, ipc);
    const int removed = runCommand(nsenter, inIpc + QStringList{ipcrm, QStringLiteral("--all=shm")}, SetupTimeoutMs).normalExitCode();
    QCOMPARE(oneSegment, (QJsonObject{{QStringLiteral("shm"), 1}, {QStringLiteral("sem"), 0}, {QStringLiteral("msg"), 0}}));
    QCOMPARE(removed, 0);
    QCOMPARE(details(NamespaceType::Ipc, ipc), emptyIpc);

    // pid: the shell was the first process of the new pid namespace, and sleep is that process.
    const QJsonObject pidDetails = details(NamespaceType::Pid, namespaceOf(member, NamespaceType::Pid));
    QCOMPARE(pidDetails, (QJsonObject{{QStringLiteral("pidOfFirstMember"), 1}}));

    if (timeNamespaces) {
        const QJsonObject timeDetails = details(NamespaceType::Time, namespaceOf(member, NamespaceType::Time));
        QCOMPARE(timeDetails, (QJsonObject{{QStringLiteral("monotonicOffset"), QJsonArray{1000, 0}},
                                           {QStringLiteral("boottimeOffset"), QJsonArray{2000, 0}}}));
        // unshare(1) itself called unshare(CLONE_NEWTIME) and forked: its time_for_children is the new one, its own
        // time namespace the old one, and timens_offsets would show the wrong one for it.
        const qint32 parent = demo.pid();
        const NamespaceId parentTime = namespaceOf(parent, NamespaceType::Time);
        const QJsonObject parentDetails = readNamespaceDetails({QStringLiteral("/proc"), NamespaceType::Time, parentTime, parent});
        QVERIFY2(parentDetails.value(QStringLiteral("error")).toString().contains(QStringLiteral("children")), dump(parentDetails).constData());
    }

    // Once the process is gone, its details are an error, not stale data.
    listener.stop();
    demo.stop();
    const QJsonObject gone = details(NamespaceType::Uts, uts);
    QVERIFY2(gone.contains(QStringLiteral("error")), dump(gone).constData());
}

QTEST_GUILESS_MAIN(TestNamespaceDetails)
#include "tst_namespacedetails.moc"
