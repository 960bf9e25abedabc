// The namespace guide: the built-in file is whole (every type, every text, commands a person can type), a damaged
// guide is refused with a reason, the texts go through the translator, and nothing in them can become markup.
#include "snapshot/namespaceguide.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>

using namespace nsviz;

namespace {

QByteArray builtInFile()
{
    QFile f(QStringLiteral(":/nsviz/guide/namespaces.json"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Marks every text of the guide's context, so that a test sees which ones were asked for.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        return qstrcmp(context, "NamespaceGuide") == 0 ? QStringLiteral("«%1»").arg(QString::fromUtf8(source)) : QString();
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class TestNamespaceGuide : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTypeIsExplained()
    {
        const NamespaceGuide &g = NamespaceGuide::builtIn();
        QSet<QString> seen;
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceExplanation e = g.explain(t);
            const QString type = namespaceTypeName(t);
            for (const QString &text : {e.brief, e.own, e.isolates, e.containers, e.tryThis}) {
                QVERIFY2(!text.isEmpty(), qPrintable(type));
                QVERIFY2(!seen.contains(text), qPrintable(QStringLiteral("%1: the same text as another type's: %2").arg(type, text)));
                seen.insert(text);
            }
            QVERIFY2(e.brief.size() <= 60, qPrintable(QStringLiteral("%1: a brief for a tooltip line, not %2 characters").arg(type).arg(e.brief.size())));
            // Whole sentences where a sentence is shown.
            for (const QString &sentence : {e.own, e.isolates, e.containers, e.tryThis})
                QVERIFY2(sentence.endsWith(QLatin1Char('.')), qPrintable(sentence));
            // By hand: the tools the chapter and the labs use, and lsns for the type itself.
            QVERIFY2(e.commands.contains(QStringLiteral("lsns -t %1").arg(QLatin1String(namespaceTypeKey(t)))), qPrintable(e.commands.join(QLatin1Char('|'))));
            bool createsOne = false;
            for (const QString &c : e.commands) {
                const QString tool = c.section(QLatin1Char(' '), 0, 0);
                QVERIFY2(QStringList({QStringLiteral("unshare"), QStringLiteral("nsenter"), QStringLiteral("lsns"), QStringLiteral("ip"), QStringLiteral("cat"),
                                      QStringLiteral("grep"), QStringLiteral("ipcs"), QStringLiteral("findmnt")})
                             .contains(tool),
                         qPrintable(c));
                QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(), qPrintable(QStringLiteral("%1: %2 is not installed here").arg(c, tool)));
                createsOne = createsOne || tool == QLatin1String("unshare") || c.startsWith(QLatin1String("ip netns add"));
            }
            QVERIFY2(createsOne, qPrintable(QStringLiteral("%1: no command that makes one").arg(type)));
            // unshare takes the type's own option (the kernel's name but for mnt).
            const QString option = t == NamespaceType::Mnt ? QStringLiteral("--mount") : QStringLiteral("--") + QLatin1String(namespaceTypeKey(t));
            QVERIFY2(e.commands.join(QLatin1Char(' ')).contains(option), qPrintable(option));
        }
    }

    void damagedGuidesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QJsonObject whole = QJsonDocument::fromJson(builtInFile()).object();
        QVERIFY(!whole.isEmpty());
        const auto with = [&](auto edit) {
            QJsonObject o = whole;
            edit(o);
            return QJsonDocument(o).toJson();
        };
        const auto type = [](QJsonObject &o, const char *key, auto edit) {
            QJsonObject types = o.value(QLatin1String("types")).toObject();
            QJsonObject t = types.value(QLatin1String(key)).toObject();
            edit(t);
            types.insert(QLatin1String(key), t);
            o.insert(QLatin1String("types"), types);
        };
        QTest::newRow("not JSON") << QByteArray("{\"schema\": ") << QStringLiteral("not JSON");
        QTest::newRow("another file") << with([](QJsonObject &o) { o.insert(QLatin1String("schema"), QLatin1String("nsviz-recording")); }) << QStringLiteral("not a guide");
        QTest::newRow("newer") << with([](QJsonObject &o) { o.insert(QLatin1String("version"), 2); }) << QStringLiteral("version 2");
        QTest::newRow("no context") << with([](QJsonObject &o) { o.remove(QLatin1String("context")); }) << QStringLiteral("context");
        QTest::newRow("a type missing") << with([](QJsonObject &o) {
            QJsonObject types = o.value(QLatin1String("types")).toObject();
            types.remove(QLatin1String("time"));
            o.insert(QLatin1String("types"), types);
        }) << QStringLiteral("time: no \"short\"");
        QTest::newRow("a ninth type") << with([](QJsonObject &o) {
            QJsonObject types = o.value(QLatin1String("types")).toObject();
            types.insert(QLatin1String("mystery"), types.value(QLatin1String("net")));
            o.insert(QLatin1String("types"), types);
        }) << QStringLiteral("9 types");
        QTest::newRow("an empty text") << with([&](QJsonObject &o) { type(o, "uts", [](QJsonObject &t) { t.insert(QLatin1String("try"), QLatin1String("  ")); }); })
                                       << QStringLiteral("uts: no \"try\"");
        QTest::newRow("a command not a string") << with([&](QJsonObject &o) { type(o, "pid", [](QJsonObject &t) { t.insert(QLatin1String("commands"), QJsonArray{42}); }); })
                                                << QStringLiteral("pid: a command");
        QTest::newRow("no commands") << with([&](QJsonObject &o) { type(o, "net", [](QJsonObject &t) { t.remove(QLatin1String("commands")); }); })
                                     << QStringLiteral("net: no commands");
    }

