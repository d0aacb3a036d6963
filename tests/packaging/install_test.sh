#!/usr/bin/env bash
# The packages and the installation, end to end (CTest: packaging_install):
#   1. CPack builds the Debian packages; dpkg-deb shows their fields and contents;
#   2. the packaged desktop file and metainfo validate;
#   3. `cmake --install` into a temporary prefix; the installed binary's --version, validate
#      and run on an installed example;
#   4. a consumer project (tests/packaging/consumer) is configured against that prefix only,
#      built (every installed header compiled on its own, the program linked with
#      Tickscope::engine) and run.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR VERSION
set -euo pipefail
SRC="$1" BIN="$2" VERSION="$3"
WORK="$BIN/packaging-test"
rm -rf "$WORK"
mkdir -p "$WORK"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
need() {  # need DESCRIPTION COMMAND...: the command must succeed
  local what="$1"
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

echo "== 1. cpack"
(cd "$WORK" && cpack --config "$BIN/CPackConfig.cmake" -B "$WORK/deb") >"$WORK/cpack.log" 2>&1 || {
  cat "$WORK/cpack.log"
  fail "cpack"
  exit 1
}
runtime_deb=$(ls "$WORK"/deb/tickscope_"$VERSION"_*.deb)
dev_deb=$(ls "$WORK"/deb/tickscope-dev_"$VERSION"_*.deb)
ok "cpack made $(basename "$runtime_deb") ($(du -k "$runtime_deb" | cut -f1) KiB) and $(basename "$dev_deb") ($(du -k "$dev_deb" | cut -f1) KiB)"

dpkg-deb -I "$runtime_deb"
depends=$(dpkg-deb -f "$runtime_deb" Depends)
[ "$(dpkg-deb -f "$runtime_deb" Package)" = tickscope ] || fail "runtime package name"
[ "$(dpkg-deb -f "$runtime_deb" Version)" = "$VERSION" ] || fail "runtime package version is not $VERSION"
[ "$(dpkg-deb -f "$runtime_deb" Section)" = devel ] || fail "runtime package section"
for lib in libqt6widgets6 libqt6gui6 libqt6svg6 libqt6core6 libc6 libstdc++6 libspdlog libmuparser libgvc6; do
  tr ',' '\n' <<<"$depends" | sed 's/^ *//' | grep -q "^$lib" || fail "Depends lacks $lib: $depends"
done
if grep -qE -- '-dev\b' <<<"$depends"; then fail "Depends names a -dev package: $depends"; else ok "runtime Depends: shlibdeps, no -dev"; fi

dpkg-deb -c "$runtime_deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/runtime.list"
dpkg-deb -c "$dev_deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/dev.list"
expect_in() {  # expect_in LIST PATH...
  local list="$1" path
  shift
  for path in "$@"; do grep -qxF "$path" "$list" || fail "$(basename "$list" .list) package lacks $path"; done
}
expect_in "$WORK/runtime.list" /usr/bin/tickscope /usr/share/man/man1/tickscope.1.gz \
  /usr/share/applications/io.github.tickscope.tickscope.desktop \
  /usr/share/metainfo/io.github.tickscope.tickscope.metainfo.xml /usr/share/mime/packages/tickscope.xml \
  /usr/share/icons/hicolor/scalable/apps/tickscope.svg /usr/share/bash-completion/completions/tickscope \
  /usr/share/tickscope/examples/diamond.tsg.json /usr/share/tickscope/examples/README.md \
  /usr/share/tickscope/screenshots/debugger.png /usr/share/doc/tickscope/cli.md
for size in 16 22 24 32 48 64 128 256; do
  expect_in "$WORK/runtime.list" "/usr/share/icons/hicolor/${size}x${size}/apps/tickscope.png"
done
examples=$(grep -c '^/usr/share/tickscope/examples/.*\.tsg\.json$' "$WORK/runtime.list" || true)
[ "$examples" -eq "$(ls "$SRC"/resources/examples/*.tsg.json | wc -l)" ] || fail "the package has $examples examples"
if grep -q '^/usr/include\|\.a$\|/cmake/' "$WORK/runtime.list"; then fail "the runtime package holds development files"; fi
expect_in "$WORK/dev.list" /usr/include/tickscope/reactive/builder.h /usr/include/tickscope/sched/test_scheduler.h \
  /usr/lib/libtickscope_engine.a /usr/lib/cmake/Tickscope/TickscopeConfig.cmake \
  /usr/lib/cmake/Tickscope/TickscopeConfigVersion.cmake /usr/lib/cmake/Tickscope/TickscopeTargets.cmake
if grep -q '_p\.h$' "$WORK/runtime.list" "$WORK/dev.list"; then fail "a private header (*_p.h) is packaged"; else ok "no *_p.h packaged"; fi
public=$(cd "$SRC/engine" && find . -name '*.h' ! -name '*_p.h' | wc -l)
packaged=$(grep -c '^/usr/include/tickscope/.*\.h$' "$WORK/dev.list" || true)
[ "$public" -eq "$packaged" ] || fail "$packaged headers packaged, $public public headers in engine/"
dev_depends=$(dpkg-deb -f "$dev_deb" Depends)
for dep in libspdlog-dev libfmt-dev nlohmann-json3-dev libmuparser-dev libsimdjson-dev; do
  tr ',' '\n' <<<"$dev_depends" | sed 's/^ *//' | grep -qx "$dep" || fail "tickscope-dev Depends lacks $dep: $dev_depends"
done
[ "$(dpkg-deb -f "$dev_deb" Version)" = "$VERSION" ] || fail "dev package version is not $VERSION"
[ "$failures" -eq 0 ] && ok "package fields and contents ($(wc -l <"$WORK/runtime.list") + $(wc -l <"$WORK/dev.list") entries)"

echo "== 2. the packaged desktop integration validates"
dpkg-deb -x "$runtime_deb" "$WORK/unpacked"
need "desktop-file-validate" desktop-file-validate "$WORK/unpacked/usr/share/applications/io.github.tickscope.tickscope.desktop"
need "appstreamcli validate --no-net --pedantic" \
  appstreamcli validate --no-net --pedantic "$WORK/unpacked/usr/share/metainfo/io.github.tickscope.tickscope.metainfo.xml"
grep -q "<release version=\"$VERSION\"" "$WORK/unpacked/usr/share/metainfo/io.github.tickscope.tickscope.metainfo.xml" ||
  fail "the metainfo's release is not $VERSION"

echo "== 3. cmake --install into a prefix, the installed binary"
PREFIX="$WORK/prefix"
cmake --install "$BIN" --prefix "$PREFIX" --strip >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "cmake --install"; exit 1; }
if find "$PREFIX" -name '*_p.h' | grep -q .; then fail "cmake --install installed a *_p.h"; fi
T="$PREFIX/bin/tickscope"
EX="$PREFIX/share/tickscope/examples"
export QT_QPA_PLATFORM=offscreen
version_out=$("$T" --version 2>&1 || true)
[ "$version_out" = "tickscope $VERSION" ] && ok "--version: $version_out" || fail "--version printed \"$version_out\""
validate_out=$("$T" validate "$EX/diamond.tsg.json") && grep -q ': ok: "diamond"' <<<"$validate_out" &&
  ok "validate: $validate_out" || fail "installed validate: $validate_out"
