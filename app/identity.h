#pragma once

// Who nsviz is to the desktop: its name and version, its desktop entry (org.nsviz.nsviz, so Wayland compositors
// and docks match the window to the menu entry and its icon), and its icon, built in at every hicolor size
// (resources/icons, rendered from the SVG master at build time).

#include <QIcon>
#include <QString>

namespace nsviz {

inline constexpr char DesktopId[] = "org.nsviz.nsviz";

// Name, organisation, version and desktop file name on the application that exists (any kind); the window icon too
// when it is a GUI application.
void setUpIdentity();
// The app icon from the built-in PNGs (no SVG icon engine needed); null if the resources are missing.
QIcon appIcon();
// A message for someone who started nsviz from a menu or a file manager, where stderr goes nowhere: always on
// stderr, and in a dialog as well when `dialog` (main: stderr is no terminal and the platform a real one).
void reportStartupError(const QString &message, bool dialog);

} // namespace nsviz
