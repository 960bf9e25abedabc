#pragma once

// Processes packed into bytes for keeping in memory, not for files: numbers as variable-length integers, text as
// UTF-8, a namespace set as its eight ids. A process of a busy host takes some 200 bytes so, against some 700 as a
// ProcessInfo with its strings; the history keeps the processes of its deltas this way (SnapshotDelta::pack).
// Only what packProcesses() wrote is unpacked; a truncated or damaged buffer is refused, not read past its end.

#include "snapshot.h"

#include <QByteArray>

#include <functional>
#include <vector>

namespace nsviz {

// Each process is a record: its pid, the length of the rest, the rest. So its pid can be read, and the record
// skipped, without unpacking it: a moment rebuilt from hundreds of deltas unpacks only the last record of each pid.
QByteArray packProcesses(const std::vector<ProcessInfo> &processes);
// Calls `take` with each process in order; false (after the good ones) where the bytes end early or are damaged.
bool unpackProcesses(const QByteArray &bytes, const std::function<void(ProcessInfo &&)> &take);
// Calls `visit` with each record's pid and where it starts, unpacking nothing; false where the bytes are damaged.
bool visitPackedProcesses(const QByteArray &bytes, const std::function<void(qint32 pid, qsizetype offset)> &visit);
// The record that starts at `offset` (as visitPackedProcesses() said); false where it is damaged.
bool unpackProcessAt(const QByteArray &bytes, qsizetype offset, ProcessInfo *out);

} // namespace nsviz
