#include "containernames.h"

namespace nsviz {

void ContainerNames::setEngineNames(const QHash<QString, QString> &names)
{
    QMutexLocker lock(&m_mutex);
    m_engine = names;
}

void ContainerNames::setDemoContainers(const QList<Demo> &containers)
{
    QHash<NamespaceSet, ContainerLabel> labels;
    for (const Demo &d : containers)
        labels.insert(d.namespaces, ContainerLabel{QStringLiteral("nsviz"), QString::number(d.pid), d.name});
    QMutexLocker lock(&m_mutex);
    m_demo = labels;
}

bool ContainerNames::isEmpty() const
{
    QMutexLocker lock(&m_mutex);
    return m_engine.isEmpty() && m_demo.isEmpty();
}

SnapshotPtr ContainerNames::apply(const SnapshotPtr &snapshot) const
{
    if (!snapshot)
        return snapshot;
    QHash<qint32, std::optional<ContainerLabel>> labels;
    {
        QMutexLocker lock(&m_mutex);
        if (m_engine.isEmpty() && m_demo.isEmpty())
            return snapshot;
        for (const ProcessInfo &p : snapshot->processes()) {
            if (p.container) {
                if (p.container->name.isEmpty())
                    if (auto it = m_engine.constFind(p.container->id); it != m_engine.cend() && !it->isEmpty()) {
                        ContainerLabel named = *p.container;
                        named.name = *it;
                        labels.insert(p.pid, named);
                    }
            } else if (!m_demo.isEmpty()) {
                if (auto it = m_demo.constFind(p.namespaces.set); it != m_demo.cend())
                    labels.insert(p.pid, *it);
            }
        }
    }
    return labels.isEmpty() ? snapshot : snapshot->withContainerLabels(labels);
}

} // namespace nsviz
