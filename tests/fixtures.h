#pragma once

// The fixture proc trees of tests/data (written by make-fixtures.py) and what their namespaces are.

#include "scan/procscanner.h"

#include <QDir>
#include <QHash>
#include <QString>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace nsviz::fixtures {

inline QString procBasic()
{
    return QStringLiteral(NSVIZ_TEST_DATA "/proc-basic");
}

namespace basic {
inline constexpr NamespaceId hostNet = 4026531840, hostPid = 4026531836, hostUser = 4026531837, hostUts = 4026531838,
                             hostMnt = 4026531841;
inline constexpr NamespaceId dockerNet = 4026532201, dockerPid = 4026532202, dockerMnt = 4026532200;
inline constexpr NamespaceId podPid = 4026532302, podMnt = 4026532300;
inline constexpr NamespaceId threadUts = 4026532400;
inline constexpr NamespaceId fdNet = 4026532800;
inline constexpr NamespaceId mountedNet = 4026532900;
inline constexpr NamespaceId rootlessUser = 4026532901, rootlessMnt = 4026532902;
inline constexpr NamespaceId pidForChildren = 4026532950;
inline constexpr NamespaceId intermediatePid = 4026532999; // parent of podPid, held by nothing else
} // namespace basic

// What the NS_GET_* ioctls would say about the fixture's namespaces.
inline RelationLookup basicRelations()
{
    using namespace basic;
    return [](NamespaceType type, NamespaceId id) -> std::optional<NamespaceRelations> {
        if (id == hostUser)
            return NamespaceRelations{std::nullopt, std::nullopt, 0u};
        if (id == rootlessUser)
            return NamespaceRelations{hostUser, hostUser, 1000u};
        if (id == rootlessMnt)
            return NamespaceRelations{std::nullopt, rootlessUser, std::nullopt};
        if (id == podPid)
            return NamespaceRelations{intermediatePid, hostUser, std::nullopt};
        if (id == intermediatePid)
            return NamespaceRelations{hostPid, hostUser, std::nullopt};
        if (type == NamespaceType::Pid && id != hostPid)
            return NamespaceRelations{hostPid, hostUser, std::nullopt};
        return NamespaceRelations{std::nullopt, hostUser, std::nullopt};
    };
}

// A writable copy of a fixture tree (symlinks kept), for tests that change it between scans.
inline bool copyTree(const QString &from, const QString &to)
{
    return QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), from + QStringLiteral("/."), to}) == 0;
}

} // namespace nsviz::fixtures
