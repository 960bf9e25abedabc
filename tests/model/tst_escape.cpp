// The escaping layer: what each format makes of the strings a host can hand us, and random strings (control
// characters, NUL, lone surrogates, markup, quotes, backslashes, 20 KiB runs) read back by each format's own parser:
// an XML parser, Graphviz's, and a JSON parser.
#include "io/escape.h"

#include "hostilestrings.h"
#include "itemmodels/displaytext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QXmlStreamReader>

#include <graphviz/cgraph.h>

using namespace nsviz;

namespace {

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

} // namespace

class TestEscape : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void visible()
    {
        QCOMPARE(escape::visible(QString(QStringLiteral("a\nb\tc") + QChar(0) + QStringLiteral("d"))), QStringLiteral("a␊b␉c␀d"));
        QCOMPARE(escape::visible(u"\x1b[31mred"), QStringLiteral("␛[31mred"));
        QCOMPARE(escape::visible(QString(QString(QChar(0x202E)) + u"gpj.exe")), QString(QChar(0xFFFD)) + u"gpj.exe");
        QCOMPARE(escape::visible(QString(QChar(0xD800))), QString(QChar(0xFFFD)));
        // Every format character (Cf), not only the bidi overrides: zero-width space, left-to-right mark, soft
        // hyphen, word joiner, a tag character beyond the BMP; and a non-character beyond it.
        QCOMPARE(escape::visible(QString::fromUcs4(U"a\u200Bb\u200Ec\u00ADd\u2060e\U000E0041f\U0001FFFEg")),
                 QString::fromUcs4(U"a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg"));
        QCOMPARE(escape::visible(QString::fromUcs4(U"\U0001F600")), QString::fromUcs4(U"\U0001F600"));
        QCOMPARE(escape::visible(u"ordinary text: é 中"), QStringLiteral("ordinary text: é 中"));
        // The GUI's one-line text is this, for every name a view shows, container labels included.
        QCOMPARE(text::oneLine(QStringLiteral("x\ny")), QStringLiteral("x␊y"));
        QCOMPARE(text::container({QStringLiteral("lxc"), QStringLiteral("a\x01"), QStringLiteral("web\n1")}), QStringLiteral("lxc web␊1"));
    }

    void xml()
    {
        QCOMPARE(escape::xmlText(u"<script>&\"'"), QStringLiteral("&lt;script&gt;&amp;\"'"));
        QCOMPARE(escape::xmlAttribute(u"<a b=\"c\">'"), QStringLiteral("&lt;a b=&quot;c&quot;&gt;&apos;"));
    }

    void dot()
    {
        QCOMPARE(escape::dotString(u"a\"b\\c\nd"), QByteArray("\"a\\\"b\\\\c\\nd\""));
        QCOMPARE(escape::dotString(QString(QString(QChar(0)) + u"\x01")), QByteArray("\"\xE2\x90\x80\xE2\x90\x81\""));
        const QByteArray longest = escape::dotString(QString(20000, QLatin1Char('x')));
        QVERIFY(longest.size() <= escape::DotStringMaxBytes + 2);
        QVERIFY(longest.endsWith("\xE2\x80\xA6\""));
        // Cut at a character, never inside an escape or a UTF-8 sequence.
        const QByteArray cut = escape::dotString(QString(20000, QLatin1Char('"')), 11);
        QCOMPARE(cut, QByteArray("\"\\\"\\\"\\\"\\\"\xE2\x80\xA6\""));
        QCOMPARE(escape::dotString(QString(10, QChar(0x4E2D)), 10), QByteArray("\"\xE4\xB8\xAD\xE4\xB8\xAD\xE2\x80\xA6\""));
    }

    void json()
    {
        QCOMPARE(escape::jsonString(u"a\"\\\n\x01\x7f"), QByteArray("\"a\\\"\\\\\\n\\u0001\\u007f\""));
        QCOMPARE(escape::jsonString(QString(QChar(0x2028))), QByteArray("\"\\u2028\""));
        QCOMPARE(escape::jsonString(QString(QChar(0xDC00))), QByteArray("\"\xEF\xBF\xBD\""));
    }

    void terminal()
    {
        QCOMPARE(escape::terminal(u"host\x1b]0;pwned\x07\n"), QByteArray("host\\x1b]0;pwned\\x07\\n"));
        QCOMPARE(escape::terminal(QString(QString(QChar(0x202E)) + QChar(0x9B))), QByteArray("\\u202e\\u009b"));
        QCOMPARE(escape::terminal(u"é"), QByteArray("\xC3\xA9"));
    }

    void shell()
    {
        QCOMPARE(escape::shellWord(u"/run/netns/web-1"), QStringLiteral("/run/netns/web-1"));
        QCOMPARE(escape::shellWord(u"/run/netns/a b; rm -rf ~"), QStringLiteral("'/run/netns/a b; rm -rf ~'"));
        QCOMPARE(escape::shellWord(u"it's"), QStringLiteral("'it'\\''s'"));
        QCOMPARE(escape::shellWord(u"x\ny'\x1b"), QStringLiteral("$'x\\x0ay\\'\\x1b'"));
        QCOMPARE(escape::shellWord(u""), QStringLiteral("''"));
    }

    // Random strings, read back by each format's parser: always well-formed, and what comes back is visible().
    void randomStringsReadBack()
    {
        QRandomGenerator rng(QRandomGenerator::global()->generate());
        const quint32 seed = rng.generate();
        rng.seed(seed);
        qInfo("seed %u", seed);
        for (int round = 0; round < 400; ++round) {
            const QString s = testing::hostileString(rng);
            const QString shown = escape::visible(s);
            for (char32_t c : shown.toUcs4())
                QVERIFY2(isXmlChar(c) && c >= 0x20, qPrintable(QStringLiteral("U+%1 in visible()").arg(quint32(c), 4, 16)));

            const QString doc = QStringLiteral("<r a=\"") + escape::xmlAttribute(s) + QStringLiteral("\">")
                + escape::xmlText(s) + QStringLiteral("</r>");
            QXmlStreamReader xml(doc);
            QVERIFY(xml.readNextStartElement());
            QCOMPARE(xml.attributes().value(QLatin1String("a")).toString(), shown);
            QCOMPARE(xml.readElementText(), shown);
            xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QVERIFY(xml.atEnd());

            const QByteArray label = escape::dotString(s);
            QVERIFY(label.size() <= escape::DotStringMaxBytes + 2);
            QByteArray dot = "graph g { n [label=" + label + "]; }";
            Agraph_t *g = agmemread(dot.constData());
            QVERIFY2(g, label.left(200).constData());
            Agnode_t *n = agfstnode(g);
            QVERIFY(n);
            const QString back = QString::fromUtf8(agget(n, const_cast<char *>("label")));
            agclose(g);
            // Graphviz keeps the escapes in the attribute (\n, \\ are label escapes); unescape them as it draws.
            QString drawn;
            for (qsizetype i = 0; i < back.size(); ++i) {
                if (back[i] == QLatin1Char('\\') && i + 1 < back.size()) {
                    ++i;
                    drawn += back[i] == QLatin1Char('n') ? QStringLiteral("\n") : QString(back[i]);
                } else {
                    drawn += back[i];
                }
            }
            QString expected = s;
            expected.replace(QLatin1Char('\n'), QChar(0xE000)); // newlines stay newlines, everything else is visible()
            expected = escape::visible(expected).replace(QChar(0xE000), QLatin1Char('\n'));
            if (label.endsWith("\xE2\x80\xA6\"") && !expected.endsWith(QChar(0x2026)))
                QVERIFY2(expected.startsWith(drawn.chopped(1)), "a cut label is a prefix");
            else
                QCOMPARE(drawn, expected);

            const QByteArray json = "[" + escape::jsonString(s) + "]";
            QJsonParseError error;
            const QJsonDocument d = QJsonDocument::fromJson(json, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QString valid = s; // only lone surrogates, which no UTF-8 can carry, come back as U+FFFD
            for (qsizetype i = 0; i < valid.size(); ++i) {
                if (valid[i].isHighSurrogate() && i + 1 < valid.size() && valid[i + 1].isLowSurrogate())
                    ++i;
                else if (valid[i].isSurrogate())
                    valid[i] = QChar(0xFFFD);
            }
            QCOMPARE(d.array().at(0).toString(), valid);

            const QByteArray term = escape::terminal(s);
            for (const char c : term)
                QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "a control byte reached the terminal");
            QVERIFY(!QString::fromUtf8(term).contains(QChar(0x202E)));
        }
    }
};

QTEST_GUILESS_MAIN(TestEscape)
#include "tst_escape.moc"
