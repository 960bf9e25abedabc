#include "detailspanel.h"

#include "snapshot/namespaceguide.h"

#include "io/escape.h"
#include "itemmodels/displaytext.h"
#include "widgets/elidedlabel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QStyle>
#include <QTextDocument>
#include <QTextBrowser>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace nsviz {

namespace {

// Host strings into the details' HTML: control characters visible (they would vanish or break lines), markup as text.
QString esc(const QString &s)
{
    return text::oneLine(s).toHtmlEscaped();
}

constexpr int MaxListed = 40;

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new ElidedLabel(this))
    , m_copy(new QToolButton(this))
    , m_text(new QTextBrowser(this))
{
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    m_copy->setText(tr("Copy command"));
    m_copy->setToolTip(tr("Put the equivalent command line on the clipboard"));
    m_copy->setPopupMode(QToolButton::InstantPopup);
    m_copy->setMenu(new QMenu(m_copy));
    m_text->setOpenLinks(false);
    // Long commands, paths and lists wrap, anywhere if they must: never a horizontal scroll bar.
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    connect(m_text, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        bool ok = false;
        const quint64 v = url.path().toULongLong(&ok);
        if (!ok)
            return;
        if (url.scheme() == QLatin1String("pid"))
            Q_EMIT processActivated(qint32(v));
        else if (url.scheme() == QLatin1String("ns"))
            Q_EMIT namespaceActivated(v);
    });

    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(head);
    layout->addWidget(m_text, 1);
    clear();
}

DetailsPanel::~DetailsPanel() = default;

void DetailsPanel::setSnapshot(const SnapshotPtr &snapshot)
{
    m_snapshot = snapshot;
    render();
}

void DetailsPanel::showProcess(qint32 pid)
{
    m_subject = Subject::Process;
    m_id = quint64(pid);
    render();
}

void DetailsPanel::setLiveDetails(NamespaceId id, const QJsonObject &details)
{
    m_liveId = id;
    m_live = details;
    if (m_subject == Subject::Namespace && m_id == id)
        render();
}

void DetailsPanel::showNamespace(NamespaceId id)
{
    m_subject = Subject::Namespace;
    m_id = id;
    render();
}

void DetailsPanel::clear()
{
    m_subject = Subject::None;
    render();
}

QString DetailsPanel::html() const
{
    return m_text->toHtml();
}

QStringList DetailsPanel::shellCommands() const
{
    QStringList out;
    if (!m_snapshot)
        return out;
    if (m_subject == Subject::Process) {
        const qint32 pid = qint32(m_id);
        out << QStringLiteral("ls -al /proc/%1/ns/").arg(pid) << QStringLiteral("lsns -p %1").arg(pid)
            << QStringLiteral("nsenter --target %1 --all").arg(pid);
    } else if (m_subject == Subject::Namespace) {
        const NamespaceInfo *n = m_snapshot->findNamespace(m_id);
        if (!n)
            return out;
        const QString type = namespaceTypeName(n->type);
        out << QStringLiteral("lsns --type %1 --output-all | grep -w %2").arg(type).arg(n->id);
        if (!n->processes.isEmpty()) {
            const qint32 pid = n->processes.constFirst();
            const QString flag = n->type == NamespaceType::Mnt ? QStringLiteral("mount") : type;
            out << QStringLiteral("nsenter --%1=/proc/%2/ns/%3").arg(flag).arg(pid).arg(type);
        } else if (!n->bindMounts.isEmpty()) {
            // A mount path is the host's to choose ("/run/netns/x; rm -rf ~"): quoted for the shell it is pasted into.
            out << QStringLiteral("nsenter --%1=%2").arg(n->type == NamespaceType::Mnt ? QStringLiteral("mount") : type,
                                                         escape::shellWord(n->bindMounts.constFirst().path));
        }
    }
    return out;
}

