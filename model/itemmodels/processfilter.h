#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QHash>
#include <QObject>
#include <QRegularExpression>
#include <QSet>

namespace nsviz {

// Which processes the views show, decided once for all of them: a search (text, or a regular expression, over
// pid, user, command, container name and namespace ids), kernel threads hidden or not, "host noise" (processes
// in nothing but the host's namespaces) hidden or not. The table, the tree and the graph ask this one object, so
// the same query finds the same processes everywhere.
//
// setSnapshot() follows the host by the diff: only the processes it names (and those of a uts namespace whose
// hostname changed) are looked at again. A process that exited keeps its verdict one snapshot more, as the views
// keep showing it, marked, for one refresh.
class ProcessFilter final : public QObject
{
    Q_OBJECT
public:
    explicit ProcessFilter(QObject *parent = nullptr);
    ~ProcessFilter() override;

    // Plain text matches case-insensitively anywhere; with regex, the pattern is a QRegularExpression. A
    // namespace matches by its inode, and by its `net:[4026531840]` form once the query has a digit in it (so
    // "net" finds commands with "net" in them, not every process). Returns false, keeping the old search, for
    // an invalid pattern, with the reason in *error.
    bool setSearch(const QString &text, bool regex, QString *error = nullptr);
    void setHideKernelThreads(bool hide);
    void setHideHostNoise(bool hide);
    bool hidesKernelThreads() const { return m_hideKernelThreads; }
    bool hidesHostNoise() const { return m_hideHostNoise; }
    bool isSearching() const { return !m_text.isEmpty(); }
    QString searchText() const { return m_text; }
    // Anything hidden at all: without it every process is shown.
    bool isRestricting() const { return isSearching() || m_hideKernelThreads || m_hideHostNoise; }

    // diff is the change from the previous snapshot given here; null: everything is looked at anew.
    void setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff = nullptr);
    const SnapshotPtr &snapshot() const { return m_snapshot; }

    // Shown: matches the search (if any) and is not hidden. Pids not seen (in this or the previous snapshot)
    // are not shown.
    bool accepts(qint32 pid) const;
    // The namespace is named by the search itself (its inode typed in), whether or not a process is shown in it.
    bool matchesNamespace(NamespaceType type, NamespaceId id) const;
    // While searching: every shown process of the snapshot (not the exited ones), for views that mark matches.
    const QSet<qint32> &shownProcesses() const { return m_shown; }
    // The namespaces of the snapshot that the search names (matchesNamespace), while searching.
    const QSet<NamespaceId> &matchedNamespaces() const { return m_matchedNamespaces; }

    // The same test on one process, for anyone without a filter object (exports, tests).
    bool matchesText(const Snapshot &snapshot, const ProcessInfo &process) const;

Q_SIGNALS:
    // What is shown changed as a whole (a new search or option, a snapshot without a diff): filter afresh.
    void criteriaChanged();

private:
    enum Flag : quint8 { Matches = 1, KernelThread = 2, HostOnly = 4 };
    quint8 flagsOf(const Snapshot &snapshot, const ProcessInfo &process) const;
    bool acceptsFlags(quint8 flags) const;
    bool matches(const QString &value) const;
    void evaluateAll();
    void evaluate(qint32 pid);
    void forgetExited();

    SnapshotPtr m_snapshot;
    QHash<qint32, quint8> m_flags;     // every process of the snapshot, and the ones that exited last time
    QList<qint32> m_exited;            // pids kept one snapshot more; dropped at the next
    QSet<qint32> m_shown;              // while searching: the live processes accepted
    QSet<NamespaceId> m_matchedNamespaces; // while searching
    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
    bool m_textHasDigit = false;
    bool m_hideKernelThreads = false;
    bool m_hideHostNoise = false;
};

} // namespace nsviz
