// SIGTERM, SIGHUP and SIGINT reach the event loop as a call, so nsviz ends in order (its demo containers stopped,
// its settings saved) instead of dying where it stands.
#include "signalquit.h"

#include <QCoreApplication>
#include <QTest>

#include <csignal>

using namespace nsviz;

class TestSignalQuit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signalsBecomeCalls_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGHUP") << SIGHUP;
        QTest::newRow("SIGINT") << SIGINT;
    }
    void signalsBecomeCalls()
    {
        QFETCH(int, sig);
        int calls = 0;
        {
            SignalQuit quit([&calls] { ++calls; });
            QVERIFY(quit.isValid());
            ::raise(sig); // we are still alive: the handler only wrote a byte
            QTRY_COMPARE(calls, 1);
            QCOMPARE(quit.signal(), sig);
            ::raise(sig); // a second signal while ending is not a second call
            QTest::qWait(0);
            QCoreApplication::processEvents();
            QCOMPARE(calls, 1);
        }
        // Gone: the default disposition is back.
        struct sigaction now = {};
        ::sigaction(sig, nullptr, &now);
        QVERIFY(now.sa_handler == SIG_DFL);
    }
};

QTEST_GUILESS_MAIN(TestSignalQuit)
#include "tst_signalquit.moc"