if "$T" run "$EX/diamond.tsg.json" --report "$WORK/diamond.json" --csv "$WORK/diamond.csv"; then
  grep -q '"graph": *"diamond"\|"name": *"diamond"' "$WORK/diamond.json" && grep -q '^join,computation,' "$WORK/diamond.csv" &&
    ok "run: report $(wc -c <"$WORK/diamond.json") bytes, csv $(wc -l <"$WORK/diamond.csv") lines" ||
    fail "installed run wrote an unexpected report"
else
  fail "installed run exited $?"
fi
for example in "$EX"/*.tsg.json; do
  "$T" validate "$example" >/dev/null || fail "installed validate $(basename "$example")"
done
"$T" generate chain --nodes 5 -o "$WORK/chain.tsg.json" && "$T" run "$WORK/chain.tsg.json" >/dev/null ||
  fail "installed generate + run"

echo "== 4. a consumer project against the prefix"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if cmake -S "$SRC/tests/packaging/consumer" -B "$WORK/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "${launcher[@]}" >"$WORK/consumer.configure.log" 2>&1; then
  grep -E 'Tickscope|headers' "$WORK/consumer.configure.log"
  grep -qxF "Tickscope_DIR:PATH=$PREFIX/lib/cmake/Tickscope" "$WORK/consumer/CMakeCache.txt" ||
    fail "the consumer found Tickscope elsewhere: $(grep Tickscope_DIR "$WORK/consumer/CMakeCache.txt")"
  if cmake --build "$WORK/consumer" -j "${TICKSCOPE_JOBS:-2}" >"$WORK/consumer.build.log" 2>&1; then
    ok "the consumer and every installed header compiled ($(grep -c 'each_header' "$WORK/consumer.build.log") header files)"
    if ldd "$WORK/consumer/app" | grep -qi 'libQt'; then fail "the consumer links Qt"; fi
    "$WORK/consumer/app" && ok "the consumer ran" || fail "the consumer's checks failed"
  else
    tail -60 "$WORK/consumer.build.log"
    fail "the consumer does not build"
  fi
else
  cat "$WORK/consumer.configure.log"
  fail "the consumer does not configure"
fi

echo
if [ "$failures" -eq 0 ]; then echo "packaging_install: all checks passed"; else echo "packaging_install: $failures failed"; fi
[ "$failures" -eq 0 ]
