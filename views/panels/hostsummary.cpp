#include "hostsummary.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace nsviz {

namespace {

QTableWidgetItem *cell(const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidgetItem *number(qsizetype n)
{
    return cell(QLocale().toString(n), Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace

HostSummary::HostSummary(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_types(new QTableWidget(NamespaceTypeCount, 4, this))
    , m_sets(new QTableWidget(0, 3, this))
{
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_heading->setFont(f);

    m_types->setHorizontalHeaderLabels({tr("Type"), tr("Namespaces"), tr("Not the host's"), tr("Held without a process")});
    m_sets->setHorizontalHeaderLabels({tr("Processes"), tr("Container"), tr("Namespaces other than the host's")});
    for (QTableWidget *t : {m_types, m_sets}) {
        t->verticalHeader()->hide();
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->horizontalHeader()->setStretchLastSection(true);
        t->setAlternatingRowColors(true);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(new QLabel(tr("Namespaces by type"), this));
    layout->addWidget(m_types, 2);
    layout->addWidget(new QLabel(tr("Namespace sets: processes that share all eight namespaces"), this));
    layout->addWidget(m_sets, 3);
}

HostSummary::~HostSummary() = default;

void HostSummary::setSnapshot(const SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    const Snapshot &s = *snapshot;
    QString heading = tr("%1 — %2 processes, %3 namespaces, %4 namespace sets")
                          .arg(s.host().hostname.isEmpty() ? tr("(unnamed host)") : s.host().hostname,
                               QLocale().toString(qsizetype(s.processes().size())),
                               QLocale().toString(qsizetype(s.namespaces().size())),
                               QLocale().toString(qsizetype(s.namespaceSets().size())));
    if (s.inaccessible().processes > 0)
        heading += QLatin1Char('\n')
            + (s.inaccessible().processes == 1 ? tr("1 process is not visible: %1").arg(s.inaccessible().reason)
                                               : tr("%1 processes are not visible: %2")
                                                     .arg(QLocale().toString(s.inaccessible().processes), s.inaccessible().reason));
    m_heading->setText(heading);

    for (int t = 0; t < NamespaceTypeCount; ++t) {
        const auto type = static_cast<NamespaceType>(t);
        const auto list = s.namespacesOfType(type);
        qsizetype notHost = 0;
        qsizetype heldOnly = 0;
        for (const NamespaceInfo &n : list) {
            notHost += n.initial ? 0 : 1;
            heldOnly += n.tasks.isEmpty() ? 1 : 0;
        }
        m_types->setItem(t, 0, cell(namespaceTypeName(type)));
        m_types->setItem(t, 1, number(qsizetype(list.size())));
        m_types->setItem(t, 2, number(notHost));
        m_types->setItem(t, 3, number(heldOnly));
    }

    const auto &sets = s.namespaceSets();
    const int rows = int(std::min<std::size_t>(sets.size(), 200));
    m_sets->setRowCount(rows);
    const NamespaceSet &initial = s.initialNamespaces();
    for (int r = 0; r < rows; ++r) {
        const NamespaceSetGroup &g = sets[std::size_t(r)];
        QStringList own;
        for (NamespaceType t : allNamespaceTypes) {
            if (g.set[t] != initial[t])
                own.append(QStringLiteral("%1:[%2]").arg(namespaceTypeName(t)).arg(g.set[t]));
        }
        const ProcessInfo *first = s.process(g.pids.constFirst());
        QString container;
        if (first && first->container)
            container = first->container->engine + QLatin1Char(' ')
                + (first->container->name.isEmpty() ? first->container->id.left(12) : first->container->name);
        else if (first)
            container = first->comm;
        m_sets->setItem(r, 0, number(g.pids.size()));
        m_sets->setItem(r, 1, cell(container));
        m_sets->setItem(r, 2, cell(own.isEmpty() ? tr("host (all initial)") : own.join(QLatin1Char(' '))));
    }
    m_types->resizeColumnsToContents();
    m_sets->resizeColumnToContents(0);
    m_sets->resizeColumnToContents(1);
}

} // namespace nsviz
