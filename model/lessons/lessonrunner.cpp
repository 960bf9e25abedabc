#include "lessonrunner.h"

#include "containers/demopreset.h"
#include "itemmodels/displaytext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nsviz {

namespace {

// "1 process", "3 processes": both forms written out, as no English translation ships to pick one.
QString processes(int n)
{
    return n == 1 ? QCoreApplication::translate("LessonRunner", "1 process") : QCoreApplication::translate("LessonRunner", "%1 processes").arg(n);
}

QString link(NamespaceType type, NamespaceId id)
{
    return id ? text::namespaceLink(type, id) : QStringLiteral("%1:[?]").arg(QLatin1String(namespaceTypeKey(type)));
}

// The container's processes in the snapshot: those in exactly the namespaces its first process was in.
QList<const ProcessInfo *> membersOf(const LessonWorld::Container &c, const Snapshot &s)
{
    QList<const ProcessInfo *> out;
    for (const ProcessInfo &p : s.processes()) {
        if (p.pid == p.tgid && p.namespaces.set == c.namespaces)
            out << &p;
    }
    return out;
}

const ProcessInfo *firstOf(const LessonWorld::Container &c, const Snapshot &s)
{
    const ProcessInfo *p = s.process(c.initPid);
    return p && p->namespaces.set == c.namespaces ? p : nullptr;
}

CheckResult result(bool passed, QString seen)
{
    CheckResult r;
    r.passed = passed;
    r.seen = std::move(seen);
    return r;
}

} // namespace

QString outcomesText(const QList<LessonOutcome> &outcomes)
{
    QString out;
    for (const LessonOutcome &o : outcomes) {
        out += QStringLiteral("> ") + o.title + u'\n';
        if (o.hasOutput && !o.output.isEmpty())
            out += QString::fromUtf8(o.output).trimmed() + u'\n';
        if (!o.ok)
            out += QCoreApplication::translate("LessonRunner", "failed: %1").arg(o.error) + u'\n';
    }
    return out;
}

