// Lessons as data: every built-in lesson parses and names only presets, containers and outputs that exist; a damaged
// lesson is refused with where and what; each kind of check is decided from the snapshot the way the class would
// read it (passing and failing), and the texts go through the translator.
#include "lessons/lesson.h"
#include "lessons/lessonrecording.h"
#include "lessons/lessonrunner.h"
#include "live/recording.h"
#include "live/snapshothistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace nsviz;

namespace {

QByteArray lessonJson(const QJsonArray &steps)
{
    QJsonObject o{{QStringLiteral("schema"), QStringLiteral("nsviz-lesson")}, {QStringLiteral("version"), 1},
                  {QStringLiteral("title"), QStringLiteral("T")}, {QStringLiteral("summary"), QStringLiteral("S")},
                  {QStringLiteral("source"), QStringLiteral("test")}, {QStringLiteral("steps"), steps}};
    return QJsonDocument(o).toJson();
}

QJsonObject step(const QJsonArray &actions, const QJsonArray &checks = {})
{
    return {{QStringLiteral("caption"), QStringLiteral("c")}, {QStringLiteral("narration"), QStringLiteral("n")},
            {QStringLiteral("actions"), actions}, {QStringLiteral("checks"), checks}};
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

const QJsonObject startBox = obj(R"({"action": "start", "container": {"name": "box", "namespaces": ["pid", "net"], "root": "host", "command": ["sleep", "1"]}})");

// A host of three processes: nsviz (1000) in the host's namespaces, a container's init (2000, PID 1 inside) and its
// child (2001), with a net namespace kept by a bind mount after its container ended.
struct World
{
    LessonWorld w;
    World()
    {
        NamespaceSet host, box;
        for (NamespaceType t : allNamespaceTypes) {
            host[t] = 4026531830 + int(t);
            box[t] = host[t];
        }
        for (NamespaceType t : {NamespaceType::Pid, NamespaceType::Net, NamespaceType::Uts, NamespaceType::User})
            box[t] = 4026532200 + int(t);
        auto process = [](qint32 pid, const NamespaceSet &set, QList<qint32> nspid) {
            ProcessInfo p;
            p.pid = p.tgid = pid;
            p.cmdline = {QStringLiteral("sleep")};
            p.namespaces.set = set;
            p.nspid = std::move(nspid);
            return p;
        };
        std::vector<ProcessInfo> ps{process(1000, host, {1000}), process(2000, box, {2000, 1}), process(2001, box, {2001, 2})};
        std::vector<NamespaceInfo> ns;
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo n;
            n.type = t;
            n.id = host[t];
            n.tasks = {1000};
            n.processes = {1000};
            ns.push_back(n);
            if (box[t] != host[t]) {
                NamespaceInfo b = n;
                b.id = box[t];
                b.tasks = b.processes = {2000, 2001};
                if (t == NamespaceType::Uts)
                    b.details.insert(QStringLiteral("hostname"), QStringLiteral("demo-kestrel"));
                if (t == NamespaceType::User)
                    b.uidMap = {{0, 65534, 1}};
                ns.push_back(b);
            }
        }
        NamespaceInfo kept;
        kept.type = NamespaceType::Net;
        kept.id = 4026532999;
        kept.bindMounts = {{QStringLiteral("/tmp/x/gone-net"), host[NamespaceType::Mnt]}};
        ns.push_back(kept);
        w.snapshot = std::make_shared<Snapshot>(HostInfo{}, std::move(ps), std::move(ns));
        w.self = host;
        w.invokerUid = 0;
        w.containers.insert(QStringLiteral("box"), {QStringLiteral("box"), QStringLiteral("1"), 2000, box, true, {8080}, {}});
        w.containers.insert(QStringLiteral("twin"), {QStringLiteral("twin"), QStringLiteral("2"), 2001, box, true, {}, {}});
        NamespaceSet goneSet = host;
        goneSet[NamespaceType::Net] = 4026532999;
        goneSet[NamespaceType::Pid] = 4026532888;
        w.containers.insert(QStringLiteral("gone"), {QStringLiteral("gone"), QStringLiteral("3"), 3000, goneSet, false, {}, {}});
        LessonOutcome out;
        out.hasOutput = true;
        out.output = "1: lo: <LOOPBACK> mtu 65536\n";
        w.outcomes = {out};
    }
};

LessonCheck check(const char *json)
{
    // Parsed the way a lesson file is: through a one-step lesson that starts the containers it names.
    const QJsonArray starts = {
        obj(R"({"action": "start", "container": {"name": "box", "namespaces": ["pid"], "root": "host", "command": ["sleep", "1"]}})"),
        obj(R"({"action": "start", "container": {"name": "twin", "namespaces": ["pid"], "root": "host", "command": ["sleep", "1"]}})"),
        obj(R"({"action": "start", "container": {"name": "gone", "namespaces": ["pid"], "root": "host", "command": ["sleep", "1"]}})"),
        obj(R"({"action": "exec", "container": "box", "command": ["ip", "link"]})")};
    QString error;
    const std::optional<Lesson> l = Lesson::parse(lessonJson({step(starts, {obj(json)})}), QStringLiteral("t"), &error);
    if (!l)
        qFatal("%s", qPrintable(error));
    return l->steps[0].checks[0];
}

class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        return qstrcmp(context, "Lesson") == 0 ? QStringLiteral("«%1»").arg(QString::fromUtf8(source)) : QString();
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInLessonsParse()
    {
        QStringList errors;
        const QList<Lesson> lessons = builtInLessons(&errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        const QStringList files = QDir(QStringLiteral(":/nsviz/lessons")).entryList({QStringLiteral("*.json")});
        QCOMPARE(lessons.size(), files.size());
        QStringList ids;
        for (const Lesson &l : lessons) {
            ids << l.id;
            QVERIFY2(!l.steps.isEmpty(), qPrintable(l.id));
            for (const LessonStep &s : l.steps) {
                QVERIFY2(!s.caption.isEmpty() && !s.narration.isEmpty(), qPrintable(l.id));
                // Every step shows the class something it can check, and gives something to type at home.
                QVERIFY2(!s.checks.isEmpty(), qPrintable(l.id + QStringLiteral(": ") + s.caption));
                QVERIFY2(!s.tryCommands.isEmpty(), qPrintable(l.id + QStringLiteral(": ") + s.caption));
                for (const LessonCheck &c : s.checks)
                    QVERIFY2(!c.describe().isEmpty(), qPrintable(l.id));
            }
        }
        // One for every example of the chapter and each lab case the issue names.
        for (const char *id : {"collection", "web-servers", "own-filesystem", "own-pid1", "own-hostname", "root-inside",
                               "isolated-ipc", "list-namespaces", "new-netns", "veth", "pinned-netns", "pid-ns-ends", "pod"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QCOMPARE(ids.first(), QStringLiteral("collection"));
        QVERIFY(findLesson(QStringLiteral("pod")));
        QString error;
        QVERIFY(!findLesson(QStringLiteral("no-such"), &error));
        QVERIFY2(error.contains(QStringLiteral("nsviz lesson list")), qPrintable(error));
    }

    void rootIsSaidPerStep()
    {
        const std::optional<Lesson> veth = findLesson(QStringLiteral("veth"));
        QVERIFY(veth && veth->needsRoot());
        QVERIFY(Lesson::whyRoot(veth->steps[0]).contains(QStringLiteral("veth")));
        QVERIFY(Lesson::whyRoot(veth->steps[1]).contains(QStringLiteral("raw socket")));
        const std::optional<Lesson> pinned = findLesson(QStringLiteral("pinned-netns"));
        QVERIFY(pinned && Lesson::whyRoot(pinned->steps[0]).isEmpty());
        QVERIFY(Lesson::whyRoot(pinned->steps[1]).contains(QStringLiteral("bind mount")));
        const std::optional<Lesson> web = findLesson(QStringLiteral("web-servers"));
        QVERIFY(web && !web->needsRoot());
    }

    void damagedLessonsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        QTest::newRow("not json") << QByteArray("{") << "not JSON";
        QTest::newRow("array") << QByteArray("[]") << "a JSON object";
        QByteArray wrongSchema = lessonJson({step({startBox})});
        wrongSchema.replace("nsviz-lesson", "nsviz-guide");
        QTest::newRow("schema") << wrongSchema << "\"schema\" must be";
        QByteArray newer = lessonJson({step({startBox})});
        newer.replace("\"version\": 1", "\"version\": 2");
        QTest::newRow("newer") << newer << "newer than this nsviz reads";
        QTest::newRow("no steps") << lessonJson({}) << "\"steps\" must be a non-empty list";
        QTest::newRow("unknown action") << lessonJson({step({obj(R"({"action": "explode"})")})}) << "step 1, action 0: unknown action \"explode\"";
        QTest::newRow("unknown preset") << lessonJson({step({obj(R"({"action": "preset", "preset": "nope"})")})}) << "no demo preset \"nope\"";
        QTest::newRow("not started") << lessonJson({step({obj(R"({"action": "exec", "container": "ghost", "command": ["ls"]})")})})
                                     << "no earlier action starts a container \"ghost\"";
        QTest::newRow("empty command") << lessonJson({step({startBox, obj(R"({"action": "exec", "container": "box", "command": []})")})})
                                       << "\"command\" must not be empty";
        QTest::newRow("misspelt key") << lessonJson({step({obj(R"({"action": "preset", "presett": "pod"})")})}) << "unknown key \"presett\"";
        QTest::newRow("bad type") << lessonJson({step({startBox}, {obj(R"({"expect": "own", "container": "box", "types": ["network"]})")})})
                                  << "\"network\" is not a namespace type";
        QTest::newRow("bad spec") << lessonJson({step({obj(R"({"action": "start", "container": {"name": "x", "namespaces": ["net"], "command": ["sleep", "1"]}})")})})
                                  << "needs a pid namespace";
        QTest::newRow("output without output") << lessonJson({step({startBox}, {obj(R"({"expect": "output", "contains": "x"})")})})
                                               << "no action of this step has output";
        QTest::newRow("output index") << lessonJson({step({startBox}, {obj(R"({"expect": "output", "action": 0, "contains": "x"})")})})
                                      << "action 0 of this step has no output";
        QTest::newRow("unknown check") << lessonJson({step({startBox}, {obj(R"({"expect": "magic", "container": "box"})")})}) << "unknown check \"magic\"";
        QTest::newRow("ping without veth") << lessonJson({step({startBox, obj(R"({"action": "ping", "container": "box"})")})}) << "no veth pair";
        QTest::newRow("unpin unpinned") << lessonJson({step({startBox, obj(R"({"action": "unpin", "container": "box", "type": "net"})")})})
                                        << "no earlier action pins";
        QTest::newRow("compare one") << lessonJson({step({startBox, obj(R"({"action": "compare", "containers": ["box"]})")})}) << "takes two containers";
        QTest::newRow("grouping") << lessonJson({step({obj(R"({"action": "group", "grouping": "colour"})")})}) << "\"grouping\" is one of";
        QTest::newRow("distinct self") << lessonJson({step({startBox}, {obj(R"({"expect": "distinct", "containers": ["box", "box"], "types": ["net"]})")})})
                                       << "compares two different containers";
        QTest::newRow("port") << lessonJson({step({startBox}, {obj(R"({"expect": "listening", "container": "box", "port": 70000})")})})
                              << "\"port\" must be a whole number from 1 to 65535";
    }
    void damagedLessonsAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        QString error;
        QVERIFY(!Lesson::parse(json, QStringLiteral("broken"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("lesson \"broken\": ")), qPrintable(error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }

    void checksDecideFromTheSnapshot_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("passes");
        QTest::newRow("running") << QByteArray(R"({"expect": "running", "container": "box"})") << true;
        QTest::newRow("running, not") << QByteArray(R"({"expect": "running", "container": "gone"})") << false;
        QTest::newRow("gone") << QByteArray(R"({"expect": "gone", "container": "gone"})") << true;
        QTest::newRow("gone, not") << QByteArray(R"({"expect": "gone", "container": "box"})") << false;
        QTest::newRow("own") << QByteArray(R"({"expect": "own", "container": "box", "types": ["pid", "net"]})") << true;
        QTest::newRow("own, not") << QByteArray(R"({"expect": "own", "container": "box", "types": ["pid", "mnt"]})") << false;
        QTest::newRow("host") << QByteArray(R"({"expect": "host", "container": "box", "types": ["mnt", "ipc"]})") << true;
        QTest::newRow("host, not") << QByteArray(R"({"expect": "host", "container": "box", "types": ["net"]})") << false;
        QTest::newRow("shared") << QByteArray(R"({"expect": "shared", "containers": ["box", "twin"], "types": ["net"]})") << true;
        QTest::newRow("distinct, not") << QByteArray(R"({"expect": "distinct", "containers": ["box", "twin"], "types": ["net"]})") << false;
        QTest::newRow("processes") << QByteArray(R"({"expect": "processes", "container": "box", "count": 2})") << true;
        QTest::newRow("processes, not") << QByteArray(R"({"expect": "processes", "container": "box", "count": 3})") << false;
        QTest::newRow("pid 1") << QByteArray(R"({"expect": "pid", "container": "box", "inside": 1})") << true;
        QTest::newRow("pid 1, not") << QByteArray(R"({"expect": "pid", "container": "twin", "inside": 1})") << false;
        QTest::newRow("hostname") << QByteArray(R"({"expect": "hostname", "container": "box", "is": "demo-kestrel"})") << true;
        QTest::newRow("hostname, not") << QByteArray(R"({"expect": "hostname", "container": "box", "is": "kestrel"})") << false;
        QTest::newRow("uid nobody") << QByteArray(R"({"expect": "uidMap", "container": "box", "inside": 0, "outside": "nobody"})") << true;
        QTest::newRow("uid non-root") << QByteArray(R"({"expect": "uidMap", "container": "box", "inside": 0, "outside": "non-root"})") << true;
        QTest::newRow("uid invoker, not") << QByteArray(R"({"expect": "uidMap", "container": "box", "inside": 0, "outside": "invoker"})") << false;
        QTest::newRow("uid unmapped") << QByteArray(R"({"expect": "uidMap", "container": "box", "inside": 5, "outside": "nobody"})") << false;
        QTest::newRow("listening") << QByteArray(R"({"expect": "listening", "container": "box", "port": 8080})") << true;
        QTest::newRow("listening, not") << QByteArray(R"({"expect": "listening", "container": "box", "port": 80})") << false;
        QTest::newRow("output") << QByteArray(R"({"expect": "output", "contains": "lo: <LOOPBACK>"})") << true;
        QTest::newRow("output lacks") << QByteArray(R"({"expect": "output", "lacks": "eth0"})") << true;
        QTest::newRow("output lacks, not") << QByteArray(R"({"expect": "output", "lacks": "lo:"})") << false;
        QTest::newRow("held") << QByteArray(R"({"expect": "held", "container": "gone", "type": "net"})") << true;
        QTest::newRow("held, not") << QByteArray(R"({"expect": "held", "container": "box", "type": "net"})") << false;
        QTest::newRow("released") << QByteArray(R"({"expect": "released", "container": "gone", "type": "pid"})") << true;
        QTest::newRow("released, not") << QByteArray(R"({"expect": "released", "container": "gone", "type": "net"})") << false;
    }
    void checksDecideFromTheSnapshot()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, passes);
        const World world;
        const LessonCheck c = check(json.constData());
        const CheckResult r = evaluate(c, world.w);
        QVERIFY2(r.passed == passes, qPrintable(c.describe() + QStringLiteral(": ") + r.seen));
        QVERIFY2(!r.seen.isEmpty(), qPrintable(c.describe()));
    }

    void checksWithoutASnapshotFail()
    {
        World world;
        world.w.snapshot.reset();
        QVERIFY(!evaluate(check(R"({"expect": "running", "container": "box"})"), world.w).passed);
        world.w.outcomes.clear();
        QVERIFY(!evaluate(check(R"({"expect": "output", "contains": "lo"})"), world.w).passed);
    }

    void rootOnlyChecksAreSkippedRootless()
    {
        World world;
        const LessonCheck c = check(R"({"expect": "host", "container": "box", "types": ["net"], "rootOnly": true})");
        world.w.privileged = true;
        QVERIFY(!evaluate(c, world.w).passed); // box has a net namespace of its own
        world.w.privileged = false;
        const CheckResult r = evaluate(c, world.w);
        QVERIFY(r.skipped && r.passed);
        QVERIFY2(r.seen.contains(QStringLiteral("without root")), qPrintable(r.seen));
    }

    // A recorded step keeps what its checks were decided from: written as a moment's mark, read back the same, and
    // every check of the world decides the same against the moment.
    void recordedStepsRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("lesson.rec"));
        const World world;
        {
            RecordingWriter writer(path);
            QVERIFY(writer.open(QStringLiteral("the lesson t")));
            QVERIFY(writer.write(*world.w.snapshot, nullptr, 1000));                  // a moment before the lesson
            QVERIFY(writer.write(*world.w.snapshot, nullptr, 2000, lessonMark(QStringLiteral("t"), 0, true, world.w)));
            QVERIFY(writer.write(*world.w.snapshot, nullptr, 3000, lessonMark(QStringLiteral("t"), 1, false, world.w)));
            QVERIFY(writer.finish());
        }
        const Recording r = readRecording(path);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.marks.size(), 2);
        QString error;
        const std::optional<RecordedLesson> l = recordedLesson(r, &error);
        QVERIFY2(l, qPrintable(error));
        QCOMPARE(l->id, QStringLiteral("t"));
        QCOMPARE(l->steps.size(), 2);
        QCOMPARE(l->steps[0].moment, 1);
        QCOMPARE(l->steps[1].moment, 2);
        QVERIFY(l->steps[0].done && !l->steps[1].done);
        LessonWorld back = l->steps[0].world;
        QCOMPARE(back.self, world.w.self);
        QCOMPARE(back.privileged, world.w.privileged);
        QCOMPARE(back.containers.keys(), world.w.containers.keys());
        for (const LessonWorld::Container &c : world.w.containers) {
            const LessonWorld::Container &b = back.containers[c.name];
            QCOMPARE(b.initPid, c.initPid);
            QCOMPARE(b.namespaces, c.namespaces);
            QCOMPARE(b.running, c.running);
            QCOMPARE(b.ports, c.ports);
            QCOMPARE(b.id, c.id);
        }
        QCOMPARE(back.outcomes.size(), 1);
        QCOMPARE(back.outcomes[0].output, world.w.outcomes[0].output);
        back.snapshot = r.moments->at(l->steps[0].moment);
        for (const char *json : {R"({"expect": "running", "container": "box"})", R"({"expect": "own", "container": "box", "types": ["net"]})",
                                 R"({"expect": "held", "container": "gone", "type": "net"})", R"({"expect": "listening", "container": "box", "port": 8080})",
                                 R"({"expect": "output", "contains": "lo:"})", R"({"expect": "hostname", "container": "box", "is": "demo-kestrel"})"}) {
            const LessonCheck c = check(json);
            QCOMPARE(evaluate(c, back).passed, evaluate(c, world.w).passed);
            QVERIFY2(evaluate(c, back).passed, json);
        }
    }

    // Marks that are not one lesson's steps in order, or malformed, are refused with a reason.
    void damagedMarksAreRefused_data()
    {
        QTest::addColumn<QList<QJsonObject>>("marks");
        QTest::addColumn<QString>("why");
        const World world;
        const QJsonObject a = lessonMark(QStringLiteral("t"), 0, true, world.w), b = lessonMark(QStringLiteral("t"), 1, true, world.w);
        QJsonObject other = b;
        other[QStringLiteral("lesson")] = QStringLiteral("u");
        QJsonObject badNs = a;
        badNs[QStringLiteral("self")] = QJsonObject{{QStringLiteral("bogus"), 1}};
        QJsonObject badVersion = a;
        badVersion[QStringLiteral("version")] = 7;
        QJsonObject noPid = a;
        noPid[QStringLiteral("containers")] = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}};
        QTest::newRow("out of order") << QList<QJsonObject>{b} << QStringLiteral("step 2 where step 1 was due");
        QTest::newRow("two lessons") << QList<QJsonObject>{a, other} << QStringLiteral("not a step of the lesson");
        QTest::newRow("bad namespace") << QList<QJsonObject>{badNs} << QStringLiteral("bogus");
        QTest::newRow("version") << QList<QJsonObject>{badVersion} << QStringLiteral("unknown version");
        QTest::newRow("container") << QList<QJsonObject>{noPid} << QStringLiteral("without a name, a pid");
    }
    void damagedMarksAreRefused()
    {
        QFETCH(QList<QJsonObject>, marks);
        QFETCH(QString, why);
        Recording r;
        for (qsizetype i = 0; i < marks.size(); ++i)
            r.marks.append({i, marks[i]});
        QString error;
        QVERIFY(!recordedLesson(r, &error));
        QVERIFY2(error.contains(why), qPrintable(error));
        QVERIFY(!recordedLesson(Recording{}, &error)); // no marks: no lesson
    }

    void textsAreTranslated()
    {
        MarkingTranslator marker;
        QCoreApplication::installTranslator(&marker);
        const std::optional<Lesson> l = findLesson(QStringLiteral("web-servers"));
        QCoreApplication::removeTranslator(&marker);
        QVERIFY(l);
        QCOMPARE(l->title, QStringLiteral("«Two web servers on one port»"));
        QVERIFY(l->steps[0].caption.startsWith(u'«'));
        QVERIFY(l->steps[0].narration.startsWith(u'«'));
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
