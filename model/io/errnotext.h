#pragma once

#include <QString>

namespace nsviz::io {

// An errno value as a user should read it: words for what went wrong and what it means here, with the symbolic
// name for a search ("the disk is full (ENOSPC)"). strerror's text where there are no better words; never
// "Unknown error".
QString errnoText(int error);

} // namespace nsviz::io