CheckResult evaluate(const LessonCheck &check, const LessonWorld &world)
{
    using K = LessonCheck::Kind;
    if (check.kind == K::Output) {
        int index = check.action;
        if (index < 0) {
            for (int i = int(world.outcomes.size()) - 1; i >= 0 && index < 0; --i) {
                if (world.outcomes[i].hasOutput)
                    index = i;
            }
        }
        if (index < 0 || index >= world.outcomes.size())
            return result(false, QCoreApplication::translate("LessonRunner", "the action has not run"));
        const LessonOutcome &o = world.outcomes[index];
        if (!o.ok)
            return result(false, o.error);
        const bool has = QString::fromUtf8(o.output).contains(check.text);
        return result(has != check.lacks, has ? QCoreApplication::translate("LessonRunner", "it does") : QCoreApplication::translate("LessonRunner", "it does not"));
    }
    if (check.rootOnly && !world.privileged) {
        CheckResult skipped = result(true, QCoreApplication::translate("LessonRunner", "not checked: nsviz runs without root, and then every container gets a user namespace of its own"));
        skipped.skipped = true;
        return skipped;
    }
    if (!world.snapshot)
        return result(false, QCoreApplication::translate("LessonRunner", "no snapshot yet"));
    const Snapshot &s = *world.snapshot;
    const auto known = [&](const QString &name) -> const LessonWorld::Container * {
        const auto it = world.containers.constFind(name);
        return it == world.containers.cend() ? nullptr : &*it;
    };
    const LessonWorld::Container *c = known(check.container);
    if (check.kind != K::Distinct && check.kind != K::Shared && !c)
        return result(false, QCoreApplication::translate("LessonRunner", "%1 has not been started").arg(check.container));
    switch (check.kind) {
    case K::Running:
    case K::Gone: {
        const int members = int(membersOf(*c, s).size());
        const bool running = members > 0 && c->running;
        return result(running == (check.kind == K::Running),
                      running ? QCoreApplication::translate("LessonRunner", "%1 in its namespaces").arg(processes(members)) : QCoreApplication::translate("LessonRunner", "no process in its namespaces"));
    }
    case K::Own:
    case K::Host: {
        const ProcessInfo *p = firstOf(*c, s);
        if (!p)
            return result(false, QCoreApplication::translate("LessonRunner", "its first process is not in the snapshot"));
        QStringList seen;
        bool passed = true;
        for (NamespaceType type : check.types) {
            const NamespaceId id = p->namespaces.set[type];
            const bool own = id != 0 && id != world.self[type];
            passed = passed && id != 0 && own == (check.kind == K::Own);
            seen << link(type, id) + (own ? QString() : QCoreApplication::translate("LessonRunner", " (nsviz's)"));
        }
        return result(passed, seen.join(QStringLiteral(", ")));
    }
    case K::Distinct:
    case K::Shared: {
        const LessonWorld::Container *a = known(check.containers[0]), *b = known(check.containers[1]);
        if (!a || !b)
            return result(false, QCoreApplication::translate("LessonRunner", "%1 has not been started").arg(!a ? check.containers[0] : check.containers[1]));
        const ProcessInfo *pa = firstOf(*a, s), *pb = firstOf(*b, s);
        if (!pa || !pb)
            return result(false, QCoreApplication::translate("LessonRunner", "%1 is not in the snapshot").arg(!pa ? a->name : b->name));
        QStringList seen;
        bool passed = true;
        for (NamespaceType type : check.types) {
            const NamespaceId ia = pa->namespaces.set[type], ib = pb->namespaces.set[type];
            passed = passed && ia != 0 && ib != 0 && (ia == ib) == (check.kind == K::Shared);
            seen << (ia == ib ? QCoreApplication::translate("LessonRunner", "both %1").arg(link(type, ia)) : QCoreApplication::translate("LessonRunner", "%1 and %2").arg(link(type, ia), link(type, ib)));
        }
        return result(passed, seen.join(QStringLiteral(", ")));
    }
    case K::Processes: {
        const int n = int(membersOf(*c, s).size());
        return result(n == check.count, processes(n));
    }
    case K::Pid: {
        const ProcessInfo *p = firstOf(*c, s);
        if (!p || p->nspid.isEmpty())
            return result(false, QCoreApplication::translate("LessonRunner", "its first process is not in the snapshot"));
        return result(p->nspid.last() == check.inside, QCoreApplication::translate("LessonRunner", "PID %1 inside, %2 on the host").arg(p->nspid.last()).arg(p->pid));
    }
    case K::Hostname: {
        const ProcessInfo *p = firstOf(*c, s);
        const NamespaceInfo *uts = p ? s.findNamespace(p->namespaces.set[NamespaceType::Uts]) : nullptr;
        if (!uts)
            return result(false, QCoreApplication::translate("LessonRunner", "its uts namespace is not in the snapshot"));
        const QString scanned = uts->details.value(QStringLiteral("hostname")).toString();
        const QString name = scanned.isEmpty() ? c->hostname : scanned;
        if (name.isEmpty())
            return result(false, QCoreApplication::translate("LessonRunner", "no hostname read"));
        return result(name == check.text, scanned.isEmpty() ? QCoreApplication::translate("LessonRunner", "hostname \"%1\", read inside it").arg(name) : QCoreApplication::translate("LessonRunner", "hostname \"%1\"").arg(name));
    }
    case K::UidMap: {
        const ProcessInfo *p = firstOf(*c, s);
        const NamespaceInfo *user = p ? s.findNamespace(p->namespaces.set[NamespaceType::User]) : nullptr;
        if (!user)
            return result(false, QCoreApplication::translate("LessonRunner", "its user namespace is not in the snapshot"));
        for (const IdMapRange &r : user->uidMap) {
            if (quint64(check.inside) < r.inside || quint64(check.inside) >= quint64(r.inside) + r.count)
                continue;
            const quint32 outside = r.outside + quint32(check.inside - r.inside);
            bool passed = false;
            if (check.outside == QStringLiteral("nobody"))
                passed = outside == 65534;
            else if (check.outside == QStringLiteral("invoker"))
                passed = outside == world.invokerUid;
            else if (check.outside == QStringLiteral("non-root"))
                passed = outside != 0;
            else
                passed = QString::number(outside) == check.outside;
            return result(passed, QCoreApplication::translate("LessonRunner", "uid %1 inside is uid %2 (%3) outside").arg(check.inside).arg(outside).arg(text::userName(outside)));
        }
        return result(false, user->uidMap.isEmpty() ? QCoreApplication::translate("LessonRunner", "its uid_map is empty") : QCoreApplication::translate("LessonRunner", "uid %1 is not mapped").arg(check.inside));
    }
    case K::Listening: {
        QStringList ports;
        for (quint16 port : c->ports)
            ports << QString::number(port);
        return result(c->running && c->ports.contains(check.port),
                      ports.isEmpty() ? QCoreApplication::translate("LessonRunner", "nothing listens") : QCoreApplication::translate("LessonRunner", "listening on %1").arg(ports.join(QStringLiteral(", "))));
    }
    case K::Held:
    case K::Released: {
        const NamespaceId id = c->namespaces[check.type];
        const NamespaceInfo *n = id ? s.findNamespace(id) : nullptr;
        if (check.kind == K::Released)
            return result(id != 0 && !n, n ? QCoreApplication::translate("LessonRunner", "%1 is still there").arg(link(check.type, id)) : QCoreApplication::translate("LessonRunner", "%1 is gone").arg(link(check.type, id)));
        if (!n)
            return result(false, QCoreApplication::translate("LessonRunner", "%1 is gone").arg(link(check.type, id)));
        const bool held = n->tasks.isEmpty() && !n->bindMounts.isEmpty();
        QString seen = n->tasks.isEmpty() ? QCoreApplication::translate("LessonRunner", "%1: no process").arg(link(check.type, id)) : QCoreApplication::translate("LessonRunner", "%1: %2 tasks").arg(link(check.type, id)).arg(n->tasks.size());
        if (!n->bindMounts.isEmpty())
            seen += QCoreApplication::translate("LessonRunner", ", bind-mounted on %1").arg(n->bindMounts.first().path);
        return result(held, seen);
    }
    case K::Output:
        break;
    }
    return result(false, {});
}

