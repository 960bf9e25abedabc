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

void ContainerNames::apply(std::vector<ProcessInfo> &processes) const
{
    QMutexLocker lock(&m_mutex);
    if (m_engine.isEmpty() && m_demo.isEmpty())
        return;
    const QHash<NamespaceSet, ContainerLabel> &demoSets = m_demo;
    for (ProcessInfo &p : processes) {
        if (p.container) {
            if (p.container->name.isEmpty())
                if (auto it = m_engine.constFind(p.container->id); it != m_engine.cend())
                    p.container->name = *it;
        } else if (!demoSets.isEmpty()) {
            if (auto it = demoSets.constFind(p.namespaces.set); it != demoSets.cend())
                p.container = *it;
        }
    }
}

} // namespace nsviz
