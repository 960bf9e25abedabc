#pragma once

// A guided lesson as data: resources/lessons/NAME.json (schema "nsviz-lesson", version 1, described in README.md).
// A lesson is a list of steps; each step has a caption and narration for the class, actions that change the host
// (start a preset or a container, run a command inside one, stop or kill one, keep a namespace by a bind mount) or
// the view (select, compare, group), the commands to try by hand, and checks of what the class should now see,
// verified against the live snapshot (LessonWorld). Parsing checks everything that can be checked without the
// host: every preset exists, every container an action or check names was started by an earlier step, every
// command is a program and its arguments.

#include "containers/containerspec.h"
#include "snapshot/namespacetype.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace nsviz {

struct LessonAction
{
    enum class Kind {
        Preset,     // start a demo preset: its containers, by their names
        Start,      // start one container from a spec
        Stop,       // stop a container (its whole pid namespace)
        Kill,       // send its first process a signal from the host (SIGKILL unless said): PID 1 ends, so does the rest
        Exec,       // run a command inside the container, show its output
        Fetch,      // HTTP GET http://127.0.0.1:PORT/PATH inside its net namespace
        Ping,       // ICMP echo from the host to the container's end of its veth pair (root)
        Namespaces, // the `ls -al /proc/PID/ns` of its first process
        Pin,        // bind-mount /proc/PID/ns/TYPE of its first process onto a file of the lesson's (root)
        Unpin,      // undo Pin: the namespace goes when nothing else holds it
        Select,     // the view: select the container's first process
        Compare,    // the view: compare two containers' first processes
        Group,      // the view: the tree's grouping
    };
    Kind kind = Kind::Select;
    QString preset;         // Preset
    ContainerSpec spec;     // Start (joinContainer names a container of the lesson)
    QString container;      // everything but Preset, Start, Compare, Group
    QStringList containers; // Compare: two
    QStringList command;    // Exec
    quint16 port = 8080;    // Fetch
    QByteArray path = "/";  // Fetch
    NamespaceType type = NamespaceType::Net; // Pin, Unpin
    int signal = 9;         // Kill
    QString grouping;       // Group: "type", "user", "pid", "containers", "processes"

    bool changesHost() const;
    // What it does cannot be undone in place: a container stopped or killed, a namespace released. Going back over
    // it starts the lesson again from the top up to the step before (new namespaces, the same picture).
    bool irreversible() const { return kind == Kind::Stop || kind == Kind::Kill || kind == Kind::Unpin; }
    bool needsRoot() const; // Ping, Pin, Unpin, and a veth container
    QString describe() const; // "$ hostname   (in web-a)", "start preset web-servers", for the panel and the runner
};

struct LessonCheck
{
    enum class Kind {
        Running,   // a process of the container is in the snapshot
        Gone,      // none is
        Own,       // for each type, the container's namespace is not the one nsviz runs in
        Host,      // for each type, it is the one nsviz runs in
        Distinct,  // two containers, different namespaces of each type
        Shared,    // two containers, the same namespace of each type
        Processes, // the container has `count` processes
        Pid,       // its first process has pid `inside` in its own pid namespace
        Hostname,  // its uts namespace's hostname is `text`
        UidMap,    // its user namespace maps uid `inside` to `outside`: "nobody" (65534), "invoker" (the uid nsviz runs
                   // as), "non-root" (any uid but 0), or a number
        Listening, // something listens on TCP `port` inside its net namespace
        Output,    // the output of an action of this step contains `text` (or, with `lacks`, does not)
        Held,      // the container's namespace of `type` (remembered from when it ran) is there with no process in it,
                   // kept by a bind mount
        Released,  // that namespace is no longer there
    };
    Kind kind = Kind::Running;
    QString container;
    QStringList containers;
    QList<NamespaceType> types;
    NamespaceType type = NamespaceType::Net;
    int count = 0;
    qint64 inside = 0;
    QString outside;
    QString text;
    bool lacks = false;
    int action = -1; // Output: index into the step's actions; -1: the last one that has output
    quint16 port = 0;
    QString say; // the lesson's own words for the check; empty: describe() makes them
    // Only true when nsviz runs as root: rootless, every container gets a user namespace of its own (and shares
    // the host's only what that allows), so a check of the host's user namespace is skipped, and says why.
    bool rootOnly = false;

    QString describe() const; // "web-a and web-b are in different net namespaces"
};

struct LessonStep
{
    QString caption;
    QString narration;
    QList<LessonAction> actions;
    QList<LessonCheck> checks;
    QStringList tryCommands; // to type by hand on a Linux host

    bool needsRoot() const;
};

struct Lesson
{
    QString id;       // the file's name without .json; `nsviz lesson run ID`
    QString title;
    QString summary;  // one or two sentences: what the class will have seen
    QString source;   // where in the chapter (or the lab) the lesson comes from
    QList<LessonStep> steps;

    bool needsRoot() const; // some step does
    // Why a step needs root, for the rootless runner to say: empty if it does not.
    static QString whyRoot(const LessonStep &step);

    // A lesson file; std::nullopt with *error saying where and what is wrong. Texts are translated with context
    // "Lesson" (the build turns every lesson's texts into a stub for lupdate).
    static std::optional<Lesson> parse(const QByteArray &json, const QString &id, QString *error);
};

// The lessons built in (resources/lessons/*.json as :/nsviz/lessons), in the order of their "order" field. A
// damaged file is left out and said in *errors.
QList<Lesson> builtInLessons(QStringList *errors = nullptr);
std::optional<Lesson> findLesson(const QString &id, QString *error = nullptr);

} // namespace nsviz