LessonRunner::LessonRunner(DemoRuntime &runtime, Lesson lesson)
    : m_runtime(runtime), m_lesson(std::move(lesson)), m_self(DemoRuntime::namespacesOf(::getpid()))
{
}

LessonRunner::~LessonRunner()
{
    cleanup();
}

QStringList LessonRunner::rootProblems(const Lesson &lesson)
{
    QStringList out;
    if (DemoRuntime::isPrivileged())
        return out;
    for (int i = 0; i < lesson.steps.size(); ++i) {
        if (const QString why = Lesson::whyRoot(lesson.steps[i]); !why.isEmpty())
            out << QCoreApplication::translate("LessonRunner", "step %1 needs root: %2").arg(i + 1).arg(why);
    }
    return out;
}

bool LessonRunner::forward()
{
    if (atEnd())
        return false;
    ++m_step;
    m_undo.append(QList<std::function<void()>>());
    m_outcomes.clear();
    for (const LessonAction &a : m_lesson.steps[m_step].actions) {
        LessonOutcome o;
        o.title = a.describe();
        const bool ok = perform(a, &o);
        o.ok = ok;
        m_outcomes << o;
        if (!ok)
            return false;
    }
    readHostnames();
    return true;
}

void LessonRunner::readHostnames()
{
    for (auto it = m_seen.begin(); it != m_seen.end(); ++it) {
        it->hostname.clear();
        if (!it->running || it->namespaces[NamespaceType::Uts] == m_self[NamespaceType::Uts])
            continue;
        const DemoRuntime::ExecResult r = m_runtime.exec(it->id, {QStringLiteral("hostname")}, 2000);
        if (r.ok())
            it->hostname = QString::fromUtf8(r.output).trimmed();
    }
}

void LessonRunner::back()
{
    if (m_step < 0)
        return;
    const QList<LessonAction> &actions = m_lesson.steps[m_step].actions;
    if (std::any_of(actions.cbegin(), actions.cend(), [](const LessonAction &a) { return a.irreversible(); })) {
        const int target = m_step - 1;
        cleanup();
        while (m_step < target && forward()) {
        }
        return;
    }
    undoStep();
    m_outcomes.clear();
}

void LessonRunner::undoStep()
{
    const QList<std::function<void()>> undo = m_undo.takeLast();
    for (auto it = undo.crbegin(); it != undo.crend(); ++it)
        (*it)();
    --m_step;
}

void LessonRunner::cleanup()
{
    while (m_step >= 0)
        undoStep();
    m_outcomes.clear();
    // Whatever is still known goes too (a step that failed half-way kept no undo for its last start).
    for (const LessonWorld::Container &c : std::as_const(m_seen))
        m_runtime.stop(c.id);
    m_seen.clear();
    m_pinDir.reset();
}

