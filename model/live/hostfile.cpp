#include "hostfile.h"

#include "io/readfile.h"
#include "live/snapshothistory.h"
#include "snapshot/snapshotjson.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace nsviz {

HostFile loadHostFile(const QString &path, bool dashIsStdin)
{
    HostFile f;
    const bool stdinAsked = dashIsStdin && path == QLatin1String("-");
    if (!stdinAsked && looksLikeRecording(path)) {
        f.recording = readRecording(path);
        if (!f.recording->moments || f.recording->moments->isEmpty())
            f.error = QStringLiteral("%1 cannot be replayed: %2").arg(path, f.recording->error);
        return f;
    }
    QByteArray json;
    QString error;
    if (!io::readUserFile(path, &json, &error, dashIsStdin)) {
        f.error = error;
        return f;
    }
    f.snapshot = readSnapshotJson(json, &error);
    if (!f.snapshot)
        f.error = QStringLiteral("%1 is not a usable snapshot: %2").arg(stdinAsked ? QStringLiteral("standard input") : path, error);
    return f;
}

qsizetype momentAt(const Recording &recording, const QString &at, QString *error)
{
    const SnapshotHistory &moments = *recording.moments;
    if (moments.isEmpty()) {
        *error = QStringLiteral("the recording holds no moments");
        return -1;
    }
    const qint64 start = moments.timeAt(0);
    const qint64 end = moments.timeAt(moments.size() - 1);
    qint64 time = 0;
    bool ok = false;
    const double seconds = at.trimmed().toDouble(&ok);
    if (ok && std::isfinite(seconds) && seconds >= 0) {
        // Clamped to just past the end before converting: 1e300 seconds is "after the end", not an overflow.
        const double span = double(end - start) + 120'000;
        time = start + qint64(std::llround(std::min(seconds * 1000, span)));
    } else {
        const QDateTime t = QDateTime::fromString(at.trimmed(), Qt::ISODateWithMs);
        if (!t.isValid()) {
            *error = QStringLiteral("\"%1\" is neither seconds from the start nor an RFC 3339 time").arg(at);
            return -1;
        }
        time = t.toMSecsSinceEpoch();
    }
    auto clock = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODate); };
    if (time < start) {
        *error = QStringLiteral("%1 is before the recording began (%2)").arg(at, clock(start));
        return -1;
    }
    if (time > end + 60'000)
        *error = QStringLiteral("%1 is after the recording ended (%2): its last moment is used").arg(at, clock(end));
    return moments.indexAt(time);
}

} // namespace nsviz
