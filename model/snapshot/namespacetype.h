#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <cstdint>
#include <optional>

namespace nsviz {

// The eight namespace types Linux has. The order is the column order everywhere (alphabetical,
// as in /proc/PID/ns), and the numeric value indexes NamespaceSet.
enum class NamespaceType : std::uint8_t { Cgroup, Ipc, Mnt, Net, Pid, Time, User, Uts };
inline constexpr int NamespaceTypeCount = 8;

inline constexpr std::array<NamespaceType, NamespaceTypeCount> allNamespaceTypes = {
    NamespaceType::Cgroup, NamespaceType::Ipc, NamespaceType::Mnt,  NamespaceType::Net,
    NamespaceType::Pid,    NamespaceType::Time, NamespaceType::User, NamespaceType::Uts,
};

// The kernel's name: the file in /proc/PID/ns and the prefix of its link ("net" in "net:[4026531833]").
const char *namespaceTypeKey(NamespaceType type);
QString namespaceTypeName(NamespaceType type);
std::optional<NamespaceType> namespaceTypeFromName(QStringView name);
std::optional<NamespaceType> namespaceTypeFromName(std::string_view name);

// The CLONE_NEW* flag for a type, as clone(2), unshare(2) and setns(2) take it.
int namespaceCloneFlag(NamespaceType type);

// A namespace as users see it is its nsfs inode number.
using NamespaceId = std::uint64_t;

// The namespaces of one task, one per type; 0 means "not known" (the link could not be read).
struct NamespaceSet
{
    std::array<NamespaceId, NamespaceTypeCount> ids{};

    NamespaceId operator[](NamespaceType t) const { return ids[static_cast<int>(t)]; }
    NamespaceId &operator[](NamespaceType t) { return ids[static_cast<int>(t)]; }
    friend bool operator==(const NamespaceSet &, const NamespaceSet &) = default;
    friend auto operator<=>(const NamespaceSet &, const NamespaceSet &) = default;
};

std::size_t qHash(const NamespaceSet &set, std::size_t seed = 0) noexcept;

} // namespace nsviz
