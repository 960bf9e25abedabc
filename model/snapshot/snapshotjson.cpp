#include "snapshotjson.h"

#include "io/escape.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <charconv>
#include <cmath>

namespace nsviz {

namespace {

// JSON readers keep integers exact only up to 2^53 (JavaScript's, and jq's), or 2^63 (Qt's): an integer beyond
// 2^53 — a namespace id, device number or start time from a proc tree that is not the kernel's — is written as a
// decimal string, which the reader below takes back exactly.
constexpr quint64 maxExactInteger = quint64(1) << 53;

// ---------------------------------------------------------------- writing

class Writer
{
public:
    explicit Writer(qsizetype reserve) { m_out.reserve(reserve); }
    QByteArray take() { return std::move(m_out); }

    Writer &raw(const char *s)
    {
        m_out.append(s);
        return *this;
    }
    template<typename T>
    Writer &num(T v)
    {
        bool quoted = false;
        if constexpr (sizeof(T) >= 8) {
            if constexpr (std::is_signed_v<T>)
                quoted = v > qint64(maxExactInteger) || v < -qint64(maxExactInteger);
            else
                quoted = v > maxExactInteger;
        }
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        if (quoted)
            m_out.append('"');
        m_out.append(buf, r.ptr - buf);
        if (quoted)
            m_out.append('"');
        return *this;
    }
    template<typename T>
    Writer &optNum(const std::optional<T> &v)
    {
        return v ? num(*v) : raw("null");
    }
    Writer &idOrNull(NamespaceId id) { return id ? num(id) : raw("null"); }
    Writer &boolean(bool b) { return raw(b ? "true" : "false"); }
    Writer &key(const char *k)
    {
        m_out.append('"').append(k).append("\":");
        return *this;
    }
    Writer &str(const QString &s)
    {
        escape::appendJsonString(m_out, s);
        return *this;
    }
    template<typename List, typename F>
    Writer &array(const List &list, F &&each)
    {
        m_out.append('[');
        bool first = true;
        for (const auto &v : list) {
            if (!first)
                m_out.append(',');
            first = false;
            each(v);
        }
        m_out.append(']');
        return *this;
    }
    Writer &json(const QJsonValue &v)
    {
        // Details of other types are kept as QJson; they are small, so the generic path is fine here.
        if (v.isObject())
            m_out.append(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else if (v.isArray())
            m_out.append(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else {
            QJsonArray wrap{v};
            const QByteArray a = QJsonDocument(wrap).toJson(QJsonDocument::Compact);
            m_out.append(a.sliced(1, a.size() - 2));
        }
        return *this;
    }
    Writer &c(char ch)
    {
        m_out.append(ch);
        return *this;
    }

private:
    QByteArray m_out;
};

void writeTaskNamespaces(Writer &w, const TaskNamespaces &ns)
{
    w.c('{');
    for (int t = 0; t < NamespaceTypeCount; ++t) {
        if (t)
            w.c(',');
        w.key(namespaceTypeKey(static_cast<NamespaceType>(t))).idOrNull(ns.set.ids[t]);
    }
    w.raw(",").key("pidForChildren").optNum(ns.pidForChildren);
    w.raw(",").key("timeForChildren").optNum(ns.timeForChildren);
    w.c('}');
}

void writeIdMap(Writer &w, const QList<IdMapRange> &map)
{
    w.array(map, [&](const IdMapRange &r) { w.c('[').num(r.inside).c(',').num(r.outside).c(',').num(r.count).c(']'); });
}

void writeNamespace(Writer &w, const NamespaceInfo &n)
{
    w.c('{').key("id").num(n.id);
    w.c(',').key("dev").num(n.dev);
    w.c(',').key("type").str(namespaceTypeName(n.type));
    w.c(',').key("parent").optNum(n.parent);
    w.c(',').key("owner").optNum(n.owner);
    w.c(',').key("ownerUid").optNum(n.ownerUid);
    w.c(',').key("initial").boolean(n.initial);
    w.c(',').key("tasks").array(n.tasks, [&](qint32 v) { w.num(v); });
    w.c(',').key("processes").array(n.processes, [&](qint32 v) { w.num(v); });
    w.c(',').key("bindMounts").array(n.bindMounts, [&](const BindMount &b) {
        w.c('{').key("path").str(b.path).c(',').key("mntns").num(b.mntns).c('}');
    });
    w.c(',').key("fdHolders").array(n.fdHolders, [&](const FdHolder &f) {
        w.c('{').key("pid").num(f.pid).c(',').key("fd").num(f.fd).c('}');
    });
    const bool maps = !n.uidMap.isEmpty() || !n.gidMap.isEmpty();
    if (maps || !n.details.isEmpty()) {
        w.c(',').key("details").c('{');
        bool first = true;
        if (maps) {
            w.key("uidMap");
            writeIdMap(w, n.uidMap);
            w.c(',').key("gidMap");
            writeIdMap(w, n.gidMap);
            first = false;
        }
        for (auto it = n.details.constBegin(); it != n.details.constEnd(); ++it) {
            if (maps && (it.key() == QLatin1String("uidMap") || it.key() == QLatin1String("gidMap")))
                continue;
            if (!first)
                w.c(',');
            first = false;
            w.str(it.key()).c(':').json(it.value());
        }
        w.c('}');
    }
    w.c('}');
}

void writeProcess(Writer &w, const ProcessInfo &p)
{
    w.c('{').key("pid").num(p.pid);
    w.c(',').key("ppid").num(p.ppid);
    w.c(',').key("tgid").num(p.tgid);
    w.c(',').key("comm").str(p.comm);
    w.c(',').key("cmdline").array(p.cmdline, [&](const QString &a) { w.str(a); });
    w.c(',').key("uid").num(p.uid);
    w.c(',').key("state").str(p.state);
    w.c(',').key("startTime").num(p.startTime);
    w.c(',').key("nspid").array(p.nspid, [&](qint32 v) { w.num(v); });
    w.c(',').key("namespaces");
    writeTaskNamespaces(w, p.namespaces);
    w.c(',').key("threadsInOtherNamespaces").array(p.threadsInOtherNamespaces, [&](const ThreadNamespaces &t) {
        w.c('{').key("tid").num(t.tid).c(',').key("namespaces");
        writeTaskNamespaces(w, t.namespaces);
        w.c('}');
    });
    w.c(',').key("container");
    if (p.container) {
        w.c('{').key("engine").str(p.container->engine);
        w.c(',').key("id").str(p.container->id);
        w.c(',').key("name").str(p.container->name).c('}');
    } else {
        w.raw("null");
    }
    w.c('}');
}

void writeHost(Writer &w, const HostInfo &h)
{
    w.c('{').key("hostname").str(h.hostname);
    w.c(',').key("kernel").str(h.kernel);
    w.c(',').key("time").str(h.time.toUTC().toString(Qt::ISODateWithMs));
    w.c(',').key("scannerUid").num(h.scannerUid);
    w.c(',').key("complete").boolean(h.complete);
    if (!h.scanError.isEmpty())
        w.c(',').key("scanError").str(h.scanError);
    w.c('}');
}

void writeInaccessible(Writer &w, const Inaccessible &in)
{
    w.c('{').key("processes").num(in.processes).c(',').key("reason").str(in.reason).c('}');
}

} // namespace

QByteArray writeSnapshotJson(const Snapshot &s)
{
    Writer w(qsizetype(s.processes().size()) * 400 + qsizetype(s.namespaces().size()) * 200 + 512);
    w.raw("{\"schema\":\"nsviz-snapshot\",\"version\":").num(SnapshotSchemaVersion);
    w.raw(",\"host\":");
    writeHost(w, s.host());
    w.raw(",\"namespaces\":").array(s.namespaces(), [&](const NamespaceInfo &n) { writeNamespace(w, n); });
    w.raw(",\"processes\":").array(s.processes(), [&](const ProcessInfo &p) { writeProcess(w, p); });
    w.raw(",\"inaccessible\":");
    writeInaccessible(w, s.inaccessible());
    w.c('}');
    return w.take();
}

QByteArray writeDeltaJson(const SnapshotDelta &d)
{
    Writer w(qsizetype(d.processes.size()) * 400 + qsizetype(d.namespaces.size()) * 200 + qsizetype(d.members.size()) * 64 + 512);
    auto ints = [&](const auto &list) { w.array(list, [&](auto v) { w.num(v); }); };
    w.c('{').key("host");
    writeHost(w, d.host);
    w.c(',').key("inaccessible");
    writeInaccessible(w, d.inaccessible);
    // Packed or not (a delta the history keeps is packed): the file has them whole.
    const std::vector<ProcessInfo> unpacked = d.isPacked() ? d.unpackedProcesses() : std::vector<ProcessInfo>();
    w.c(',').key("processes").array(d.isPacked() ? unpacked : d.processes, [&](const ProcessInfo &p) { writeProcess(w, p); });
    w.c(',').key("removedPids");
    ints(d.removedPids);
    w.c(',').key("namespaces").array(d.namespaces, [&](const NamespaceInfo &n) { writeNamespace(w, n); });
    w.c(',').key("removedNamespaces");
    ints(d.removedNamespaces);
    // Grouped by namespace, as four lists each: what a reader of the file expects (in memory they are flat).
    w.c(',').key("members").c('[');
    using E = SnapshotDelta::MemberEdit;
    for (std::size_t i = 0; i < d.members.size();) {
        std::size_t end = i;
        while (end < d.members.size() && d.members[end].id == d.members[i].id)
            ++end;
        auto part = [&](const char *name, quint8 what) {
            w.key(name).c('[');
            bool first = true;
            for (std::size_t k = i; k < end; ++k) {
                if (!(d.members[k].what & what))
                    continue;
                if (!first)
                    w.c(',');
                first = false;
                w.num(d.members[k].pid);
            }
            w.c(']');
        };
        if (i)
            w.c(',');
        w.c('{').key("id").num(d.members[i].id).c(',');
        part("tasksAdded", E::TaskAdded);
        w.c(',');
        part("tasksRemoved", E::TaskRemoved);
        w.c(',');
        part("processesAdded", E::ProcessAdded);
        w.c(',');
        part("processesRemoved", E::ProcessRemoved);
        w.c('}');
        i = end;
    }
    w.c(']');
    w.c('}');
    return w.take();
}

// ---------------------------------------------------------------- reading

namespace {

struct ReadError
{
    QString message;
};

class Reader
{
public:
    [[noreturn]] static void fail(const QString &path, const QString &what) { throw ReadError{path + QStringLiteral(": ") + what}; }

