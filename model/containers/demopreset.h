#pragma once

// The seed chapter's examples as one-click demos: each preset is one or more containers, a title and a short
// explanation of what to look at.

#include "containerspec.h"

#include <QList>
#include <QString>

#include <optional>

namespace nsviz {

struct DemoPreset
{
    QString id; // for the command line: "web-servers"
    QString title; // "Two web servers on one port"
    QString explanation; // one or two sentences: what it shows and where to look
    QList<ContainerSpec> containers; // a later one may join an earlier one by its name (ContainerSpec::joinContainer)
};

// All presets, in the order the panel lists them. `privileged`: running as root (then "Root inside, nobody outside"
// maps root to uid 65534; unprivileged, to the invoking user, the only outside id a rootless map may name).
QList<DemoPreset> demoPresets(bool privileged);
std::optional<DemoPreset> findDemoPreset(const QString &id, bool privileged);

// The port the web server presets listen on inside each container.
inline constexpr quint16 DemoHttpPort = 8080;

} // namespace nsviz