QString DetailsPanel::processLink(qint32 pid) const
{
    const ProcessInfo *p = m_snapshot ? m_snapshot->process(pid) : nullptr;
    return QStringLiteral("<a href=\"pid:%1\">%1</a>").arg(pid) + (p ? QLatin1Char(' ') + esc(p->comm) : QString());
}

QString DetailsPanel::namespaceLink(NamespaceId id) const
{
    const NamespaceInfo *n = m_snapshot ? m_snapshot->findNamespace(id) : nullptr;
    const QString label = n ? text::namespaceLink(n->type, id) : QString::number(id);
    return QStringLiteral("<a href=\"ns:%1\">%2</a>").arg(id).arg(esc(label));
}

void DetailsPanel::render()
{
    QMenu *menu = m_copy->menu();
    menu->clear();
    const QStringList commands = shellCommands();
    for (const QString &c : commands)
        menu->addAction(c, this, [c] { QApplication::clipboard()->setText(c); });
    m_copy->setEnabled(!commands.isEmpty());

    if (!m_snapshot || m_subject == Subject::None) {
        m_title->setFullText(tr("Nothing selected"));
        m_text->setHtml(tr("<p>Select a process or a namespace to see its namespaces, who shares them and what keeps "
                           "them alive.</p>"));
        return;
    }
    if (m_subject == Subject::Process) {
        m_fullLs = fullLsFits();
        const ProcessInfo *p = m_snapshot->process(qint32(m_id));
        m_title->setFullText(p ? tr("Process %1 — %2").arg(p->pid).arg(text::oneLine(p->comm)) : tr("Process %1").arg(m_id));
        m_text->setHtml(p ? processHtml(*p) : tr("<p>Process %1 has exited.</p>").arg(m_id));
        return;
    }
    const NamespaceInfo *n = m_snapshot->findNamespace(m_id);
    m_title->setFullText(n ? tr("Namespace %1").arg(text::namespaceLink(n->type, n->id)) : tr("Namespace %1").arg(m_id));
    m_text->setHtml(n ? namespaceHtml(*n) : tr("<p>Namespace %1 no longer exists: nothing holds it any more.</p>").arg(m_id));
}

QString DetailsPanel::processHtml(const ProcessInfo &p) const
{
    const Snapshot &s = *m_snapshot;
    QString h;
    QString command = text::command(p);
    constexpr qsizetype Shown = 400; // an argv can be megabytes; the rest is a tooltip away in the table
    if (command.size() > Shown)
        command = command.left(Shown) + tr("… (%1 more characters)").arg(command.size() - Shown);
    h += QStringLiteral("<p><b>%1</b><br>").arg(esc(command));
    h += tr("user %1 · parent %2 · state %3").arg(esc(text::userName(p.uid)), processLink(p.ppid), esc(p.state));
    if (p.container)
        h += QStringLiteral("<br>") + tr("container: %1 (%2 %3)").arg(esc(text::containerOf(s, p)), esc(p.container->engine), esc(p.container->id));
    else if (const QString name = text::containerOf(s, p); !name.isEmpty())
        h += QStringLiteral("<br>") + tr("container: %1 (the hostname of its own uts namespace)").arg(esc(name));
    if (p.nspid.size() > 1) {
        QStringList levels;
        for (qint32 v : p.nspid)
            levels.append(QString::number(v));
        h += QStringLiteral("<br>") + tr("pid in each pid namespace, outermost first: %1").arg(levels.join(QStringLiteral(" → ")));
    }
    h += QStringLiteral("</p>");

    h += lsHtml(p, m_fullLs);

    h += QStringLiteral("<table cellspacing=0 cellpadding=3><tr><th align=left>%1</th><th align=left>%2</th></tr>")
             .arg(tr("namespace"), tr("shared with"));
    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceInfo *n = s.findNamespace(p.namespaces.set[t]);
        if (!n)
            continue;
        QString who;
        if (n->initial)
            who = tr("the host (initial namespace): %1").arg(text::count(n->processes.size(), "process", "processes"));
        else if (n->processes.size() <= 1)
            who = tr("no other process");
        else {
            QStringList others;
            for (qint32 pid : n->processes) {
                if (pid != p.pid && others.size() < 8)
                    others.append(processLink(pid));
            }
            who = tr("%1: ").arg(text::count(n->processes.size() - 1, "other process", "other processes")) + others.join(QStringLiteral(", "))
                + (n->processes.size() - 1 > others.size() ? QStringLiteral(" …") : QString());
        }
        h += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(namespaceLink(n->id), who);
    }
    h += QStringLiteral("</table>");
    if (!p.threadsInOtherNamespaces.isEmpty()) {
        h += QStringLiteral("<p>") + tr("Threads in other namespaces than the process:") + QStringLiteral("<br>");
        for (const ThreadNamespaces &t : p.threadsInOtherNamespaces) {
            QStringList diff;
            for (NamespaceType type : allNamespaceTypes) {
                if (t.namespaces.set[type] != p.namespaces.set[type])
                    diff.append(namespaceLink(t.namespaces.set[type]));
            }
            h += tr("thread %1: %2").arg(t.tid).arg(diff.join(QStringLiteral(", "))) + QStringLiteral("<br>");
        }
        h += QStringLiteral("</p>");
    }
    return h;
}

