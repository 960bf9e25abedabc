#include "enginesockets.h"

#include <QFile>

#include <sys/stat.h>

namespace nsviz {

namespace {

bool isSocket(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// "unix:///run/user/1000/podman/podman.sock" -> the path; anything else (tcp://, ssh://) is not for nsviz.
QString unixPath(const QString &url)
{
    const QString prefix = QStringLiteral("unix://");
    if (!url.startsWith(prefix))
        return {};
    const QString path = url.mid(prefix.size());
    return path.startsWith(QLatin1Char('/')) ? path : QString();
}

} // namespace

QList<EngineSocket> engineSocketCandidates(const QProcessEnvironment &env, uid_t uid)
{
    QList<EngineSocket> out;
    auto add = [&out](const QString &path, const QString &origin) {
        if (path.isEmpty())
            return;
        for (const EngineSocket &s : std::as_const(out)) {
            if (s.path == path)
                return;
        }
        out.append(EngineSocket{path, origin, isSocket(path)});
    };

    add(unixPath(env.value(QStringLiteral("CONTAINER_HOST"))), QStringLiteral("CONTAINER_HOST"));
    add(unixPath(env.value(QStringLiteral("DOCKER_HOST"))), QStringLiteral("DOCKER_HOST"));
    QString runtimeDir = env.value(QStringLiteral("XDG_RUNTIME_DIR"));
    if (runtimeDir.isEmpty() && uid != 0)
        runtimeDir = QStringLiteral("/run/user/%1").arg(uid);
    if (!runtimeDir.isEmpty()) {
        add(runtimeDir + QStringLiteral("/podman/podman.sock"), QStringLiteral("rootless Podman"));
        add(runtimeDir + QStringLiteral("/docker.sock"), QStringLiteral("rootless Docker"));
    }
    add(QStringLiteral("/run/podman/podman.sock"), QStringLiteral("rootful Podman"));
    add(QStringLiteral("/var/run/docker.sock"), QStringLiteral("Docker"));
    return out;
}

QList<EngineSocket> findEngineSockets(const QProcessEnvironment &env, uid_t uid)
{
    QList<EngineSocket> out = engineSocketCandidates(env, uid);
    out.removeIf([](const EngineSocket &s) { return !s.present; });
    return out;
}

} // namespace nsviz
