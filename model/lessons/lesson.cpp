#include "lesson.h"

#include "containers/demopreset.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <csignal>

namespace nsviz {

namespace {

QString tr(const QString &text)
{
    return QCoreApplication::translate("Lesson", text.toUtf8().constData());
}

// One problem in a lesson file, with where it is ("step 3, action 2: ...").
struct Bad
{
    QString message;
};

QString typeList(const QList<NamespaceType> &types)
{
    QStringList keys;
    for (NamespaceType t : types)
        keys << QLatin1String(namespaceTypeKey(t));
    return keys.join(QStringLiteral(", "));
}

class Reader
{
public:
    explicit Reader(QJsonObject o, QString where) : m_o(std::move(o)), m_where(std::move(where)) {}

    [[noreturn]] void fail(const QString &what) const { throw Bad{m_where + QStringLiteral(": ") + what}; }

    bool has(const char *key) const { return m_o.contains(QLatin1String(key)); }
    QString string(const char *key, bool required = true) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString() || v.toString().trimmed().isEmpty())
            fail(QStringLiteral("\"%1\" must be a non-empty text").arg(QLatin1String(key)));
        return v.toString();
    }
    QStringList strings(const char *key, bool required = true) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isArray())
            fail(QStringLiteral("\"%1\" must be a list of texts").arg(QLatin1String(key)));
        QStringList out;
        for (const QJsonValue &e : v.toArray()) {
            if (!e.isString() || e.toString().isEmpty())
                fail(QStringLiteral("\"%1\" must hold non-empty texts only").arg(QLatin1String(key)));
            out << e.toString();
        }
        if (required && out.isEmpty())
            fail(QStringLiteral("\"%1\" must not be empty").arg(QLatin1String(key)));
        return out;
    }
    qint64 integer(const char *key, qint64 min, qint64 max, std::optional<qint64> fallback = std::nullopt) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && fallback)
            return *fallback;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != double(qint64(d)) || d < double(min) || d > double(max))
            fail(QStringLiteral("\"%1\" must be a whole number from %2 to %3").arg(QLatin1String(key)).arg(min).arg(max));
        return qint64(d);
    }
    NamespaceType type(const char *key) const { return typeNamed(string(key)); }
    QList<NamespaceType> types(const char *key, bool required = true) const
    {
        QList<NamespaceType> out;
        for (const QString &name : strings(key, required)) {
            if (const NamespaceType t = typeNamed(name); !out.contains(t))
                out << t;
        }
        return out;
    }
    // Every key must be one of these: a misspelt key would otherwise be ignored silently.
    void only(std::initializer_list<const char *> keys) const
    {
        for (auto it = m_o.begin(); it != m_o.end(); ++it) {
            if (std::none_of(keys.begin(), keys.end(), [&](const char *k) { return it.key() == QLatin1String(k); }))
                fail(QStringLiteral("unknown key \"%1\"").arg(it.key()));
        }
    }
    const QJsonObject &object() const { return m_o; }
    const QString &where() const { return m_where; }

private:
    NamespaceType typeNamed(const QString &name) const
    {
        const std::optional<NamespaceType> t = namespaceTypeFromName(QStringView(name));
        if (!t)
            fail(QStringLiteral("\"%1\" is not a namespace type (cgroup, ipc, mnt, net, pid, time, user, uts)").arg(name));
        return *t;
    }

    QJsonObject m_o;
    QString m_where;
};

QList<IdMapRange> idMap(const Reader &r, const char *key)
{
    const QJsonValue v = r.object().value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isArray())
        r.fail(QStringLiteral("\"%1\" must be a list of [inside, outside, count]").arg(QLatin1String(key)));
    QList<IdMapRange> out;
    for (const QJsonValue &e : v.toArray()) {
        const QJsonArray a = e.toArray();
        if (a.size() != 3 || !a[0].isDouble() || !a[2].isDouble() || !(a[1].isDouble() || a[1].isString()))
            r.fail(QStringLiteral("each line of \"%1\" is [inside, outside, count]; outside a number, \"nobody\" or \"invoker\"").arg(QLatin1String(key)));
        IdMapRange range;
        range.inside = quint32(a[0].toInt());
        range.count = quint32(a[2].toInt());
        if (a[1].isString()) {
            const QString who = a[1].toString();
            if (who == QStringLiteral("nobody"))
                range.outside = 65534;
            else if (who == QStringLiteral("invoker"))
                range.outside = quint32(-1); // filled in when the lesson runs (LessonRunner)
            else
                r.fail(QStringLiteral("\"%1\": outside is a number, \"nobody\" or \"invoker\", not \"%2\"").arg(QLatin1String(key), who));
        } else {
            range.outside = quint32(a[1].toInt());
        }
        out << range;
    }
    return out;
}

