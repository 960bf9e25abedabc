#pragma once

namespace nsviz {

// `nsviz export ...`: draws the live host (or a saved snapshot) into a file without showing a window.
// Returns the process exit code: 0 done, 1 the snapshot or the file could not be used, 2 bad arguments.
int runExportCommand(int argc, char *argv[]);

// Drawing needs a QGuiApplication, but never a window: the offscreen platform, whatever the session has. Call
// before the application is made (nsviz export, nsviz lesson export).
void useOffscreenPlatform();

} // namespace nsviz
