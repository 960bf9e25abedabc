#!/usr/bin/env bash
# Installs what nsviz needs, builds it and starts it on the live host. Arguments go to nsviz.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/install-deps.sh
cmake --preset default
cmake --build --preset default

# Qt wants a private runtime directory; root sessions often have none.
if [[ -z ${XDG_RUNTIME_DIR:-} || ! -d ${XDG_RUNTIME_DIR} || ! -O ${XDG_RUNTIME_DIR} ]]; then
    export XDG_RUNTIME_DIR=/tmp/runtime-$(id -u)
    mkdir -p "$XDG_RUNTIME_DIR"
    chmod 0700 "$XDG_RUNTIME_DIR"
fi
exec ./build/default/app/nsviz "$@"
