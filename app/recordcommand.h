#pragma once

namespace nsviz {

// `nsviz record -o FILE [--for SECONDS] [--interval MS]`: records the live host, headless, until the time is up or
// Ctrl-C (SIGINT, SIGTERM, SIGHUP), then puts the file in place. Exit status: 0 recorded, 1 could not record
// (nothing is left at FILE), 2 usage, 3 recorded but some scans were incomplete (as nsviz-probe says it).
int runRecordCommand(int argc, char *argv[]);

} // namespace nsviz
