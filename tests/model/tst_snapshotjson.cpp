#include "fixtures.h"

#include "snapshot/snapshotjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace nsviz;

class TestSnapshotJson : public QObject
{
    Q_OBJECT
private:
    SnapshotPtr m_fixture;
    QJsonObject m_doc;

    // The fixture document with one value replaced, addressed by a path of keys and indexes.
    QByteArray mutated(const QStringList &path, const QJsonValue &value) const
    {
        std::function<QJsonValue(const QJsonValue &, qsizetype)> set = [&](const QJsonValue &node, qsizetype i) -> QJsonValue {
            if (i == path.size())
                return value;
            bool isIndex = false;
            const int index = path[i].toInt(&isIndex);
            if (isIndex) {
                QJsonArray a = node.toArray();
                a[index] = set(a[index], i + 1);
                return a;
            }
            QJsonObject o = node.toObject();
            if (i + 1 == path.size() && value.isUndefined())
                o.remove(path[i]);
            else
                o[path[i]] = set(o[path[i]], i + 1);
            return o;
        };
        return QJsonDocument(set(m_doc, 0).toObject()).toJson(QJsonDocument::Compact);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        m_fixture = scanProc(options);
        m_doc = QJsonDocument::fromJson(writeSnapshotJson(*m_fixture)).object();
        QVERIFY(!m_doc.isEmpty());
    }

