#include "changelogpanel.h"

#include "itemmodels/changelogmodel.h"
#include "live/changelog.h"
#include "live/hoststate.h"

#include <QComboBox>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace nsviz {

// Which rows of the log are shown, and how the moment shown stands out.
class ChangeLogFilter : public QSortFilterProxyModel
{
public:
    enum class Group { All, Containers, Namespaces, Processes };
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setGroup(Group g)
    {
        m_group = g;
        invalidateRowsFilter();
    }
    void setText(const QString &t)
    {
        m_text = t.trimmed();
        invalidateRowsFilter();
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::FontRole && index.data(ChangeLogModel::ShownRole).toBool()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (role == Qt::ForegroundRole && index.column() == int(ChangeLogModel::Column::Kind)) {
            switch (Change::Kind(index.data(ChangeLogModel::KindRole).toInt())) {
            case Change::Kind::ContainerStarted: return QColor(0x1f, 0x7a, 0x3a);
            case Change::Kind::ContainerStopped: return QColor(0xb0, 0x2a, 0x20);
            default: break;
            }
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        const auto kind = Change::Kind(i.data(ChangeLogModel::KindRole).toInt());
        switch (m_group) {
        case Group::All: break;
        case Group::Containers:
            if (kind != Change::Kind::ContainerStarted && kind != Change::Kind::ContainerStopped)
                return false;
            break;
        case Group::Namespaces:
            if (kind != Change::Kind::NamespaceCreated && kind != Change::Kind::NamespaceDestroyed && kind != Change::Kind::ProcessJoined)
                return false;
            break;
        case Group::Processes:
            if (kind != Change::Kind::ProcessStarted && kind != Change::Kind::ProcessExited && kind != Change::Kind::ProcessExec
                && kind != Change::Kind::ProcessJoined)
                return false;
            break;
        }
        if (m_text.isEmpty())
            return true;
        for (int c : {int(ChangeLogModel::Column::Container), int(ChangeLogModel::Column::Change)})
            if (sourceModel()->index(row, c, parent).data().toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        return false;
    }

private:
    Group m_group = Group::All;
    QString m_text;
};

ChangeLogPanel::ChangeLogPanel(HostState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
    , m_model(new ChangeLogModel(state, this))
    , m_filter(new ChangeLogFilter(this))
    , m_view(new QTableView(this))
    , m_kind(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_count(new QLabel(this))
{
    setObjectName(QStringLiteral("changeLogPanel"));
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("changeLogView"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const QFontMetrics fm = fontMetrics();
    m_view->setColumnWidth(int(ChangeLogModel::Column::Time), fm.horizontalAdvance(QStringLiteral("00:00:00")) + 14);
    m_view->setColumnWidth(int(ChangeLogModel::Column::Kind), fm.horizontalAdvance(QStringLiteral("namespace destroyed")) + 14);
    m_view->setColumnWidth(int(ChangeLogModel::Column::Container), fm.horizontalAdvance(QStringLiteral("container-name")) + 14);

    m_kind->addItem(tr("All changes"), int(ChangeLogFilter::Group::All));
    m_kind->addItem(tr("Containers"), int(ChangeLogFilter::Group::Containers));
    m_kind->addItem(tr("Namespaces"), int(ChangeLogFilter::Group::Namespaces));
    m_kind->addItem(tr("Processes"), int(ChangeLogFilter::Group::Processes));
    m_kind->setToolTip(tr("Which changes to list"));
    m_text->setPlaceholderText(tr("Container or text…"));
    m_text->setClearButtonEnabled(true);
    m_count->setForegroundRole(QPalette::PlaceholderText);

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_kind);
    filters->addWidget(m_text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setGroup(ChangeLogFilter::Group(m_kind->currentData().toInt()));
        updateCount();
    });
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_filter->setText(t);
        updateCount();
    });
    // Newest at the bottom, and the view stays at the bottom while the user has not scrolled away from it.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        m_view->setProperty("atBottom", bar->value() >= bar->maximum() - 2);
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_view->property("atBottom").toBool())
            m_view->scrollToBottom();
        updateCount();
    });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &ChangeLogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        m_view->scrollToBottom();
        updateCount();
    });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &i) { activate(i.row()); });
    connect(m_view, &QAbstractItemView::clicked, this, [this](const QModelIndex &i) { activate(i.row()); });
    updateCount();
}

void ChangeLogPanel::activate(int row)
{
    const QModelIndex i = m_filter->index(row, 0);
    if (!i.isValid())
        return;
    // Its moment on the timeline, then what it is about selected in that moment.
    const qint64 moment = i.data(ChangeLogModel::MomentRole).toLongLong();
    const auto kind = Change::Kind(i.data(ChangeLogModel::KindRole).toInt());
    const qint32 pid = i.data(ChangeLogModel::PidRole).toInt();
    const NamespaceId ns = i.data(ChangeLogModel::NamespaceIdRole).toULongLong();
    // What went is seen in the moment before it went.
    const bool gone = kind == Change::Kind::ProcessExited || kind == Change::Kind::ContainerStopped || kind == Change::Kind::NamespaceDestroyed;
    const qsizetype index = qsizetype(moment - m_state->firstMomentKept()) - (gone ? 1 : 0);
    if (index < 0 || index >= m_state->history().size())
        return; // the history no longer holds it
    m_state->pause();
    m_state->showMoment(index);
    if ((kind == Change::Kind::NamespaceCreated || kind == Change::Kind::NamespaceDestroyed) && ns)
        Q_EMIT namespaceActivated(ns);
    else if (pid > 0)
        Q_EMIT processActivated(pid);
}

void ChangeLogPanel::updateCount()
{
    const int shown = m_filter->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%1 changes").arg(QLocale().toString(all)) : tr("%1 of %2 changes").arg(QLocale().toString(shown), QLocale().toString(all)));
}

} // namespace nsviz
