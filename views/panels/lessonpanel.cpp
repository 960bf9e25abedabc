#include "lessonpanel.h"

#include "containers/demoservice.h"
#include "lessons/lesson.h"
#include "lessons/lessonrecording.h"
#include "lessons/lessonrunner.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

namespace nsviz {

namespace {

QLabel *wrapping(QWidget *parent, bool rich = false)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(rich ? Qt::RichText : Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The dock's width decides and the text wraps to it: a wrapping label asks only for the height its width needs.
    l->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    l->setMinimumWidth(40);
    return l;
}

} // namespace

LessonPanel::LessonPanel(DemoService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_lessons(builtInLessons())
    , m_pages(new QWidget(this))
    , m_picker(new QComboBox(this))
    , m_pickedSummary(wrapping(this))
    , m_start(new QPushButton(tr("Start lesson"), this))
    , m_title(wrapping(this))
    , m_progress(new QLabel(this))
    , m_caption(wrapping(this))
    , m_narration(wrapping(this))
    , m_output(new QPlainTextEdit(this))
    , m_checks(wrapping(this, true))
    , m_try(wrapping(this))
    , m_problem(wrapping(this))
    , m_back(new QPushButton(tr("Back"), this))
    , m_next(new QPushButton(tr("Next"), this))
    , m_end(new QPushButton(tr("End lesson"), this))
{
    // The texts scroll up and down (their width follows the dock: everything wraps); Back, Next and End stay in
    // sight below them, however small the dock gets when Compare opens under it on a laptop's screen.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("lessonScroll"));
    scroll->setWidget(m_pages);
    // Two pages, one shown: not a QStackedWidget, whose height for a width is that of its tallest page even when it
    // is hidden (the short picker would scroll for the lesson's sake).
    auto *pages = new QVBoxLayout(m_pages);
    pages->setContentsMargins(0, 0, 0, 0);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    // The picker.
    auto *pick = new QWidget(m_pages);
    auto *pl = new QVBoxLayout(pick);
    auto *intro = wrapping(pick);
    intro->setText(tr("A lesson starts its own demo containers, one step at a time, and checks that the picture shows "
                      "what it says. Back undoes a step; ending the lesson stops everything it started."));
    pl->addWidget(intro);
    for (const Lesson &l : std::as_const(m_lessons))
        m_picker->addItem(l.title, l.id);
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(16);
    m_picker->setObjectName(QStringLiteral("lessonPicker"));
    pl->addWidget(m_picker);
    m_pickedSummary->setObjectName(QStringLiteral("lessonSummary"));
    pl->addWidget(m_pickedSummary);
    m_start->setObjectName(QStringLiteral("lessonStart"));
    pl->addWidget(m_start, 0, Qt::AlignLeft);
    pl->addStretch(1);
    pages->addWidget(pick);
    m_pick = pick;

    // A lesson on.
    auto *on = new QWidget(m_pages);
    auto *ol = new QVBoxLayout(on);
    m_caption->setObjectName(QStringLiteral("lessonCaption"));
    ol->addWidget(m_title);
    ol->addWidget(m_progress);
    ol->addWidget(m_caption);
    ol->addWidget(m_narration);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setObjectName(QStringLiteral("lessonOutput"));
    // What the class should see comes first; the output below it, a few lines high (it scrolls inside).
    m_checks->setObjectName(QStringLiteral("lessonChecks"));
    ol->addWidget(m_checks);
    m_output->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    ol->addWidget(m_output);
    ol->addWidget(m_try);
    applyFonts();
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    ol->addWidget(m_problem);
    m_buttons = new QWidget(this);
    auto *buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(9, 4, 9, 6);
    m_back->setObjectName(QStringLiteral("lessonBack"));
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_end->setObjectName(QStringLiteral("lessonEnd"));
    m_next->setDefault(true);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    buttons->addStretch(1);
    buttons->addWidget(m_end);
    ol->addStretch(1);
    pages->addWidget(on);
    m_on = on;
    layout->addWidget(m_buttons);

    connect(m_picker, &QComboBox::currentIndexChanged, this, &LessonPanel::showPicked);
    connect(m_start, &QPushButton::clicked, this, &LessonPanel::startChosen);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_replaying)
            showRecordedStep(m_replayIndex + 1);
        else
            m_service->lessonForward();
        showState();
    });
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_replaying)
            showRecordedStep(m_replayIndex - 1);
        else
            m_service->lessonBack();
        showState();
    });
    connect(m_end, &QPushButton::clicked, this, [this] {
        if (m_replaying)
            m_replaying = false;
        else
            m_service->endLesson();
        showState();
    });
    connect(m_service, &DemoService::lessonChanged, this, [this] {
        showState();
        applyViewActions();
    });
    connect(m_service, &DemoService::containersChanged, this, &LessonPanel::decideChecks);
    showPicked();
    showState();
}

