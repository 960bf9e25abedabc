#pragma once

#include "snapshot/snapshot.h"

#include <QJsonObject>
#include <QWidget>

class QTextBrowser;
class QToolButton;

namespace nsviz {

class ElidedLabel;

// What the selection is, in depth: for a process, its namespaces as `ls -al /proc/PID/ns/` lists them (each
// line in full where the panel is wide enough, else in a compact two-column form that fits a narrow dock: the
// part every line has in common once, then each name and where it points) and who else shares each one; for a namespace, its ids, relations, members and what keeps it alive. Offers the
// equivalent shell commands for the clipboard. Follows each new snapshot while the selection lives.
class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget *parent = nullptr);
    ~DetailsPanel() override;

    void setSnapshot(const SnapshotPtr &snapshot);
    void showProcess(qint32 pid);
    void showNamespace(NamespaceId id);
    void clear();
    // What was read from inside a namespace (DESIGN.md "details" by type), for the namespace shown; an empty
    // object means "being read".
    void setLiveDetails(NamespaceId id, const QJsonObject &details);
    NamespaceId shownNamespace() const { return m_subject == Subject::Namespace ? m_id : 0; }
    qint32 shownProcess() const { return m_subject == Subject::Process ? qint32(m_id) : 0; }

    QString html() const; // what is shown, for tests
    QTextBrowser *textView() const { return m_text; }
    QStringList shellCommands() const;
    // As wide as the compact `ls -al` form needs, with the margins around it: the narrowest a dock should start.
    int compactWidth() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void processActivated(qint32 pid);       // a pid link was clicked
    void namespaceActivated(nsviz::NamespaceId id);

private:
    void render();
    QString processHtml(const ProcessInfo &p) const;
    QString namespaceHtml(const NamespaceInfo &n) const;
    QString processLink(qint32 pid) const;
    QString namespaceLink(NamespaceId id) const;
    QString liveDetailsHtml(const NamespaceInfo &n) const;
    QString lsHtml(const ProcessInfo &p, bool full) const;
    bool fullLsFits() const;

    SnapshotPtr m_snapshot;
    enum class Subject { None, Process, Namespace } m_subject = Subject::None;
    quint64 m_id = 0;
    NamespaceId m_liveId = 0;
    QJsonObject m_live;
    ElidedLabel *m_title;
    bool m_fullLs = false; // the `ls -al` lines were last drawn in full
    QToolButton *m_copy;
    QTextBrowser *m_text;
};

} // namespace nsviz