QString DetailsPanel::lsHtml(const ProcessInfo &p, bool full) const
{
    // As the shell shows it: `ls -al` prints the same mode, owner, size and date on every line of a /proc/PID/ns
    // listing; only the name and the target differ. In full the lines are ~80 characters, wider than a docked
    // panel; compact, the common part is said once and each line keeps what differs, name and target.
    const QString owner = esc(text::userName(p.uid));
    const QString when = QLocale::c().toString(m_snapshot->host().time.toLocalTime(), QStringLiteral("MMM d HH:mm"));
    const QString common = QStringLiteral("lrwxrwxrwx 1 %1 %1 0 %2").arg(owner, when);
    QString h = QStringLiteral("<p><code>$ ls -al /proc/%1/ns/</code></p>").arg(p.pid);
    if (!full)
        h += QStringLiteral("<p><small>%1</small><br><code>%2</code></p>").arg(tr("every line starts"), common);
    h += QStringLiteral("<pre>");
    auto line = [&](const QString &name, NamespaceId id) {
        if (!id)
            return;
        if (full)
            h += QStringLiteral("%1 %2 -&gt; %3\n").arg(common, name.leftJustified(17), namespaceLink(id));
        else
            h += QStringLiteral("%1 -&gt; %2\n").arg(name.leftJustified(17), namespaceLink(id));
    };
    for (NamespaceType t : allNamespaceTypes) {
        line(namespaceTypeName(t), p.namespaces.set[t]);
        if (t == NamespaceType::Pid && p.namespaces.pidForChildren)
            line(QStringLiteral("pid_for_children"), *p.namespaces.pidForChildren);
        if (t == NamespaceType::Time && p.namespaces.timeForChildren)
            line(QStringLiteral("time_for_children"), *p.namespaces.timeForChildren);
    }
    h += QStringLiteral("</pre>");
    return h;
}

namespace {

// The longest line of each form, in characters: "time_for_children -> time:[4026531834]" and that after
// "lrwxrwxrwx 1 systemd-net systemd-net 0 Jan 10 12:34 ".
constexpr int compactChars = 17 + 4 + 18;
constexpr int fullChars = 52 + compactChars;

QFontMetrics preMetrics(const QTextBrowser *text)
{
    // <pre> is set in the document's fixed-pitch font.
    QFont mono = text->document()->defaultFont();
    mono.setFamilies({QStringLiteral("monospace")});
    mono.setStyleHint(QFont::TypeWriter);
    mono.setFixedPitch(true);
    return QFontMetrics(mono);
}

} // namespace

