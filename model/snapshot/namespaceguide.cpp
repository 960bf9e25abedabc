#include "namespaceguide.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nsviz {

namespace {

constexpr char Schema[] = "nsviz-guide";
constexpr int Version = 1;

QString translated(const QByteArray &context, const QString &text)
{
    return text.isEmpty() ? text : QCoreApplication::translate(context.constData(), text.toUtf8().constData());
}

} // namespace

std::optional<NamespaceGuide> NamespaceGuide::parse(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not JSON: %1 at byte %2").arg(pe.errorString()).arg(pe.offset));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("schema")).toString() != QLatin1String(Schema))
        return fail(QStringLiteral("not a guide: schema is not \"%1\"").arg(QLatin1String(Schema)));
    if (root.value(QLatin1String("version")).toInt() != Version)
        return fail(QStringLiteral("guide version %1, this program reads %2").arg(root.value(QLatin1String("version")).toInt()).arg(Version));
    NamespaceGuide g;
    g.m_context = root.value(QLatin1String("context")).toString().toUtf8();
    if (g.m_context.isEmpty())
        return fail(QStringLiteral("no translation context"));
    const QJsonObject types = root.value(QLatin1String("types")).toObject();
    for (NamespaceType t : allNamespaceTypes) {
        const QString key = QLatin1String(namespaceTypeKey(t));
        const QJsonObject o = types.value(key).toObject();
        NamespaceExplanation &e = g.m_types[std::size_t(t)];
        for (auto [field, text] : {std::pair{"short", &e.brief}, std::pair{"own", &e.own}, std::pair{"isolates", &e.isolates},
                                   std::pair{"containers", &e.containers}, std::pair{"try", &e.tryThis}}) {
            *text = o.value(QLatin1String(field)).toString().trimmed();
            if (text->isEmpty())
                return fail(QStringLiteral("%1: no \"%2\" text").arg(key, QLatin1String(field)));
        }
        for (const QJsonValue &c : o.value(QLatin1String("commands")).toArray()) {
            if (!c.isString() || c.toString().trimmed().isEmpty())
                return fail(QStringLiteral("%1: a command that is not a non-empty string").arg(key));
            e.commands.append(c.toString());
        }
        if (e.commands.isEmpty())
            return fail(QStringLiteral("%1: no commands").arg(key));
    }
    if (types.size() != NamespaceTypeCount)
        return fail(QStringLiteral("%1 types, Linux has %2").arg(types.size()).arg(NamespaceTypeCount));
    return g;
}

const NamespaceGuide &NamespaceGuide::builtIn()
{
    static const NamespaceGuide guide = [] {
        QFile f(QStringLiteral(":/nsviz/guide/namespaces.json"));
        QString error = QStringLiteral("the resource is missing");
        std::optional<NamespaceGuide> g;
        if (f.open(QIODevice::ReadOnly))
            g = parse(f.readAll(), &error);
        if (!g) {
            // tst_namespaceguide reads the same file: a build that gets here failed its tests.
            qWarning("nsviz: the built-in namespace guide is damaged (%s)", qPrintable(error));
            return NamespaceGuide();
        }
        return *g;
    }();
    return guide;
}

NamespaceExplanation NamespaceGuide::explain(NamespaceType type) const
{
    const NamespaceExplanation &e = m_types[std::size_t(type)];
    return {translated(m_context, e.brief), translated(m_context, e.own), translated(m_context, e.isolates), translated(m_context, e.containers),
            translated(m_context, e.tryThis), e.commands};
}

QString NamespaceGuide::brief(NamespaceType type) const
{
    return translated(m_context, m_types[std::size_t(type)].brief);
}

QString NamespaceGuide::html(NamespaceType type, bool title) const
{
    const NamespaceExplanation e = explain(type);
    if (e.isolates.isEmpty())
        return {};
    QString h;
    if (title)
        h += QStringLiteral("<p><b>%1</b></p>").arg(QCoreApplication::translate("NamespaceGuide", "About %1 namespaces").arg(namespaceTypeName(type)).toHtmlEscaped());
    h += QStringLiteral("<p>%1</p>").arg(e.isolates.toHtmlEscaped());
    h += QStringLiteral("<p><i>%1</i> %2</p>").arg(QCoreApplication::translate("NamespaceGuide", "In containers:").toHtmlEscaped(), e.containers.toHtmlEscaped());
    h += QStringLiteral("<p><i>%1</i> %2</p>").arg(QCoreApplication::translate("NamespaceGuide", "Try:").toHtmlEscaped(), e.tryThis.toHtmlEscaped());
    h += QStringLiteral("<p><i>%1</i><br>").arg(QCoreApplication::translate("NamespaceGuide", "By hand:").toHtmlEscaped());
    QStringList lines;
    for (const QString &c : e.commands)
        lines.append(QStringLiteral("<code>%1</code>").arg(c.toHtmlEscaped()));
    h += lines.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
    return h;
}

} // namespace nsviz
