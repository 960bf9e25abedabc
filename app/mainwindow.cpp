#include "mainwindow.h"

#include "live/poller.h"
#include "panels/hostsummary.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace nsviz {

MainWindow::MainWindow(SnapshotPtr fixed, QWidget *parent)
    : QMainWindow(parent)
    , m_summary(new HostSummary(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("nsviz"));
    setCentralWidget(m_summary);
    statusBar()->addWidget(m_status, 1);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    if (fixed) {
        setWindowTitle(tr("nsviz — snapshot of %1").arg(fixed->host().hostname));
        showSnapshot(fixed);
        return;
    }
    m_poller = new Poller({}, this);
    connect(m_poller, &Poller::snapshotReady, this, &MainWindow::showSnapshot);
    m_poller->start();
    m_status->setText(tr("Scanning…"));
}

MainWindow::~MainWindow() = default;

void MainWindow::showSnapshot(const SnapshotPtr &snapshot)
{
    m_summary->setSnapshot(snapshot);
    const QString when = QLocale().toString(snapshot->host().time.toLocalTime(), QLocale::ShortFormat);
    m_status->setText(m_poller ? tr("Live — last scan %1").arg(when) : tr("Saved snapshot taken %1").arg(when));
}

} // namespace nsviz
