#pragma once

// `nsviz lesson ...`: the guided lessons without a window.
//   nsviz lesson list                 one lesson a line: its name, its title, what it needs
//   nsviz lesson run NAME             performs each step on this host with the built-in demo runtime, checks it
//                                     against a fresh scan and prints PASS or FAIL per check; cleans up at the end
//   nsviz lesson export NAME -o F.pdf performs it the same way and writes a handout, one page per step with its
//                                     picture (views/export/handout.h)
// Exit codes: 0 every check passed, 1 a check failed, an action could not be done or the handout not written,
// 2 usage error, 3 the lesson needs root for a step (said which and why) and every check before it passed.

namespace nsviz {

// argv as main() got it, with argv[1] == "lesson". Creates its own QCoreApplication (a QApplication, offscreen, for export).
int runLessonCommand(int &argc, char **argv);

} // namespace nsviz
