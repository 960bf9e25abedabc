#pragma once

// A recording of given moments, one a second from `start`, as File > Record writes it (the first whole, then
// deltas): for the tests that read, open, cut or replay one.

#include "live/recording.h"
#include "snapshot/snapshotdelta.h"

#include <vector>

namespace nsviz::fixtures {

inline bool writeRecording(const QString &path, const std::vector<SnapshotPtr> &moments, qint64 start = 1700000000000)
{
    RecordingWriter writer(path);
    if (!writer.open(QStringLiteral("test")))
        return false;
    for (std::size_t i = 0; i < moments.size(); ++i) {
        const SnapshotDelta d = i ? SnapshotDelta::between(*moments[i - 1], *moments[i]) : SnapshotDelta();
        if (!writer.write(*moments[i], i ? &d : nullptr, start + qint64(i) * 1000))
            return false;
    }
    return writer.finish();
}

} // namespace nsviz::fixtures
