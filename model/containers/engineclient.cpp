#include "engineclient.h"

#include "enginetransport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <optional>

namespace nsviz {

struct EngineClient::Shared
{
    QString socketPath;
    std::atomic_int timeoutMs{DefaultTimeoutMs};
    std::atomic_bool cancel{false};

    QMutex mutex; // guards what the first ping found out
    QString apiVersion;
    EngineInfo::Kind kind = EngineInfo::Kind::Unknown;
};

namespace {

using Kind = EngineError::Kind;
using SharedPtr = std::shared_ptr<EngineClient::Shared>;

// Used where the engine's ping does not name its API version: the version Podman 4 and Docker 20.10 speak.
const QString FallbackApiVersion = QStringLiteral("1.41");

EngineError makeError(Kind kind, const QString &message, int status = 0)
{
    return EngineError{kind, status, message};
}

// At most `max` characters of what an engine said, control characters replaced: it goes into a message.
QString clip(QString s, qsizetype max = 400)
{
    s = s.trimmed();
    for (QChar &c : s) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    if (s.size() > max)
        s = s.left(max) + QStringLiteral("…");
    return s;
}

QByteArray encodePathSegment(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}

// An error for a response with an error status: the engine's JSON {"message": ...} where it sent one.
EngineError errorFromResponse(const EngineHttpResponse &r, const QString &what)
{
    QString detail;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (doc.isObject())
        detail = doc.object().value(QLatin1String("message")).toString();
    if (detail.isEmpty())
        detail = QString::fromUtf8(r.body);
    detail = clip(detail);
    const Kind kind = r.status == 404 ? Kind::NotFound : Kind::Engine;
    QString message = what + QStringLiteral(": ") + (detail.isEmpty() ? QStringLiteral("the engine gave no reason") : detail)
        + QStringLiteral(" (HTTP %1)").arg(r.status);
    if (detail.contains(QLatin1String("rlimit")))
        message += QStringLiteral(". The engine's default resource limits are more than this host allows: give the "
                                  "container explicit ulimits (nofile, nproc).");
    return makeError(kind, message, r.status);
}

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

std::optional<QJsonDocument> parseJson(const EngineHttpResponse &r, const QString &what, EngineError *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = makeError(Kind::Protocol,
                           QStringLiteral("%1: the engine's answer is not valid JSON (%2 at byte %3)")
                               .arg(what, pe.errorString())
                               .arg(pe.offset),
                           r.status);
        return std::nullopt;
    }
    return doc;
}

QString str(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toString();
}

QMap<QString, QString> labelsOf(const QJsonValue &v)
{
    QMap<QString, QString> out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QString withoutSlash(QString name)
{
    if (name.startsWith(QLatin1Char('/')))
        name.remove(0, 1);
    return name;
}

// The container from GET /containers/{id}/json.
EngineContainer containerFromInspect(const QJsonObject &o)
{
    EngineContainer c;
    c.id = str(o, QLatin1String("Id"));
    c.name = withoutSlash(str(o, QLatin1String("Name")));
    const QJsonObject config = o.value(QLatin1String("Config")).toObject();
    c.image = str(config, QLatin1String("Image"));
    c.hostname = str(config, QLatin1String("Hostname"));
    c.labels = labelsOf(config.value(QLatin1String("Labels")));
    const QJsonObject state = o.value(QLatin1String("State")).toObject();
    c.state = str(state, QLatin1String("Status"));
    const double pid = state.value(QLatin1String("Pid")).toDouble();
    c.pid = pid > 0 && pid < 1e9 ? qint32(pid) : 0;
    c.networkMode = str(o.value(QLatin1String("HostConfig")).toObject(), QLatin1String("NetworkMode"));
    return c;
}

// One request to the engine, with the API version prefix ("/v1.41") put in front of `target` unless `versioned`
// is false. The first request of a client pings the engine to learn that version.
class Call
{
public:
    explicit Call(SharedPtr shared) : m_s(std::move(shared)) {}

    EngineResult<EngineHttpResponse> send(EngineHttpRequest request, bool versioned = true, int extraMs = 0)
    {
        EngineResult<EngineHttpResponse> r;
        if (m_s->cancel.load()) {
            r.error = makeError(Kind::Cancelled, QStringLiteral("The request was cancelled."));
            return r;
        }
        if (versioned) {
            const auto api = apiVersion();
            if (!api.ok()) {
                r.error = api.error;
                return r;
            }
            request.target = "/v" + api.value.toLatin1() + request.target;
        }
        return engineHttpExchange(m_s->socketPath, request, m_s->timeoutMs.load() + extraMs, &m_s->cancel);
    }

    EngineResult<EngineHttpResponse> get(const QByteArray &target) { return send(EngineHttpRequest{"GET", target, {}, {}, {}}); }

    // GET /_ping: whether an engine answers, which one, and the API version it speaks.
    EngineResult<QString> ping()
    {
        EngineResult<QString> out;
        auto r = send(EngineHttpRequest{"GET", "/_ping", {}, {}, {}}, false);
        if (!r.ok()) {
            out.error = r.error;
            return out;
        }
        if (r.value.status != 200) {
            out.error = errorFromResponse(r.value, QStringLiteral("The engine at %1 did not answer its ping").arg(m_s->socketPath));
            return out;
        }
        QString api = QString::fromLatin1(r.value.header("api-version"));
        const QRegularExpression versionPattern(QStringLiteral("^1\\.[0-9]{1,3}$"));
        if (!versionPattern.match(api).hasMatch())
            api = FallbackApiVersion;
        EngineInfo::Kind kind = EngineInfo::Kind::Unknown;
        const QByteArray server = r.value.header("server");
        if (!r.value.header("libpod-api-version").isEmpty() || server.startsWith("Libpod"))
            kind = EngineInfo::Kind::Podman;
        else if (server.startsWith("Docker") || !r.value.header("docker-experimental").isEmpty())
            kind = EngineInfo::Kind::Docker;
        const QMutexLocker lock(&m_s->mutex);
        m_s->apiVersion = api;
        m_s->kind = kind;
        out.value = api;
        return out;
    }

    EngineResult<QString> apiVersion()
    {
        {
            const QMutexLocker lock(&m_s->mutex);
            if (!m_s->apiVersion.isEmpty())
                return {m_s->apiVersion, {}};
        }
        return ping();
    }

    EngineInfo::Kind pingedKind() const
    {
        const QMutexLocker lock(&m_s->mutex);
        return m_s->kind;
    }

    const QString &socketPath() const { return m_s->socketPath; }

private:
    SharedPtr m_s;
};

// Runs `request` and parses a JSON answer with a success status; `what` names the step in messages.
template<typename T, typename F>
EngineResult<T> jsonCall(Call &call, const EngineHttpRequest &request, const QString &what, F &&convert)
{
    EngineResult<T> out;
    auto r = call.send(request);
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (!isSuccess(r.value.status)) {
        out.error = errorFromResponse(r.value, what);
        return out;
    }
    const auto doc = parseJson(r.value, what, &out.error);
    if (!doc)
        return out;
    convert(*doc, out);
    return out;
}

EngineResult<EngineContainer> inspect(Call &call, const QString &idOrName)
{
    if (idOrName.isEmpty())
        return {{}, makeError(Kind::NotFound, QStringLiteral("No container was named."))};
    return jsonCall<EngineContainer>(
        call, EngineHttpRequest{"GET", "/containers/" + encodePathSegment(idOrName) + "/json", {}, {}, {}},
        QStringLiteral("Inspecting container %1").arg(idOrName),
        [](const QJsonDocument &doc, EngineResult<EngineContainer> &out) {
            out.value = containerFromInspect(doc.object());
            if (out.value.id.isEmpty())
                out.error = makeError(Kind::Protocol, QStringLiteral("The engine described a container without an id."));
        });
}

EngineResult<QList<EngineImage>> images(Call &call)
{
    return jsonCall<QList<EngineImage>>(
        call, EngineHttpRequest{"GET", "/images/json", {}, {}, {}}, QStringLiteral("Listing images"),
        [](const QJsonDocument &doc, EngineResult<QList<EngineImage>> &out) {
            if (!doc.isArray()) {
                out.error = makeError(Kind::Protocol, QStringLiteral("Listing images: the engine did not send a list."));
                return;
            }
            const QJsonArray array = doc.array();
            for (const QJsonValue &v : array) {
                const QJsonObject o = v.toObject();
                EngineImage image;
                image.id = str(o, QLatin1String("Id"));
                const QJsonArray tags = o.value(QLatin1String("RepoTags")).toArray();
                for (const QJsonValue &t : tags) {
                    const QString tag = t.toString();
                    if (!tag.isEmpty() && tag != QLatin1String("<none>:<none>"))
                        image.tags.append(tag);
                }
                image.size = qint64(o.value(QLatin1String("Size")).toDouble());
                image.created = qint64(o.value(QLatin1String("Created")).toDouble());
                if (!image.id.isEmpty())
                    out.value.append(image);
            }
        });
}

EngineStatus simpleCall(Call &call, const EngineHttpRequest &request, const QString &what, int extraMs = 0,
                        std::initializer_list<int> alsoFine = {})
{
    EngineStatus out;
    auto r = call.send(request, true, extraMs);
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (!isSuccess(r.value.status) && std::find(alsoFine.begin(), alsoFine.end(), r.value.status) == alsoFine.end())
        out.error = errorFromResponse(r.value, what);
    return out;
}

// Container names as Docker and Podman accept them; hostnames as RFC 1123 labels joined by dots.
bool validName(const QString &name)
{
    const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$"));
    return pattern.match(name).hasMatch();
}

bool validHostname(const QString &hostname)
{
    const QRegularExpression pattern(
        QStringLiteral("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"));
    return hostname.size() <= 64 && pattern.match(hostname).hasMatch();
}

QByteArray createBody(const EngineContainerSpec &spec)
{
    QJsonObject body;
    body.insert(QLatin1String("Image"), spec.image);
    if (!spec.command.isEmpty())
        body.insert(QLatin1String("Cmd"), QJsonArray::fromStringList(spec.command));
    if (!spec.hostname.isEmpty())
        body.insert(QLatin1String("Hostname"), spec.hostname);
    if (!spec.labels.isEmpty()) {
        QJsonObject labels;
        for (auto it = spec.labels.begin(); it != spec.labels.end(); ++it)
            labels.insert(it.key(), it.value());
        body.insert(QLatin1String("Labels"), labels);
    }
    QJsonObject host;
    if (!spec.networkMode.isEmpty())
        host.insert(QLatin1String("NetworkMode"), spec.networkMode);
    QJsonArray ulimits;
    const QList<EngineUlimit> limits = spec.ulimits.isEmpty() ? engineDefaultUlimits() : spec.ulimits;
    for (const EngineUlimit &u : limits) {
        ulimits.append(QJsonObject{{QLatin1String("Name"), u.name},
                                   {QLatin1String("Soft"), double(u.soft)},
                                   {QLatin1String("Hard"), double(u.hard)}});
    }
    host.insert(QLatin1String("Ulimits"), ulimits);
    body.insert(QLatin1String("HostConfig"), host);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

EngineResult<EngineContainer> run(Call &call, const EngineContainerSpec &spec)
{
    EngineResult<EngineContainer> out;
    auto fail = [&out](Kind kind, const QString &message) {
        out.error = makeError(kind, message);
        return out;
    };
    if (spec.image.trimmed().isEmpty())
        return fail(Kind::NoImage, QStringLiteral("No image was given. ") + EngineClient::missingImageHint(QStringLiteral("busybox")));
    if (!spec.name.isEmpty() && !validName(spec.name))
        return fail(Kind::Engine, QStringLiteral("\"%1\" is not a valid container name: use letters, digits, '_', '.' "
                                                 "and '-', starting with a letter or digit.")
                                      .arg(clip(spec.name, 80)));
    if (!spec.hostname.isEmpty() && !validHostname(spec.hostname))
        return fail(Kind::Engine, QStringLiteral("\"%1\" is not a valid hostname: use letters, digits and '-' in "
                                                 "dot-separated parts, at most 64 characters.")
                                      .arg(clip(spec.hostname, 80)));

    // Never let an engine pull: look the image up locally first, and stop with the hint when it is not there.
    auto image = call.get("/images/" + encodePathSegment(spec.image) + "/json");
    if (!image.ok()) {
        out.error = image.error;
        return out;
    }
    if (image.value.status == 404) {
        QString present;
        if (auto all = images(call); all.ok()) {
            QStringList tags;
            for (const EngineImage &i : std::as_const(all.value))
                tags += i.tags.isEmpty() ? i.id.left(19) : i.tags.first();
            present = tags.isEmpty() ? QStringLiteral(" The engine has no images at all.")
                                     : QStringLiteral(" Present: %1.").arg(clip(tags.join(QStringLiteral(", ")), 300));
        }
        return fail(Kind::NoImage, QStringLiteral("The image \"%1\" is not in the engine's local storage.").arg(clip(spec.image, 120))
                                       + present + QLatin1Char(' ') + EngineClient::missingImageHint(spec.image));
    }
    if (!isSuccess(image.value.status)) {
        out.error = errorFromResponse(image.value, QStringLiteral("Looking up image %1").arg(spec.image));
        return out;
    }

    QByteArray target = "/containers/create";
    if (!spec.name.isEmpty())
        target += "?name=" + encodePathSegment(spec.name);
    auto created = jsonCall<QString>(call, EngineHttpRequest{"POST", target, "application/json", createBody(spec), {}},
                                     QStringLiteral("Creating the container"),
                                     [](const QJsonDocument &doc, EngineResult<QString> &r) {
                                         r.value = doc.object().value(QLatin1String("Id")).toString();
                                         if (r.value.isEmpty())
                                             r.error = makeError(Kind::Protocol, QStringLiteral("The engine created a container but sent no id."));
                                     });
    if (!created.ok()) {
        out.error = created.error;
        if (out.error.httpStatus == 404) // the image went away in between
            out.error.kind = Kind::NoImage;
        return out;
    }
    const QByteArray id = encodePathSegment(created.value);
    const EngineStatus started = simpleCall(call, EngineHttpRequest{"POST", "/containers/" + id + "/start", {}, {}, {}},
                                            QStringLiteral("Starting the container"), 0, {304});
    if (!started.ok()) {
        // Leave no created-but-dead container behind.
        simpleCall(call, EngineHttpRequest{"DELETE", "/containers/" + id + "?force=1&v=1", {}, {}, {}},
                   QStringLiteral("Removing the container that failed to start"));
        out.error = started.error;
        return out;
    }
    return inspect(call, created.value);
}

EngineResult<EngineInfo> versionInfo(Call &call)
{
    EngineResult<EngineInfo> out;
    const auto api = call.ping();
    if (!api.ok()) {
        out.error = api.error;
        return out;
    }
    out = jsonCall<EngineInfo>(call, EngineHttpRequest{"GET", "/version", {}, {}, {}}, QStringLiteral("Asking for the version"),
                               [](const QJsonDocument &doc, EngineResult<EngineInfo> &r) {
                                   const QJsonObject o = doc.object();
                                   r.value.version = str(o, QLatin1String("Version"));
                                   r.value.os = str(o, QLatin1String("Os"));
                                   r.value.kernelVersion = str(o, QLatin1String("KernelVersion"));
                                   r.value.name = str(o.value(QLatin1String("Platform")).toObject(), QLatin1String("Name"));
                                   const QJsonArray components = o.value(QLatin1String("Components")).toArray();
                                   for (const QJsonValue &v : components) {
                                       const QString name = str(v.toObject(), QLatin1String("Name"));
                                       if (name.contains(QLatin1String("Podman"))) {
                                           r.value.kind = EngineInfo::Kind::Podman;
                                           r.value.name = name;
                                       } else if (name == QLatin1String("Engine") && r.value.kind == EngineInfo::Kind::Unknown) {
                                           r.value.kind = EngineInfo::Kind::Docker;
                                       }
                                   }
                               });
    if (!out.ok())
        return out;
    if (out.value.kind == EngineInfo::Kind::Unknown)
        out.value.kind = call.pingedKind();
    if (out.value.name.isEmpty())
        out.value.name = out.value.kind == EngineInfo::Kind::Podman ? QStringLiteral("Podman")
            : out.value.kind == EngineInfo::Kind::Docker              ? QStringLiteral("Docker")
                                                                      : QStringLiteral("unknown engine");
    out.value.socketPath = call.socketPath();
    out.value.apiVersion = api.value;
    return out;
}

EngineResult<QList<EngineContainer>> containers(Call &call, bool all)
{
    auto listed = jsonCall<QList<EngineContainer>>(
        call, EngineHttpRequest{"GET", all ? "/containers/json?all=1" : "/containers/json", {}, {}, {}},
        QStringLiteral("Listing containers"), [](const QJsonDocument &doc, EngineResult<QList<EngineContainer>> &r) {
            if (!doc.isArray()) {
                r.error = makeError(Kind::Protocol, QStringLiteral("Listing containers: the engine did not send a list."));
                return;
            }
            const QJsonArray array = doc.array();
            for (const QJsonValue &v : array) {
                const QJsonObject o = v.toObject();
                EngineContainer c;
                c.id = str(o, QLatin1String("Id"));
                const QJsonArray names = o.value(QLatin1String("Names")).toArray();
                c.name = names.isEmpty() ? QString() : withoutSlash(names.first().toString());
                c.image = str(o, QLatin1String("Image"));
                c.state = str(o, QLatin1String("State"));
                c.status = str(o, QLatin1String("Status"));
                c.labels = labelsOf(o.value(QLatin1String("Labels")));
                if (!c.id.isEmpty())
                    r.value.append(c);
            }
        });
    if (!listed.ok())
        return listed;
    // The list does not carry the init pid: ask for each container. One removed meanwhile is dropped.
    QList<EngineContainer> out;
    for (EngineContainer &c : listed.value) {
        auto detail = inspect(call, c.id);
        if (!detail.ok()) {
            if (detail.error.kind == Kind::NotFound)
                continue;
            return {{}, detail.error};
        }
        c.pid = detail.value.pid;
        c.hostname = detail.value.hostname;
        c.networkMode = detail.value.networkMode;
        if (!detail.value.state.isEmpty())
            c.state = detail.value.state;
        out.append(c);
    }
    return {out, {}};
}

EngineResult<QString> import(Call &call, const QString &tarball, const QString &reference, int extraMs)
{
    EngineResult<QString> out;
    QString repo = reference;
    QString tag = QStringLiteral("latest");
    const qsizetype colon = reference.lastIndexOf(QLatin1Char(':'));
    if (colon > reference.lastIndexOf(QLatin1Char('/'))) {
        repo = reference.left(colon);
        tag = reference.mid(colon + 1);
    }
    if (repo.isEmpty() || tag.isEmpty()) {
        out.error = makeError(Kind::Engine, QStringLiteral("\"%1\" is not an image name.").arg(clip(reference, 80)));
        return out;
    }
    const QByteArray target = "/images/create?fromSrc=-&repo=" + encodePathSegment(repo) + "&tag=" + encodePathSegment(tag);
    auto r = call.send(EngineHttpRequest{"POST", target, "application/x-tar", {}, tarball}, true, extraMs);
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (!isSuccess(r.value.status)) {
        out.error = errorFromResponse(r.value, QStringLiteral("Importing %1").arg(tarball));
        return out;
    }
    // A stream of JSON progress objects, one per line; an error can come with status 200 as {"error": ...}.
    const QList<QByteArray> lines = r.value.body.split('\n');
    for (const QByteArray &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line.trimmed()).object();
        if (const QString e = o.value(QLatin1String("error")).toString(); !e.isEmpty()) {
            out.error = makeError(Kind::Engine, QStringLiteral("Importing %1: %2").arg(tarball, clip(e)), r.value.status);
            return out;
        }
        for (const auto key : {QLatin1String("id"), QLatin1String("status")}) {
            if (const QString v = o.value(key).toString(); v.startsWith(QLatin1String("sha256:")))
                out.value = v;
        }
    }
    if (out.value.isEmpty())
        out.error = makeError(Kind::Protocol, QStringLiteral("Importing %1: the engine did not say which image it made.").arg(tarball));
    return out;
}

} // namespace

EngineClient::EngineClient(QString socketPath) : m_shared(std::make_shared<Shared>())
{
    m_shared->socketPath = std::move(socketPath);
    m_pool.setMaxThreadCount(4);
}

EngineClient::~EngineClient()
{
    m_shared->cancel = true;
    m_pool.waitForDone();
}

QString EngineClient::socketPath() const
{
    return m_shared->socketPath;
}

void EngineClient::setTimeout(int milliseconds)
{
    m_shared->timeoutMs = std::max(milliseconds, 1);
}

int EngineClient::timeout() const
{
    return m_shared->timeoutMs;
}

QString EngineClient::missingImageHint(const QString &image)
{
    const QString name = image.isEmpty() ? QStringLiteral("busybox") : clip(image, 120);
    return QStringLiteral("nsviz never pulls images from a registry: an image must already be present. Import one from "
                          "a local root filesystem tarball, e.g. `podman import rootfs.tar %1` (or `docker import "
                          "rootfs.tar %1`); a busybox one is a directory with bin/busybox and links such as bin/sh "
                          "-> busybox, tarred with `tar -C dir -cf rootfs.tar .`.")
        .arg(name);
}

QFuture<EngineResult<EngineInfo>> EngineClient::version()
{
    return QtConcurrent::run(&m_pool, [s = m_shared] {
        Call call(s);
        return versionInfo(call);
    });
}

QFuture<EngineResult<QList<EngineImage>>> EngineClient::listImages()
{
    return QtConcurrent::run(&m_pool, [s = m_shared] {
        Call call(s);
        return images(call);
    });
}

QFuture<EngineResult<QList<EngineContainer>>> EngineClient::listContainers(bool all)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, all] {
        Call call(s);
        return containers(call, all);
    });
}