int DetailsPanel::compactWidth() const
{
    const int margins = 2 * int(m_text->document()->documentMargin()) + 2 * m_text->frameWidth()
        + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + layout()->contentsMargins().left() + layout()->contentsMargins().right();
    return preMetrics(m_text).horizontalAdvance(QString(compactChars + 1, QLatin1Char('x'))) + margins + 4;
}

bool DetailsPanel::fullLsFits() const
{
    const int room = m_text->viewport()->width() - 2 * int(m_text->document()->documentMargin());
    return preMetrics(m_text).horizontalAdvance(QString(fullChars, QLatin1Char('x'))) <= room;
}

void DetailsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Widened or narrowed across the width of a full `ls -al` line: drawn in the other form.
    if (m_subject == Subject::Process && fullLsFits() != m_fullLs)
        render();
}

QString DetailsPanel::namespaceHtml(const NamespaceInfo &n) const
{
    QString h = QStringLiteral("<table cellspacing=0 cellpadding=3>");
    auto row = [&](const QString &k, const QString &v) { h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k, v); };
    row(tr("type"), namespaceTypeName(n.type));
    row(tr("inode"), QString::number(n.id));
    if (n.dev)
        row(tr("device"), QStringLiteral("%1 (%2:%3)").arg(n.dev).arg(n.dev >> 8 & 0xfff).arg((n.dev & 0xff) | (n.dev >> 12 & 0xfff00)));
    row(tr("initial"), n.initial ? tr("yes: one of the host's own namespaces") : tr("no"));
    if (n.parent)
        row(tr("parent"), namespaceLink(*n.parent));
    if (n.owner)
        row(tr("owning user namespace"), namespaceLink(*n.owner));
    if (n.ownerUid)
        row(tr("created by"), esc(text::userName(*n.ownerUid)));
    auto maps = [&](const QList<IdMapRange> &m) {
        QStringList parts;
        for (const IdMapRange &r : m)
            parts.append(tr("%1–%2 inside = %3–%4 outside").arg(r.inside).arg(qint64(r.inside) + r.count - 1).arg(r.outside).arg(qint64(r.outside) + r.count - 1));
        return parts.isEmpty() ? tr("not written yet") : parts.join(QStringLiteral("<br>"));
    };
    if (n.type == NamespaceType::User) {
        row(tr("uid map"), maps(n.uidMap));
        row(tr("gid map"), maps(n.gidMap));
    }
    row(tr("processes"), QString::number(n.processes.size()));
    row(tr("threads"), QString::number(n.tasks.size()));
    for (const BindMount &b : n.bindMounts)
        row(tr("bind mount"), tr("%1 in %2").arg(esc(b.path), namespaceLink(b.mntns)));
    for (const FdHolder &f : n.fdHolders)
        row(tr("open file descriptor"), tr("fd %1 of %2").arg(f.fd).arg(processLink(f.pid)));
    if (!n.isHeld())
        row(tr("kept alive by"), tr("being the parent or owner of another namespace"));
    for (auto it = n.details.constBegin(); it != n.details.constEnd(); ++it)
        row(esc(it.key()), esc(it.value().toVariant().toString()));
    h += QStringLiteral("</table>");
    h += liveDetailsHtml(n);
    // What this kind of namespace is for, after its facts and before the long list of members: the same words as
    // the legend's, the toggles' and the demo panel's.
    h += NamespaceGuide::builtIn().html(n.type);

    if (!n.processes.isEmpty()) {
        h += QStringLiteral("<p><b>%1</b><br>").arg(tr("Members"));
        int listed = 0;
        for (qint32 pid : n.processes) {
            if (++listed > MaxListed) {
                h += tr("… and %1 more").arg(n.processes.size() - MaxListed);
                break;
            }
            const ProcessInfo *p = m_snapshot->process(pid);
            h += processLink(pid) + (p ? QStringLiteral(" <small>%1</small>").arg(esc(text::command(*p).left(80))) : QString())
                + QStringLiteral("<br>");
        }
        h += QStringLiteral("</p>");
    }
    return h;
}

