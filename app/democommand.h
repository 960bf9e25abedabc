#pragma once

// `nsviz demo ...`: the demo containers on the command line, without a window.
//   nsviz demo list                          the presets: id, title, one line of explanation
//   nsviz demo run PRESET [--for SECONDS]    runs one in the foreground until SIGINT/SIGTERM/SIGHUP or the time is up
// Exit codes: 0 ok, 1 the containers could not start or ended by themselves, 2 usage error.

namespace nsviz {

// argv as main() got it, with argv[1] == "demo". Creates its own QCoreApplication.
int runDemoCommand(int &argc, char **argv);

} // namespace nsviz