QFuture<EngineResult<EngineContainer>> EngineClient::inspectContainer(const QString &idOrName)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, idOrName] {
        Call call(s);
        return inspect(call, idOrName);
    });
}

QFuture<EngineResult<EngineContainer>> EngineClient::runContainer(const EngineContainerSpec &spec)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, spec] {
        Call call(s);
        return run(call, spec);
    });
}

QFuture<EngineStatus> EngineClient::stopContainer(const QString &idOrName, int timeoutSeconds)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, idOrName, timeoutSeconds] {
        Call call(s);
        const int t = std::clamp(timeoutSeconds, 0, 3600);
        return simpleCall(call,
                          EngineHttpRequest{"POST", "/containers/" + encodePathSegment(idOrName) + "/stop?t=" + QByteArray::number(t), {}, {}, {}},
                          QStringLiteral("Stopping container %1").arg(idOrName), t * 1000, {304});
    });
}

QFuture<EngineStatus> EngineClient::removeContainer(const QString &idOrName, bool force)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, idOrName, force] {
        Call call(s);
        return simpleCall(call,
                          EngineHttpRequest{"DELETE", "/containers/" + encodePathSegment(idOrName) + (force ? "?force=1&v=1" : "?v=1"), {}, {}, {}},
                          QStringLiteral("Removing container %1").arg(idOrName));
    });
}

QFuture<EngineResult<QString>> EngineClient::importImage(const QString &tarballPath, const QString &reference)
{
    return QtConcurrent::run(&m_pool, [s = m_shared, tarballPath, reference] {
        Call call(s);
        return import(call, tarballPath, reference, 3 * s->timeoutMs.load());
    });
}

} // namespace nsviz
