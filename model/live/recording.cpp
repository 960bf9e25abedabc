#include "recording.h"

#include "io/errnotext.h"
#include "io/safefile.h"
#include "live/snapshothistory.h"
#include "snapshot/snapshotjson.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>

#include <zlib.h>

namespace nsviz {

namespace {

constexpr char Schema[] = "nsviz-recording";
// A keyframe at least this often (a reader that starts from a damaged line has this far to go to the next one)...
constexpr qint64 MaxDeltasPerKeyframe = 600;
// ...and whenever the deltas since the last one are as large as a keyframe.
constexpr qint64 KeyframesWorthOfDeltas = 1;
constexpr qsizetype MaxLine = qsizetype(256) << 20; // as ProbeStream: a longer line is not a snapshot

QByteArray timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
}

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

struct RecordingWriter::Stream
{
    z_stream z{};
    bool ready = false;
    ~Stream()
    {
        if (ready)
            deflateEnd(&z);
    }
};

RecordingWriter::RecordingWriter(QString path)
    : m_path(std::move(path))
{
}

RecordingWriter::~RecordingWriter() = default;

bool RecordingWriter::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    return false;
}

bool RecordingWriter::open(const QString &source)
{
    m_file = std::make_unique<io::SafeFile>(m_path);
    if (!m_file->open())
        return fail(m_file->errorString());
    m_z = std::make_unique<Stream>();
    // 15 + 16: a gzip wrapper, so `zcat` reads it; level 6, zlib's default, costs little at a few KiB a second.
    if (deflateInit2(&m_z->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return fail(QStringLiteral("cannot write %1: zlib could not start").arg(m_path));
    m_z->ready = true;
    QJsonObject header{{QStringLiteral("schema"), QLatin1String(Schema)},
                       {QStringLiteral("version"), RecordingSchemaVersion},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("started"), QString::fromLatin1(timeText(QDateTime::currentMSecsSinceEpoch()))}};
    return writeLine(QJsonDocument(header).toJson(QJsonDocument::Compact));
}

bool RecordingWriter::deflateOut(int flush)
{
    char out[64 * 1024];
    do {
        m_z->z.next_out = reinterpret_cast<Bytef *>(out);
        m_z->z.avail_out = sizeof out;
        const int r = deflate(&m_z->z, flush);
        if (r == Z_STREAM_ERROR)
            return fail(QStringLiteral("cannot write %1: zlib failed").arg(m_path));
        const qsizetype n = qsizetype(sizeof out - m_z->z.avail_out);
        if (n > 0 && !m_file->write(QByteArrayView(out, n)))
            return fail(m_file->errorString());
        m_compressedBytes += n;
    } while (m_z->z.avail_out == 0);
    return true;
}

bool RecordingWriter::writeLine(const QByteArray &line)
{
    if (!m_error.isEmpty() || !m_z || m_finished)
        return false;
    for (QByteArrayView part : {QByteArrayView(line), QByteArrayView("\n", 1)}) {
        m_z->z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(part.data()));
        m_z->z.avail_in = uInt(part.size());
        if (!deflateOut(Z_NO_FLUSH))
            return false;
    }
    m_rawBytes += line.size() + 1;
    return true;
}

bool RecordingWriter::write(const Snapshot &snapshot, const SnapshotDelta *delta, qint64 timeMs, const QJsonObject &lesson)
{
    m_lastTime = std::max(m_lastTime, timeMs);
    const bool keyframeDue = m_moments == 0 || !delta || m_sinceKeyframe >= MaxDeltasPerKeyframe
        || m_bytesSinceKeyframe > m_keyframeBytes * KeyframesWorthOfDeltas;
    QByteArray line = "{\"time\":\"" + timeText(m_lastTime) + "\",";
    if (keyframeDue) {
        const QByteArray json = writeSnapshotJson(snapshot);
        m_keyframeBytes = json.size();
        m_bytesSinceKeyframe = 0;
        m_sinceKeyframe = 0;
        line += "\"snapshot\":" + json;
    } else {
        const QByteArray json = writeDeltaJson(*delta);
        m_bytesSinceKeyframe += json.size();
        ++m_sinceKeyframe;
        line += "\"delta\":" + json;
    }
    // Readers that do not know the key pass it by: the moment is the same.
    if (!lesson.isEmpty())
        line += ",\"lesson\":" + QJsonDocument(lesson).toJson(QJsonDocument::Compact);
    line += '}';
    if (!writeLine(line))
        return false;
    ++m_moments;
    return true;
}

