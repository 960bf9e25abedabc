#include "timelinebar.h"

#include "itemmodels/displaytext.h"
#include "live/hoststate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QToolTip>

#include <cmath>

namespace nsviz {

namespace {

QString clock(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("HH:mm:ss"));
}

QString span(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

// ---------------------------------------------------------------- TimelineTrack

TimelineTrack::TimelineTrack(HostState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("timelineTrack"));
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(true);
    setAccessibleName(tr("Timeline"));
    connect(state, &HostState::historyChanged, this, qOverload<>(&QWidget::update));
    connect(state, &HostState::shownChanged, this, qOverload<>(&QWidget::update));
}

QSize TimelineTrack::sizeHint() const
{
    return {400, fontMetrics().height() + 10};
}

QSize TimelineTrack::minimumSizeHint() const
{
    return {80, fontMetrics().height() + 10};
}

QRect TimelineTrack::trackRect() const
{
    return rect().adjusted(6, 3, -6, -3);
}

int TimelineTrack::xOf(qsizetype index) const
{
    const SnapshotHistory &h = m_state->history();
    const QRect r = trackRect();
    if (h.size() < 2)
        return r.right();
    const qint64 t0 = h.timeAt(0), t1 = h.timeAt(h.size() - 1);
    if (t1 <= t0)
        return r.left() + int(double(r.width()) * double(index) / double(h.size() - 1));
    return r.left() + int(std::lround(double(r.width()) * double(h.timeAt(index) - t0) / double(t1 - t0)));
}

qsizetype TimelineTrack::indexAt(int x) const
{
    const SnapshotHistory &h = m_state->history();
    if (h.isEmpty())
        return -1;
    const QRect r = trackRect();
    const double f = std::clamp(double(x - r.left()) / std::max(1, r.width()), 0.0, 1.0);
    const qint64 t0 = h.timeAt(0), t1 = h.timeAt(h.size() - 1);
    if (t1 <= t0)
        return qsizetype(std::lround(f * double(h.size() - 1)));
    const qint64 t = t0 + qint64(std::llround(f * double(t1 - t0)));
    // The nearer of the moments either side.
    const qsizetype i = h.indexAt(t);
    if (i + 1 < h.size() && h.timeAt(i + 1) - t < t - h.timeAt(i))
        return i + 1;
    return i;
}

void TimelineTrack::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRect r = trackRect();
    const QPalette &pal = palette();
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(r, 3, 3);
    const SnapshotHistory &h = m_state->history();
    if (h.isEmpty())
        return;

    // How much changed where: changes counted per pixel column, drawn as a faint histogram (log scale: one
    // container's start is as visible as a build's thousand processes are not overwhelming).
    const ChangeLog &log = m_state->changes();
    const qint64 first = m_state->firstMomentKept();
    std::vector<int> counts(std::size_t(std::max(1, r.width() + 1)), 0);
    std::vector<quint8> marks(counts.size(), 0); // 1: a container started, 2: one stopped
    for (qsizetype i = 0; i < log.size(); ++i) {
        const Change &c = log.at(i);
        const qsizetype index = qsizetype(c.moment - first);
        if (index < 0 || index >= h.size())
            continue;
        const std::size_t x = std::size_t(std::clamp(xOf(index) - r.left(), 0, r.width()));
        ++counts[x];
        if (c.kind == Change::Kind::ContainerStarted)
            marks[x] |= 1;
        else if (c.kind == Change::Kind::ContainerStopped)
            marks[x] |= 2;
    }
    const int most = *std::max_element(counts.cbegin(), counts.cend());
    QColor activity = pal.color(QPalette::Text);
    activity.setAlpha(60);
    if (most > 0) {
        const double scale = double(r.height() - 2) / std::log1p(double(most));
        for (std::size_t x = 0; x < counts.size(); ++x) {
            if (!counts[x])
                continue;
            const int height = std::max(2, int(std::log1p(double(counts[x])) * scale));
            p.fillRect(QRect(r.left() + int(x), r.bottom() - height + 1, 1, height), activity);
        }
    }
    for (std::size_t x = 0; x < marks.size(); ++x) {
        if (marks[x] & 1)
            p.fillRect(QRect(r.left() + int(x) - 1, r.top(), 2, r.height() / 2), QColor(0x2e, 0x9e, 0x4f));
        if (marks[x] & 2)
            p.fillRect(QRect(r.left() + int(x) - 1, r.top() + r.height() / 2, 2, r.height() - r.height() / 2), QColor(0xd0, 0x3a, 0x2f));
    }

