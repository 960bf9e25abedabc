#pragma once

#include <QByteArray>
#include <QString>

namespace nsviz::io {

// A snapshot file is rarely above a few tens of megabytes (20,000 processes write about 10 MB).
inline constexpr qint64 MaxUserFileBytes = qint64(1) << 30;

// Reads the whole of a file the user named (a snapshot to open or export): a regular file, a pipe (as in
// `nsviz export --from <(nsviz-probe --once)`), or standard input for "-" where dashIsStdin. At most `limit`
// bytes, so that /dev/zero or a runaway pipe cannot take all the memory. False with *error set to a sentence
// such as "cannot read /x/s.json: permission denied (EACCES)".
bool readUserFile(const QString &path, QByteArray *out, QString *error, bool dashIsStdin = false,
                  qint64 limit = MaxUserFileBytes);

} // namespace nsviz::io