void LessonRunner::remember(const QString &name, const QString &id)
{
    if (const std::optional<DemoContainer> c = m_runtime.container(id))
        m_seen.insert(name, {name, id, c->initPid, c->namespaces, true, {}, {}});
}

QString LessonRunner::pinPath(const LessonAction &pin) const
{
    return m_pinDir ? m_pinDir->filePath(pin.container + QLatin1Char('-') + QLatin1String(namespaceTypeKey(pin.type))) : QString();
}

bool LessonRunner::startSpec(ContainerSpec spec, QString *error)
{
    const QString name = spec.name;
    if (!spec.joinContainer.isEmpty()) {
        const QString id = m_seen.value(spec.joinContainer).id;
        if (id.isEmpty()) {
            *error = QCoreApplication::translate("LessonRunner", "%1 is not running, so %2 cannot join it").arg(spec.joinContainer, name);
            return false;
        }
        spec.joinContainer = id;
    }
    for (QList<IdMapRange> *map : {&spec.uidMap, &spec.gidMap}) {
        for (IdMapRange &r : *map) {
            if (r.outside == quint32(-1))
                r.outside = map == &spec.uidMap ? ::getuid() : ::getgid();
        }
    }
    const std::optional<QString> id = m_runtime.start(spec, error);
    if (!id)
        return false;
    remember(name, *id);
    return true;
}

