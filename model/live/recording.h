#pragma once

// A recording: what a host did over a stretch of time, as one file that replays anywhere (no root, no containers
// needed). The format (DESIGN.md, "Recordings"): JSON Lines, gzip-compressed; a header line, then one line per
// moment, each with its time: a whole snapshot (a keyframe) first and now and then, and in between the deltas
// (SnapshotDelta) from the moment before; a closing line last. Uncompressed files of the same lines are read too.

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdelta.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace nsviz {

class SnapshotHistory;
namespace io {
class SafeFile;
}

inline constexpr int RecordingSchemaVersion = 1;

// Writes one recording. Not thread-safe: one thread writes (the GUI's recorder has a thread of its own).
class RecordingWriter
{
public:
    explicit RecordingWriter(QString path);
    ~RecordingWriter(); // without finish(): nothing is left at the path (it is written in place only at the end)
    RecordingWriter(const RecordingWriter &) = delete;
    RecordingWriter &operator=(const RecordingWriter &) = delete;

    // `source` says what was recorded ("live host", "full view"...), for whoever replays it.
    bool open(const QString &source);
    // A moment: `delta` is the one from the moment written before, where the caller has it; without one, or when
    // a keyframe is due, the whole snapshot is written. `lesson`, where not empty, marks the moment as a step of
    // a lesson (its "lesson" key: lessons/lessonrecording.h says what it holds).
    bool write(const Snapshot &snapshot, const SnapshotDelta *delta, qint64 timeMs, const QJsonObject &lesson = {});
    bool finish(); // the closing line, then the file is put in place
    QString errorString() const { return m_error; }
    QString path() const { return m_path; }
    qint64 moments() const { return m_moments; }
    qint64 bytesWritten() const { return m_compressedBytes; }    // to the file, so far
    qint64 bytesUncompressed() const { return m_rawBytes; }

private:
    bool writeLine(const QByteArray &line);
    bool deflateOut(int flush);
    bool fail(const QString &why);

    struct Stream;
    QString m_path;
    std::unique_ptr<io::SafeFile> m_file;
    std::unique_ptr<Stream> m_z;
    QString m_error;
    qint64 m_moments = 0;
    qint64 m_sinceKeyframe = 0;
    qint64 m_bytesSinceKeyframe = 0;
    qint64 m_keyframeBytes = 0;
    qint64 m_compressedBytes = 0;
    qint64 m_rawBytes = 0;
    qint64 m_lastTime = 0;
    bool m_finished = false;
};

// A moment marked as a lesson's step (the moment's "lesson" object, which the lessons read).
struct RecordingMark
{
    qsizetype moment = 0;
    QJsonObject lesson;
};

struct Recording
{
    QString source;
    QString hostname;
    qint64 started = 0; // ms since the epoch
    std::shared_ptr<SnapshotHistory> moments; // every moment read, with its time; empty when nothing was good
    // Set when the file is not all good: the line and what is wrong with it, e.g. "line 7: delta.removedPids:
    // process 42 is not in the moment before". The moments before it are kept (playable up to the last good one).
    QString error;
    qint64 errorLine = 0;
    bool closed = false; // the closing line was read: the recording ended as it was meant to
    QList<RecordingMark> marks; // in moment order
    bool ok() const { return error.isEmpty() && closed; }
};

// Reads a recording. `maxBytes` bounds what its moments may take in memory (a 1 GB file of a busy host); past it,
// reading stops with an error, the moments up to there kept. A file that cannot be opened, or is not a recording,
// gives no moments and an error that says so.
Recording readRecording(const QString &path, qint64 maxBytes = qint64(2) << 30);

// Whether a file is a recording (its header line says so), as opposed to a snapshot document: for File > Open.
bool looksLikeRecording(const QString &path);

} // namespace nsviz
