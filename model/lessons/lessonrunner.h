#pragma once

// Performs a lesson step by step on a DemoRuntime, and checks each step against a snapshot of the host.
//
// LessonRunner is synchronous and lives on the runtime's thread (the `nsviz lesson run` command's main thread, the
// window's demo thread): each action forks, execs or mounts, and returns when it is done. Every step keeps what undoes
// it, so back() puts the host where the step before left it: containers a step started are stopped, bind mounts it
// made go. What cannot be undone in place (a container stopped or killed, a namespace released: the kernel has
// freed it) is gone back over by starting again from the top, up to the step before. cleanup() (also the
// destructor) undoes every step. The view actions (select, compare, group) change nothing here: the window applies them.
//
// The checks are decided by evaluate() from a LessonWorld: the snapshot the class sees, with what only the runner
// knows (which namespaces each of its containers was in, the ports they listen on, the output of the step's
// actions). Evaluating is cheap and touches nothing, so the window re-decides on each refresh and a check passes
// when the picture shows it.

#include "lesson.h"

#include "containers/demoruntime.h"
#include "snapshot/snapshot.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace nsviz {

struct LessonOutcome
{
    QString title;      // the action, described (LessonAction::describe())
    bool hasOutput = false;
    QByteArray output;  // what a command printed, a page, the `ls -al` lines
    bool ok = true;
    QString error;      // why it failed
};

// A step's outcomes as the panel and the handout show them: "> " and each action, then what it printed, or why it
// failed. Plain text: the output is the containers' to choose.
QString outcomesText(const QList<LessonOutcome> &outcomes);

struct LessonWorld
{
    struct Container
    {
        QString name;
        QString id; // the runtime's (DemoRuntime, DemoService)
        qint32 initPid = 0;
        NamespaceSet namespaces; // read back from /proc when it started; kept after it ended
        bool running = false;
        QList<quint16> ports;
        // Its hostname as read inside it after the step, for when the scan cannot read it (rootless, the scanner
        // cannot enter a uts namespace); empty without a uts namespace of its own.
        QString hostname;
    };
    SnapshotPtr snapshot;
    NamespaceSet self;        // the namespaces nsviz runs in: what "the host" is for a check
    quint32 invokerUid = 0;
    bool privileged = false;  // nsviz runs as root
    QHash<QString, Container> containers; // by name
    QList<LessonOutcome> outcomes;         // of the step's actions, in order (one per action done)
};

struct CheckResult
{
    bool passed = false;
    bool skipped = false; // a rootOnly check in a rootless run: passed, and seen says why it was not checked
    QString seen; // what the snapshot says, in a few words: "net:[4026532381] and net:[4026532390]"
};

CheckResult evaluate(const LessonCheck &check, const LessonWorld &world);

class LessonRunner
{
public:
    LessonRunner(DemoRuntime &runtime, Lesson lesson);
    ~LessonRunner(); // cleanup()
    LessonRunner(const LessonRunner &) = delete;
    LessonRunner &operator=(const LessonRunner &) = delete;

    const Lesson &lesson() const { return m_lesson; }
    int step() const { return m_step; } // the step shown, -1 before the first
    bool atEnd() const { return m_step + 1 >= m_lesson.steps.size(); }

    // Performs the next step's actions in order. False when one failed: its outcome says why, the actions after it
    // are not done, and the step is still entered (back() undoes what was done of it).
    bool forward();
    void back();
    void cleanup();

    const QList<LessonOutcome> &outcomes() const { return m_outcomes; } // of step()
    LessonWorld world(SnapshotPtr snapshot) const;

    // What a rootless run of this lesson cannot do, one line per step that needs root ("step 4: ..."); empty as root.
    static QStringList rootProblems(const Lesson &lesson);

private:
    bool perform(const LessonAction &action, LessonOutcome *outcome);
    void undoStep(); // runs the undo list of step() in reverse and leaves it
    void readHostnames();
    bool startSpec(ContainerSpec spec, QString *error);
    void remember(const QString &name, const QString &id);
    QString pinPath(const LessonAction &pin) const;
    QString lsNamespaces(qint32 pid) const;

    DemoRuntime &m_runtime;
    Lesson m_lesson;
    int m_step = -1;
    const NamespaceSet m_self; // the namespaces nsviz runs in
    QList<LessonOutcome> m_outcomes;
    QHash<QString, LessonWorld::Container> m_seen; // name -> the latest started by that name, as it was when it ran
    QList<QList<std::function<void()>>> m_undo; // per step entered, in the order done
    std::unique_ptr<QTemporaryDir> m_pinDir;
};

} // namespace nsviz