ContainerSpec readSpec(const Reader &r)
{
    r.only({"name", "namespaces", "hostname", "command", "root", "files", "uidMap", "gidMap", "network", "address",
            "hostAddress", "prefixLength", "join", "shmKey", "shmSize"});
    ContainerSpec s;
    s.name = r.string("name");
    s.newNamespaces = r.types("namespaces", false);
    s.hostname = r.string("hostname", false);
    s.command = r.strings("command");
    const QString root = r.has("root") ? r.string("root") : QStringLiteral("busybox");
    if (root == QStringLiteral("host"))
        s.rootFs = ContainerSpec::RootFs::Host;
    else if (root != QStringLiteral("busybox"))
        r.fail(QStringLiteral("\"root\" is \"busybox\" or \"host\", not \"%1\"").arg(root));
    const QJsonObject files = r.object().value(QStringLiteral("files")).toObject();
    for (auto it = files.begin(); it != files.end(); ++it) {
        if (!it.value().isString())
            r.fail(QStringLiteral("the content of file \"%1\" must be a text").arg(it.key()));
        s.files.insert(it.key(), it.value().toString().toUtf8());
    }
    s.uidMap = idMap(r, "uidMap");
    s.gidMap = idMap(r, "gidMap");
    const QString network = r.has("network") ? r.string("network") : QStringLiteral("loopback");
    if (network == QStringLiteral("veth"))
        s.network = ContainerSpec::Network::Veth;
    else if (network == QStringLiteral("down"))
        s.network = ContainerSpec::Network::Down;
    else if (network != QStringLiteral("loopback"))
        r.fail(QStringLiteral("\"network\" is \"loopback\", \"down\" or \"veth\", not \"%1\"").arg(network));
    s.containerAddress = r.string("address", false);
    s.hostAddress = r.string("hostAddress", false);
    s.prefixLength = int(r.integer("prefixLength", 8, 30, 30));
    if (r.has("join")) {
        const Reader join(r.object().value(QStringLiteral("join")).toObject(), r.where() + QStringLiteral(", join"));
        join.only({"container", "namespaces"});
        s.joinContainer = join.string("container");
        s.joinNamespaces = join.types("namespaces");
    }
    s.sysvShmKey = qint32(r.integer("shmKey", 1, 0x7fffffff, 0));
    s.sysvShmSize = qint32(r.integer("shmSize", 1, 1 << 20, 4096));
    // validate() knows nothing of "invoker": check with a stand-in id.
    ContainerSpec probe = s;
    for (IdMapRange &m : probe.uidMap)
        m.outside = m.outside == quint32(-1) ? 1000 : m.outside;
    for (IdMapRange &m : probe.gidMap)
        m.outside = m.outside == quint32(-1) ? 1000 : m.outside;
    if (const QStringList problems = probe.validate(); !problems.isEmpty())
        r.fail(QStringLiteral("container \"%1\": %2").arg(s.name, problems.join(QLatin1Char(' '))));
    return s;
}

const QList<std::pair<const char *, LessonAction::Kind>> actionKinds = {
    {"preset", LessonAction::Kind::Preset},   {"start", LessonAction::Kind::Start},
    {"stop", LessonAction::Kind::Stop},       {"kill", LessonAction::Kind::Kill},
    {"exec", LessonAction::Kind::Exec},       {"fetch", LessonAction::Kind::Fetch},
    {"ping", LessonAction::Kind::Ping},       {"namespaces", LessonAction::Kind::Namespaces},
    {"pin", LessonAction::Kind::Pin},         {"unpin", LessonAction::Kind::Unpin},
    {"select", LessonAction::Kind::Select},   {"compare", LessonAction::Kind::Compare},
    {"group", LessonAction::Kind::Group},
};