bool RecordingWriter::finish()
{
    if (m_finished)
        return m_error.isEmpty();
    if (!m_error.isEmpty() || !m_z)
        return false;
    QJsonObject end{{QStringLiteral("end"), QString::fromLatin1(timeText(m_lastTime))}, {QStringLiteral("moments"), m_moments}};
    if (!writeLine(QJsonDocument(end).toJson(QJsonDocument::Compact)))
        return false;
    m_z->z.next_in = nullptr;
    m_z->z.avail_in = 0;
    if (!deflateOut(Z_FINISH))
        return false;
    m_finished = true;
    if (!m_file->commit())
        return fail(m_file->errorString());
    return true;
}

// ---------------------------------------------------------------- reading

namespace {

// Lines of a file, gzip-compressed or not.
class LineSource
{
public:
    explicit LineSource(const QString &path)
        : m_file(path)
    {
    }
    ~LineSource()
    {
        if (m_inflating)
            inflateEnd(&m_z);
    }
    bool open(QString *error)
    {
        const QFileInfo info(m_file.fileName());
        if (info.exists() && !info.isFile()) {
            *error = QStringLiteral("%1 is not a file").arg(m_file.fileName());
            return false;
        }
        if (!m_file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot open %1: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        const QByteArray magic = m_file.peek(2);
        if (magic == QByteArray("\x1f\x8b", 2)) {
            if (inflateInit2(&m_z, 15 + 32) != Z_OK) {
                *error = QStringLiteral("cannot read %1: zlib could not start").arg(m_file.fileName());
                return false;
            }
            m_inflating = true;
        }
        return true;
    }
    // The next line without its newline; false at the end. *cut: the file ended inside it (no newline after).
    bool next(QByteArray *line, bool *cut, QString *error)
    {
        for (;;) {
            const qsizetype nl = m_buffer.indexOf('\n', m_scanned);
            if (nl >= 0) {
                *line = m_buffer.left(nl);
                m_buffer.remove(0, nl + 1);
                m_scanned = 0;
                *cut = false;
                return true;
            }
            m_scanned = m_buffer.size();
            if (m_buffer.size() > MaxLine) {
                *error = QStringLiteral("a line is longer than %1 MiB").arg(MaxLine >> 20);
                return false;
            }
            if (!fill(error))
                return false;
            if (m_eof) {
                if (m_buffer.isEmpty())
                    return false;
                *line = std::exchange(m_buffer, {});
                *cut = true;
                return true;
            }
        }
    }

private:
    bool fill(QString *error)
    {
        char in[64 * 1024];
        const qint64 n = m_file.read(in, sizeof in);
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        if (!m_inflating) {
            m_buffer.append(in, n);
            m_eof = n == 0;
            return true;
        }
        if (n == 0) {
            m_eof = true;
            if (!m_streamEnded)
                m_truncated = true; // the compressed stream stops short: the file was cut
            return true;
        }
        m_z.next_in = reinterpret_cast<Bytef *>(in);
        m_z.avail_in = uInt(n);
        while (m_z.avail_in > 0) {
            if (m_streamEnded) {
                // Another gzip member after the first (cat a.gz b.gz): go on with it.
                inflateReset(&m_z);
                m_streamEnded = false;
            }
            char out[256 * 1024];
            m_z.next_out = reinterpret_cast<Bytef *>(out);
            m_z.avail_out = sizeof out;
            const int r = inflate(&m_z, Z_NO_FLUSH);
            if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
                *error = QStringLiteral("the compressed data is damaged (%1)").arg(QString::fromLatin1(m_z.msg ? m_z.msg : "zlib error"));
                return false;
            }
            m_buffer.append(out, qsizetype(sizeof out - m_z.avail_out));
            if (r == Z_STREAM_END)
                m_streamEnded = true;
            if (r == Z_BUF_ERROR && m_z.avail_out != 0)
                break;
        }
        return true;
    }

public:
    bool truncated() const { return m_truncated; }
    // The first bytes of the text (some KiB), without reading on to a newline.
    QByteArray head(QString *error)
    {
        if (m_buffer.isEmpty() && !m_eof)
            fill(error);
        return m_buffer.left(4096);
    }

private:
    QFile m_file;
    z_stream m_z{};
    bool m_inflating = false;
    bool m_streamEnded = false;
    bool m_truncated = false;
    bool m_eof = false;
    QByteArray m_buffer;
    qsizetype m_scanned = 0;
};

qint64 parseTime(const QJsonValue &v, QString *error)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !t.isValid()) {
        *error = QStringLiteral("time: expected an RFC 3339 time");
        return -1;
    }
    return t.toMSecsSinceEpoch();
}

} // namespace