    void damagedGuidesAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!NamespaceGuide::parse(json, &error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(NamespaceGuide::parse(builtInFile(), &error));
    }

    void textsAreTranslated()
    {
        const QString before = NamespaceGuide::builtIn().explain(NamespaceType::Net).isolates;
        MarkingTranslator marking;
        QVERIFY(QCoreApplication::installTranslator(&marking));
        const NamespaceExplanation e = NamespaceGuide::builtIn().explain(NamespaceType::Net);
        QCOMPARE(e.isolates, QStringLiteral("«%1»").arg(before));
        QVERIFY(e.brief.startsWith(QStringLiteral("«")));
        QVERIFY(e.commands.first().startsWith(QStringLiteral("ip "))); // commands are typed as they are
        QVERIFY(NamespaceGuide::builtIn().html(NamespaceType::Net).contains(QStringLiteral("«About %1 namespaces»").arg(QStringLiteral("net"))));
        QCoreApplication::removeTranslator(&marking);
        QCOMPARE(NamespaceGuide::builtIn().explain(NamespaceType::Net).isolates, before);
    }

    void htmlHoldsNoMarkupFromTheTexts()
    {
        // A translation (or an edited guide) with markup in it shows the characters.
        QJsonObject o = QJsonDocument::fromJson(builtInFile()).object();
        QJsonObject types = o.value(QLatin1String("types")).toObject();
        QJsonObject ipc = types.value(QLatin1String("ipc")).toObject();
        ipc.insert(QLatin1String("isolates"), QLatin1String("<img src=x onerror=alert(1)> & <b>bold</b>."));
        ipc.insert(QLatin1String("commands"), QJsonArray{QLatin1String("ipcs -m </code><script>")});
        types.insert(QLatin1String("ipc"), ipc);
        o.insert(QLatin1String("types"), types);
        QString error;
        const std::optional<NamespaceGuide> g = NamespaceGuide::parse(QJsonDocument(o).toJson(), &error);
        QVERIFY2(g, qPrintable(error));
        const QString h = g->html(NamespaceType::Ipc);
        QVERIFY(h.contains(QStringLiteral("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;.")));
        QVERIFY(h.contains(QStringLiteral("<code>ipcs -m &lt;/code&gt;&lt;script&gt;</code>")));
        QVERIFY(!h.contains(QStringLiteral("<img")) && !h.contains(QStringLiteral("<script")));
        QVERIFY(h.contains(QStringLiteral("About ipc namespaces")));
    }
};

QTEST_GUILESS_MAIN(TestNamespaceGuide)
#include "tst_namespaceguide.moc"
