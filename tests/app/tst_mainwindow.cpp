// The main window on a fixture snapshot, offscreen: it shows what the snapshot holds, and it is not blank.
#include "fixtures.h"

#include "mainwindow.h"

#include <QApplication>
#include <QImage>
#include <QSet>
#include <QTableWidget>
#include <QTest>

using namespace nsviz;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsFixtureSnapshot()
    {
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        MainWindow window(scanProc(options));
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(QStringLiteral("fixture-host")));

        const auto tables = window.findChildren<QTableWidget *>();
        QCOMPARE(tables.size(), 2);
        QTableWidget *types = tables.at(0);
        QCOMPARE(types->rowCount(), NamespaceTypeCount);
        QCOMPARE(types->item(int(NamespaceType::Net), 0)->text(), QStringLiteral("net"));
        QCOMPARE(types->item(int(NamespaceType::Net), 1)->text(), QStringLiteral("4"));
        QCOMPARE(types->item(int(NamespaceType::Net), 3)->text(), QStringLiteral("2")); // held by a mount, by an fd

        const QImage shot = window.grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7)
            for (int x = 0; x < shot.width(); x += 7)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 8, "the window rendered as a blank image");
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
