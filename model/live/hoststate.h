#pragma once

#include "containers/containernames.h"
#include "live/changelog.h"
#include "live/snapshothistory.h"
#include "scan/procscanner.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QObject>
#include <QThreadPool>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace nsviz {

class Poller;
class ProbeStream;
struct Recording;

// The one owner of what a host is now and what it was. It takes snapshots from exactly one source (the live scan,
// the full-view probe stream, a saved snapshot, a recording being replayed), applies the names /proc lacks (engine
// and demo containers) to every one of them whatever its source, keeps the history of the moments (bounded by
// bytes) with the change log worked out from them, records them to a file when asked, and publishes the moment
// shown with the one SnapshotDiff from the moment shown before: consumers never compute a diff and never reach
// back into a source. The shown moment is the latest one as it comes (following), or one the user went back to
// (the timeline), while new moments keep being taken in; a recording is played through at a chosen speed.
class HostState : public QObject
{
    Q_OBJECT
public:
    enum class Source { None, Live, FullView, File, Recording };

    explicit HostState(QObject *parent = nullptr);
    ~HostState() override;

    // ---- sources: each one replaces the one before
    void showLive(ScanOptions options = {});
    // The whole host through `program arguments` (pkexec nsviz-probe --stream): instead of the live scan until it
    // ends, then the live scan again. The same host, so the history goes on.
    void startFullView(const QString &program, const QStringList &arguments);
    void stopFullView();
    void showSnapshot(SnapshotPtr snapshot); // a saved snapshot, read-only
    void showRecording(const Recording &recording); // its moments replace the history; shown from the first
    Source source() const { return m_source; }
    bool isLive() const { return m_source == Source::Live || m_source == Source::FullView; }
    QString recordingSource() const { return m_recordingSource; } // what a replayed recording says it recorded

    // ---- the live scan's controls
    void setInterval(int milliseconds);
    int interval() const { return m_interval; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void refreshNow();

    // ---- names /proc does not have
    void setEngineNames(const QHash<QString, QString> &names);
    void setDemoContainers(const QList<ContainerNames::Demo> &containers);

    // A moment from the source: the live scan and the probe call it, and tests script a source through it. `time`
    // in ms since the epoch; 0: the snapshot's own time, else now.
    void ingest(SnapshotPtr snapshot, qint64 time = 0);

    // ---- what is shown, and when
    SnapshotPtr shown() const { return m_shown; }
    SnapshotPtr latest() const { return m_history.latest(); }
    const SnapshotHistory &history() const { return m_history; }
    void setHistoryBytes(qint64 bytes);
    qsizetype shownIndex() const; // in history(); the last one while following
    qint64 shownTime() const { return m_shownTime; }
    bool isFollowing() const { return m_following; }
    void showMoment(qsizetype index); // stops following (unless it is the latest of a live source)
    void showTime(qint64 time);       // the last moment at or before it
    void follow();                    // the latest moment, and each one as it comes
    qint64 momentsTaken() const { return m_momentsTaken; } // since the source began; history index = moment - first
    qint64 firstMomentKept() const { return m_momentsTaken - m_history.size(); }

    // ---- playing through the moments (a recording; or the live history, up to now)
    void play();
    void pause();
    bool isPlaying() const { return m_playing; }
    void step(int moments);
    void setSpeed(double factor); // 0.25 to 16
    double speed() const { return m_speed; }
    void setLoop(bool loop) { m_loop = loop; }
    bool loops() const { return m_loop; }

    const ChangeLog &changes() const { return m_changes; }

    // ---- recording what comes in to a file (live sources only)
    bool startRecording(const QString &path, QString *error = nullptr);
    void stopRecording(); // the file is complete and in place once recordingChanged() says it is no longer recording
    bool isRecording() const { return bool(m_recorder); }
    QString recordingPath() const { return m_recordingPath; }
    qint64 recordedMoments() const { return m_recordedMoments; }
    qint64 recordedBytes() const { return m_recordedBytes; }
    bool waitForRecording(int timeoutMs = 30000); // until the recorder's thread has written all it was given

Q_SIGNALS:
    void reset(); // a different data set comes: the views start over, and the next updated() is its first
    void sourceChanged(); // source() is another (emitted after it changed; isLive() tells the new one)
    void updated(nsviz::SnapshotPtr snapshot, const nsviz::SnapshotDiff &diff, bool first);
    void historyChanged();
    // A moment joined the history (live or probe; each moment of a recording as it is opened), with the diff from
    // the one before it (empty for the first): what charts of the history add a point for.
    void momentTaken(nsviz::SnapshotPtr snapshot, const nsviz::SnapshotDiff &diff, qint64 time);
    void shownChanged(); // which moment, following or not, playing or not
    void changesAdded(qsizetype count);
    void changesReset();
    void problem(const QString &message);    // from the probe stream: a bad line, its stderr
    void fullViewEnded(const QString &why);  // why it ended; empty when asked to
    void runningChanged(bool running);
    void recordingChanged(); // started, stopped (the file is in place), or failed (recordingError() says why)
    void recordingProgress();

public:
    QString recordingError() const { return m_recordingError; }

private:
    void setSource(Source source);
    void clearData();
    void publish(SnapshotPtr snapshot, qint64 time);
    void scheduleNextFrame();
    void playNext();
    void recorderReport(qint64 moments, qint64 bytes, const QString &error, bool finished);
    SnapshotPtr applyNames(const SnapshotPtr &snapshot) const;

    class Recorder;
    Source m_source = Source::None;
    Poller *m_poller = nullptr;
    ProbeStream *m_probe = nullptr;
    ScanOptions m_scanOptions;
    int m_interval = 1000;
    bool m_paused = false;
    ContainerNames m_names;
    SnapshotHistory m_history;
    qint64 m_historyBytes = SnapshotHistory::DefaultMaxBytes; // the bound asked for (a replay holds its recording whole)
    ChangeLog m_changes;
    qint64 m_momentsTaken = 0;
    SnapshotPtr m_shown;
    qint64 m_shownTime = 0;
    qint64 m_shownMoment = -1; // absolute, while not following
    bool m_following = true;
    bool m_first = true;
    QString m_recordingSource;
    // playing
    QTimer m_playTimer;
    bool m_playing = false;
    double m_speed = 1;
    bool m_loop = false;
    // recording
    std::unique_ptr<Recorder> m_recorder;
    QString m_recordingPath;
    QString m_recordingError;
    qint64 m_recordedMoments = 0;
    qint64 m_recordedBytes = 0;
    bool m_recorderHasBase = false; // the recorder has a moment to write the next one against
    // Where a moment no view shows any more is freed: a snapshot of 5,000 processes takes a millisecond to free,
    // a twelfth of a replay update's budget. Last member: destroyed first, it waits for what it is freeing.
    QThreadPool m_releaser;
};

} // namespace nsviz
