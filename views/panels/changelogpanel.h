#pragma once

#include "snapshot/namespacetype.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QLabel;
class QTableView;

namespace nsviz {

class ChangeLogFilter;
class ChangeLogModel;
class HostState;

// The change log dock: what happened, newest at the bottom (it stays there while the user is there), filtered
// by kind (containers, namespaces, processes) and by container or text. Activating an entry shows its moment on
// the timeline and selects what it is about.
class ChangeLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChangeLogPanel(HostState *state, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QComboBox *kindFilter() const { return m_kind; }
    QLineEdit *textFilter() const { return m_text; }
    void activate(int row); // as a click on that row of the view does

Q_SIGNALS:
    void processActivated(qint32 pid);
    void namespaceActivated(nsviz::NamespaceId id);

private:
    void updateCount();

    HostState *m_state;
    ChangeLogModel *m_model;
    ChangeLogFilter *m_filter;
    QTableView *m_view;
    QComboBox *m_kind;
    QLineEdit *m_text;
    QLabel *m_count;
};

} // namespace nsviz
