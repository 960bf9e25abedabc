#pragma once

// A lesson as a handout for the class: a PDF (A4 portrait), one page per step. Each page has the lesson and the
// step on top, the caption and narration, the picture of that step (the sharing graph of the snapshot it is given,
// in the presentation look: `nsviz lesson export` gives the lesson's containers and the host's own processes),
// what the class should have seen (the checks, each with what the scan showed), what the step's actions printed
// (the first lines) and the commands to try by hand. A step that could not be done (it needs root, or an action failed) says why in place of its
// picture. Every text is drawn as plain text: outputs and host names are the host's to choose.

#include "snapshot/snapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace nsviz {

struct HandoutStep
{
    QString caption;
    QString narration;
    QStringList checks;      // "✓ web-a is running (1 process in its namespaces)"
    QString output;          // what its actions did and printed
    QStringList tryCommands;
    SnapshotPtr snapshot;    // the host after the step, with the containers' names; null: not done
    QString notDone;         // why there is no picture ("this step needs root: ...")
};

struct Handout
{
    QString title;
    QString summary;
    QString source;
    QList<HandoutStep> steps;
};

// Writes the PDF through io::SafeFile ("-" is standard output); false with *error set.
bool exportHandout(const Handout &handout, const QString &path, QString *error);

} // namespace nsviz
