#include "procparse.h"

#include <QStringDecoder>

#include <charconv>

namespace nsviz::procparse {

namespace {

template<typename T>
std::optional<T> toNumber(QByteArrayView s)
{
    T value{};
    const char *first = s.data();
    const char *last = s.data() + s.size();
    if (first == last)
        return std::nullopt;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last)
        return std::nullopt;
    return value;
}

// Splits on runs of spaces and tabs, the way the kernel's seq_printf output is laid out.
template<typename F>
void forEachField(QByteArrayView line, F &&f)
{
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < n && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start && !f(line.sliced(start, i - start)))
            return;
    }
}

bool isHex(QByteArrayView s)
{
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool isContainerId(QByteArrayView s)
{
    return s.size() >= 12 && s.size() <= 64 && isHex(s);
}

// systemd escapes unit names: "\x2d" stands for '-'.
QString unescapeSystemdName(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
            bool ok = false;
            const int v = QByteArray(s.sliced(i + 2, 2).data(), 2).toInt(&ok, 16);
            if (ok) {
                out.append(char(v));
                i += 3;
                continue;
            }
        }
        out.append(s[i]);
    }
    return decodeProcText(out);
}

std::optional<ContainerLabel> labelFromSegment(QByteArrayView seg, QByteArrayView prev, bool underKubepods)
{
    auto scoped = [&](QByteArrayView prefix) -> std::optional<QByteArrayView> {
        if (!seg.startsWith(prefix))
            return std::nullopt;
        QByteArrayView rest = seg.sliced(prefix.size());
        if (rest.endsWith(".scope"))
            rest.chop(6);
        return rest;
    };
    auto label = [](const char *engine, QByteArrayView id) {
        return ContainerLabel{QString::fromLatin1(engine), decodeProcText(id), QString()};
    };

    if (seg.startsWith("libpod-conmon-") || seg.startsWith("crio-conmon-") || seg.startsWith("lxc.monitor"))
        return std::nullopt;
    if (auto id = scoped("docker-"); id && isContainerId(*id))
        return label("docker", *id);
    if (auto id = scoped("libpod-"); id && isContainerId(*id))
        return label("podman", *id);
    if (auto id = scoped("cri-containerd-"); id && isContainerId(*id))
        return label("containerd", *id);
    if (auto id = scoped("nerdctl-"); id && isContainerId(*id))
        return label("containerd", *id);
    if (auto id = scoped("crio-"); id && isContainerId(*id))
        return label("cri-o", *id);
    if (prev == "docker" && isContainerId(seg))
        return label("docker", seg);
    if (prev.startsWith("libpod") && isContainerId(seg))
        return label("podman", seg);
    if (auto name = scoped("machine-"); name && prev == "machine.slice" && !name->isEmpty()) {
        const QString n = unescapeSystemdName(*name);
        return ContainerLabel{QStringLiteral("systemd-nspawn"), n, n};
    }
    if (seg.startsWith("lxc.payload.") && seg.size() > 12) {
        const QString n = decodeProcText(seg.sliced(12));
        return ContainerLabel{QStringLiteral("lxc"), n, n};
    }
    if (prev == "lxc" && !seg.isEmpty()) {
        const QString n = decodeProcText(seg);
        return ContainerLabel{QStringLiteral("lxc"), n, n};
    }
    if (underKubepods && isContainerId(seg))
        return label("kubernetes", seg);
    return std::nullopt;
}

// Kubernetes puts each pod in a cgroup named "pod<uid>" (cgroupfs) or "kubepods-<qos>-pod<uid>.slice" (systemd).
QString podName(QByteArrayView path)
{
    QString name;
    qsizetype start = 0;
    while (start < path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        QByteArrayView seg = path.sliced(start, end - start);
        if (seg.endsWith(".slice"))
            seg.chop(6);
        const qsizetype dash = seg.lastIndexOf("-pod");
        if (dash >= 0)
            seg = seg.sliced(dash + 1);
        if (seg.startsWith("pod") && seg.size() > 3 && !seg.startsWith("pods"))
            name = QStringLiteral("pod ") + decodeProcText(seg.sliced(3));
        start = end + 1;
    }
    return name;
}

} // namespace

QString decodeProcText(QByteArrayView bytes)
{
    // QString::fromUtf8 already maps invalid sequences to U+FFFD; NULs cannot occur in what we pass.
    return QString::fromUtf8(bytes);
}

std::optional<StatFields> parseStat(QByteArrayView text)
{
    // "pid (comm) S ppid ..." where comm can contain ") " itself: the last ')' ends it.
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open <= 0 || close < open)
        return std::nullopt;
    StatFields f;
    const auto pid = toNumber<qint32>(text.first(open).trimmed());
    if (!pid)
        return std::nullopt;
    f.pid = *pid;
    f.comm = text.sliced(open + 1, close - open - 1).toByteArray();

    // Fields after comm, numbered as in proc(5): 3 state, 4 ppid, 20 num_threads, 22 starttime.
    int index = 3;
    bool ok = true;
    forEachField(text.sliced(close + 1), [&](QByteArrayView field) {
        switch (index) {
        case 3:
            f.state = field.size() == 1 ? field[0] : '?';
            break;
        case 4:
            if (const auto v = toNumber<qint32>(field))
                f.ppid = *v;
            else
                ok = false;
            break;
        case 20:
            if (const auto v = toNumber<qint32>(field))
                f.numThreads = *v;
            break;
        case 22:
            if (const auto v = toNumber<quint64>(field))
                f.startTime = *v;
            else
                ok = false;
            break;
        default:
            break;
        }
        ++index;
        return ok && index <= 22;
    });
    if (!ok || index <= 22)
        return std::nullopt; // cut short or malformed
    return f;
}