    static QString describe(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::Null: return QStringLiteral("null");
        case QJsonValue::Bool: return QStringLiteral("a boolean");
        case QJsonValue::Double: return QStringLiteral("a number");
        case QJsonValue::String: return QStringLiteral("a string");
        case QJsonValue::Array: return QStringLiteral("an array");
        case QJsonValue::Object: return QStringLiteral("an object");
        case QJsonValue::Undefined: return QStringLiteral("missing");
        }
        return {};
    }
    static QString field(const QString &path, const char *name)
    {
        return path.isEmpty() ? QString::fromLatin1(name) : path + QLatin1Char('.') + QLatin1String(name);
    }
    static QString index(const QString &path, qsizetype i) { return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'); }

    static QJsonObject object(const QJsonValue &v, const QString &path)
    {
        if (!v.isObject())
            fail(path, QStringLiteral("expected an object, found ") + describe(v));
        return v.toObject();
    }
    static QJsonArray array(const QJsonValue &v, const QString &path)
    {
        if (!v.isArray())
            fail(path, QStringLiteral("expected an array, found ") + describe(v));
        return v.toArray();
    }
    static QString string(const QJsonValue &v, const QString &path)
    {
        if (!v.isString())
            fail(path, QStringLiteral("expected a string, found ") + describe(v));
        return v.toString();
    }
    static bool boolean(const QJsonValue &v, const QString &path)
    {
        if (!v.isBool())
            fail(path, QStringLiteral("expected true or false, found ") + describe(v));
        return v.toBool();
    }
    template<typename T>
    static T integer(const QJsonValue &v, const QString &path)
    {
        if (v.isString()) {
            // How the writer spells integers beyond 2^53 (see maxExactInteger).
            const QString text = v.toString();
            const QByteArray digits = text.toLatin1();
            T value{};
            const auto [ptr, ec] = std::from_chars(digits.cbegin(), digits.cend(), value);
            if (digits.isEmpty() || ec != std::errc() || ptr != digits.cend())
                fail(path, QStringLiteral("\"%1\" is not a valid integer here").arg(text));
            return value;
        }
        if (!v.isDouble())
            fail(path, QStringLiteral("expected an integer, found ") + describe(v));
        // Qt keeps an integer literal up to 2^63 exact; toInteger() gives it back only when the value is integral.
        const qint64 i = v.toInteger(0);
        const bool integral = i == v.toInteger(1);
        bool inRange = integral;
        if constexpr (std::is_unsigned_v<T>)
            inRange = inRange && i >= 0 && quint64(i) <= quint64(std::numeric_limits<T>::max());
        else
            inRange = inRange && i >= qint64(std::numeric_limits<T>::min()) && i <= qint64(std::numeric_limits<T>::max());
        if (!inRange)
            fail(path, QStringLiteral("%1 is not a valid integer here").arg(QString::number(v.toDouble())));
        return static_cast<T>(i);
    }
    template<typename T>
    static std::optional<T> optInteger(const QJsonObject &o, const char *name, const QString &path)
    {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        return integer<T>(v, field(path, name));
    }
    template<typename T>
    static T requiredInteger(const QJsonObject &o, const char *name, const QString &path)
    {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            fail(field(path, name), QStringLiteral("missing"));
        return integer<T>(v, field(path, name));
    }
    static NamespaceId namespaceId(const QJsonValue &v, const QString &path)
    {
        const auto id = integer<NamespaceId>(v, path);
        if (id == 0)
            fail(path, QStringLiteral("0 is not a namespace id"));
        return id;
    }
    template<typename T>
    static QList<T> integers(const QJsonObject &o, const char *name, const QString &path)
    {
        QList<T> out;
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            return out;
        const QString p = field(path, name);
        const QJsonArray a = array(v, p);
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i)
            out.append(integer<T>(a.at(i), index(p, i)));
        return out;
    }

