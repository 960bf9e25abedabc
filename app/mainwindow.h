#pragma once

#include "snapshot/snapshot.h"

#include <QMainWindow>

class QLabel;

namespace nsviz {

class HostSummary;
class Poller;

// The application window: the live host (or a saved snapshot) in the views, and the status of the scan.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // With a snapshot: shows it read-only. Without: polls the live host.
    explicit MainWindow(SnapshotPtr fixed = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    void showSnapshot(const SnapshotPtr &snapshot);

    HostSummary *m_summary;
    QLabel *m_status;
    Poller *m_poller = nullptr;
};

} // namespace nsviz
