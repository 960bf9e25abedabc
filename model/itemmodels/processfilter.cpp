#include "processfilter.h"

#include "displaytext.h"

#include <algorithm>

namespace nsviz {

ProcessFilter::ProcessFilter(QObject *parent)
    : QObject(parent)
{
}

ProcessFilter::~ProcessFilter() = default;

bool ProcessFilter::setSearch(const QString &text, bool regex, QString *error)
{
    if (regex && !text.isEmpty()) {
        QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            if (error)
                *error = re.errorString();
            return false;
        }
        m_regex = re;
    }
    if (text == m_text && regex == m_useRegex)
        return true;
    m_text = text;
    m_useRegex = regex;
    m_textHasDigit = std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
    evaluateAll();
    Q_EMIT criteriaChanged();
    return true;
}

void ProcessFilter::setHideKernelThreads(bool hide)
{
    if (hide == m_hideKernelThreads)
        return;
    m_hideKernelThreads = hide;
    evaluateAll(); // only m_shown depends on it; the flags stay
    Q_EMIT criteriaChanged();
}

void ProcessFilter::setHideHostNoise(bool hide)
{
    if (hide == m_hideHostNoise)
        return;
    m_hideHostNoise = hide;
    evaluateAll();
    Q_EMIT criteriaChanged();
}

bool ProcessFilter::matches(const QString &value) const
{
    return m_useRegex ? m_regex.match(value).hasMatch() : value.contains(m_text, Qt::CaseInsensitive);
}

bool ProcessFilter::matchesNamespace(NamespaceType type, NamespaceId id) const
{
    if (m_text.isEmpty() || !id)
        return false;
    return matches(QString::number(id)) || (m_textHasDigit && matches(text::namespaceLink(type, id)));
}

bool ProcessFilter::matchesText(const Snapshot &s, const ProcessInfo &p) const
{
    if (m_text.isEmpty())
        return true;
    if (matches(QString::number(p.pid)) || matches(text::command(p)) || matches(p.comm) || matches(text::userName(p.uid)))
        return true;
    if (const QString container = text::containerOf(s, p); !container.isEmpty() && matches(container))
        return true;
    for (NamespaceType t : allNamespaceTypes) {
        if (matchesNamespace(t, p.namespaces.set[t]))
            return true;
    }
    return false;
}

quint8 ProcessFilter::flagsOf(const Snapshot &s, const ProcessInfo &p) const
{
    quint8 flags = matchesText(s, p) ? Matches : 0;
    if (p.isKernelThread())
        flags |= KernelThread;
    bool hostOnly = true;
    const NamespaceSet &initial = s.initialNamespaces();
    for (NamespaceType t : allNamespaceTypes) {
        // A link that could not be read says nothing either way; only a namespace of its own counts.
        const NamespaceId id = p.namespaces.set[t];
        hostOnly = hostOnly && (id == 0 || id == initial[t]);
    }
    if (hostOnly)
        flags |= HostOnly;
    return flags;
}

bool ProcessFilter::acceptsFlags(quint8 flags) const
{
    return (flags & Matches) && !(m_hideKernelThreads && (flags & KernelThread)) && !(m_hideHostNoise && (flags & HostOnly));
}

bool ProcessFilter::accepts(qint32 pid) const
{
    const auto it = m_flags.constFind(pid);
    return it != m_flags.constEnd() && acceptsFlags(*it);
}

void ProcessFilter::evaluateAll()
{
    m_shown.clear();
    m_matchedNamespaces.clear();
    if (!m_snapshot)
        return;
    if (!m_text.isEmpty()) {
        for (const NamespaceInfo &n : m_snapshot->namespaces()) {
            if (matchesNamespace(n.type, n.id))
                m_matchedNamespaces.insert(n.id);
        }
    }
    // The texts are what costs: they are looked at once per process here, not once per view and refresh.
    QHash<qint32, quint8> flags;
    flags.reserve(qsizetype(m_snapshot->processes().size()) + m_exited.size());
    for (const ProcessInfo &p : m_snapshot->processes()) {
        const quint8 f = flagsOf(*m_snapshot, p);
        flags.insert(p.pid, f);
        if (!m_text.isEmpty() && acceptsFlags(f))
            m_shown.insert(p.pid);
    }
    for (qint32 pid : std::as_const(m_exited)) {
        // What exited is no longer in the snapshot: it keeps the verdict it had.
        if (const auto it = m_flags.constFind(pid); it != m_flags.constEnd() && !flags.contains(pid))
            flags.insert(pid, *it);
    }
    m_flags = std::move(flags);
}

void ProcessFilter::evaluate(qint32 pid)
{
    const ProcessInfo *p = m_snapshot->process(pid);
    if (!p)
        return;
    const quint8 f = flagsOf(*m_snapshot, *p);
    m_flags.insert(pid, f);
    if (!m_text.isEmpty() && acceptsFlags(f))
        m_shown.insert(pid);
    else
        m_shown.remove(pid);
}

void ProcessFilter::forgetExited()
{
    for (qint32 pid : std::as_const(m_exited)) {
        if (!m_snapshot || !m_snapshot->process(pid))
            m_flags.remove(pid);
    }
    m_exited.clear();
}

void ProcessFilter::setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff)
{
    const SnapshotPtr previous = std::exchange(m_snapshot, snapshot);
    forgetExited();
    if (!snapshot) {
        m_flags.clear();
        m_shown.clear();
        m_matchedNamespaces.clear();
        return;
    }
    if (!diff || !previous) {
        evaluateAll();
        Q_EMIT criteriaChanged();
        return;
    }
    for (qint32 pid : diff->processesRemoved) {
        m_exited.append(pid);
        m_shown.remove(pid);
    }
    for (qint32 pid : diff->processesAdded)
        evaluate(pid);
    if (!m_text.isEmpty()) {
        for (NamespaceId id : diff->namespacesDestroyed)
            m_matchedNamespaces.remove(id);
        for (NamespaceId id : diff->namespacesCreated) {
            if (const NamespaceInfo *n = snapshot->findNamespace(id); n && matchesNamespace(n->type, n->id))
                m_matchedNamespaces.insert(id);
        }
    }
    for (const SnapshotDiff::ProcessChange &c : diff->processesChanged)
        evaluate(c.pid);
    // A container named by the hostname of its uts namespace is renamed with it: its processes are found by the
    // new name now. And a new host namespace (rare: PID 1 unreadable, then readable) changes who is host noise.
    if (previous->initialNamespaces() != snapshot->initialNamespaces()) {
        evaluateAll();
        Q_EMIT criteriaChanged();
        return;
    }
    for (const SnapshotDiff::MembershipChange &m : diff->membershipChanged) {
        const NamespaceInfo *n = m.holdersChanged ? snapshot->findNamespace(m.id) : nullptr;
        if (!n || n->type != NamespaceType::Uts)
            continue;
        const NamespaceInfo *before = previous->findNamespace(m.id);
        if (before && before->details == n->details)
            continue;
        for (qint32 pid : n->processes)
            evaluate(pid);
    }
}

} // namespace nsviz