const QList<std::pair<const char *, LessonCheck::Kind>> checkKinds = {
    {"running", LessonCheck::Kind::Running},     {"gone", LessonCheck::Kind::Gone},
    {"own", LessonCheck::Kind::Own},             {"host", LessonCheck::Kind::Host},
    {"distinct", LessonCheck::Kind::Distinct},   {"shared", LessonCheck::Kind::Shared},
    {"processes", LessonCheck::Kind::Processes}, {"pid", LessonCheck::Kind::Pid},
    {"hostname", LessonCheck::Kind::Hostname},   {"uidMap", LessonCheck::Kind::UidMap},
    {"listening", LessonCheck::Kind::Listening}, {"output", LessonCheck::Kind::Output},
    {"held", LessonCheck::Kind::Held},           {"released", LessonCheck::Kind::Released},
};

const QStringList groupings = {QStringLiteral("type"), QStringLiteral("user"), QStringLiteral("pid"),
                               QStringLiteral("containers"), QStringLiteral("processes")};

// What the lesson has started so far, by name, for checking references: every container an action or check names
// must have been started by an earlier action (a check may name one started in its own step).
struct Known
{
    QSet<QString> containers;
    QSet<QString> veth;
    QSet<std::pair<QString, int>> pinned;
};

void needContainer(const Reader &r, const Known &known, const QString &name)
{
    if (!known.containers.contains(name))
        r.fail(QStringLiteral("no earlier action starts a container \"%1\"").arg(name));
}

