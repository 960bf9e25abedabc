#include "hoststate.h"

#include "live/poller.h"
#include "live/probestream.h"
#include "live/recording.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <cmath>

namespace nsviz {

// Writes a recording on a thread of its own, so that serialising a keyframe of 5,000 processes (megabytes of JSON,
// compressed) never holds up the GUI thread. Work is posted to it in order; it reports back by queued calls.
class HostState::Recorder : public QObject
{
public:
    Recorder(HostState *owner, const QString &path)
        : m_owner(owner)
        , m_writer(path)
    {
        m_thread.setObjectName(QStringLiteral("nsviz recorder"));
        moveToThread(&m_thread);
        m_thread.start();
    }
    ~Recorder() override
    {
        m_thread.quit();
        m_thread.wait();
    }

    bool open(const QString &source, QString *error)
    {
        // Opened here, on the caller's thread: a path that cannot be written is said at once, in the dialog.
        if (m_writer.open(source))
            return true;
        *error = m_writer.errorString();
        return false;
    }
    void moment(SnapshotPtr before, SnapshotPtr after, std::shared_ptr<const SnapshotDiff> diff, qint64 time)
    {
        post([this, before = std::move(before), after = std::move(after), diff = std::move(diff), time] {
            if (m_failed)
                return;
            bool ok;
            if (before) {
                const SnapshotDelta delta = SnapshotDelta::between(*before, *after, diff.get());
                ok = m_writer.write(*after, &delta, time);
            } else {
                ok = m_writer.write(*after, nullptr, time);
            }
            m_failed = !ok;
            report(false);
        });
    }
    void finish()
    {
        post([this] {
            if (!m_failed)
                m_failed = !m_writer.finish();
            report(true);
        });
    }
    bool waitIdle(int timeoutMs)
    {
        QMutexLocker lock(&m_mutex);
        while (m_pending > 0)
            if (!m_idle.wait(&m_mutex, QDeadlineTimer(timeoutMs)))
                return false;
        return true;
    }

private:
    template<typename F>
    void post(F &&f)
    {
        {
            QMutexLocker lock(&m_mutex);
            ++m_pending;
        }
        QMetaObject::invokeMethod(this, [this, f = std::forward<F>(f)] {
            f();
            QMutexLocker lock(&m_mutex);
            if (--m_pending == 0)
                m_idle.wakeAll();
        }, Qt::QueuedConnection);
    }
    void report(bool finished)
    {
        const qint64 moments = m_writer.moments();
        const qint64 bytes = m_writer.bytesWritten();
        const QString error = m_failed ? m_writer.errorString() : QString();
        QMetaObject::invokeMethod(m_owner, [owner = m_owner, moments, bytes, error, finished] {
            owner->recorderReport(moments, bytes, error, finished);
        }, Qt::QueuedConnection);
    }

