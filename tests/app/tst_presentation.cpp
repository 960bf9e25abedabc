// Presentation mode, on an offscreen 1920x1080 screen at 96 dpi (tests/data/screen-1080p.json): no text of the
// graph or the lesson tab under 20 pt, colours of high contrast in the light and the dark look, the chrome gone and
// back as it was, the host's kernel threads and its other sets hidden, a spotlit selection, nodes fading in and out,
// and exports on a 16:9 page in the look of the screen. NSVIZ_SHOT_DIR=DIR saves the window as the class sees it.
#include "guitestmain.h"

#include "mainwindow.h"
#include "presentationmode.h"

#include "export/diagramexport.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"
#include "live/hostfile.h"
#include "panels/lessonpanel.h"
#include "panels/timelinebar.h"
#include "snapshot/snapshotfilter.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFontInfo>
#include <QImage>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

#include <cmath>

using namespace nsviz;

namespace {

// WCAG 2 contrast ratio of two colours (1 to 21).
double contrast(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

void shoot(QWidget &window, const QString &name)
{
    const QByteArray dir = qgetenv("NSVIZ_SHOT_DIR");
    if (!dir.isEmpty())
        window.grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QList<const NodeItem *> shownItems(GraphScene *scene)
{
    QList<const NodeItem *> out;
    for (const NodeItem *item : scene->nodeItems())
        out << item;
    return out;
}

} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QSKIP("needs python3 to make the demo host (tests/data/make-demo-host.py)");
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("host.json"));
        QProcess p;
        p.start(python, {QStringLiteral(NSVIZ_TEST_DATA "/make-demo-host.py"), QStringLiteral("4"), path});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const HostFile file = loadHostFile(path);
        QVERIFY2(file.ok(), qPrintable(file.error));
        m_host = file.snapshot;
        QCOMPARE(QGuiApplication::primaryScreen()->geometry().size(), QSize(1920, 1080));
    }

    // The look itself: every font at least 20 pt at 1080p (zoom 1), every text at least 7:1 against what it is drawn
    // on (WCAG AAA), lines thicker than in the normal look.
    void look_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void look()
    {
        QFETCH(bool, dark);
        const NodePainter p(dark, true), normal(dark, false);
        QVERIFY(p.isPresentation() && p.isDark() == dark);
        for (const QFont &f : p.fonts())
            QVERIFY2(f.pixelSize() >= NodePainter::presentationTextPixels,
                     qPrintable(QStringLiteral("%1 px < 20 pt").arg(f.pixelSize())));
        QVERIFY(normal.titlePixels() < NodePainter::presentationTextPixels); // the test tells the looks apart
        const QList<std::pair<QString, QColor>> grounds{{QStringLiteral("background"), p.background()},
                                                        {QStringLiteral("card"), p.cardFill()},
                                                        {QStringLiteral("host"), p.hostFill()}};
        for (const auto &[name, ground] : grounds) {
            QVERIFY2(contrast(p.textColor(), ground) >= 7, qPrintable(name));
            QVERIFY2(contrast(p.mutedTextColor(), ground) >= 7, qPrintable(name + QStringLiteral(" (muted)")));
        }
        for (NamespaceType t : allNamespaceTypes) {
            // A badge's inode in the text colour; a chip of the host's namespace in the muted one.
            QVERIFY2(contrast(p.textColor(), p.badgeFill(t, false)) >= 7, namespaceTypeKey(t));
            QVERIFY2(contrast(p.mutedTextColor(), p.badgeFill(t, true)) >= 7, namespaceTypeKey(t));
        }
        QVERIFY(contrast(normal.mutedTextColor(), normal.cardFill()) < 7); // the normal look is quieter
        for (GraphEdgeKind k : {GraphEdgeKind::Member, GraphEdgeKind::Parent, GraphEdgeKind::Owner, GraphEdgeKind::BindMount,
                                GraphEdgeKind::FdHolder, GraphEdgeKind::Contains}) {
            QVERIFY(p.edgePen(k, false).widthF() >= 2 * normal.edgePen(k, false).widthF());
            QVERIFY(contrast(p.edgePen(k, false).color(), p.background()) >= 3); // a line, not text: 3:1
        }
    }

    void window()
    {
        MainWindow window(m_host);
        window.resize(1920, 1080);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GraphWidget *graph = window.graphWidget();
        GraphScene *scene = graph->scene();
        QTRY_VERIFY(!scene->nodeItems().isEmpty() && !scene->isLayoutPending());
        const qsizetype before = scene->nodeItems().size();
        auto *details = window.findChild<QDockWidget *>(QStringLiteral("detailsDock"));
        QVERIFY(details->isVisible());
        PresentationMode *mode = window.presentationMode();
        mode->setFullScreen(false); // the offscreen screen has no window manager to ask
        QCOMPARE(mode->action()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        QVERIFY(mode->action()->shortcut() != QKeySequence(QKeySequence::Refresh));

        mode->action()->trigger();
        QVERIFY(mode->isActive());
        // Chrome: the picture and the lesson, nothing else.
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(!window.statusBar()->isVisible());
        QVERIFY(!window.treeView()->isVisible());
        QVERIFY(!window.tableView()->isVisible());
        QVERIFY(!window.timeline()->isVisible());
        QVERIFY(!graph->findChild<QToolBar *>(QStringLiteral("graphToolBar"))->isVisible());
        for (QDockWidget *dock : window.findChildren<QDockWidget *>())
            QCOMPARE(dock->isVisible(), dock->objectName() == QLatin1String("lessonDock"));
        for (QToolBar *bar : window.findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
            QVERIFY(!bar->isVisible());

        // The picture: the host's own processes but its kernel threads, and the containers; not the host's services
        // with a namespace of their own.
        QTRY_VERIFY(!scene->isLayoutPending() && !scene->isAnimating() && !scene->isFading());
        QVERIFY(scene->nodePainter().isPresentation());
        const SnapshotPtr shown = graph->model()->snapshot();
        QVERIFY(shown);
        int kernelThreads = 0, services = 0;
        for (const ProcessInfo &p : m_host->processes()) {
            kernelThreads += p.isKernelThread();
            services += !p.container && !isHostsOwn(*m_host, p) && !p.isKernelThread();
        }
        QVERIFY(kernelThreads > 0 && services > 0); // the demo host has both
        for (const ProcessInfo &p : shown->processes()) {
            QVERIFY2(!p.isKernelThread(), qPrintable(p.comm));
            QVERIFY2(p.container || isHostsOwn(*m_host, p), qPrintable(p.comm));
        }
        QVERIFY(scene->nodeItems().size() < before);
        const NodeItem *host = scene->item(QStringLiteral("host"));
        QVERIFY(host);
        QVERIFY2(!host->node().subtitle.contains(QStringLiteral("kernel")), qPrintable(host->node().subtitle));

        // Readable from the back row: the view is not zoomed out past 1080p at zoom 1.
        GraphView *view = graph->view();
        QCOMPARE(view->presentationFloor(), 1.0);
        QTest::qWait(600); // packed again for the rows the view has room for
        QTRY_VERIFY(!scene->isLayoutPending() && !scene->isAnimating());
        view->fitAll();
        QVERIFY(view->zoom() >= 1.0 - 1e-9);
        // What does not fit goes below: the picture is never wider than the view.
        QVERIFY2(scene->pictureBounds().width() * view->zoom() <= view->viewport()->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(scene->pictureBounds().width() * view->zoom()).arg(view->viewport()->width())));
        for (const QFont &f : scene->nodePainter().fonts())
            QVERIFY(f.pixelSize() * view->zoom() >= NodePainter::presentationTextPixels);
        // And the lesson tab beside it, every text in it at least 20 pt.
        LessonPanel *lesson = window.lessonPanel();
        QVERIFY(lesson->isVisible() && lesson->isPresentation());
        int texts = 0;
        for (QWidget *w : lesson->findChildren<QWidget *>()) {
            if (!w->isVisible() || !(qobject_cast<QLabel *>(w) || qobject_cast<QPushButton *>(w) || qobject_cast<QComboBox *>(w)
                                     || qobject_cast<QPlainTextEdit *>(w)))
                continue;
            ++texts;
            QVERIFY2(QFontInfo(w->font()).pointSizeF() >= 20 - 0.01, qPrintable(w->objectName() + QLatin1Char(' ') + QString::fromLatin1(w->metaObject()->className())));
        }
        QVERIFY(texts >= 3);
        shoot(window, QStringLiteral("presentation-light"));

        // A spotlight on what is selected: a container and what it shares lit, the rest all but gone.
        const ProcessInfo *inContainer = nullptr;
        for (const ProcessInfo &p : shown->processes())
            if (p.container && !inContainer)
                inContainer = &p;
        QVERIFY(inContainer);
        graph->showProcess(inContainer->pid);
        const QString lit = graph->model()->nodeForProcess(inContainer->pid);
        QTRY_COMPARE(scene->item(lit)->opacity(), 1.0);
        int dimmed = 0;
        for (const NodeItem *item : shownItems(scene))
            if (scene->isDimmed(item->id())) {
                ++dimmed;
                QVERIFY(item->opacity() <= 0.25);
            }
        QVERIFY(dimmed > 0);
        shoot(window, QStringLiteral("presentation-spotlight"));
        graph->clearSelection();

        // A container that goes fades out where it was; when it comes back it fades in.
        const QString name = inContainer->container->name;
        const SnapshotPtr without = keepProcesses(m_host, [&](const ProcessInfo &p) { return !p.container || p.container->name != name; });
        NodeItem *leaving = scene->item(lit);
        window.showSnapshot(without);
        QTRY_VERIFY(!scene->item(lit));
        QVERIFY(scene->isFading());
        QVERIFY(scene->items().contains(leaving)); // still drawn, on its way out
        QTRY_VERIFY(!scene->isFading());
        window.showSnapshot(m_host);
        QTRY_VERIFY(scene->item(lit));
        const double start = scene->item(lit)->opacity();
        QVERIFY2(start < 0.5, qPrintable(QString::number(start)));
        QTRY_COMPARE(scene->item(lit)->opacity(), 1.0);

        // An export keeps the look, on a 16:9 slide.
        const QString png = m_dir.filePath(QStringLiteral("slide.png"));
        const ExportRequest request = graph->exportRequest(ExportFormat::Png, png);
        QVERIFY(request.presentation);
        QCOMPARE(request.page, PageSize::Slide);
        QString error;
        QVERIFY2(exportGraph(*scene, request, &error), qPrintable(error));
        QImage slide(png);
        QVERIFY(!slide.isNull());
        QVERIFY2(std::abs(double(slide.width()) / slide.height() - 16.0 / 9.0) < 0.02, qPrintable(QStringLiteral("%1x%2").arg(slide.width()).arg(slide.height())));
        QCOMPARE(slide.pixelColor(2, 2), scene->nodePainter().background());

        // The dark desktop: the dark presentation look, in the export too.
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
        dark.setColor(QPalette::Text, Qt::white);
        QApplication::setPalette(dark);
        QTRY_VERIFY(scene->nodePainter().isDark());
        QVERIFY(scene->nodePainter().isPresentation());
        QTRY_VERIFY(!scene->isLayoutPending() && !scene->isAnimating());
        shoot(window, QStringLiteral("presentation-dark"));
        const QString darkPng = m_dir.filePath(QStringLiteral("slide-dark.png"));
        QVERIFY2(exportGraph(*scene, graph->exportRequest(ExportFormat::Png, darkPng), &error), qPrintable(error));
        QCOMPARE(QImage(darkPng).pixelColor(2, 2), QColor(Qt::black));
        QApplication::setPalette(light);

        // Out of it: everything as it was, the whole host drawn again.
        mode->action()->trigger();
        QVERIFY(!mode->isActive());
        QVERIFY(window.menuBar()->isVisible());
        QVERIFY(window.statusBar()->isVisible());
        QVERIFY(window.treeView()->isVisible());
        QVERIFY(window.tableView()->isVisible());
        QVERIFY(details->isVisible());
        QVERIFY(graph->findChild<QToolBar *>(QStringLiteral("graphToolBar"))->isVisible());
        QVERIFY(!scene->nodePainter().isPresentation());
        QVERIFY(!lesson->isPresentation());
        QTRY_COMPARE(scene->nodeItems().size(), before);
        QCOMPARE(graph->exportRequest(ExportFormat::Png, png).presentation, false);
    }

private:
    QTemporaryDir m_dir;
    SnapshotPtr m_host;
};

int main(int argc, char **argv)
{
    return nsviz::testing::runGuiTest<TestPresentation>(argc, argv, "tst_presentation",
                                                        "offscreen:configfile=" NSVIZ_TEST_DATA "/screen-1080p.json");
}
#include "tst_presentation.moc"
