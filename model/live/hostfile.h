#pragma once

// The one way a file the user names is read for a picture of a host, for the window (File > Open, --snapshot,
// --replay) and for `nsviz export --from`: a snapshot document or a recording, told apart by its first line.

#include "live/recording.h"
#include "snapshot/snapshot.h"

#include <QString>

#include <optional>

namespace nsviz {

struct HostFile
{
    SnapshotPtr snapshot;              // a snapshot document
    std::optional<Recording> recording; // a recording (its moments, and what is wrong with it, if anything)
    QString error;                     // nothing usable: why, as a sentence that names the file
    bool ok() const { return error.isEmpty(); }
};

// "-" is standard input where dashIsStdin (a snapshot only: a recording is read from a file).
HostFile loadHostFile(const QString &path, bool dashIsStdin = false);

// A moment of a recording, as a user gives it: seconds from its start ("90", "12.5") or an RFC 3339 time
// ("2026-12-02T18:39:31Z", or with an offset). The last moment at or before it; -1 with *error when it is no time,
// or before the recording began. Past its end: the last moment, and *error says so (a warning, not a failure).
qsizetype momentAt(const Recording &recording, const QString &at, QString *error);

} // namespace nsviz
