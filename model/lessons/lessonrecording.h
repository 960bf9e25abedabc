#pragma once

// A lesson taken home as a recording (`nsviz lesson record`), so that it plays where nothing may be started: each
// step is one moment of the recording, the host as the scan saw it after the step, marked with what only the runner
// knew then (the moment's "lesson" object: the lesson and step, whether the step was done, the containers with the
// namespaces they were in, whether they ran and the ports they listened on, the namespaces nsviz ran in, the
// outputs of the step's actions). Its checks are decided again from that, against the moment's snapshot, exactly as
// they were live: `nsviz lesson run NAME --replay FILE` and the Lesson tab of a window replaying the file.
//
// The "lesson" object, version 1:
//   {"lesson": "web-servers", "step": 0, "done": true, "privileged": true, "invokerUid": 0,
//    "self": {"cgroup": 4026531835, ...},
//    "containers": [{"name": "web-a", "id": "3", "initPid": 812, "running": true, "ports": [8080],
//                    "hostname": "", "namespaces": {"net": 4026532201, ...}}],
//    "outcomes": [{"title": "start the demo preset web-servers", "ok": true, "error": "",
//                  "output": "text", "hasOutput": true}]}

#include "lessonrunner.h"

#include "live/recording.h"

#include <QJsonObject>

#include <optional>

namespace nsviz {

QJsonObject lessonMark(const QString &lessonId, int step, bool done, const LessonWorld &world);

struct RecordedLesson
{
    struct Step
    {
        int step = 0;
        qsizetype moment = 0; // in the recording's moments
        bool done = true;
        LessonWorld world; // without the snapshot: the moment's
    };
    QString id;
    QList<Step> steps; // in order, one per step recorded (the lesson's first steps, or all of them)
};

// The lesson a recording holds: nullopt without marks; with marks that are not one lesson's steps in order, or
// malformed, nullopt and *error says what is wrong.
std::optional<RecordedLesson> recordedLesson(const Recording &recording, QString *error = nullptr);

} // namespace nsviz