LessonPanel::~LessonPanel() = default;

bool LessonPanel::isRunning() const
{
    return m_replaying || m_service->lessonState().active;
}

bool LessonPanel::busy() const
{
    return !m_replaying && m_service->isBusy();
}

DemoService::LessonState LessonPanel::shownState() const
{
    if (!m_replaying || !m_recorded)
        return m_service->lessonState();
    const RecordedLesson::Step &r = m_recorded->steps[m_replayIndex];
    DemoService::LessonState s;
    s.active = true;
    s.id = m_recorded->id;
    s.step = r.step;
    s.ok = r.done;
    s.world = r.world;
    return s;
}

void LessonPanel::setRecordedLesson(const std::optional<RecordedLesson> &recorded)
{
    m_recorded = recorded;
    if (m_recorded && m_recorded->steps.isEmpty())
        m_recorded.reset();
    m_replaying = false;
    if (m_recorded)
        if (const int i = m_picker->findData(m_recorded->id); i >= 0)
            m_picker->setCurrentIndex(i);
    showPicked();
    showState();
}

void LessonPanel::showRecordedStep(int index)
{
    if (!m_recorded || index < 0 || index >= m_recorded->steps.size())
        return;
    m_replayIndex = index;
    m_appliedStep = -2;
    Q_EMIT momentRequested(m_recorded->steps[index].moment);
}

void LessonPanel::showPage(int index)
{
    m_pick->setVisible(index == 0);
    m_on->setVisible(index == 1);
    m_buttons->setVisible(index == 1);
}

void LessonPanel::setLiveHost(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    showPicked();
    showState();
}

void LessonPanel::showPicked()
{
    const int i = m_picker->currentIndex();
    if (i < 0 || i >= m_lessons.size())
        return;
    const Lesson &l = m_lessons[i];
    QString text = l.summary;
    if (const QStringList problems = LessonRunner::rootProblems(l); !problems.isEmpty())
        text += QLatin1Char('\n') + tr("Without root it stops before a step that needs it: %1.").arg(problems.join(QStringLiteral("; ")));
    const bool recorded = !m_live && m_recorded && m_recorded->id == l.id;
    if (recorded)
        text += QLatin1Char('\n') + tr("This recording holds this lesson (%n step(s)): play it step by step, nothing is started.", nullptr,
                                        int(m_recorded->steps.size()));
    else if (!m_live && m_recorded)
        text += QLatin1Char('\n') + tr("The window replays a recording of another lesson; pick it to play it.");
    else if (!m_live)
        text += QLatin1Char('\n') + tr("Lessons run on the live host; the window shows a file now (File > Back to the live host).");
    m_start->setText(recorded ? tr("Play the recording") : tr("Start lesson"));
    m_start->setEnabled(m_live ? !busy() : recorded);
    m_pickedSummary->setText(text);
}

void LessonPanel::startChosen()
{
    const int i = m_picker->currentIndex();
    if (i < 0 || i >= m_lessons.size())
        return;
    m_appliedStep = -2;
    if (!m_live) {
        // A recorded lesson: its steps are moments of the recording shown.
        if (!m_recorded || m_recorded->id != m_lessons[i].id)
            return;
        m_replaying = true;
        showRecordedStep(0);
        showState();
        return;
    }
    m_service->startLesson(m_lessons[i]);
    m_service->lessonForward(); // the first step at once: one click per step
    showState();
}