Recording readRecording(const QString &path, qint64 maxBytes)
{
    Recording r;
    r.moments = std::make_shared<SnapshotHistory>(std::numeric_limits<qint64>::max());
    LineSource source(path);
    if (!source.open(&r.error))
        return r;

    std::unique_ptr<SnapshotBuilder> builder; // the moment last read, to check the next delta against
    qint64 lineNumber = 0;
    qint64 lastGoodTime = -1;
    auto stop = [&](const QString &what) {
        r.errorLine = lineNumber;
        r.error = QStringLiteral("line %1: %2").arg(lineNumber).arg(what);
        if (lastGoodTime >= 0)
            r.error += QStringLiteral("; the recording is good up to %1").arg(clockText(lastGoodTime));
        return r;
    };
    QByteArray line;
    bool cut = false;
    QString readError;
    while (true) {
        if (!source.next(&line, &cut, &readError)) {
            if (!readError.isEmpty()) {
                ++lineNumber;
                return stop(readError);
            }
            break;
        }
        ++lineNumber;
        if (r.closed)
            return stop(QStringLiteral("more after the closing line"));
        if (line.trimmed().isEmpty() && !cut)
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            if (cut || source.truncated())
                return stop(QStringLiteral("cut short: the file ends inside it (was nsviz stopped while recording?)"));
            return stop(parseError.error != QJsonParseError::NoError
                            ? QStringLiteral("not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString())
                            : QStringLiteral("expected an object"));
        }
        const QJsonObject o = doc.object();
        if (lineNumber == 1) {
            const QJsonValue schema = o.value(QLatin1String("schema"));
            if (schema.toString() != QLatin1String(Schema))
                return stop(schema.toString() == QLatin1String("nsviz-snapshot")
                                ? QStringLiteral("this is a snapshot, not a recording")
                                : QStringLiteral("not an nsviz recording (schema is not \"%1\")").arg(QLatin1String(Schema)));
            const int version = o.value(QLatin1String("version")).toInt(-1);
            if (version != RecordingSchemaVersion)
                return stop(QStringLiteral("unsupported version %1 (this nsviz reads version %2)")
                                .arg(o.value(QLatin1String("version")).toVariant().toString())
                                .arg(RecordingSchemaVersion));
            r.source = o.value(QLatin1String("source")).toString();
            QString ignored;
            r.started = std::max<qint64>(0, parseTime(o.value(QLatin1String("started")), &ignored));
            continue;
        }
        if (o.contains(QLatin1String("end"))) {
            r.closed = true;
            continue;
        }
        QString error;
        const qint64 time = parseTime(o.value(QLatin1String("time")), &error);
        if (time < 0)
            return stop(error);
        if (lastGoodTime >= 0 && time < lastGoodTime)
            return stop(QStringLiteral("time: %1 is before the moment before it").arg(o.value(QLatin1String("time")).toString()));
        if (const QJsonValue s = o.value(QLatin1String("snapshot")); s.isObject()) {
            SnapshotPtr snapshot = readSnapshotObject(s.toObject(), &error);
            if (!snapshot)
                return stop(QStringLiteral("snapshot.") + error);
            builder = std::make_unique<SnapshotBuilder>(*snapshot);
            if (r.hostname.isEmpty())
                r.hostname = snapshot->host().hostname;
            r.moments->appendKeyframe(std::move(snapshot), time);
        } else if (const QJsonValue d = o.value(QLatin1String("delta")); d.isObject()) {
            if (!builder)
                return stop(QStringLiteral("a delta before any snapshot: there is nothing for it to change"));
            std::optional<SnapshotDelta> delta = readDeltaObject(d.toObject(), &error);
            if (!delta)
                return stop(QStringLiteral("delta.") + error);
            if (!builder->apply(*delta, &error))
                return stop(QStringLiteral("delta.") + error);
            r.moments->appendDelta(std::move(*delta), time);
        } else {
            return stop(QStringLiteral("neither a snapshot nor a delta"));
        }
        lastGoodTime = time;
        if (const QJsonValue lesson = o.value(QLatin1String("lesson")); lesson.isObject())
            r.marks.append({r.moments->size() - 1, lesson.toObject()});
        else if (!lesson.isUndefined())
            return stop(QStringLiteral("lesson: expected an object"));
        if (r.moments->bytes() > maxBytes)
            return stop(QStringLiteral("the recording needs more than %1 MiB of memory; nsviz stopped reading here").arg(maxBytes >> 20));
    }
    if (lineNumber == 0)
        r.error = QStringLiteral("%1 is empty").arg(path);
    else if (r.moments->isEmpty() && r.error.isEmpty())
        r.error = QStringLiteral("%1 holds no moments").arg(path);
    else if (!r.closed && source.truncated()) {
        ++lineNumber;
        stop(QStringLiteral("cut short: the file ends inside it (was nsviz stopped while recording?)"));
    }
    return r;
}

bool looksLikeRecording(const QString &path)
{
    LineSource source(path);
    QString error;
    if (!source.open(&error))
        return false;
    const QByteArray head = source.head(&error);
    return head.left(head.indexOf('\n')).contains("\"nsviz-recording\"");
}

} // namespace nsviz