    void roundTrip()
    {
        const QByteArray json = writeSnapshotJson(*m_fixture);
        QVERIFY(!json.contains('\n')); // one snapshot per line in stream mode
        QString error;
        const SnapshotPtr back = readSnapshotJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->processes(), m_fixture->processes());
        QCOMPARE(back->namespaces(), m_fixture->namespaces());
        QCOMPARE(back->host(), m_fixture->host());
        QVERIFY(*back == *m_fixture);
        QCOMPARE(writeSnapshotJson(*back), json);
    }

    void schemaFields()
    {
        QCOMPARE(m_doc.value(QStringLiteral("schema")).toString(), QStringLiteral("nsviz-snapshot"));
        QCOMPARE(m_doc.value(QStringLiteral("version")).toInt(), 1);
        const QJsonObject p = m_doc.value(QStringLiteral("processes")).toArray().at(0).toObject();
        for (const char *key : {"pid", "ppid", "tgid", "comm", "cmdline", "uid", "state", "startTime", "nspid", "namespaces",
                                "threadsInOtherNamespaces", "container"})
            QVERIFY2(p.contains(QLatin1String(key)), key);
        const QJsonObject ns = p.value(QStringLiteral("namespaces")).toObject();
        for (const char *key : {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts", "pidForChildren", "timeForChildren"})
            QVERIFY2(ns.contains(QLatin1String(key)), key);
        const QJsonObject n = m_doc.value(QStringLiteral("namespaces")).toArray().at(0).toObject();
        for (const char *key : {"id", "dev", "type", "parent", "owner", "ownerUid", "initial", "tasks", "processes", "bindMounts", "fdHolders"})
            QVERIFY2(n.contains(QLatin1String(key)), key);
        for (const char *key : {"hostname", "kernel", "time", "scannerUid", "complete"})
            QVERIFY2(m_doc.value(QStringLiteral("host")).toObject().contains(QLatin1String(key)), key);
        QVERIFY(m_doc.value(QStringLiteral("inaccessible")).toObject().contains(QStringLiteral("processes")));
    }

    void hostileStringsSurvive()
    {
        const SnapshotPtr back = readSnapshotJson(writeSnapshotJson(*m_fixture));
        QCOMPARE(back->process(201)->comm, m_fixture->process(201)->comm);
        QVERIFY(back->process(201)->comm.contains(QLatin1Char('\n')));
    }

    void controlCharacters()
    {
        ProcessInfo p;
        p.pid = 7;
        p.comm = QStringLiteral("a\x01" "b\"c\\d\te\x7f");
        p.namespaces.set[NamespaceType::Net] = 5;
        NamespaceInfo n;
        n.id = 5;
        n.type = NamespaceType::Net;
        const Snapshot s({}, {p}, {n});
        const QByteArray json = writeSnapshotJson(s);
        QVERIFY(json.contains("a\\u0001b\\\"c\\\\d\\te\\u007f"));
        QString error;
        const SnapshotPtr back = readSnapshotJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->process(7)->comm, p.comm);
    }

    // Ids beyond 2^53 (a proc tree that is not the kernel's can name any 64-bit number): written so that no JSON
    // reader rounds them, and read back exactly; what another writer spells as a plain number is read exactly too.
    void largeIntegersRoundTrip()
    {
        constexpr NamespaceId huge = std::numeric_limits<quint64>::max();
        constexpr NamespaceId justAbove = (quint64(1) << 53) + 1;
        ProcessInfo p;
        p.pid = 7;
        p.startTime = (quint64(1) << 63) + 5;
        p.namespaces.set[NamespaceType::Net] = huge;
        p.namespaces.set[NamespaceType::User] = justAbove;
        p.namespaces.pidForChildren = huge - 1;
        NamespaceInfo net;
        net.id = huge;
        net.type = NamespaceType::Net;
        net.dev = quint64(1) << 60;
        net.owner = justAbove;
        net.processes = {7};
        net.bindMounts = {{QStringLiteral("/run/netns/x"), huge - 2}};
        NamespaceInfo user;
        user.id = justAbove;
        user.type = NamespaceType::User;
        user.parent = quint64(1) << 53; // exactly representable: stays a number
        const Snapshot s({}, {p}, {net, user});
        const QByteArray json = writeSnapshotJson(s);
        QVERIFY2(json.contains("\"id\":\"18446744073709551615\""), json.constData());
        QVERIFY(json.contains("\"parent\":9007199254740992,"));
        QString error;
        const SnapshotPtr back = readSnapshotJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == s);
        QCOMPARE(writeSnapshotJson(*back), json);

        QByteArray plain = json;
        plain.replace("\"9007199254740993\"", "9007199254740993");
        QVERIFY(plain != json);
        const SnapshotPtr fromNumbers = readSnapshotJson(plain, &error);
        QVERIFY2(fromNumbers, qPrintable(error));
        QCOMPARE(fromNumbers->findNamespace(justAbove)->id, justAbove);

        // Beyond 2^63 a JSON number cannot be read exactly by Qt: refused with a message, never rounded.
        QByteArray rounded = json;
        rounded.replace("\"id\":\"18446744073709551615\"", "\"id\":18446744073709551615");
        QVERIFY(!readSnapshotJson(rounded, &error));
        QVERIFY2(error.contains(QLatin1String("is not a valid integer here")), qPrintable(error));
        QVERIFY(!readSnapshotJson(mutated({QStringLiteral("processes"), QStringLiteral("0"), QStringLiteral("pid")}, QStringLiteral("12x")), &error));
        QVERIFY2(error.contains(QLatin1String("\"12x\" is not a valid integer here")), qPrintable(error));
    }

    void unknownFieldsIgnored()
    {
        QString error;
        const QByteArray doc = mutated({QStringLiteral("processes"), QStringLiteral("0"), QStringLiteral("futureField")}, QJsonObject{{QStringLiteral("x"), 1}});
        const SnapshotPtr s = readSnapshotJson(mutated({QStringLiteral("extra")}, 42), &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY2(readSnapshotJson(doc, &error), qPrintable(error));
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QString nsType = QStringLiteral("namespaces");
        QTest::newRow("not JSON") << QByteArray("{\"schema\": ") << QStringLiteral("not valid JSON at byte");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("(document): expected an object");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("wrong schema") << mutated({QStringLiteral("schema")}, QStringLiteral("lxkns")) << QStringLiteral("schema: not an nsviz snapshot");
        QTest::newRow("future version") << mutated({QStringLiteral("version")}, 2) << QStringLiteral("version: unsupported version 2");
        QTest::newRow("no version") << mutated({QStringLiteral("version")}, QJsonValue(QJsonValue::Undefined)) << QStringLiteral("version: missing");
        QTest::newRow("unknown type") << mutated({nsType, QStringLiteral("3"), QStringLiteral("type")}, QStringLiteral("nett"))
                                      << QStringLiteral("namespaces[3].type: unknown type \"nett\"");
        QTest::newRow("type not a string") << mutated({nsType, QStringLiteral("0"), QStringLiteral("type")}, 5)
                                           << QStringLiteral("namespaces[0].type: expected a string, found a number");
        QTest::newRow("id fractional") << mutated({nsType, QStringLiteral("1"), QStringLiteral("id")}, 1.5)
                                       << QStringLiteral("namespaces[1].id: 1.5 is not a valid integer here");
        QTest::newRow("id negative") << mutated({nsType, QStringLiteral("1"), QStringLiteral("id")}, -4)
                                     << QStringLiteral("namespaces[1].id: -4 is not a valid integer here");
        QTest::newRow("tasks not an array") << mutated({nsType, QStringLiteral("2"), QStringLiteral("tasks")}, QStringLiteral("1,2"))
                                            << QStringLiteral("namespaces[2].tasks: expected an array, found a string");
        QTest::newRow("task not a number") << mutated({nsType, QStringLiteral("2"), QStringLiteral("tasks"), QStringLiteral("0")}, true)
                                           << QStringLiteral("namespaces[2].tasks[0]: expected an integer, found a boolean");
        QTest::newRow("pid missing") << mutated({QStringLiteral("processes"), QStringLiteral("4"), QStringLiteral("pid")}, QJsonValue(QJsonValue::Undefined))
                                     << QStringLiteral("processes[4].pid: missing");
        QTest::newRow("pid zero") << mutated({QStringLiteral("processes"), QStringLiteral("4"), QStringLiteral("pid")}, 0)
                                  << QStringLiteral("processes[4].pid: 0 is not a process id");
        QTest::newRow("duplicate pid") << mutated({QStringLiteral("processes"), QStringLiteral("1"), QStringLiteral("pid")}, 1)
                                       << QStringLiteral("processes[1].pid: process 1 is listed twice");
        QTest::newRow("dangling namespace")
            << mutated({QStringLiteral("processes"), QStringLiteral("0"), QStringLiteral("namespaces"), QStringLiteral("net")}, 123)
            << QStringLiteral("processes[0].namespaces.net: namespace 123 is not in the namespaces list");
        QTest::newRow("uid map short")
            << mutated({nsType, QString::number(userIndex()), QStringLiteral("details"), QStringLiteral("uidMap"), QStringLiteral("0")}, QJsonArray{0, 1})
            << QStringLiteral("namespaces[%1].details.uidMap[0]: expected [inside, outside, count], found 2 values").arg(userIndex());
        QTest::newRow("bad time") << mutated({QStringLiteral("host"), QStringLiteral("time")}, QStringLiteral("yesterday"))
                                  << QStringLiteral("host.time: \"yesterday\" is not an RFC 3339 time");
        QTest::newRow("host missing") << mutated({QStringLiteral("host")}, QJsonValue(QJsonValue::Undefined))
                                      << QStringLiteral("host: expected an object, found missing");
        QTest::newRow("complete not bool") << mutated({QStringLiteral("host"), QStringLiteral("complete")}, QStringLiteral("yes"))
                                           << QStringLiteral("host.complete: expected true or false, found a string");
        QTest::newRow("huge number") << mutated({QStringLiteral("processes"), QStringLiteral("0"), QStringLiteral("ppid")}, 1e300)
                                     << QStringLiteral("processes[0].ppid: 1e+300 is not a valid integer here");
    }
    void rejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!readSnapshotJson(json, &error));
        QVERIFY2(error.startsWith(message), qPrintable(QStringLiteral("got: ") + error));
    }

    void everyTruncationIsRejected()
    {
        const QByteArray json = writeSnapshotJson(*m_fixture);
        for (qsizetype cut = 0; cut < json.size(); cut += 7) {
            QString error;
            QVERIFY(!readSnapshotJson(json.first(cut), &error));
            QVERIFY(!error.isEmpty());
        }
    }

private:
    int userIndex() const
    {
        const QJsonArray ns = m_doc.value(QStringLiteral("namespaces")).toArray();
        for (qsizetype i = 0; i < ns.size(); ++i) {
            const QJsonObject o = ns.at(i).toObject();
            if (o.value(QStringLiteral("id")).toDouble() == double(fixtures::basic::rootlessUser))
                return int(i);
        }
        return -1;
    }
};

QTEST_GUILESS_MAIN(TestSnapshotJson)
#include "tst_snapshotjson.moc"
