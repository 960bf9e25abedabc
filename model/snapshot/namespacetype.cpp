#include "namespacetype.h"

#include <QHashFunctions>

#include <sched.h>

#include <string_view>

namespace nsviz {

namespace {
constexpr std::array<std::string_view, NamespaceTypeCount> keys = {"cgroup", "ipc",  "mnt",  "net",
                                                                   "pid",    "time", "user", "uts"};
} // namespace

const char *namespaceTypeKey(NamespaceType type)
{
    return keys[static_cast<int>(type)].data();
}

QString namespaceTypeName(NamespaceType type)
{
    return QString::fromLatin1(keys[static_cast<int>(type)]);
}

std::optional<NamespaceType> namespaceTypeFromName(std::string_view name)
{
    for (int i = 0; i < NamespaceTypeCount; ++i) {
        if (keys[i] == name)
            return static_cast<NamespaceType>(i);
    }
    return std::nullopt;
}

std::optional<NamespaceType> namespaceTypeFromName(QStringView name)
{
    if (name.size() > 6)
        return std::nullopt;
    return namespaceTypeFromName(std::string_view(name.toLatin1().constData()));
}

int namespaceCloneFlag(NamespaceType type)
{
    switch (type) {
    case NamespaceType::Cgroup: return CLONE_NEWCGROUP;
    case NamespaceType::Ipc: return CLONE_NEWIPC;
    case NamespaceType::Mnt: return CLONE_NEWNS;
    case NamespaceType::Net: return CLONE_NEWNET;
    case NamespaceType::Pid: return CLONE_NEWPID;
    case NamespaceType::Time: return CLONE_NEWTIME;
    case NamespaceType::User: return CLONE_NEWUSER;
    case NamespaceType::Uts: return CLONE_NEWUTS;
    }
    return 0;
}

std::size_t qHash(const NamespaceSet &set, std::size_t seed) noexcept
{
    return qHashRange(set.ids.begin(), set.ids.end(), seed);
}

} // namespace nsviz