    HostState *m_owner;
    RecordingWriter m_writer;
    QThread m_thread;
    bool m_failed = false;
    QMutex m_mutex;
    QWaitCondition m_idle;
    int m_pending = 0;
};

HostState::HostState(QObject *parent)
    : QObject(parent)
    , m_history(SnapshotHistory::DefaultMaxBytes)
{
    qRegisterMetaType<nsviz::SnapshotPtr>();
    m_playTimer.setSingleShot(true);
    connect(&m_playTimer, &QTimer::timeout, this, &HostState::playNext);
    m_releaser.setMaxThreadCount(1);
}

HostState::~HostState()
{
    if (m_recorder) {
        // Quitting while recording keeps what was recorded: the file is closed and put in place.
        m_recorder->finish();
        m_recorder->waitIdle(120000);
        m_recorder.reset();
    }
    // Disconnected first: a probe that ends as it is deleted reports synchronously, and nothing of that may reach
    // the views of a window being torn down, nor restart the poller.
    if (m_probe)
        m_probe->disconnect(this);
    if (m_poller) {
        m_poller->disconnect(this);
        m_poller->stop();
    }
    delete m_probe;
    delete m_poller;
}

// ---------------------------------------------------------------- sources

void HostState::clearData()
{
    pause();
    m_history.clear();
    m_history.setMaxBytes(m_historyBytes); // a replay held its recording whole; no other source may
    m_changes.clear();
    m_momentsTaken = 0;
    m_shown.reset();
    m_shownTime = 0;
    m_shownMoment = -1;
    m_following = true;
    m_first = true;
    m_recordingSource.clear();
    Q_EMIT reset();
    Q_EMIT changesReset();
    Q_EMIT historyChanged();
    Q_EMIT shownChanged();
}

void HostState::setSource(Source source)
{
    if (std::exchange(m_source, source) != source)
        Q_EMIT sourceChanged();
}

void HostState::showLive(ScanOptions options)
{
    if (m_source == Source::Live && m_poller)
        return;
    stopFullView();
    if (m_source != Source::Live)
        clearData();
    setSource(Source::Live);
    m_scanOptions = std::move(options);
    delete m_poller;
    m_poller = new Poller(m_scanOptions, this);
    m_poller->setInterval(m_interval);
    connect(m_poller, &Poller::snapshotReady, this, [this](const SnapshotPtr &s) { ingest(s); });
    connect(m_poller, &Poller::runningChanged, this, &HostState::runningChanged);
    if (!m_paused)
        m_poller->start();
}

void HostState::startFullView(const QString &program, const QStringList &arguments)
{
    if (m_probe)
        return;
    if (!isLive())
        showLive(m_scanOptions);
    m_probe = new ProbeStream(this);
    connect(m_probe, &ProbeStream::snapshotReady, this, [this](const SnapshotPtr &s) { ingest(s); });
    connect(m_probe, &ProbeStream::problem, this, &HostState::problem);
    connect(m_probe, &ProbeStream::finished, this, [this](int exitCode, const QString &message) {
        const QString why = exitCode == 0 ? QString() : message.isEmpty() ? tr("the probe ended with code %1").arg(exitCode) : message;
        stopFullView();
        Q_EMIT fullViewEnded(why);
    });
    if (m_poller)
        m_poller->stop();
    setSource(Source::FullView);
    m_probe->start(program, arguments);
}

void HostState::stopFullView()
{
    if (!m_probe)
        return;
    m_probe->disconnect(this); // its last buffered lines must not land after we moved on
    m_probe->deleteLater();
    m_probe = nullptr;
    setSource(Source::Live);
    if (m_poller && !m_paused)
        m_poller->start();
}

void HostState::showSnapshot(SnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    stopFullView();
    if (m_poller) {
        m_poller->disconnect(this); // a scan in flight must not paint the live host over the saved snapshot
        m_poller->stop();
        m_poller->deleteLater();
        m_poller = nullptr;
    }
    stopRecording();
    clearData();
    setSource(Source::File);
    ingest(std::move(snapshot));
}

void HostState::showRecording(const Recording &recording)
{
    if (!recording.moments || recording.moments->isEmpty())
        return;
    stopFullView();
    if (m_poller) {
        m_poller->disconnect(this);
        m_poller->stop();
        m_poller->deleteLater();
        m_poller = nullptr;
    }
    stopRecording();
    clearData();
    setSource(Source::Recording);
    m_recordingSource = recording.source;
    // The recording's moments are the history; the change log is worked out from them once, here.
    const SnapshotHistory &moments = *recording.moments;
    SnapshotPtr before;
    for (qsizetype i = 0; i < moments.size(); ++i) {
        const SnapshotPtr s = moments.at(i);
        const SnapshotDiff diff = before ? SnapshotDiff::compute(before.get(), s.get()) : SnapshotDiff();
        if (before)
            m_changes.add(before.get(), *s, diff, moments.timeAt(i), i);
        Q_EMIT momentTaken(s, diff, moments.timeAt(i));
        before = s;
    }
    m_history = moments;
    m_history.setMaxBytes(std::numeric_limits<qint64>::max());
    m_momentsTaken = m_history.size();
    m_following = false;
    Q_EMIT changesReset();
    Q_EMIT historyChanged();
    showMoment(0);
}

// ---------------------------------------------------------------- live controls

void HostState::setInterval(int milliseconds)
{
    m_interval = std::max(50, milliseconds);
    if (m_poller)
        m_poller->setInterval(m_interval);
}

void HostState::setPaused(bool paused)
{
    m_paused = paused;
    if (!m_poller || m_probe)
        return;
    paused ? m_poller->stop() : m_poller->start();
}

void HostState::refreshNow()
{
    if (m_poller && !m_probe)
        m_poller->refreshNow();
}

void HostState::setEngineNames(const QHash<QString, QString> &names)
{
    m_names.setEngineNames(names);
}

void HostState::setDemoContainers(const QList<ContainerNames::Demo> &containers)
{
    m_names.setDemoContainers(containers);
    // The next scan carries the names, and it comes now rather than in a second.
    if (m_source == Source::Live && !m_paused)
        refreshNow();
}

SnapshotPtr HostState::applyNames(const SnapshotPtr &snapshot) const
{
    // Whatever the source: a saved or recorded snapshot keeps the names it has, and gets the ones known here.
    return m_names.apply(snapshot);
}

// ---------------------------------------------------------------- moments

void HostState::ingest(SnapshotPtr raw, qint64 time)
{
    if (!raw)
        return;
    const SnapshotPtr snapshot = applyNames(raw);
    if (time <= 0)
        time = snapshot->host().time.isValid() ? snapshot->host().time.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    const SnapshotPtr before = m_history.latest();
    // The one diff of this moment: for the history, the change log, the recorder and, while following, every view.
    auto diff = std::make_shared<const SnapshotDiff>(SnapshotDiff::compute(before.get(), snapshot.get()));
    const qint64 evictedBefore = m_history.evicted();
    const qint64 droppedBefore = m_changes.dropped();
    m_history.append(snapshot, time, before ? diff.get() : nullptr);
    const qint64 moment = m_momentsTaken++;
    if (m_history.evicted() != evictedBefore)
        m_changes.dropBefore(firstMomentKept());
    const qsizetype added = m_changes.add(before.get(), *snapshot, *diff, time, moment);
    if (added > 0 || m_changes.dropped() != droppedBefore)
        Q_EMIT changesAdded(added);
    Q_EMIT momentTaken(snapshot, before ? *diff : SnapshotDiff(), time);
    if (m_recorder) {
        // The first moment it is given is written whole; after that, each as the change from the one before.
        m_recorder->moment(std::exchange(m_recorderHasBase, true) ? before : nullptr, snapshot, diff, time);
    }
    Q_EMIT historyChanged();
    if (m_following) {
        const bool first = std::exchange(m_first, false);
        m_shown = snapshot;
        m_shownTime = m_history.timeAt(m_history.size() - 1);
        Q_EMIT updated(snapshot, *diff, first);
        Q_EMIT shownChanged();
    } else if (m_shownMoment < firstMomentKept()) {
        // The moment shown went out of the history's bound: the oldest kept is the nearest.
        showMoment(0);
    }
}

void HostState::publish(SnapshotPtr snapshot, qint64 time)
{
    if (!snapshot)
        return;
    snapshot = applyNames(snapshot); // a moment of a recording, with the names known now
    const SnapshotDiff diff = SnapshotDiff::compute(m_shown.get(), snapshot.get());
    const bool first = std::exchange(m_first, false);
    SnapshotPtr previous = std::exchange(m_shown, std::move(snapshot));
    m_shownTime = time;
    Q_EMIT updated(m_shown, diff, first);
    // The views have let go of the moment before; where nothing else holds it (the history keeps keyframes and
    // the latest), it is freed off the GUI thread.
    if (previous && previous.use_count() == 1)
        m_releaser.start([gone = std::move(previous)] {});
}

qsizetype HostState::shownIndex() const
{
    if (m_following || m_shownMoment < 0)
        return m_history.size() - 1;
    return qsizetype(m_shownMoment - firstMomentKept());
}

void HostState::showMoment(qsizetype index)
{
    if (m_history.isEmpty())
        return;
    index = std::clamp<qsizetype>(index, 0, m_history.size() - 1);
    if (index == m_history.size() - 1 && m_source != Source::Recording) {
        follow();
        return;
    }
    m_following = false;
    const qint64 moment = firstMomentKept() + index;
    if (moment != m_shownMoment || !m_shown) {
        m_shownMoment = moment;
        publish(m_history.at(index), m_history.timeAt(index));
    }
    Q_EMIT shownChanged();
}

void HostState::showTime(qint64 time)
{
    showMoment(m_history.indexAt(time));
}

void HostState::follow()
{
    if (m_history.isEmpty())
        return;
    const bool was = m_following;
    m_following = true;
    m_shownMoment = -1;
    if (!was || m_shown != m_history.latest())
        publish(m_history.latest(), m_history.timeAt(m_history.size() - 1));
    if (m_playing)
        pause();
    Q_EMIT shownChanged();
}

void HostState::setHistoryBytes(qint64 bytes)
{
    m_historyBytes = bytes; // kept for the live source even while a recording (held whole) is replayed
    if (m_source == Source::Recording)
        return;
    const qint64 evicted = m_history.evicted();
    m_history.setMaxBytes(bytes);
    if (m_history.evicted() != evicted) {
        m_changes.dropBefore(firstMomentKept());
        Q_EMIT changesReset();
        if (!m_following && m_shownMoment < firstMomentKept())
            showMoment(0);
        Q_EMIT historyChanged();
    }
}

// ---------------------------------------------------------------- playing

void HostState::play()
{
    if (m_history.size() < 2)
        return;
    if (m_following && isLive())
        return; // already where time is
    if (!m_following && shownIndex() >= m_history.size() - 1)
        showMoment(0); // from the start again
    m_playing = true;
    scheduleNextFrame();
    Q_EMIT shownChanged();
}

void HostState::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_playTimer.stop();
    Q_EMIT shownChanged();
}

