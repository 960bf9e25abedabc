#pragma once

// The window's graph model builds off the GUI thread (GraphModel::setAsynchronous): a test that looks at the graph
// right after giving it a snapshot or an option waits for that build to be applied, as a user's next look would.

#include "graph/graphmodel.h"

#include <QTest>

namespace nsviz::testing {

inline bool graphBuilt(const GraphModel *model, int timeoutMs = 30000)
{
    return QTest::qWaitFor([model] { return !model->isBuilding(); }, timeoutMs);
}

} // namespace nsviz::testing
