#!/usr/bin/env bash
# deps.sh - GLPK and cJSON for the WebAssembly build (issue 22): fetch Debian's
# source packages of the versions the native build links, verify them against
# the checksums pinned below, and build static libraries with emcc.
#
#   web/deps.sh OUT      writes OUT/lib/libglpk.a, OUT/lib/libcjson.a and OUT/include
#
# The sources come through apt-get source with a private apt configuration in OUT
# (its own deb-src list, package lists and cache), so nothing of the system's apt
# set-up is changed and no root is needed. A library already built is kept.
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs} NODE_OPTIONS=${NODE_OPTIONS:---no-experimental-fetch}

# The versions of `dpkg -l libglpk-dev libcjson-dev` on Debian 12 (bookworm) and
# the SHA-256 of each file of their source packages.
GLPK_VERSION=5.0-1
CJSON_VERSION=1.7.15-1+deb12u4
PINNED="78448d56d0c363787bc46e9334e9bb4b6010b1e26933605a33a8b36ee5590e68  glpk_5.0-1.dsc
4a1013eebb50f728fc601bdd833b0b2870333c3b3e5a816eeba921d95bec6f15  glpk_5.0.orig.tar.gz
34ecc0f680fd70d2d0ed6f2ba11bbc68b033c7dcfcd4ceafcce84902999429da  glpk_5.0-1.debian.tar.xz
764c2de141d680f4fb4cada30c526dacaa30ead061b9b9c34f2b81e2df0f8439  cjson_1.7.15-1+deb12u4.dsc
5308fd4bd90cef7aa060558514de6a1a4a0819974a26e6ed13973c5f624c24b2  cjson_1.7.15.orig.tar.gz
afd19a970966cf534ff1e9ec077d710a5e7e78eb4ec9b499c8bdc32e55da12cb  cjson_1.7.15-1+deb12u4.debian.tar.xz"

if [ -f "$out/lib/libglpk.a" ] && [ -f "$out/lib/libcjson.a" ]; then
    exit 0
fi

# What the native build links: warn (not fail) when the installed packages differ.
for package in libglpk-dev:$GLPK_VERSION libcjson-dev:$CJSON_VERSION; do
    installed=$(dpkg-query -W -f='${Version}' "${package%%:*}" 2>/dev/null || true)
    if [ -n "$installed" ] && [ "$installed" != "${package#*:}" ]; then
        echo "deps.sh: warning: ${package%%:*} $installed is installed, the web build uses ${package#*:}" >&2
    fi
done

download="$out/download"
mkdir -p "$download"
if ! (cd "$download" && echo "$PINNED" | sha256sum --quiet -c - >/dev/null 2>&1); then
    apt="$out/apt"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
    printf '%s\n' \
        "deb-src http://deb.debian.org/debian bookworm main" \
        "deb-src http://deb.debian.org/debian bookworm-updates main" \
        "deb-src http://deb.debian.org/debian-security bookworm-security main" > "$apt/sources.list"
    options=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/none"
             -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1
             -o APT::Sandbox::User=root)
    apt-get "${options[@]}" -q update
    (cd "$download" && apt-get "${options[@]}" -q source --download-only \
        "glpk=$GLPK_VERSION" "cjson=$CJSON_VERSION")
    (cd "$download" && echo "$PINNED" | sha256sum -c -) || {
        echo "deps.sh: the downloaded sources do not match the pinned checksums" >&2; exit 1; }
fi

mkdir -p "$out/lib" "$out/include"
jobs=${JOBS:-2}

# cJSON: Debian's package with its patches (security fixes) applied, one file.
if [ ! -f "$out/lib/libcjson.a" ]; then
    rm -rf "$out/cjson"
    dpkg-source --no-check -x "$download/cjson_$CJSON_VERSION.dsc" "$out/cjson" >/dev/null
    emcc -O2 -c -o "$out/cjson/cJSON.o" "$out/cjson/cJSON.c"
    emar rcs "$out/lib/libcjson.a" "$out/cjson/cJSON.o"
    mkdir -p "$out/include/cjson"
    cp "$out/cjson/cJSON.h" "$out/include/cjson/cJSON.h"
fi

# GLPK: the upstream tarball of Debian's package. Debian's two patches only make
# it link the system's zlib and SuiteSparse (AMD, COLAMD) instead of the copies
# GLPK embeds; with no such libraries for wasm, the embedded copies are built.
# configure runs under emconfigure without --host (emcc passes for a native cc).
if [ ! -f "$out/lib/libglpk.a" ]; then
    rm -rf "$out/glpk-5.0"
    tar -C "$out" -xzf "$download/glpk_5.0.orig.tar.gz"
    (cd "$out/glpk-5.0" &&
        emconfigure ./configure --disable-shared --enable-static --prefix="$out" CFLAGS=-O2 >/dev/null &&
        emmake make -j"$jobs" -C src >/dev/null &&
        cp src/.libs/libglpk.a "$out/lib/libglpk.a" && cp src/glpk.h "$out/include/glpk.h")
fi
echo "deps.sh: $out/lib/libglpk.a $out/lib/libcjson.a"
