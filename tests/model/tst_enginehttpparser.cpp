// The HTTP/1.1 response parser of the engine client: well-formed answers in every framing, malformed and hostile
// ones, and a seeded fuzz run over mutations fed in random slices.
#include "containers/enginehttpparser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace nsviz;
using State = EngineHttpParser::State;

Q_DECLARE_METATYPE(EngineHttpParser::State)

class TestEngineHttpParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wellFormed_data();
    void wellFormed();
    void malformed_data();
    void malformed();
    void limits();
    void fuzz();
};

namespace {

// Feeds the whole response in slices of `step` bytes, then ends the connection.
State parseAll(EngineHttpParser &p, QByteArrayView raw, qsizetype step)
{
    for (qsizetype i = 0; i < raw.size() && p.state() == State::NeedMore; i += step)
        p.feed(raw.sliced(i, std::min(step, raw.size() - i)));
    return p.finish();
}

} // namespace

void TestEngineHttpParser::wellFormed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nApi-Version: 1.41\r\n\r\nhello")
                                    << 200 << QByteArray("hello");
    QTest::newRow("bytes after the body are ignored")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA") << 200 << QByteArray("ok");
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "4\r\n[1,2\r\n3;ext=1\r\n,3]\r\n0\r\nX-Trailer: y\r\n\r\n")
                             << 200 << QByteArray("[1,2,3]");
    QTest::newRow("chunked, upper-case hex, padded size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA \r\n0123456789\r\n0\r\n\r\n") << 200
        << QByteArray("0123456789");
    QTest::newRow("chunked wins over content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n")
        << 200 << QByteArray("ab");
    QTest::newRow("bare newlines") << QByteArray("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nab\n0\n\n") << 200
                                   << QByteArray("ab");
    QTest::newRow("until close") << QByteArray("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it") << 200
                                 << QByteArray("all of it");
    QTest::newRow("100 continue first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}") << 201
        << QByteArray("{}");
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\n\r\n") << 204
                                     << QByteArray();
    QTest::newRow("no reason phrase") << QByteArray("HTTP/1.1 304\r\nContent-Length: 0\r\n\r\n") << 304 << QByteArray();
    QTest::newRow("equal duplicate lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok") << 200 << QByteArray("ok");
}

void TestEngineHttpParser::wellFormed()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    // Whole, and then byte by byte: every boundary between two reads must be handled.
    for (qsizetype step : {raw.size(), qsizetype(1), qsizetype(3)}) {
        EngineHttpParser p;
        QCOMPARE(parseAll(p, raw, step), State::Complete);
        QCOMPARE(p.statusCode(), status);
        QCOMPARE(p.body(), body);
    }
    EngineHttpParser p;
    p.feed(raw);
    if (raw.contains("Api-Version"))
        QCOMPARE(p.header("API-VERSION"), QByteArray("1.41"));
}

void TestEngineHttpParser::malformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << QByteArray() << QStringLiteral("without answering");
    QTest::newRow("garbage") << QByteArray("\x00\xff garbage\r\n\r\n", 14) << QStringLiteral("status line");
    QTest::newRow("HTTP/2") << QByteArray("HTTP/2 200 OK\r\n\r\n") << QStringLiteral("status line");
    QTest::newRow("letters as status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << QStringLiteral("status code");
    QTest::newRow("status 999") << QByteArray("HTTP/1.1 999 What\r\n\r\n") << QStringLiteral("status code");
    QTest::newRow("no colon") << QByteArray("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n") << QStringLiteral("header line");
    QTest::newRow("space in name") << QByteArray("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n") << QStringLiteral("header line");
    QTest::newRow("folded") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n") << QStringLiteral("folded");
    QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << QStringLiteral("Content-Length");
    QTest::newRow("length with letters") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n") << QStringLiteral("Content-Length");
    QTest::newRow("conflicting lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc") << QStringLiteral("Content-Length");
    QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\n") << QStringLiteral("allowed");
    QTest::newRow("overflowing length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                                        << QStringLiteral("Content-Length");
    QTest::newRow("gzip") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx") << QStringLiteral("transfer encoding");
    QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n") << QStringLiteral("chunk size");
    QTest::newRow("empty chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n") << QStringLiteral("chunk size");
    QTest::newRow("overflowing chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n") << QStringLiteral("chunk size");
    QTest::newRow("huge chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffff\r\n") << QStringLiteral("allowed");
    QTest::newRow("chunk longer than its size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n") << QStringLiteral("longer than its size");
    QTest::newRow("truncated body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << QStringLiteral("middle");
    QTest::newRow("truncated chunks") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") << QStringLiteral("middle");
    QTest::newRow("no final chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n") << QStringLiteral("middle");
    QTest::newRow("truncated headers") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << QStringLiteral("middle");
    QTest::newRow("protocol switch") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\n\r\n") << QStringLiteral("switched");
}

void TestEngineHttpParser::malformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, error);
    for (qsizetype step : {std::max<qsizetype>(raw.size(), 1), qsizetype(1)}) {
        EngineHttpParser p(1024 * 1024);
        QCOMPARE(parseAll(p, raw, step), State::Failed);
        QVERIFY2(p.errorString().contains(error), qPrintable(p.errorString()));
    }
}

