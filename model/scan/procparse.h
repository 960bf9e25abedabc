#pragma once

// Parsers for the text /proc hands out. Each takes the raw bytes of one file and never trusts them:
// comm may hold any byte but NUL (spaces, parentheses, newlines, invalid UTF-8), files can be cut short
// by a process exiting mid-read, and numbers can be out of range. A parser that cannot make sense of
// its input returns std::nullopt (or skips the line) instead of guessing.

#include "snapshot/snapshot.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <string_view>

namespace nsviz::procparse {

// Calls f(line) for each non-empty line of text, without its newline.
template<typename F>
void forEachLine(QByteArrayView text, F &&f)
{
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        if (end > start)
            f(text.sliced(start, end - start));
        start = end + 1;
    }
}

// Fields of /proc/PID/stat that nsviz uses.
struct StatFields
{
    qint32 pid = 0;
    QByteArray comm; // raw bytes between the first '(' and the last ')'
    char state = '?';
    qint32 ppid = 0;
    qint32 numThreads = 1;
    quint64 startTime = 0;
};
std::optional<StatFields> parseStat(QByteArrayView text);

// Fields of /proc/PID/status that nsviz uses.
struct StatusFields
{
    qint32 tgid = 0;
    qint32 ppid = 0;
    std::optional<quint32> uid; // real uid
    QList<qint32> nspid;
    int threads = 1;
};
std::optional<StatusFields> parseStatus(QByteArrayView text);

// NUL-separated argv; a trailing NUL is optional (a process may have rewritten its argv).
QStringList parseCmdline(QByteArrayView text);

// Text from /proc as a QString: UTF-8 where valid, U+FFFD for bytes that are not.
QString decodeProcText(QByteArrayView bytes);

// "net:[4026531833]" -> (Net, 4026531833).
struct NamespaceLink
{
    NamespaceType type;
    NamespaceId id;
};
std::optional<NamespaceLink> parseNamespaceLink(std::string_view link);

// One nsfs mount from a line of /proc/PID/mountinfo; std::nullopt for every other kind of mount.
struct NsfsMount
{
    NamespaceLink ns;
    QString mountPoint; // octal escapes (\040 for space) decoded
};
std::optional<NsfsMount> parseNsfsMountinfoLine(QByteArrayView line);

// uid_map / gid_map: "inside outside count" per line.
QList<IdMapRange> parseIdMap(QByteArrayView text);

// The container engine a process belongs to, from its /proc/PID/cgroup (v1 or v2 lines).
std::optional<ContainerLabel> parseContainerFromCgroup(QByteArrayView text);

} // namespace nsviz::procparse