void HostState::step(int moments)
{
    pause();
    const qsizetype from = shownIndex();
    showMoment(from + moments);
}

void HostState::setSpeed(double factor)
{
    m_speed = std::clamp(factor, 0.25, 16.0);
    if (m_playing)
        scheduleNextFrame();
    Q_EMIT shownChanged();
}

void HostState::scheduleNextFrame()
{
    const qsizetype i = shownIndex();
    if (i + 1 >= m_history.size()) {
        m_playTimer.start(0);
        return;
    }
    // As the moments were taken, sped up: a second between two of them is 62 ms at 16x. A long pause in a
    // recording (a laptop asleep) is played as at most 5 s.
    const qint64 gap = std::min<qint64>(m_history.timeAt(i + 1) - m_history.timeAt(i), 5000);
    m_playTimer.start(int(std::max<qint64>(1, std::llround(double(gap) / m_speed))));
}

void HostState::playNext()
{
    if (!m_playing)
        return;
    const qsizetype i = shownIndex();
    if (i + 1 >= m_history.size()) {
        if (m_loop && m_source == Source::Recording) {
            showMoment(0);
            scheduleNextFrame();
        } else {
            pause();
        }
        return;
    }
    showMoment(i + 1);
    if (m_following) // played up to the live moment
        return;
    scheduleNextFrame();
}

