#pragma once

// Where Podman and Docker engines listen: the places nsviz looks for an engine API socket.

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <sys/types.h>
#include <unistd.h>

namespace nsviz {

struct EngineSocket
{
    QString path;
    QString origin; // where the path came from, for a user: "DOCKER_HOST", "rootless Podman", ...
    bool present = false; // a socket file exists there (whether this user may connect is another matter)
};

// Every place to look, in order of preference: the environment's explicit choice (CONTAINER_HOST, DOCKER_HOST,
// unix:// URLs only), then the user's own sockets in $XDG_RUNTIME_DIR (or /run/user/UID), then the system's
// rootful ones (/run/podman/podman.sock, /var/run/docker.sock). Duplicates are dropped. `present` is filled in.
QList<EngineSocket> engineSocketCandidates(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                                           uid_t uid = ::getuid());

// Only the candidates where a socket exists.
QList<EngineSocket> findEngineSockets(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                                      uid_t uid = ::getuid());

} // namespace nsviz