    static TaskNamespaces taskNamespaces(const QJsonValue &v, const QString &path)
    {
        const QJsonObject o = object(v, path);
        TaskNamespaces ns;
        for (NamespaceType t : allNamespaceTypes) {
            const QJsonValue id = o.value(QLatin1String(namespaceTypeKey(t)));
            if (!id.isUndefined() && !id.isNull())
                ns.set[t] = namespaceId(id, field(path, namespaceTypeKey(t)));
        }
        ns.pidForChildren = optInteger<NamespaceId>(o, "pidForChildren", path);
        ns.timeForChildren = optInteger<NamespaceId>(o, "timeForChildren", path);
        return ns;
    }

    static QList<IdMapRange> idMap(const QJsonValue &v, const QString &path)
    {
        QList<IdMapRange> out;
        const QJsonArray a = array(v, path);
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString p = index(path, i);
            const QJsonArray r = array(a.at(i), p);
            if (r.size() != 3)
                fail(p, QStringLiteral("expected [inside, outside, count], found %1 values").arg(r.size()));
            out.append({integer<quint32>(r.at(0), index(p, 0)), integer<quint32>(r.at(1), index(p, 1)),
                        integer<quint32>(r.at(2), index(p, 2))});
        }
        return out;
    }

    static NamespaceInfo readNamespace(const QJsonValue &v, const QString &path)
    {
        const QJsonObject o = object(v, path);
        NamespaceInfo n;
        const QJsonValue idv = o.value(QLatin1String("id"));
        if (idv.isUndefined())
            fail(field(path, "id"), QStringLiteral("missing"));
        n.id = namespaceId(idv, field(path, "id"));
        n.dev = optInteger<quint64>(o, "dev", path).value_or(0);
        const QString typePath = field(path, "type");
        const QString type = string(o.value(QLatin1String("type")), typePath);
        const auto t = namespaceTypeFromName(QStringView(type));
        if (!t)
            fail(typePath, QStringLiteral("unknown type \"%1\"").arg(type));
        n.type = *t;
        n.parent = optInteger<NamespaceId>(o, "parent", path);
        n.owner = optInteger<NamespaceId>(o, "owner", path);
        n.ownerUid = optInteger<quint32>(o, "ownerUid", path);
        if (const QJsonValue b = o.value(QLatin1String("initial")); !b.isUndefined())
            n.initial = boolean(b, field(path, "initial"));
        n.tasks = integers<qint32>(o, "tasks", path);
        n.processes = integers<qint32>(o, "processes", path);
        if (const QJsonValue bm = o.value(QLatin1String("bindMounts")); !bm.isUndefined()) {
            const QString p = field(path, "bindMounts");
            const QJsonArray a = array(bm, p);
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString ip = index(p, i);
                const QJsonObject m = object(a.at(i), ip);
                n.bindMounts.append({string(m.value(QLatin1String("path")), field(ip, "path")),
                                     requiredInteger<NamespaceId>(m, "mntns", ip)});
            }
        }
        if (const QJsonValue fh = o.value(QLatin1String("fdHolders")); !fh.isUndefined()) {
            const QString p = field(path, "fdHolders");
            const QJsonArray a = array(fh, p);
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString ip = index(p, i);
                const QJsonObject m = object(a.at(i), ip);
                n.fdHolders.append({requiredInteger<qint32>(m, "pid", ip), requiredInteger<qint32>(m, "fd", ip)});
            }
        }
        if (const QJsonValue d = o.value(QLatin1String("details")); !d.isUndefined() && !d.isNull()) {
            const QString p = field(path, "details");
            n.details = object(d, p);
            if (n.type == NamespaceType::User) {
                if (const QJsonValue m = n.details.value(QLatin1String("uidMap")); !m.isUndefined())
                    n.uidMap = idMap(m, field(p, "uidMap"));
                if (const QJsonValue m = n.details.value(QLatin1String("gidMap")); !m.isUndefined())
                    n.gidMap = idMap(m, field(p, "gidMap"));
                n.details.remove(QLatin1String("uidMap"));
                n.details.remove(QLatin1String("gidMap"));
            }
        }
        return n;
    }

