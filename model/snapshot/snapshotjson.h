#pragma once

#include "snapshot.h"
#include "snapshotdelta.h"

#include <optional>

#include <QByteArray>
#include <QString>

namespace nsviz {

// Snapshot JSON, schema "nsviz-snapshot" version 1 (DESIGN.md). Writing gives one line with no trailing
// newline, so the probe's stream mode is one snapshot per line.
QByteArray writeSnapshotJson(const Snapshot &snapshot);

// Reads a snapshot document. On a bad one returns nullptr and sets *error to a message that starts with the
// path of the first offending value, e.g. `namespaces[3].type: unknown type "nett"`. Unknown fields are ignored.
SnapshotPtr readSnapshotJson(QByteArrayView json, QString *error = nullptr);

// The same, for a document already parsed (a line of a recording holds one).
SnapshotPtr readSnapshotObject(const QJsonObject &object, QString *error = nullptr);

// A SnapshotDelta as one JSON object (a recording's "delta", DESIGN.md); the same fields, in the same spelling, as
// a snapshot's. Reading checks each value, not whether the delta fits a snapshot (SnapshotDelta::applyTo does).
QByteArray writeDeltaJson(const SnapshotDelta &delta);
std::optional<SnapshotDelta> readDeltaObject(const QJsonObject &object, QString *error = nullptr);

inline constexpr int SnapshotSchemaVersion = 1;

} // namespace nsviz