// ---------------------------------------------------------------- recording

bool HostState::startRecording(const QString &path, QString *error)
{
    if (m_recorder)
        return true;
    if (!isLive()) {
        if (error)
            *error = tr("only the live host can be recorded");
        return false;
    }
    auto recorder = std::make_unique<Recorder>(this, path);
    QString why;
    if (!recorder->open(m_source == Source::FullView ? tr("the whole host (full view)") : tr("the live host"), &why)) {
        if (error)
            *error = why;
        return false;
    }
    m_recorder = std::move(recorder);
    m_recordingPath = path;
    m_recordingError.clear();
    m_recordedMoments = 0;
    m_recordedBytes = 0;
    // It starts with the host as it is now.
    m_recorderHasBase = false;
    if (const SnapshotPtr now = m_history.latest()) {
        m_recorder->moment(nullptr, now, nullptr, m_history.timeAt(m_history.size() - 1));
        m_recorderHasBase = true;
    }
    Q_EMIT recordingChanged();
    return true;
}

void HostState::stopRecording()
{
    if (!m_recorder)
        return;
    m_recorder->finish();
    // The file is whole only once the writer has caught up: wait for it (a slow disk), never report a recording
    // saved that was not.
    if (!m_recorder->waitIdle(120000) && m_recordingError.isEmpty())
        m_recordingError = tr("the recording was not saved: writing %1 did not finish in two minutes").arg(m_recordingPath);
    QCoreApplication::sendPostedEvents(this); // the recorder's last reports
    m_recorder.reset();
    Q_EMIT recordingChanged();
}

bool HostState::waitForRecording(int timeoutMs)
{
    if (!m_recorder)
        return true;
    const bool idle = m_recorder->waitIdle(timeoutMs);
    QCoreApplication::sendPostedEvents(this);
    return idle;
}

void HostState::recorderReport(qint64 moments, qint64 bytes, const QString &error, bool finished)
{
    m_recordedMoments = moments;
    m_recordedBytes = bytes;
    if (!error.isEmpty() && m_recordingError.isEmpty()) {
        m_recordingError = error;
        if (m_recorder && !finished) {
            // A full disk, say: this recording cannot go on. What was written is not put in place (it would be a
            // recording that ends in the middle of a line); the user is told.
            m_recorder.reset();
            Q_EMIT recordingChanged();
            return;
        }
    }
    Q_EMIT recordingProgress();
}

} // namespace nsviz
