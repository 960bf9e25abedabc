#pragma once

// Runs one test function of the running test binary again as nobody (uid/gid 65534, no groups), for checks that
// mean something only without root: permissions, rootless containers. Root runs the suite in CI; this is how
// its unprivileged half still runs there.

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>

namespace nsviz::testing {

struct NobodyRun
{
    QString skip;      // why it could not run (no setpriv, nobody cannot execute the binary); empty when it ran
    int exitCode = -1;
    QByteArray output; // the child's test log, stdout and stderr
};

inline NobodyRun rerunAsNobody(const char *testFunction, int timeoutMs)
{
    NobodyRun run;
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty()) {
        run.skip = QStringLiteral("needs setpriv(1) from util-linux to run this check as nobody");
        return run;
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("XDG_RUNTIME_DIR")); // root's; nobody's Qt would complain about its owner
    child.setProcessEnvironment(env);
    child.setWorkingDirectory(QDir::tempPath());
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                          QCoreApplication::applicationFilePath(), QString::fromLatin1(testFunction)});
    if (!child.waitForFinished(timeoutMs)) {
        child.kill();
        child.waitForFinished();
    }
    run.output = child.readAll();
    run.exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
    if (run.exitCode == 126 || run.exitCode == 127)
        run.skip = QStringLiteral("nobody cannot run this test binary: ") + QString::fromLocal8Bit(run.output.trimmed());
    return run;
}

} // namespace nsviz::testing
