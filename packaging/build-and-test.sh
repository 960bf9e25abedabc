#!/usr/bin/env bash
# Installs what nsviz needs, builds it and runs the whole test suite: once as shipped (RelWithDebInfo), then
# once more under AddressSanitizer + UndefinedBehaviorSanitizer, so memory errors in the code that parses
# untrusted /proc text fail the run. Root-only integration tests skip with a message when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh

cmake --preset default
cmake --build --preset default
ctest --preset default

cmake --preset asan
cmake --build --preset asan
ctest --preset asan
