#pragma once

// The demo containers panel, for a teacher in front of a class and for trying an idea: the seed chapter's examples
// as one-click presets, a custom form for any set of namespaces, and the engine (Podman/Docker) section; below them
// the running demo containers with their host pid and namespace ids, with stop / stop all, "Fetch page" for web
// servers (fetched from inside each container's net namespace), "Terminal here" and "Show in views".
//
// The panel owns the built-in runtime, as a DemoService on a thread of its own: every container it started dies with
// it, and nothing it does (starting, stopping, fetching a page, reading ports) waits on the GUI thread. Its buttons
// ask, and the answers come back as they are ready (startFinished, pagesFetched). Wiring for a window: put it in a
// dock, feed it snapshots (setSnapshot) so engine containers get their namespace ids; on containersChanged() pass
// containerNames() and demoContainers() to ContainerNames and refresh the views; select the process named by
// showProcessRequested().

#include "containers/containernames.h"
#include "containers/demopreset.h"
#include "containers/demoservice.h"
#include "snapshot/snapshot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace nsviz {

class DemoForm;
class EngineSection;
class FieldMessage;
class TerminalLauncher;

class DemoPanel : public QWidget
{
    Q_OBJECT
public:
    // One row of the running list.
    struct Entry
    {
        enum class Source { BuiltIn, Engine };
        Source source = Source::BuiltIn;
        QString id;   // DemoRuntime id, or the engine's container id
        QString name;
        qint32 pid = 0; // on the host; 0 when not running
        qint32 pidInside = 0; // the same process's pid in the container's own pid namespace, 0 when not known or none
        bool running = false;
        bool webServer = false; // answers HTTP on DemoHttpPort inside its net namespace
        QString state; // "running", "exited with code 1", the engine's status, ...
        QList<std::pair<NamespaceType, NamespaceId>> namespaces; // its own ones (not the host's), 0 where unknown
    };

    explicit DemoPanel(QWidget *parent = nullptr);
    ~DemoPanel() override; // stops every built-in container

    DemoService *service() const { return m_service; }
    EngineSection *engineSection() const { return m_engine; }
    DemoForm *form() const { return m_form; }

    // The latest snapshot: the namespace ids of engine containers are looked up in it.
    void setSnapshot(const SnapshotPtr &snapshot);
    // Looks for engine sockets (done once at construction) — call again after starting an engine.
    void rescanEngines();
    // Uses another terminal launcher (tests; or one searching other paths).
    void setTerminalLauncher(const TerminalLauncher &launcher);

    // Engine container id (64 hex, and its 12-character short form) -> name, for labelling processes in the views
    // (ContainerNames::setEngineNames).
    QHash<QString, QString> containerNames() const;
    // The running built-in demo containers with their namespaces and names (ContainerNames::setDemoContainers).
    // Engine containers are not in it: their processes carry the engine's label already.
    QList<ContainerNames::Demo> demoContainers() const;
    QList<Entry> entries() const { return m_entries; }

    // What the buttons do, callable from a menu or a test. A start is asked for and answered later
    // (startFinished); false when it was not even asked: another start is under way, or the form has errors.
    QStringList presetIds() const;
    bool startPreset(const QString &id); // the error, or "Started ...", shown under the preset
    void stopPreset(const QString &id);  // the containers it started; its row's button says Start again
    bool isPresetRunning(const QString &id) const;
    bool startCustom();                  // the custom form's spec; the answer shown in the form
    bool isStarting() const { return m_startRequest != 0; }
    void stop(const QString &id);        // a built-in id or an engine container id
    void stopAll();                      // built-in ones and the engine containers started from nsviz
    // Fetches the page from inside the net namespace of every running web server; pagesFetched() says what the
    // output box then shows.
    void fetchPages();
    bool isFetching() const { return m_fetchRequest != 0; }

    QString presetDetails() const;    // the text shown for the selected preset (tests)
    QString presetError() const;
    QString panelMessage() const;     // the error or note under the running list
    QString fetchedText() const;
    bool canOpenTerminal() const;
    // What "Copy nsenter command" puts on the clipboard for a container's pid, for a terminal of one's own.
    static QString nsenterCommand(qint32 pid);
    QString terminalNote() const;

Q_SIGNALS:
    // The set of running demo containers (built-in or engine) changed: a good moment to refresh the views.
    void containersChanged();
    // "Show in views" (or a double click) on a container: select this process in the graph and table.
    void showProcessRequested(qint32 pid);
    // A start asked for by startPreset() or startCustom() has ended; message is what the panel shows about it.
    void startFinished(bool ok, const QString &message);
    void pagesFetched(const QString &shown);

private:
    QWidget *buildPresetsTab();
    QWidget *buildRunningBox();
    void selectPreset(int row);
    void rebuildEntries();
    void updateList();
    void updateButtons();
    const Entry *selectedEntry() const;
    void openTerminal();
    void showExitOutput();
    void showExited(const QString &id); // a built-in container ended by itself
    void showContextMenu(const QPoint &at);
    void updatePresetButtons();
    void finishStart(quint64 request, const QStringList &ids, const QString &error);
    void showPages(quint64 request, const QList<DemoService::Page> &pages);

    DemoService *m_service;
    bool m_privileged = false;
    quint64 m_startRequest = 0; // the start under way, 0 if none
    QString m_startingPreset;   // its preset's id; empty for the custom form
    quint64 m_fetchRequest = 0;
    QList<Entry> m_fetching;    // the web servers asked, as they were listed then
    QList<DemoPreset> m_presets;
    QHash<QString, QStringList> m_presetContainers; // preset id -> the built-in ids its last start made
    QString m_customId; // the container the custom form last started, while it runs
    QElapsedTimer m_customClock;
    SnapshotPtr m_snapshot;
    QList<Entry> m_entries;
    std::unique_ptr<TerminalLauncher> m_terminal;

    QLabel *m_intro;
    QTabWidget *m_tabs;
    QListWidget *m_presetList;
    QLabel *m_presetDetails;
    FieldMessage *m_presetError;
    DemoForm *m_form;
    EngineSection *m_engine;
    QTreeWidget *m_list;
    QPushButton *m_fetch;
    QPushButton *m_terminalButton;
    QPushButton *m_show;
    QPushButton *m_stop;
    QPushButton *m_stopAll;
    QLabel *m_terminalNote;
    FieldMessage *m_message;
    QPlainTextEdit *m_output;
};

} // namespace nsviz
