#pragma once

// The user's language: nsviz's own translation (resources/translations/nsviz_LANG.ts, compiled by lrelease at build
// time and built in as :/nsviz/i18n/nsviz_LANG.qm) and Qt's (its dialogs' buttons), installed on the application.
// No language ships yet; English is the source text, and is what a missing translation falls back to.

#include <QLocale>
#include <QString>
#include <QStringList>

namespace nsviz {

inline constexpr char BuiltInTranslations[] = ":/nsviz/i18n";

// The first of the locale's UI languages found in dir, installed with Qt's own for it; what was loaded ("nsviz_de",
// "qtbase_de"). Call once the application exists; the translators live as long as it does.
QStringList installTranslations(const QLocale &locale = QLocale(), const QString &dir = QString::fromLatin1(BuiltInTranslations));

} // namespace nsviz