std::optional<StatusFields> parseStatus(QByteArrayView text)
{
    StatusFields f;
    bool sawTgid = false;
    forEachLine(text, [&](QByteArrayView line) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return;
        const QByteArrayView key = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1);
        if (key == "Tgid") {
            if (const auto v = toNumber<qint32>(value.trimmed())) {
                f.tgid = *v;
                sawTgid = true;
            }
        } else if (key == "PPid") {
            if (const auto v = toNumber<qint32>(value.trimmed()))
                f.ppid = *v;
        } else if (key == "Uid") {
            forEachField(value, [&](QByteArrayView field) {
                f.uid = toNumber<quint32>(field);
                return false; // the real uid is the first
            });
        } else if (key == "NSpid") {
            forEachField(value, [&](QByteArrayView field) {
                if (const auto v = toNumber<qint32>(field))
                    f.nspid.append(*v);
                return true;
            });
        } else if (key == "Threads") {
            if (const auto v = toNumber<int>(value.trimmed()))
                f.threads = *v;
        }
    });
    if (!sawTgid)
        return std::nullopt;
    return f;
}

QStringList parseCmdline(QByteArrayView text)
{
    QStringList argv;
    if (text.endsWith('\0'))
        text.chop(1);
    if (text.isEmpty())
        return argv;
    qsizetype start = 0;
    while (true) {
        const qsizetype end = text.indexOf('\0', start);
        if (end < 0) {
            argv.append(decodeProcText(text.sliced(start)));
            break;
        }
        argv.append(decodeProcText(text.sliced(start, end - start)));
        start = end + 1;
    }
    return argv;
}

std::optional<NamespaceLink> parseNamespaceLink(std::string_view link)
{
    const auto colon = link.find(':');
    if (colon == std::string_view::npos || link.size() < colon + 4 || link[colon + 1] != '['
        || link.back() != ']')
        return std::nullopt;
    const auto type = namespaceTypeFromName(link.substr(0, colon));
    if (!type)
        return std::nullopt;
    const std::string_view digits = link.substr(colon + 2, link.size() - colon - 3);
    NamespaceId id = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || id == 0)
        return std::nullopt;
    return NamespaceLink{*type, id};
}

std::optional<NsfsMount> parseNsfsMountinfoLine(QByteArrayView line)
{
    // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
    const qsizetype sep = line.indexOf(" - ");
    if (sep < 0)
        return std::nullopt;
    QByteArrayView fstype;
    forEachField(line.sliced(sep + 3), [&](QByteArrayView field) {
        fstype = field;
        return false;
    });
    if (fstype != "nsfs")
        return std::nullopt;
    QByteArrayView root;
    QByteArrayView mountPoint;
    int index = 0;
    forEachField(line.first(sep), [&](QByteArrayView field) {
        if (index == 3)
            root = field;
        else if (index == 4)
            mountPoint = field;
        return ++index < 5;
    });
    if (mountPoint.isEmpty())
        return std::nullopt;
    const auto ns = parseNamespaceLink(std::string_view(root.data(), root.size()));
    if (!ns)
        return std::nullopt;
    // The kernel escapes space, tab, newline and backslash in paths as \ooo.
    QByteArray path;
    path.reserve(mountPoint.size());
    for (qsizetype i = 0; i < mountPoint.size(); ++i) {
        if (mountPoint[i] == '\\' && i + 3 < mountPoint.size()) {
            const QByteArrayView oct = mountPoint.sliced(i + 1, 3);
            bool ok = true;
            int v = 0;
            for (char c : oct) {
                ok = ok && c >= '0' && c <= '7';
                v = v * 8 + (c - '0');
            }
            if (ok && v < 256) {
                path.append(char(v));
                i += 3;
                continue;
            }
        }
        path.append(mountPoint[i]);
    }
    return NsfsMount{*ns, decodeProcText(path)};
}

QList<IdMapRange> parseIdMap(QByteArrayView text)
{
    QList<IdMapRange> ranges;
    forEachLine(text, [&](QByteArrayView line) {
        std::array<std::optional<quint32>, 3> v;
        int index = 0;
        forEachField(line, [&](QByteArrayView field) {
            if (index < 3)
                v[index] = toNumber<quint32>(field);
            return ++index < 4;
        });
        if (index == 3 && v[0] && v[1] && v[2])
            ranges.append({*v[0], *v[1], *v[2]});
    });
    return ranges;
}

std::optional<ContainerLabel> parseContainerFromCgroup(QByteArrayView text)
{
    std::optional<ContainerLabel> found;
    forEachLine(text, [&](QByteArrayView line) {
        if (found)
            return;
        // "hierarchy-ID:controller-list:cgroup-path"
        const qsizetype first = line.indexOf(':');
        const qsizetype second = first < 0 ? -1 : line.indexOf(':', first + 1);
        if (second < 0)
            return;
        const QByteArrayView path = line.sliced(second + 1);
        const bool underKubepods = path.contains("kubepods");
        QByteArrayView prev;
        std::optional<ContainerLabel> deepest;
        qsizetype start = 0;
        while (start <= path.size()) {
            qsizetype end = path.indexOf('/', start);
            if (end < 0)
                end = path.size();
            const QByteArrayView seg = path.sliced(start, end - start);
            if (!seg.isEmpty()) {
                if (auto label = labelFromSegment(seg, prev, underKubepods))
                    deepest = std::move(label);
                prev = seg;
            }
            start = end + 1;
        }
        if (deepest && underKubepods && deepest->name.isEmpty())
            deepest->name = podName(path);
        found = std::move(deepest);
    });
    return found;
}

} // namespace nsviz::procparse
