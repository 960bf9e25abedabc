#include "containernames.h"

namespace nsviz {

void ContainerNames::setEngineNames(const QHash<QString, QString> &names)
{
    QMutexLocker lock(&m_mutex);
    m_engine = names;
}

void ContainerNames::setDemoContainers(const QHash<qint32, QString> &names)
{
    QMutexLocker lock(&m_mutex);
    m_demo = names;
}

void ContainerNames::apply(std::vector<ProcessInfo> &processes) const
{
    QMutexLocker lock(&m_mutex);
    if (m_engine.isEmpty() && m_demo.isEmpty())
        return;
    QHash<NamespaceSet, ContainerLabel> demoSets;
    for (const ProcessInfo &p : processes)
        if (auto it = m_demo.constFind(p.pid); it != m_demo.cend())
            demoSets.insert(p.namespaces.set, ContainerLabel{QStringLiteral("nsviz"), QString::number(p.pid), *it});
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
