#pragma once

#include "snapshot/namespacetype.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace nsviz {

// What each namespace type is for, in words for people: the texts of resources/guide/namespaces.json, read once
// and handed out translated (QCoreApplication::translate with the file's context; lupdate finds the strings
// through the stub the build generates from the file). Shown in Details, in the legend's and the toggles'
// tooltips and beside the demo panel's checkboxes; lessons refer to the same texts.
struct NamespaceExplanation
{
    QString brief;      // one line: "interfaces, addresses, routes, ports"
    QString own;        // what a container with one of its own gets, one sentence (the demo panel's checkboxes)
    QString isolates;   // what a namespace of this type isolates
    QString containers; // what Docker and the other engines use it for
    QString tryThis;    // something to try in nsviz
    QStringList commands; // the command lines that do the same by hand (unshare, nsenter, ip netns, lsns)
};

class NamespaceGuide
{
public:
    // The guide built in (the resource); a damaged resource is a build error, caught by the tests.
    static const NamespaceGuide &builtIn();
    // A guide file: null with `error` set where it is not one (every type must be there, every text non-empty).
    static std::optional<NamespaceGuide> parse(const QByteArray &json, QString *error);

    // Translated at each call: the language can change while the program runs.
    NamespaceExplanation explain(NamespaceType type) const;
    QString brief(NamespaceType type) const; // explain(type).brief, translating that alone (a tooltip per badge)
    // Rich text for a tooltip or a Details section; `title` as a heading.
    QString html(NamespaceType type, bool title = true) const;

private:
    NamespaceGuide() = default;
    QByteArray m_context;
    std::array<NamespaceExplanation, NamespaceTypeCount> m_types;
};

} // namespace nsviz