bool LessonRunner::perform(const LessonAction &a, LessonOutcome *o)
{
    using K = LessonAction::Kind;
    QList<std::function<void()>> &undo = m_undo.last();
    const QString id = m_seen.value(a.container).id;
    const auto fail = [o](const QString &why) {
        o->error = why;
        return false;
    };
    // The container the action is about, running: every action but these names one.
    const bool needsRunning = a.kind != K::Preset && a.kind != K::Start && a.kind != K::Group && a.kind != K::Compare
        && a.kind != K::Unpin;
    const std::optional<DemoContainer> c = needsRunning && !id.isEmpty() ? m_runtime.container(id) : std::nullopt;
    if (needsRunning && (!c || c->state != DemoContainer::State::Running))
        return fail(QCoreApplication::translate("LessonRunner", "%1 is not running").arg(a.container));
    // Back over a start: stop that container.
    const auto stopLater = [this, &undo](const QString &name) {
        undo.append([this, name] { m_runtime.stop(m_seen.take(name).id); });
    };
    switch (a.kind) {
    case K::Preset: {
        const std::optional<DemoPreset> preset = findDemoPreset(a.preset, DemoRuntime::isPrivileged());
        if (!preset)
            return fail(QCoreApplication::translate("LessonRunner", "there is no demo preset \"%1\"").arg(a.preset));
        QString error;
        const QStringList ids = m_runtime.startPreset(*preset, &error);
        if (ids.isEmpty())
            return fail(error);
        for (int i = 0; i < ids.size() && i < preset->containers.size(); ++i) {
            remember(preset->containers[i].name, ids[i]);
            stopLater(preset->containers[i].name);
        }
        return true;
    }
    case K::Start: {
        QString error;
        if (!startSpec(a.spec, &error))
            return fail(error);
        stopLater(a.spec.name);
        return true;
    }
    case K::Stop:
    case K::Kill: {
        if (a.kind == K::Stop) {
            m_runtime.stop(id);
        } else {
            if (::kill(c->initPid, a.signal) != 0)
                return fail(QCoreApplication::translate("LessonRunner", "kill: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
        if (auto it = m_seen.find(a.container); it != m_seen.end())
            it->running = false;
        return true; // irreversible(): back() starts again from the top
    }
    case K::Exec: {
        const DemoRuntime::ExecResult r = m_runtime.exec(id, a.command);
        o->hasOutput = true;
        o->output = r.output;
        if (!r.started)
            return fail(r.error);
        if (!r.error.isEmpty())
            o->error = r.error;
        // A command that ran and failed is what some lessons show (ping to a down interface): the step goes on.
        if (r.exitCode != 0)
            o->output += QCoreApplication::translate("LessonRunner", "[exit status %1]").arg(r.exitCode).toUtf8();
        return true;
    }
    case K::Fetch: {
        QString error;
        const std::optional<QByteArray> page = m_runtime.fetchPage(id, a.port, a.path, &error);
        o->hasOutput = true;
        if (!page)
            return fail(error);
        o->output = *page;
        return true;
    }
    case K::Ping: {
        QString error;
        const std::optional<double> ms = m_runtime.ping(id, &error);
        o->hasOutput = true;
        if (!ms)
            return fail(error);
        o->output = QCoreApplication::translate("LessonRunner", "reply from %1: time=%2 ms").arg(c->spec.containerAddress).arg(*ms, 0, 'f', 3).toUtf8();
        return true;
    }
    case K::Namespaces: {
        o->hasOutput = true;
        o->output = lsNamespaces(c->initPid).toUtf8();
        return true;
    }
    case K::Pin: {
        if (!m_pinDir) {
            m_pinDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/nsviz-lesson-XXXXXX"));
            if (!m_pinDir->isValid())
                return fail(QCoreApplication::translate("LessonRunner", "cannot create a directory for the bind mount: %1").arg(m_pinDir->errorString()));
        }
        const QString target = pinPath(a);
        QFile file(target);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return fail(QCoreApplication::translate("LessonRunner", "cannot create %1: %2").arg(target, file.errorString()));
        file.close();
        const QByteArray source = "/proc/" + QByteArray::number(c->initPid) + "/ns/" + namespaceTypeKey(a.type);
        if (::mount(source.constData(), QFile::encodeName(target).constData(), nullptr, MS_BIND, nullptr) != 0) {
            const int err = errno;
            QFile::remove(target);
            return fail(QCoreApplication::translate("LessonRunner", "mount --bind %1 %2: %3").arg(QString::fromLatin1(source), target, QString::fromLocal8Bit(std::strerror(err))));
        }
        undo.append([target] {
            ::umount2(QFile::encodeName(target).constData(), MNT_DETACH);
            QFile::remove(target);
        });
        return true;
    }
    case K::Unpin: {
        const QString target = pinPath(a);
        if (target.isEmpty() || ::umount2(QFile::encodeName(target).constData(), MNT_DETACH) != 0)
            return fail(QCoreApplication::translate("LessonRunner", "the %1 namespace of %2 is not pinned").arg(QLatin1String(namespaceTypeKey(a.type)), a.container));
        return true; // irreversible(): the pin's own undo removes the file when the lesson starts again
    }
    case K::Select:
    case K::Compare:
    case K::Group:
        return true;
    }
    return true;
}

QString LessonRunner::lsNamespaces(qint32 pid) const
{
    // As `ls -al /proc/PID/ns/` prints it on the host, read now.
    const QByteArray dir = "/proc/" + QByteArray::number(pid) + "/ns/";
    QString out = QStringLiteral("$ ls -al /proc/%1/ns/\n").arg(pid);
    QStringList names;
    for (NamespaceType type : allNamespaceTypes) {
        names << QLatin1String(namespaceTypeKey(type));
        if (type == NamespaceType::Pid)
            names << QStringLiteral("pid_for_children");
        if (type == NamespaceType::Time)
            names << QStringLiteral("time_for_children");
    }
    for (const QString &name : names) {
        const QByteArray path = dir + name.toLatin1();
        struct stat st;
        char target[128];
        const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
        if (n <= 0 || ::lstat(path.constData(), &st) != 0)
            continue;
        const QString owner = text::userName(st.st_uid);
        const QString when = QLocale::c().toString(QDateTime::fromSecsSinceEpoch(st.st_mtim.tv_sec), QStringLiteral("MMM dd HH:mm"));
        out += QStringLiteral("lrwxrwxrwx 1 %1 %2 0 %3 %4 -> '%5'\n")
                   .arg(owner, text::userName(st.st_gid), when, name, QString::fromLatin1(target, int(n)));
    }
    return out;
}

LessonWorld LessonRunner::world(SnapshotPtr snapshot) const
{
    LessonWorld w;
    w.snapshot = std::move(snapshot);
    w.self = m_self;
    w.invokerUid = ::getuid();
    w.privileged = DemoRuntime::isPrivileged();
    w.outcomes = m_outcomes;
    for (auto it = m_seen.cbegin(); it != m_seen.cend(); ++it) {
        LessonWorld::Container c = *it;
        const std::optional<DemoContainer> now = m_runtime.container(c.id);
        c.running = now && now->state == DemoContainer::State::Running && c.running;
        if (now && now->initPid == c.initPid && c.running)
            c.ports = m_runtime.listeningPorts(c.id);
        w.containers.insert(it.key(), c);
    }
    return w;
}

} // namespace nsviz