void TestEngineHttpParser::limits()
{
    // Headers that never end, one endless line, too many lines: each is refused before it grows without bound.
    EngineHttpParser endless;
    endless.feed("HTTP/1.1 200 OK\r\n");
    const QByteArray line = "X-Filler: " + QByteArray(1000, 'a') + "\r\n";
    for (int i = 0; i < 200 && endless.state() == State::NeedMore; ++i)
        endless.feed(line);
    QCOMPARE(endless.state(), State::Failed);

    EngineHttpParser longLine;
    for (int i = 0; i < 100 && longLine.state() == State::NeedMore; ++i)
        longLine.feed(QByteArray(1000, 'H'));
    QCOMPARE(longLine.state(), State::Failed);

    EngineHttpParser many;
    many.feed("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 200 && many.state() == State::NeedMore; ++i)
        many.feed("A: b\r\n");
    QCOMPARE(many.state(), State::Failed);
    QVERIFY2(many.errorString().contains(QLatin1String("header lines")), qPrintable(many.errorString()));

    EngineHttpParser chunkLine;
    chunkLine.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    chunkLine.feed(QByteArray(5000, '0'));
    QCOMPARE(chunkLine.state(), State::Failed);

    // A body that runs to the end of the connection is bounded too.
    EngineHttpParser untilClose(100);
    untilClose.feed("HTTP/1.1 200 OK\r\n\r\n");
    untilClose.feed(QByteArray(101, 'x'));
    QCOMPARE(untilClose.state(), State::Failed);
}

void TestEngineHttpParser::fuzz()
{
    const QList<QByteArray> seeds = {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n[{\"Id\":\"abc123\"}]",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n[{\"a\":\r\n3;x=y\r\n1}]\r\n0\r\nT: v\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Length: 20\r\n\r\n{\"message\":\"boom!\"}",
        "HTTP/1.0 200 OK\r\n\r\nuntil close",
        "HTTP/1.1 204 No Content\r\n\r\n",
    };
    const char *const inserts[] = {"\r\n", "\n", ":", " ", "0", "f", "\r\n0\r\n\r\n", "HTTP/1.1 ", "Content-Length: 9999\r\n",
                                   "Transfer-Encoding: chunked\r\n", "\xff", "ffffffffffff\r\n"};
    QRandomGenerator rng(20261130); // fixed: a failure is reproducible
    const int rounds = 3000;
    for (int round = 0; round < rounds; ++round) {
        QByteArray raw = seeds.at(rng.bounded(qsizetype(seeds.size())));
        const int mutations = 1 + rng.bounded(4);
        for (int m = 0; m < mutations && !raw.isEmpty(); ++m) {
            const qsizetype at = rng.bounded(raw.size());
            switch (rng.bounded(5)) {
            case 0: raw[at] = char(rng.bounded(256)); break;
            case 1: raw.truncate(at); break;
            case 2: raw.insert(at, inserts[rng.bounded(int(std::size(inserts)))]); break;
            case 3: raw.remove(at, 1 + rng.bounded(8)); break;
            case 4: raw.insert(at, raw.mid(rng.bounded(raw.size()), 1 + rng.bounded(20))); break;
            }
        }
        EngineHttpParser p(4096);
        qsizetype pos = 0;
        while (pos < raw.size() && p.state() == State::NeedMore) {
            const qsizetype n = std::min<qsizetype>(1 + rng.bounded(40), raw.size() - pos);
            p.feed(QByteArrayView(raw).sliced(pos, n));
            pos += n;
        }
        const State end = p.finish();
        QVERIFY2(end != State::NeedMore, raw.toPercentEncoding().constData());
        QVERIFY(p.body().size() <= 4096);
        if (end == State::Failed)
            QVERIFY(!p.errorString().isEmpty());
        else
            QVERIFY(p.statusCode() >= 200 && p.statusCode() <= 599);
    }
}

QTEST_GUILESS_MAIN(TestEngineHttpParser)
#include "tst_enginehttpparser.moc"
