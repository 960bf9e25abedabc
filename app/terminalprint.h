#pragma once

// One line to standard output for the command lines that print what containers say (nsviz demo, nsviz lesson):
// names, outputs and pages are the containers' to choose, so nothing in them may act on the terminal.

#include "io/escape.h"

#include <QString>

#include <cstdio>

namespace nsviz {

inline void printLine(const QString &text)
{
    std::fputs(escape::terminalLines(text).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace nsviz