void LessonPanel::showState()
{
    const DemoService::LessonState s = shownState();
    Q_EMIT lessonActive(s.active);
    const auto lesson = std::find_if(m_lessons.cbegin(), m_lessons.cend(), [&](const Lesson &l) { return l.id == s.id; });
    if (!s.active || lesson == m_lessons.cend()) {
        showPage(0);
        showPicked();
        return;
    }
    showPage(1);
    m_title->setText(lesson->title);
    const int step = s.step;
    if (step < 0) {
        m_progress->setText(tr("Starting…"));
        m_caption->clear();
        m_narration->setText(lesson->summary);
        m_output->clear();
        m_checks->clear();
        m_try->clear();
    } else {
        const LessonStep &st = lesson->steps[step];
        m_progress->setText(tr("Step %1 of %2").arg(step + 1).arg(lesson->steps.size()));
        m_caption->setText(st.caption);
        m_narration->setText(st.narration);
        m_output->setPlainText(outcomesText(s.world.outcomes));
        m_try->setText(st.tryCommands.isEmpty() ? QString()
                                                : tr("Try it by hand:") + QLatin1Char('\n') + st.tryCommands.join(QLatin1Char('\n')));
    }
    const bool idle = !busy();
    const bool endOfRecording = m_replaying && m_replayIndex + 1 >= m_recorded->steps.size();
    const bool last = step + 1 >= lesson->steps.size() || endOfRecording;
    QString problem;
    if (m_replaying && endOfRecording && step + 1 < lesson->steps.size())
        problem = tr("The recording ends here, at step %1 of %2.").arg(step + 1).arg(lesson->steps.size());
    else if (m_replaying)
        problem.clear();
    else if (!m_live)
        problem = tr("The window shows a file, not the live host where this lesson runs: File > Back to the live host.");
    else if (!s.ok)
        problem = tr("A step could not be done; see its output above. Back undoes what it did.");
    else if (!last && !s.world.privileged) {
        if (const QString why = Lesson::whyRoot(lesson->steps[step + 1]); !why.isEmpty())
            problem = tr("The next step needs root: %1. Run nsviz as root for it.").arg(why);
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_next->setEnabled(m_replaying ? !last
                                   : idle && m_live && s.ok && !last && (s.world.privileged || Lesson::whyRoot(lesson->steps[step + 1]).isEmpty()));
    m_next->setText(last ? tr("Done") : tr("Next"));
    m_back->setEnabled(idle && step > 0);
    m_end->setEnabled(idle);
    decideChecks();
}

void LessonPanel::setSnapshot(const SnapshotPtr &snapshot)
{
    m_snapshot = snapshot;
    decideChecks();
    applyViewActions();
}

void LessonPanel::decideChecks()
{
    const DemoService::LessonState s = shownState();
    const auto lesson = std::find_if(m_lessons.cbegin(), m_lessons.cend(), [&](const Lesson &l) { return l.id == s.id; });
    m_passing = m_shown = 0;
    if (!s.active || lesson == m_lessons.cend() || s.step < 0) {
        m_checks->clear();
        return;
    }
    LessonWorld world = s.world;
    world.snapshot = m_snapshot;
    // Ports and whether it runs, as the service last published them (it polls the ports); replayed, as recorded.
    for (auto it = world.containers.begin(); !m_replaying && it != world.containers.end(); ++it) {
        const std::optional<DemoService::Container> c = m_service->container(it->id);
        it->running = c && c->info.state == DemoContainer::State::Running && c->info.initPid == it->initPid;
        it->ports = c ? c->listeningPorts : QList<quint16>();
    }
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(tr("What the class should see").toHtmlEscaped());
    for (const LessonCheck &c : lesson->steps[s.step].checks) {
        const CheckResult r = evaluate(c, world);
        ++m_shown;
        if (r.passed)
            ++m_passing;
        const QString mark = r.skipped ? QStringLiteral("–") : r.passed ? QStringLiteral("✓") : QStringLiteral("…");
        // Green and amber that read on the panel's background, light or dark.
        const bool dark = palette().color(QPalette::Window).lightness() < 128;
        const QString colour = r.skipped ? QStringLiteral("gray")
            : r.passed                   ? (dark ? QStringLiteral("#6ee08a") : QStringLiteral("#1a7f37"))
                                         : (dark ? QStringLiteral("#f2c14e") : QStringLiteral("#9a6700"));
        // What the scan showed, smaller: not in presentation mode, where no text is under 20 pt.
        const QString seen = m_presentation ? QStringLiteral("<i>%1</i>").arg(r.seen.toHtmlEscaped())
                                            : QStringLiteral("<small>%1</small>").arg(r.seen.toHtmlEscaped());
        html += QStringLiteral("<p><span style=\"color:%1\"><b>%2</b></span> %3<br>%4</p>")
                    .arg(colour, mark, c.describe().toHtmlEscaped(), seen);
    }
    m_checks->setText(html);
}

void LessonPanel::setPresentation(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    applyFonts();
    showState();
}

void LessonPanel::applyFonts()
{
    // Presentation: every text of the tab at least 20 pt (the output and the commands too), the caption larger.
    QFont base = QFont();
    if (m_presentation)
        base.setPointSizeF(std::max(20.0, base.pointSizeF()));
    setFont(base);
    QFont bold = base;
    bold.setBold(true);
    m_title->setFont(bold);
    QFont big = bold;
    big.setPointSizeF(base.pointSizeF() * 1.3);
    m_caption->setFont(big);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (m_presentation)
        mono.setPointSizeF(base.pointSizeF());
    m_output->setFont(mono);
    m_try->setFont(mono);
    // A few lines high (it scrolls inside); fewer of the bigger ones.
    const int line = QFontMetrics(mono).lineSpacing();
    m_output->setFixedHeight((m_presentation ? 6 : 9) * line + 2 * m_output->frameWidth() + 8);
}

QString LessonPanel::outputText() const
{
    return m_output->toPlainText();
}

QString LessonPanel::checksText() const
{
    QTextDocument doc;
    doc.setHtml(m_checks->text());
    return doc.toPlainText();
}

void LessonPanel::applyViewActions()
{
    const DemoService::LessonState s = shownState();
    if (!s.active || s.step < 0 || s.step == m_appliedStep || busy())
        return;
    const auto lesson = std::find_if(m_lessons.cbegin(), m_lessons.cend(), [&](const Lesson &l) { return l.id == s.id; });
    if (lesson == m_lessons.cend())
        return;
    const auto pidOf = [&](const QString &name) { return s.world.containers.value(name).initPid; };
    // Selecting needs the process in the picture: wait for the scan that shows the step's containers.
    for (const LessonAction &a : lesson->steps[s.step].actions) {
        QStringList names = a.containers;
        if (a.kind == LessonAction::Kind::Select)
            names << a.container;
        else if (a.kind != LessonAction::Kind::Compare)
            continue;
        for (const QString &name : std::as_const(names)) {
            if (!m_snapshot || !m_snapshot->process(pidOf(name)))
                return;
        }
    }
    m_appliedStep = s.step;
    for (const LessonAction &a : lesson->steps[s.step].actions) {
        switch (a.kind) {
        case LessonAction::Kind::Select:
            if (const qint32 pid = pidOf(a.container); pid > 0)
                Q_EMIT selectProcessRequested(pid);
            break;
        case LessonAction::Kind::Compare:
            if (pidOf(a.containers.value(0)) > 0 && pidOf(a.containers.value(1)) > 0)
                Q_EMIT compareRequested(pidOf(a.containers.value(0)), pidOf(a.containers.value(1)));
            break;
        case LessonAction::Kind::Group:
            Q_EMIT groupingRequested(a.grouping);
            break;
        default:
            break;
        }
    }
}

} // namespace nsviz
