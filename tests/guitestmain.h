#pragma once

// What every GUI suite's main() does: the offscreen platform at a fixed 96 dpi (the same pixels on every machine),
// and settings of the suite's own, never the user's.

#include <QApplication>
#include <QTest>

namespace nsviz::testing {

// Call from main() after whatever must come before any thread (unshare, helper modes). The test object is created
// once the application exists.
// platform: "offscreen", or with options ("offscreen:configfile=screens.json" for a screen of a given size).
template<typename Test>
int runGuiTest(int argc, char **argv, const char *settingsName, const char *platform = "offscreen")
{
    qputenv("QT_QPA_PLATFORM", platform);
    qputenv("QT_FONT_DPI", "96");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("nsviz-tests"));
    QApplication::setApplicationName(QString::fromLatin1(settingsName));
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace nsviz::testing
