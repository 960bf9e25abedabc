#include "lessonrecording.h"

#include <QJsonArray>

namespace nsviz {

namespace {

QJsonObject namespacesObject(const NamespaceSet &set)
{
    QJsonObject o;
    for (NamespaceType t : allNamespaceTypes)
        if (set[t])
            o.insert(QLatin1String(namespaceTypeKey(t)), qint64(set[t]));
    return o;
}

// Inode numbers fit a double's 53 bits; anything else is not one.
std::optional<NamespaceSet> namespacesFrom(const QJsonValue &v, QString *error)
{
    if (!v.isObject()) {
        *error = QStringLiteral("expected an object of namespaces");
        return std::nullopt;
    }
    NamespaceSet set;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::optional<NamespaceType> t = namespaceTypeFromName(it.key());
        const double id = it.value().toDouble(-1);
        if (!t || id < 1 || id > 9007199254740992.0 || id != double(qint64(id))) {
            *error = QStringLiteral("\"%1\" is not a namespace type with an inode number").arg(it.key());
            return std::nullopt;
        }
        set[*t] = NamespaceId(id);
    }
    return set;
}

} // namespace

QJsonObject lessonMark(const QString &lessonId, int step, bool done, const LessonWorld &world)
{
    QJsonArray containers;
    for (const LessonWorld::Container &c : world.containers) {
        QJsonArray ports;
        for (quint16 p : c.ports)
            ports.append(int(p));
        containers.append(QJsonObject{{QStringLiteral("name"), c.name},
                                      {QStringLiteral("id"), c.id},
                                      {QStringLiteral("initPid"), c.initPid},
                                      {QStringLiteral("running"), c.running},
                                      {QStringLiteral("ports"), ports},
                                      {QStringLiteral("hostname"), c.hostname},
                                      {QStringLiteral("namespaces"), namespacesObject(c.namespaces)}});
    }
    QJsonArray outcomes;
    for (const LessonOutcome &o : world.outcomes)
        outcomes.append(QJsonObject{{QStringLiteral("title"), o.title},
                                    {QStringLiteral("ok"), o.ok},
                                    {QStringLiteral("error"), o.error},
                                    {QStringLiteral("hasOutput"), o.hasOutput},
                                    {QStringLiteral("output"), QString::fromUtf8(o.output)}});
    return QJsonObject{{QStringLiteral("version"), 1},
                       {QStringLiteral("lesson"), lessonId},
                       {QStringLiteral("step"), step},
                       {QStringLiteral("done"), done},
                       {QStringLiteral("privileged"), world.privileged},
                       {QStringLiteral("invokerUid"), qint64(world.invokerUid)},
                       {QStringLiteral("self"), namespacesObject(world.self)},
                       {QStringLiteral("containers"), containers},
                       {QStringLiteral("outcomes"), outcomes}};
}

std::optional<RecordedLesson> recordedLesson(const Recording &recording, QString *error)
{
    QString why;
    auto fail = [&](qsizetype mark, const QString &what) -> std::optional<RecordedLesson> {
        if (error)
            *error = QStringLiteral("the lesson's mark %1: %2").arg(mark + 1).arg(what);
        return std::nullopt;
    };
    if (recording.marks.isEmpty())
        return std::nullopt;
    RecordedLesson out;
    for (qsizetype i = 0; i < recording.marks.size(); ++i) {
        const QJsonObject &o = recording.marks[i].lesson;
        if (o.value(QLatin1String("version")).toInt(-1) != 1)
            return fail(i, QStringLiteral("an unknown version (this nsviz reads version 1)"));
        const QString id = o.value(QLatin1String("lesson")).toString();
        if (id.isEmpty() || (!out.id.isEmpty() && id != out.id))
            return fail(i, QStringLiteral("not a step of the lesson \"%1\"").arg(out.id));
        out.id = id;
        RecordedLesson::Step s;
        s.moment = recording.marks[i].moment;
        s.step = o.value(QLatin1String("step")).toInt(-1);
        if (s.step != int(out.steps.size()))
            return fail(i, QStringLiteral("step %1 where step %2 was due").arg(s.step + 1).arg(out.steps.size() + 1));
        s.done = o.value(QLatin1String("done")).toBool(true);
        s.world.privileged = o.value(QLatin1String("privileged")).toBool();
        s.world.invokerUid = quint32(o.value(QLatin1String("invokerUid")).toInteger());
        const std::optional<NamespaceSet> self = namespacesFrom(o.value(QLatin1String("self")), &why);
        if (!self)
            return fail(i, QStringLiteral("self: ") + why);
        s.world.self = *self;
        for (const QJsonValue &v : o.value(QLatin1String("containers")).toArray()) {
            const QJsonObject c = v.toObject();
            LessonWorld::Container k;
            k.name = c.value(QLatin1String("name")).toString();
            k.id = c.value(QLatin1String("id")).toString();
            k.initPid = c.value(QLatin1String("initPid")).toInt();
            k.running = c.value(QLatin1String("running")).toBool();
            k.hostname = c.value(QLatin1String("hostname")).toString();
            for (const QJsonValue &p : c.value(QLatin1String("ports")).toArray())
                if (const int port = p.toInt(-1); port > 0 && port < 65536)
                    k.ports << quint16(port);
            const std::optional<NamespaceSet> ns = namespacesFrom(c.value(QLatin1String("namespaces")), &why);
            if (k.name.isEmpty() || k.initPid <= 0 || !ns)
                return fail(i, QStringLiteral("a container without a name, a pid or its namespaces") + (why.isEmpty() ? QString() : QStringLiteral(": ") + why));
            k.namespaces = *ns;
            s.world.containers.insert(k.name, k);
        }
        for (const QJsonValue &v : o.value(QLatin1String("outcomes")).toArray()) {
            const QJsonObject r = v.toObject();
            s.world.outcomes.append({r.value(QLatin1String("title")).toString(), r.value(QLatin1String("hasOutput")).toBool(),
                                     r.value(QLatin1String("output")).toString().toUtf8(), r.value(QLatin1String("ok")).toBool(true),
                                     r.value(QLatin1String("error")).toString()});
        }
        out.steps.append(std::move(s));
    }
    return out;
}

} // namespace nsviz
