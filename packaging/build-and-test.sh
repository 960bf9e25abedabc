#!/usr/bin/env bash
# Installs what nsviz needs, builds it and runs the whole test suite: once as shipped (RelWithDebInfo), then
# once more under AddressSanitizer + UndefinedBehaviorSanitizer, so memory errors in the code that parses
# untrusted /proc text fail the run, and last the libFuzzer targets of those parsers for a few seconds each
# (clang; NSVIZ_FUZZ_SECONDS, default 10). Root-only integration tests skip with a message when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh

cmake --preset default
cmake --build --preset default
ctest --preset default

cmake --preset asan
cmake --build --preset asan
ctest --preset asan

cmake --preset fuzz -DNSVIZ_FUZZ_SECONDS="${NSVIZ_FUZZ_SECONDS:-10}"
cmake --build --preset fuzz
ctest --preset fuzz