    // The moment shown: a handle, in the highlight colour while it is live, amber in the past.
    const qsizetype shown = m_state->shownIndex();
    const int x = xOf(shown);
    const QColor handle = m_state->isFollowing() ? pal.color(QPalette::Highlight) : QColor(0xe0, 0x8e, 0x0b);
    p.setBrush(handle);
    p.setPen(QPen(pal.color(QPalette::Base), 1));
    p.drawRoundedRect(QRectF(x - 3.5, rect().top() + 0.5, 7, rect().height() - 1), 2, 2);
    if (hasFocus()) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DotLine));
        p.drawRoundedRect(QRectF(r).adjusted(-2.5, -2.5, 2.5, 2.5), 3, 3);
    }
}

void TimelineTrack::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT scrubbed(indexAt(int(event->position().x())));
}

void TimelineTrack::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        Q_EMIT scrubbed(indexAt(int(event->position().x())));
}

bool TimelineTrack::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const qsizetype i = indexAt(help->pos().x());
        if (i >= 0) {
            const SnapshotHistory &h = m_state->history();
            QToolTip::showText(help->globalPos(), text::toolTip(tr("%1 — moment %2 of %3").arg(
                QLocale().toString(QDateTime::fromMSecsSinceEpoch(h.timeAt(i)), QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                                                           .arg(i + 1).arg(h.size())), this);
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineTrack::keyPressEvent(QKeyEvent *event)
{
    const qsizetype i = m_state->shownIndex();
    switch (event->key()) {
    case Qt::Key_Left: Q_EMIT scrubbed(std::max<qsizetype>(0, i - 1)); break;
    case Qt::Key_Right: Q_EMIT scrubbed(i + 1); break;
    case Qt::Key_PageUp: Q_EMIT scrubbed(std::max<qsizetype>(0, i - 10)); break;
    case Qt::Key_PageDown: Q_EMIT scrubbed(i + 10); break;
    case Qt::Key_Home: Q_EMIT scrubbed(0); break;
    case Qt::Key_End: Q_EMIT scrubbed(m_state->history().size() - 1); break;
    default: QWidget::keyPressEvent(event); return;
    }
}

// ---------------------------------------------------------------- TimelineBar

TimelineBar::TimelineBar(HostState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
    , m_track(new TimelineTrack(state, this))
    , m_play(new QToolButton(this))
    , m_back(new QToolButton(this))
    , m_forward(new QToolButton(this))
    , m_time(new QLabel(this))
    , m_speed(new QComboBox(this))
    , m_loop(new QCheckBox(tr("Loop"), this))
    , m_live(new QPushButton(tr("Back to live"), this))
    , m_recording(new QLabel(this))
    , m_stopRecording(new QToolButton(this))
{
    setObjectName(QStringLiteral("timelineBar"));
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(4);
    m_back->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_back->setToolTip(tr("One moment back (Left)"));
    m_back->setAutoRaise(true);
    m_play->setAutoRaise(true);
    m_play->setObjectName(QStringLiteral("timelinePlay"));
    m_forward->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_forward->setToolTip(tr("One moment on (Right)"));
    m_forward->setAutoRaise(true);
    layout->addWidget(m_back);
    layout->addWidget(m_play);
    layout->addWidget(m_forward);
    layout->addWidget(m_track, 1);
    m_time->setObjectName(QStringLiteral("timelineTime"));
    m_time->setTextFormat(Qt::PlainText);
    layout->addWidget(m_time);
    for (double f : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0})
        m_speed->addItem(QStringLiteral("%1×").arg(QLocale().toString(f)), f);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("Playing speed"));
    m_speed->setObjectName(QStringLiteral("timelineSpeed"));
    layout->addWidget(m_speed);
    m_loop->setToolTip(tr("Start again from the beginning at the end of the recording"));
    layout->addWidget(m_loop);
    m_live->setObjectName(QStringLiteral("backToLive"));
    m_live->setToolTip(tr("Show the host as it is now, and follow it again (End)"));
    layout->addWidget(m_live);
    m_recording->setObjectName(QStringLiteral("recordingState"));
    m_recording->setTextFormat(Qt::PlainText);
    layout->addWidget(m_recording);
    m_stopRecording->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stopRecording->setToolTip(tr("Stop recording and save the file"));
    m_stopRecording->setAutoRaise(true);
    layout->addWidget(m_stopRecording);

    m_scrub.setSingleShot(true);
    m_scrub.setInterval(0);
    connect(&m_scrub, &QTimer::timeout, this, [this] {
        // Kept as the moment itself, not its index: a scan that let old moments go meanwhile shifts the indexes.
        if (m_scrubTo >= 0)
            m_state->showMoment(qsizetype(std::exchange(m_scrubTo, -1) - m_state->firstMomentKept()));
    });
    connect(m_track, &TimelineTrack::scrubbed, this, [this](qsizetype index) {
        m_state->pause();
        m_scrubTo = m_state->firstMomentKept() + index;
        m_scrub.start();
    });
    connect(m_back, &QToolButton::clicked, this, [this] { m_state->step(-1); });
    connect(m_forward, &QToolButton::clicked, this, [this] { m_state->step(1); });
    connect(m_play, &QToolButton::clicked, this, [this] { m_state->isPlaying() ? m_state->pause() : m_state->play(); });
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { m_state->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_loop, &QCheckBox::toggled, this, [this](bool on) { m_state->setLoop(on); });
    connect(m_live, &QPushButton::clicked, this, [this] { m_state->follow(); });
    connect(m_stopRecording, &QToolButton::clicked, this, &TimelineBar::stopRecordingRequested);
    connect(state, &HostState::shownChanged, this, &TimelineBar::refresh);
    connect(state, &HostState::historyChanged, this, &TimelineBar::refresh);
    connect(state, &HostState::recordingChanged, this, &TimelineBar::updateRecording);
    connect(state, &HostState::recordingProgress, this, &TimelineBar::updateRecording);
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &TimelineBar::refresh);
    refresh();
    updateRecording();
}

bool TimelineBar::isShowingPast() const
{
    return !m_state->isFollowing() && m_state->isLive();
}

QString TimelineBar::bannerText() const
{
    return m_time->text();
}

void TimelineBar::setSuppressed(bool suppressed)
{
    m_suppressed = suppressed;
    refresh();
}

void TimelineBar::refresh()
{
    const SnapshotHistory &h = m_state->history();
    const bool replay = m_state->source() == HostState::Source::Recording;
    const bool past = isShowingPast();
    const bool many = h.size() > 1;
    // A saved snapshot is one moment: no time to show, so no row of disabled buttons under its graph.
    setVisible(!m_suppressed && (many || m_state->isLive() || replay || m_state->isRecording()));
    m_back->setEnabled(many && m_state->shownIndex() > 0);
    m_forward->setEnabled(many && !m_state->isFollowing() && m_state->shownIndex() < h.size() - 1);
    m_play->setEnabled(many && (replay || past));
    m_play->setIcon(style()->standardIcon(m_state->isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(m_state->isPlaying() ? tr("Pause") : replay ? tr("Play the recording") : tr("Play on from here up to now"));
    m_track->setEnabled(many);
    m_speed->setVisible(replay || past);
    m_loop->setVisible(replay);
    m_live->setVisible(past);

    QString text;
    if (h.isEmpty()) {
        text = tr("No moments yet");
    } else if (replay) {
        const qint64 start = h.timeAt(0);
        text = tr("Replay %1 (%2 of %3)").arg(clock(m_state->shownTime()), span(m_state->shownTime() - start), span(h.timeAt(h.size() - 1) - start));
    } else if (past) {
        text = tr("Viewing %1, %2 ago").arg(clock(m_state->shownTime()), span(QDateTime::currentMSecsSinceEpoch() - m_state->shownTime()));
    } else if (m_state->isLive()) {
        text = tr("Live · %1 kept").arg(span(h.timeAt(h.size() - 1) - h.timeAt(0)));
    } else {
        text = tr("Saved snapshot");
    }
    m_time->setText(text);
    past ? m_clock.start() : m_clock.stop();

    // In the past of a live host, the bar is a banner: the views are not showing now.
    QPalette pal = palette();
    if (past) {
        pal.setColor(QPalette::Window, QColor(0xfd, 0xe6, 0xb0));
        pal.setColor(QPalette::WindowText, QColor(0x4a, 0x32, 0x00));
    } else {
        pal = QPalette();
    }
    setPalette(pal);
    m_time->setToolTip(past ? tr("Every view shows the host as it was at this moment; new moments are still being taken") : QString());
}

void TimelineBar::updateRecording()
{
    const bool recording = m_state->isRecording();
    m_recording->setVisible(recording);
    m_stopRecording->setVisible(recording);
    if (recording)
        m_recording->setText(tr("● Recording: %1, %2").arg(text::count(m_state->recordedMoments(), "moment", "moments"),
                                                           QLocale().formattedDataSize(m_state->recordedBytes())));
}

} // namespace nsviz
