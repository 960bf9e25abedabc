#!/usr/bin/env bash
# Installs every Debian 12 package that nsviz needs to build, run and test.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
    # toolchain; clang and its runtime for the libFuzzer targets (cmake --preset fuzz)
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    # Qt 6 (Debian 12 ships 6.4.2); qt6-charts-dev needs libqt6opengl6-dev spelled out
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
    qt6-qpa-plugins libgl-dev
    # Qt Linguist: lupdate keeps resources/translations/nsviz.ts current (tst_translations)
    qt6-l10n-tools qt6-tools-dev
    # graph layout
    libgraphviz-dev graphviz
    # namespaces, mounts and the tools the integration tests compare against
    util-linux iproute2 libmount-dev procps
    # recordings are gzip-compressed
    zlib1g-dev
    # the full view: the GUI runs the read-only probe as root through polkit
    pkexec
    # demo containers and engine tests
    busybox-static podman runc
    # screenshots and GUI tests without a display; xdotool clicks through the app on that screen
    xvfb xauth imagemagick fonts-dejavu-core xdotool
    # the tests read the lesson handouts back (pdfinfo, pdftotext)
    poppler-utils
    # packaging validators; the man pages and bash completion are generated from --help by a Python script and
    # read back with man(1)
    desktop-file-utils appstream python3 man-db groff-base
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=()
((EUID == 0)) || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