LessonAction readAction(const Reader &r, Known &known)
{
    LessonAction a;
    const QString verb = r.string("action");
    const auto kind = std::find_if(actionKinds.cbegin(), actionKinds.cend(), [&](const auto &k) { return verb == QLatin1String(k.first); });
    if (kind == actionKinds.cend())
        r.fail(QStringLiteral("unknown action \"%1\"").arg(verb));
    a.kind = kind->second;
    using K = LessonAction::Kind;
    switch (a.kind) {
    case K::Preset: {
        r.only({"action", "preset"});
        a.preset = r.string("preset");
        // Both variants exist for every preset; the names of their containers do not depend on privileges.
        const std::optional<DemoPreset> p = findDemoPreset(a.preset, true);
        if (!p)
            r.fail(QStringLiteral("there is no demo preset \"%1\"").arg(a.preset));
        for (const ContainerSpec &c : p->containers) {
            known.containers.insert(c.name);
            if (c.network == ContainerSpec::Network::Veth)
                known.veth.insert(c.name);
        }
        break;
    }
    case K::Start: {
        r.only({"action", "container"});
        a.spec = readSpec(Reader(r.object().value(QStringLiteral("container")).toObject(), r.where() + QStringLiteral(", container")));
        if (!a.spec.joinContainer.isEmpty())
            needContainer(r, known, a.spec.joinContainer);
        known.containers.insert(a.spec.name);
        if (a.spec.network == ContainerSpec::Network::Veth)
            known.veth.insert(a.spec.name);
        a.container = a.spec.name;
        break;
    }
    case K::Stop:
    case K::Namespaces:
    case K::Select:
        r.only({"action", "container"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        break;
    case K::Kill: {
        r.only({"action", "container", "signal"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        const QString sig = r.has("signal") ? r.string("signal") : QStringLiteral("KILL");
        if (sig == QStringLiteral("KILL"))
            a.signal = SIGKILL;
        else if (sig == QStringLiteral("TERM"))
            a.signal = SIGTERM;
        else
            r.fail(QStringLiteral("\"signal\" is \"KILL\" or \"TERM\", not \"%1\"").arg(sig));
        break;
    }
    case K::Exec:
        r.only({"action", "container", "command"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        a.command = r.strings("command");
        break;
    case K::Fetch:
        r.only({"action", "container", "port", "path"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        a.port = quint16(r.integer("port", 1, 65535, 8080));
        a.path = r.has("path") ? r.string("path").toUtf8() : QByteArray("/");
        if (!a.path.startsWith('/') || a.path.contains(' ') || a.path.contains('\n') || a.path.contains('\r'))
            r.fail(QStringLiteral("\"path\" must start with '/' and hold no spaces or line breaks"));
        break;
    case K::Ping:
        r.only({"action", "container"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        if (!known.veth.contains(a.container))
            r.fail(QStringLiteral("container \"%1\" has no veth pair to ping across").arg(a.container));
        break;
    case K::Pin:
    case K::Unpin: {
        r.only({"action", "container", "type"});
        a.container = r.string("container");
        needContainer(r, known, a.container);
        a.type = r.type("type");
        const std::pair<QString, int> key{a.container, int(a.type)};
        if (a.kind == K::Pin && !known.pinned.contains(key))
            known.pinned.insert(key);
        else if (a.kind == K::Pin)
            r.fail(QStringLiteral("that namespace is pinned already"));
        else if (!known.pinned.remove(key))
            r.fail(QStringLiteral("no earlier action pins the %1 namespace of \"%2\"").arg(QLatin1String(namespaceTypeKey(a.type)), a.container));
        break;
    }
    case K::Compare:
        r.only({"action", "containers"});
        a.containers = r.strings("containers");
        if (a.containers.size() != 2)
            r.fail(QStringLiteral("\"compare\" takes two containers"));
        for (const QString &c : a.containers)
            needContainer(r, known, c);
        break;
    case K::Group:
        r.only({"action", "grouping"});
        a.grouping = r.string("grouping");
        if (!groupings.contains(a.grouping))
            r.fail(QStringLiteral("\"grouping\" is one of %1, not \"%2\"").arg(groupings.join(QStringLiteral(", ")), a.grouping));
        break;
    }
    return a;
}

LessonCheck readCheck(const Reader &r, const Known &known, const QList<LessonAction> &actions)
{
    LessonCheck c;
    const QString verb = r.string("expect");
    const auto kind = std::find_if(checkKinds.cbegin(), checkKinds.cend(), [&](const auto &k) { return verb == QLatin1String(k.first); });
    if (kind == checkKinds.cend())
        r.fail(QStringLiteral("unknown check \"%1\"").arg(verb));
    c.kind = kind->second;
    c.say = r.string("say", false);
    if (r.has("rootOnly")) {
        if (!r.object().value(QStringLiteral("rootOnly")).isBool())
            r.fail(QStringLiteral("\"rootOnly\" is true or false"));
        c.rootOnly = r.object().value(QStringLiteral("rootOnly")).toBool();
    }
    using K = LessonCheck::Kind;
    auto one = [&](std::initializer_list<const char *> keys) {
        r.only(keys);
        c.container = r.string("container");
        needContainer(r, known, c.container);
    };
    switch (c.kind) {
    case K::Running:
    case K::Gone:
        one({"expect", "say", "rootOnly", "container"});
        break;
    case K::Own:
    case K::Host:
        one({"expect", "say", "rootOnly", "container", "types"});
        c.types = r.types("types");
        break;
    case K::Distinct:
    case K::Shared:
        r.only({"expect", "say", "rootOnly", "containers", "types"});
        c.containers = r.strings("containers");
        if (c.containers.size() != 2 || c.containers[0] == c.containers[1])
            r.fail(QStringLiteral("\"%1\" compares two different containers").arg(verb));
        for (const QString &n : c.containers)
            needContainer(r, known, n);
        c.types = r.types("types");
        break;
    case K::Processes:
        one({"expect", "say", "rootOnly", "container", "count"});
        c.count = int(r.integer("count", 1, 100000));
        break;
    case K::Pid:
        one({"expect", "say", "rootOnly", "container", "inside"});
        c.inside = r.integer("inside", 1, 4194304);
        break;
    case K::Hostname:
        one({"expect", "say", "rootOnly", "container", "is"});
        c.text = r.string("is");
        break;
    case K::UidMap: {
        one({"expect", "say", "rootOnly", "container", "inside", "outside"});
        c.inside = r.integer("inside", 0, 4294967294);
        const QJsonValue out = r.object().value(QStringLiteral("outside"));
        if (out.isString() && (out.toString() == QStringLiteral("nobody") || out.toString() == QStringLiteral("invoker")
                               || out.toString() == QStringLiteral("non-root")))
            c.outside = out.toString();
        else if (out.isDouble())
            c.outside = QString::number(r.integer("outside", 0, 4294967294));
        else
            r.fail(QStringLiteral("\"outside\" is a uid, \"nobody\", \"invoker\" or \"non-root\""));
        break;
    }
    case K::Listening:
        one({"expect", "say", "rootOnly", "container", "port"});
        c.port = quint16(r.integer("port", 1, 65535));
        break;
    case K::Output: {
        r.only({"expect", "say", "rootOnly", "action", "contains", "lacks"});
        if (r.has("contains") == r.has("lacks"))
            r.fail(QStringLiteral("\"output\" takes \"contains\" or \"lacks\""));
        c.lacks = r.has("lacks");
        c.text = r.string(c.lacks ? "lacks" : "contains");
        auto hasOutput = [](const LessonAction &a) {
            using A = LessonAction::Kind;
            return a.kind == A::Exec || a.kind == A::Fetch || a.kind == A::Ping || a.kind == A::Namespaces;
        };
        if (r.has("action")) {
            c.action = int(r.integer("action", 0, actions.size() - 1));
            if (!hasOutput(actions[c.action]))
                r.fail(QStringLiteral("action %1 of this step has no output to check").arg(c.action));
        } else if (std::none_of(actions.cbegin(), actions.cend(), hasOutput)) {
            r.fail(QStringLiteral("no action of this step has output to check"));
        }
        break;
    }
    case K::Held:
    case K::Released:
        one({"expect", "say", "rootOnly", "container", "type"});
        c.type = r.type("type");
        break;
    }
    return c;
}

} // namespace

bool LessonAction::changesHost() const
{
    return kind != Kind::Select && kind != Kind::Compare && kind != Kind::Group && kind != Kind::Namespaces
        && kind != Kind::Fetch && kind != Kind::Ping;
}

bool LessonAction::needsRoot() const
{
    if (kind == Kind::Ping || kind == Kind::Pin || kind == Kind::Unpin)
        return true;
    if (kind == Kind::Start)
        return spec.network == ContainerSpec::Network::Veth;
    if (kind == Kind::Preset) {
        const std::optional<DemoPreset> p = findDemoPreset(preset, false);
        return p && std::any_of(p->containers.cbegin(), p->containers.cend(),
                                [](const ContainerSpec &c) { return c.network == ContainerSpec::Network::Veth; });
    }
    return false;
}

QString LessonAction::describe() const
{
    switch (kind) {
    case Kind::Preset:
        return QCoreApplication::translate("LessonAction", "start the demo preset %1").arg(preset);
    case Kind::Start:
        return QCoreApplication::translate("LessonAction", "start container %1 with new %2 namespaces").arg(spec.name, typeList(spec.newNamespaces));
    case Kind::Stop:
        return QCoreApplication::translate("LessonAction", "stop container %1").arg(container);
    case Kind::Kill:
        return QCoreApplication::translate("LessonAction", "kill PID 1 of %1 from the host (SIG%2)").arg(container, signal == SIGTERM ? QStringLiteral("TERM") : QStringLiteral("KILL"));
    case Kind::Exec:
        return QCoreApplication::translate("LessonAction", "in %1: %2").arg(container, command.join(QLatin1Char(' ')));
    case Kind::Fetch:
        return QCoreApplication::translate("LessonAction", "in %1: fetch http://127.0.0.1:%2%3").arg(container).arg(port).arg(QString::fromUtf8(path));
    case Kind::Ping:
        return QCoreApplication::translate("LessonAction", "ping %1 across its veth pair").arg(container);
    case Kind::Namespaces:
        return QCoreApplication::translate("LessonAction", "ls -al /proc/PID/ns of %1's first process").arg(container);
    case Kind::Pin:
        return QCoreApplication::translate("LessonAction", "keep the %1 namespace of %2 by a bind mount").arg(QLatin1String(namespaceTypeKey(type)), container);
    case Kind::Unpin:
        return QCoreApplication::translate("LessonAction", "remove the bind mount of %2's %1 namespace").arg(QLatin1String(namespaceTypeKey(type)), container);
    case Kind::Select:
        return QCoreApplication::translate("LessonAction", "select %1").arg(container);
    case Kind::Compare:
        return QCoreApplication::translate("LessonAction", "compare %1 with %2").arg(containers.value(0), containers.value(1));
    case Kind::Group:
        return QCoreApplication::translate("LessonAction", "show the tree by %1").arg(grouping);
    }
    return {};
}

QString LessonCheck::describe() const
{
    if (!say.isEmpty())
        return say;
    const QString typeNames = typeList(types);
    const QString a = containers.value(0), b = containers.value(1);
    switch (kind) {
    case Kind::Running:
        return QCoreApplication::translate("LessonCheck", "%1 is running").arg(container);
    case Kind::Gone:
        return QCoreApplication::translate("LessonCheck", "%1 is gone").arg(container);
    case Kind::Own:
        return (types.size() == 1 ? QCoreApplication::translate("LessonCheck", "%1 has its own %2 namespace") : QCoreApplication::translate("LessonCheck", "%1 has its own %2 namespaces")).arg(container, typeNames);
    case Kind::Host:
        return (types.size() == 1 ? QCoreApplication::translate("LessonCheck", "%1 shares the %2 namespace nsviz runs in") : QCoreApplication::translate("LessonCheck", "%1 shares the %2 namespaces nsviz runs in")).arg(container, typeNames);
    case Kind::Distinct:
        return (types.size() == 1 ? QCoreApplication::translate("LessonCheck", "%1 and %2 are in different %3 namespaces") : QCoreApplication::translate("LessonCheck", "%1 and %2 differ in each of their %3 namespaces")).arg(a, b, typeNames);
    case Kind::Shared:
        return (types.size() == 1 ? QCoreApplication::translate("LessonCheck", "%1 and %2 share one %3 namespace") : QCoreApplication::translate("LessonCheck", "%1 and %2 share their %3 namespaces")).arg(a, b, typeNames);
    case Kind::Processes:
        return (count == 1 ? QCoreApplication::translate("LessonCheck", "%1 has 1 process") : QCoreApplication::translate("LessonCheck", "%1 has %2 processes")).arg(container).arg(count);
    case Kind::Pid:
        return QCoreApplication::translate("LessonCheck", "the first process of %1 is PID %2 in its pid namespace").arg(container).arg(inside);
    case Kind::Hostname:
        return QCoreApplication::translate("LessonCheck", "%1's hostname is %2").arg(container, text);
    case Kind::UidMap:
        if (outside == QStringLiteral("non-root"))
            return QCoreApplication::translate("LessonCheck", "uid %1 in %2 is an unprivileged uid outside").arg(inside).arg(container);
        if (outside == QStringLiteral("invoker"))
            return QCoreApplication::translate("LessonCheck", "uid %1 in %2 is the uid nsviz runs as outside").arg(inside).arg(container);
        return QCoreApplication::translate("LessonCheck", "uid %1 in %2 is uid %3 outside").arg(inside).arg(container, outside == QStringLiteral("nobody") ? QStringLiteral("65534 (nobody)") : outside);
    case Kind::Listening:
        return QCoreApplication::translate("LessonCheck", "something listens on port %1 inside %2").arg(port).arg(container);
    case Kind::Output:
        return lacks ? QCoreApplication::translate("LessonCheck", "the output does not say \"%1\"").arg(text) : QCoreApplication::translate("LessonCheck", "the output says \"%1\"").arg(text);
    case Kind::Held:
        return QCoreApplication::translate("LessonCheck", "the %1 namespace of %2 is still there, held by a bind mount").arg(QLatin1String(namespaceTypeKey(type)), container);
    case Kind::Released:
        return QCoreApplication::translate("LessonCheck", "the %1 namespace of %2 is gone").arg(QLatin1String(namespaceTypeKey(type)), container);
    }
    return {};
}

bool LessonStep::needsRoot() const
{
    return std::any_of(actions.cbegin(), actions.cend(), [](const LessonAction &a) { return a.needsRoot(); });
}

bool Lesson::needsRoot() const
{
    return std::any_of(steps.cbegin(), steps.cend(), [](const LessonStep &s) { return s.needsRoot(); });
}

QString Lesson::whyRoot(const LessonStep &step)
{
    for (const LessonAction &a : step.actions) {
        if (!a.needsRoot())
            continue;
        switch (a.kind) {
        case LessonAction::Kind::Ping:
            return QCoreApplication::translate("Lesson", "a ping from the host needs a raw socket, which only root may open");
        case LessonAction::Kind::Pin:
        case LessonAction::Kind::Unpin:
            return QCoreApplication::translate("Lesson", "a bind mount on the host needs root (CAP_SYS_ADMIN in the host's mount namespace)");
        default:
            return QCoreApplication::translate("Lesson", "a veth pair between the host and a container needs root (CAP_NET_ADMIN on the host)");
        }
    }
    return {};
}

std::optional<Lesson> Lesson::parse(const QByteArray &json, const QString &id, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    try {
        if (pe.error != QJsonParseError::NoError)
            throw Bad{QStringLiteral("not JSON (at byte %1: %2)").arg(pe.offset).arg(pe.errorString())};
        if (!doc.isObject())
            throw Bad{QStringLiteral("a lesson is a JSON object")};
        const Reader top(doc.object(), QStringLiteral("lesson"));
        top.only({"schema", "version", "order", "title", "summary", "source", "steps"});
        if (top.string("schema") != QStringLiteral("nsviz-lesson"))
            top.fail(QStringLiteral("\"schema\" must be \"nsviz-lesson\""));
        if (top.integer("version", 1, 1000) != 1)
            top.fail(QStringLiteral("version %1 is newer than this nsviz reads (1)").arg(top.object().value(QStringLiteral("version")).toInt()));
        top.integer("order", 0, 1000, 500);
        Lesson lesson;
        lesson.id = id;
        lesson.title = tr(top.string("title"));
        lesson.summary = tr(top.string("summary"));
        lesson.source = tr(top.string("source"));
        const QJsonArray steps = top.object().value(QStringLiteral("steps")).toArray();
        if (steps.isEmpty())
            top.fail(QStringLiteral("\"steps\" must be a non-empty list"));
        Known known;
        for (int i = 0; i < steps.size(); ++i) {
            const Reader s(steps[i].toObject(), QStringLiteral("step %1").arg(i + 1));
            if (!steps[i].isObject())
                s.fail(QStringLiteral("a step is an object"));
            s.only({"caption", "narration", "actions", "checks", "try"});
            LessonStep step;
            step.caption = tr(s.string("caption"));
            step.narration = tr(s.string("narration"));
            step.tryCommands = s.strings("try", false);
            const QJsonArray actions = s.object().value(QStringLiteral("actions")).toArray();
            for (int j = 0; j < actions.size(); ++j) {
                if (!actions[j].isObject())
                    s.fail(QStringLiteral("action %1 is not an object").arg(j));
                step.actions << readAction(Reader(actions[j].toObject(), s.where() + QStringLiteral(", action %1").arg(j)), known);
            }
            const QJsonArray checks = s.object().value(QStringLiteral("checks")).toArray();
            for (int j = 0; j < checks.size(); ++j) {
                if (!checks[j].isObject())
                    s.fail(QStringLiteral("check %1 is not an object").arg(j));
                LessonCheck c = readCheck(Reader(checks[j].toObject(), s.where() + QStringLiteral(", check %1").arg(j)), known, step.actions);
                if (!c.say.isEmpty())
                    c.say = tr(c.say);
                step.checks << c;
            }
            lesson.steps << step;
        }
        return lesson;
    } catch (const Bad &bad) {
        if (error)
            *error = QStringLiteral("lesson \"%1\": %2").arg(id, bad.message);
        return std::nullopt;
    }
}

QList<Lesson> builtInLessons(QStringList *errors)
{
    QList<std::pair<int, Lesson>> ordered;
    const QDir dir(QStringLiteral(":/nsviz/lessons"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray json = f.readAll();
        QString error;
        std::optional<Lesson> lesson = Lesson::parse(json, name.chopped(5), &error);
        if (!lesson) {
            if (errors)
                *errors << error;
            continue;
        }
        const int order = QJsonDocument::fromJson(json).object().value(QStringLiteral("order")).toInt(500);
        ordered.append({order, *lesson});
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<Lesson> out;
    for (auto &[order, lesson] : ordered)
        out << std::move(lesson);
    return out;
}

std::optional<Lesson> findLesson(const QString &id, QString *error)
{
    QStringList errors;
    for (const Lesson &l : builtInLessons(&errors)) {
        if (l.id == id)
            return l;
    }
    if (error)
        *error = errors.isEmpty() ? QStringLiteral("there is no lesson \"%1\"; `nsviz lesson list` shows them").arg(id) : errors.join(QLatin1Char('\n'));
    return std::nullopt;
}

} // namespace nsviz