QString DetailsPanel::liveDetailsHtml(const NamespaceInfo &n) const
{
    if (n.processes.isEmpty())
        return tr("<p><i>No process is in this namespace, so nothing can be read from inside it.</i></p>");
    if (m_liveId != n.id || m_live.isEmpty())
        return tr("<p><i>Reading details from inside the namespace…</i></p>");
    if (m_live.contains(QLatin1String("error")))
        return QStringLiteral("<p><i>%1</i></p>").arg(esc(tr("Could not read inside the namespace: %1").arg(m_live.value(QLatin1String("error")).toString())));

    QString h = QStringLiteral("<p><b>%1</b></p><table cellspacing=0 cellpadding=3>").arg(tr("Inside the namespace"));
    auto row = [&](const QString &k, const QString &v) { h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(esc(k), v); };
    auto pair = [](const QJsonValue &v) {
        const QJsonArray a = v.toArray();
        return a.size() == 2 ? QStringLiteral("%1 s %2 ns").arg(a.at(0).toInteger()).arg(a.at(1).toInteger()) : QString();
    };
    for (auto it = m_live.constBegin(); it != m_live.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == QLatin1String("interfaces")) {
            QStringList lines;
            for (const QJsonValue &i : v.toArray()) {
                const QJsonObject o = i.toObject();
                QStringList addresses;
                for (const QJsonValue &a : o.value(QLatin1String("addresses")).toArray())
                    addresses.append(esc(a.toString()));
                lines.append(QStringLiteral("<code>%1</code> %2 %3 %4")
                                 .arg(esc(o.value(QLatin1String("name")).toString()), esc(o.value(QLatin1String("kind")).toString()),
                                      esc(o.value(QLatin1String("state")).toString()), addresses.join(QStringLiteral(", "))));
            }
            row(tr("interfaces"), lines.isEmpty() ? tr("none") : lines.join(QStringLiteral("<br>")));
        } else if (key == QLatin1String("listening")) {
            QStringList lines;
            for (const QJsonValue &i : v.toArray()) {
                const QJsonObject o = i.toObject();
                lines.append(QStringLiteral("%1 %2 port %3").arg(esc(o.value(QLatin1String("proto")).toString()),
                                                                  esc(o.value(QLatin1String("address")).toString()))
                                 .arg(o.value(QLatin1String("port")).toInt()));
            }
            row(tr("listening"), lines.isEmpty() ? tr("nothing") : lines.join(QStringLiteral("<br>")));
        } else if (key == QLatin1String("mountList")) {
            QStringList lines;
            const QJsonArray mounts = v.toArray();
            for (qsizetype i = 0; i < mounts.size() && i < MaxListed; ++i) {
                const QJsonObject o = mounts.at(i).toObject();
                lines.append(QStringLiteral("<code>%1</code> %2 %3").arg(esc(o.value(QLatin1String("target")).toString()),
                                                                         esc(o.value(QLatin1String("fstype")).toString()),
                                                                         esc(o.value(QLatin1String("source")).toString())));
            }
            if (mounts.size() > MaxListed)
                lines.append(tr("… and %1 more").arg(mounts.size() - MaxListed));
            row(tr("mount list"), lines.join(QStringLiteral("<br>")));
        } else if (key == QLatin1String("monotonicOffset") || key == QLatin1String("boottimeOffset")) {
            row(key == QLatin1String("monotonicOffset") ? tr("monotonic clock offset") : tr("boot-time clock offset"), pair(v));
        } else if ((key == QLatin1String("uidMap") || key == QLatin1String("gidMap")) && n.type == NamespaceType::User) {
            continue; // shown above from the snapshot
        } else if (v.isArray() || v.isObject()) {
            row(key, esc(QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Compact))));
        } else {
            row(key, esc(v.toVariant().toString()));
        }
    }
    h += QStringLiteral("</table>");
    return h;
}

} // namespace nsviz