    static ProcessInfo readProcess(const QJsonValue &v, const QString &path)
    {
        const QJsonObject o = object(v, path);
        ProcessInfo p;
        p.pid = requiredInteger<qint32>(o, "pid", path);
        if (p.pid <= 0)
            fail(field(path, "pid"), QStringLiteral("%1 is not a process id").arg(p.pid));
        p.ppid = optInteger<qint32>(o, "ppid", path).value_or(0);
        p.tgid = optInteger<qint32>(o, "tgid", path).value_or(p.pid);
        if (const QJsonValue c = o.value(QLatin1String("comm")); !c.isUndefined())
            p.comm = string(c, field(path, "comm"));
        if (const QJsonValue c = o.value(QLatin1String("cmdline")); !c.isUndefined()) {
            const QString cp = field(path, "cmdline");
            const QJsonArray a = array(c, cp);
            for (qsizetype i = 0; i < a.size(); ++i)
                p.cmdline.append(string(a.at(i), index(cp, i)));
        }
        p.uid = optInteger<quint32>(o, "uid", path).value_or(0);
        if (const QJsonValue s = o.value(QLatin1String("state")); !s.isUndefined())
            p.state = string(s, field(path, "state"));
        p.startTime = optInteger<quint64>(o, "startTime", path).value_or(0);
        p.nspid = integers<qint32>(o, "nspid", path);
        const QJsonValue ns = o.value(QLatin1String("namespaces"));
        if (ns.isUndefined())
            fail(field(path, "namespaces"), QStringLiteral("missing"));
        p.namespaces = taskNamespaces(ns, field(path, "namespaces"));
        if (const QJsonValue t = o.value(QLatin1String("threadsInOtherNamespaces")); !t.isUndefined()) {
            const QString tp = field(path, "threadsInOtherNamespaces");
            const QJsonArray a = array(t, tp);
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString ip = index(tp, i);
                const QJsonObject th = object(a.at(i), ip);
                p.threadsInOtherNamespaces.append({requiredInteger<qint32>(th, "tid", ip),
                                                   taskNamespaces(th.value(QLatin1String("namespaces")), field(ip, "namespaces"))});
            }
        }
        if (const QJsonValue c = o.value(QLatin1String("container")); !c.isUndefined() && !c.isNull()) {
            const QString cp = field(path, "container");
            const QJsonObject co = object(c, cp);
            ContainerLabel label;
            label.engine = string(co.value(QLatin1String("engine")), field(cp, "engine"));
            if (const QJsonValue id = co.value(QLatin1String("id")); !id.isUndefined())
                label.id = string(id, field(cp, "id"));
            if (const QJsonValue name = co.value(QLatin1String("name")); !name.isUndefined())
                label.name = string(name, field(cp, "name"));
            p.container = label;
        }
        return p;
    }

    static HostInfo readHost(const QJsonValue &value, const QString &path)
    {
        HostInfo host;
        const QJsonObject h = object(value, path);
        if (const QJsonValue v = h.value(QLatin1String("hostname")); !v.isUndefined())
            host.hostname = string(v, field(path, "hostname"));
        if (const QJsonValue v = h.value(QLatin1String("kernel")); !v.isUndefined())
            host.kernel = string(v, field(path, "kernel"));
        if (const QJsonValue v = h.value(QLatin1String("time")); !v.isUndefined()) {
            // An empty time stands for "not known" (a snapshot made by hand, not by a scan).
            const QString t = string(v, field(path, "time"));
            host.time = t.isEmpty() ? QDateTime() : QDateTime::fromString(t, Qt::ISODateWithMs);
            if (!t.isEmpty() && !host.time.isValid())
                fail(field(path, "time"), QStringLiteral("\"%1\" is not an RFC 3339 time").arg(t));
        }
        host.scannerUid = optInteger<qint64>(h, "scannerUid", path).value_or(-1);
        if (const QJsonValue v = h.value(QLatin1String("complete")); !v.isUndefined())
            host.complete = boolean(v, field(path, "complete"));
        if (const QJsonValue v = h.value(QLatin1String("scanError")); !v.isUndefined() && !v.isNull())
            host.scanError = string(v, field(path, "scanError"));
        if (!host.scanError.isEmpty() && host.complete)
            fail(field(path, "complete"), QStringLiteral("true, but %1 says the scan is incomplete").arg(field(path, "scanError")));
        return host;
    }

    static Inaccessible readInaccessible(const QJsonValue &v, const QString &path)
    {
        Inaccessible inaccessible;
        if (v.isUndefined() || v.isNull())
            return inaccessible;
        const QJsonObject in = object(v, path);
        inaccessible.processes = optInteger<int>(in, "processes", path).value_or(0);
        if (const QJsonValue r = in.value(QLatin1String("reason")); !r.isUndefined())
            inaccessible.reason = string(r, field(path, "reason"));
        return inaccessible;
    }

    static SnapshotDelta readDelta(const QJsonObject &o, const QString &path)
    {
        SnapshotDelta d;
        d.host = readHost(o.value(QLatin1String("host")), field(path, "host"));
        d.inaccessible = readInaccessible(o.value(QLatin1String("inaccessible")), field(path, "inaccessible"));
        QSet<qint32> pids;
        if (const QJsonValue v = o.value(QLatin1String("processes")); !v.isUndefined()) {
            const QString p = field(path, "processes");
            const QJsonArray a = array(v, p);
            for (qsizetype i = 0; i < a.size(); ++i) {
                ProcessInfo proc = readProcess(a.at(i), index(p, i));
                if (pids.contains(proc.pid))
                    fail(field(index(p, i), "pid"), QStringLiteral("process %1 is listed twice").arg(proc.pid));
                pids.insert(proc.pid);
                d.processes.push_back(std::move(proc));
            }
        }
        d.removedPids = integers<qint32>(o, "removedPids", path);
        QSet<NamespaceId> ids;
        if (const QJsonValue v = o.value(QLatin1String("namespaces")); !v.isUndefined()) {
            const QString p = field(path, "namespaces");
            const QJsonArray a = array(v, p);
            for (qsizetype i = 0; i < a.size(); ++i) {
                NamespaceInfo n = readNamespace(a.at(i), index(p, i));
                if (ids.contains(n.id))
                    fail(field(index(p, i), "id"), QStringLiteral("namespace %1 is listed twice").arg(n.id));
                ids.insert(n.id);
                d.namespaces.push_back(std::move(n));
            }
        }
        d.removedNamespaces = integers<NamespaceId>(o, "removedNamespaces", path);
        if (const QJsonValue v = o.value(QLatin1String("members")); !v.isUndefined()) {
            const QString p = field(path, "members");
            const QJsonArray a = array(v, p);
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString ip = index(p, i);
                const QJsonObject m = object(a.at(i), ip);
                const QJsonValue idv = m.value(QLatin1String("id"));
                if (idv.isUndefined())
                    fail(field(ip, "id"), QStringLiteral("missing"));
                const NamespaceId id = namespaceId(idv, field(ip, "id"));
                using E = SnapshotDelta::MemberEdit;
                for (auto [name, what] : {std::pair{"tasksAdded", E::TaskAdded}, std::pair{"tasksRemoved", E::TaskRemoved},
                                          std::pair{"processesAdded", E::ProcessAdded}, std::pair{"processesRemoved", E::ProcessRemoved}})
                    for (qint32 pid : integers<qint32>(m, name, ip))
                        d.members.push_back({id, pid, quint8(what)});
            }
            // In memory: one entry per (namespace, pid), in order.
            std::sort(d.members.begin(), d.members.end(), [](const auto &x, const auto &y) { return std::pair(x.id, x.pid) < std::pair(y.id, y.pid); });
            std::vector<SnapshotDelta::MemberEdit> merged;
            for (const SnapshotDelta::MemberEdit &e : d.members) {
                if (!merged.empty() && merged.back().id == e.id && merged.back().pid == e.pid)
                    merged.back().what |= e.what;
                else
                    merged.push_back(e);
            }
            d.members = std::move(merged);
        }
        return d;
    }

    static SnapshotPtr read(const QJsonObject &root)
    {
        const QJsonValue schema = root.value(QLatin1String("schema"));
        if (string(schema, QStringLiteral("schema")) != QLatin1String("nsviz-snapshot"))
            fail(QStringLiteral("schema"), QStringLiteral("not an nsviz snapshot (expected \"nsviz-snapshot\", found \"%1\")").arg(schema.toString()));
        const int version = requiredInteger<int>(root, "version", {});
        if (version != SnapshotSchemaVersion)
            fail(QStringLiteral("version"), QStringLiteral("unsupported version %1 (this nsviz reads version %2)").arg(version).arg(SnapshotSchemaVersion));

        HostInfo host = readHost(root.value(QLatin1String("host")), QStringLiteral("host"));

        std::vector<NamespaceInfo> namespaces;
        const QJsonArray ns = array(root.value(QLatin1String("namespaces")), QStringLiteral("namespaces"));
        namespaces.reserve(std::size_t(ns.size()));
        QSet<NamespaceId> seenIds;
        for (qsizetype i = 0; i < ns.size(); ++i) {
            const QString p = index(QStringLiteral("namespaces"), i);
            NamespaceInfo n = readNamespace(ns.at(i), p);
            if (seenIds.contains(n.id))
                fail(field(p, "id"), QStringLiteral("namespace %1 is listed twice").arg(n.id));
            seenIds.insert(n.id);
            namespaces.push_back(std::move(n));
        }

        std::vector<ProcessInfo> processes;
        const QJsonArray ps = array(root.value(QLatin1String("processes")), QStringLiteral("processes"));
        processes.reserve(std::size_t(ps.size()));
        QSet<qint32> seenPids;
        for (qsizetype i = 0; i < ps.size(); ++i) {
            const QString p = index(QStringLiteral("processes"), i);
            ProcessInfo proc = readProcess(ps.at(i), p);
            if (seenPids.contains(proc.pid))
                fail(field(p, "pid"), QStringLiteral("process %1 is listed twice").arg(proc.pid));
            seenPids.insert(proc.pid);
            for (NamespaceType t : allNamespaceTypes) {
                const NamespaceId id = proc.namespaces.set[t];
                if (id && !seenIds.contains(id))
                    fail(field(field(p, "namespaces"), namespaceTypeKey(t)),
                         QStringLiteral("namespace %1 is not in the namespaces list").arg(id));
            }
            processes.push_back(std::move(proc));
        }

        Inaccessible inaccessible = readInaccessible(root.value(QLatin1String("inaccessible")), QStringLiteral("inaccessible"));
        return std::make_shared<const Snapshot>(std::move(host), std::move(processes), std::move(namespaces),
                                                std::move(inaccessible));
    }
};

} // namespace

SnapshotPtr readSnapshotJson(QByteArrayView json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    auto failWith = [&](const QString &message) -> SnapshotPtr {
        if (error)
            *error = message;
        return nullptr;
    };
    if (parseError.error != QJsonParseError::NoError)
        return failWith(QStringLiteral("not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    if (!doc.isObject())
        return failWith(QStringLiteral("(document): expected an object"));
    try {
        return Reader::read(doc.object());
    } catch (const ReadError &e) {
        return failWith(e.message);
    }
}

SnapshotPtr readSnapshotObject(const QJsonObject &object, QString *error)
{
    try {
        return Reader::read(object);
    } catch (const ReadError &e) {
        if (error)
            *error = e.message;
        return nullptr;
    }
}

std::optional<SnapshotDelta> readDeltaObject(const QJsonObject &object, QString *error)
{
    try {
        return Reader::readDelta(object, {});
    } catch (const ReadError &e) {
        if (error)
            *error = e.message;
        return std::nullopt;
    }
}

} // namespace nsviz
