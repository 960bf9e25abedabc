#include "comparepanel.h"

#include "delegates/sharingdelegate.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/processtablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace nsviz {

ComparePanel::ComparePanel(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(NamespaceTypeCount, 4, this))
{
    setObjectName(QStringLiteral("comparePanel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_table->setHorizontalHeaderLabels({tr("Type"), tr("First"), tr("Second"), tr("")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    // The two processes' columns share what the dock has (a long command in a header elides); all eight rows are
    // always in sight: that is the whole comparison, and a dock sharing its height must not squeeze it to four.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setWordWrap(false);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + NamespaceTypeCount * m_table->verticalHeader()->defaultSectionSize()
                            + 2 * m_table->frameWidth());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    layout->addStretch(1);
    clear();
}

ComparePanel::~ComparePanel() = default;

void ComparePanel::setSnapshot(const SnapshotPtr &snapshot)
{
    m_snapshot = snapshot;
    if (m_a && m_b)
        refresh();
}

void ComparePanel::compare(qint32 a, qint32 b)
{
    m_a = a;
    m_b = b;
    refresh();
}

void ComparePanel::clear()
{
    m_a = m_b = 0;
    m_shared = -1;
    m_table->clearContents();
    m_summary->setText(tr("Select two processes (Ctrl+click in the table, or “Compare with” on a graph node) to see "
                          "which namespaces they share."));
}

QString ComparePanel::summary() const
{
    return m_summary->text();
}

void ComparePanel::refresh()
{
    m_table->clearContents();
    m_shared = -1;
    const ProcessInfo *a = m_snapshot ? m_snapshot->process(m_a) : nullptr;
    const ProcessInfo *b = m_snapshot ? m_snapshot->process(m_b) : nullptr;
    if (!a || !b) {
        m_summary->setText(tr("Process %1 has exited.").arg(!a ? m_a : m_b));
        return;
    }
    m_table->setHorizontalHeaderLabels({tr("Type"), QStringLiteral("%1 (%2)").arg(a->pid).arg(text::oneLine(a->comm)),
                                        QStringLiteral("%1 (%2)").arg(b->pid).arg(text::oneLine(b->comm)), tr("")});
    int shared = 0;
    QStringList differ;
    for (NamespaceType t : allNamespaceTypes) {
        const int row = int(t);
        const NamespaceId x = a->namespaces.set[t], y = b->namespaces.set[t];
        const bool same = x && x == y;
        shared += same;
        if (!same)
            differ << QString::fromLatin1(namespaceTypeKey(t));
        auto cell = [&](NamespaceId id) {
            auto *item = new QTableWidgetItem(id ? QString::number(id) : tr("unknown"));
            if (id)
                item->setBackground(SharingDelegate::colorFor(int(ProcessTableModel::sharingOf(*m_snapshot, id, t)), palette()));
            return item;
        };
        m_table->setItem(row, 0, new QTableWidgetItem(namespaceTypeName(t)));
        m_table->setItem(row, 1, cell(x));
        m_table->setItem(row, 2, cell(y));
        m_table->setItem(row, 3, new QTableWidgetItem(same ? tr("shared") : !x || !y ? tr("cannot tell") : tr("different")));
        QFont f = m_table->font();
        f.setBold(!same);
        m_table->item(row, 3)->setFont(f);
    }
    m_shared = shared;
    if (shared == NamespaceTypeCount)
        m_summary->setText(tr("%1 and %2 share all eight namespaces: they are in the same container.").arg(m_a).arg(m_b));
    else if (shared == 0)
        m_summary->setText(tr("%1 and %2 share none of their namespaces.").arg(m_a).arg(m_b));
    else
        m_summary->setText(tr("%1 and %2 share %3 of 8 namespaces; they differ in %4.").arg(m_a).arg(m_b).arg(shared).arg(differ.join(QStringLiteral(", "))));
}

} // namespace nsviz
