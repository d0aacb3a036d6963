#!/usr/bin/env bash
# The desktop integration as built (before packaging): the .desktop file, the AppStream
# metainfo, the shared MIME type (compiled with update-mime-database into a scratch database and
# queried: *.tsg.json by name, a recording by its magic bytes) and the rendered icons' sizes.
# Usage: desktop_test.sh SOURCE_DIR BUILD_DIR VERSION   (CTest: packaging_desktop)
set -uo pipefail
SRC="$1" BIN="$2" VERSION="$3"
ID=io.github.tickscope.tickscope
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

desktop="$SRC/packaging/linux/$ID.desktop"
out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ] && ok "desktop-file-validate" || fail "desktop-file-validate: $out"
for key in "Exec=tickscope %f" "Icon=tickscope" "Categories=Development;Debugger;" \
    "MimeType=application/x-tickscope-graph;application/x-tickscope-recording;"; do
  grep -qxF "$key" "$desktop" || fail "$ID.desktop lacks $key"
done

metainfo="$BIN/packaging/$ID.metainfo.xml"
out=$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1) && ok "appstreamcli validate --no-net --pedantic" ||
  fail "appstreamcli: $out"
grep -q "<release version=\"$VERSION\"" "$metainfo" || fail "the metainfo's release is not $VERSION"
grep -q "<launchable type=\"desktop-id\">$ID.desktop</launchable>" "$metainfo" || fail "the metainfo's launchable"
grep -q "<binary>tickscope</binary>" "$metainfo" || fail "the metainfo provides no binary"

# The MIME database: compile our package alone and read what update-mime-database made of it.
mkdir -p "$work/mime/packages"
cp "$SRC/packaging/linux/tickscope-mime.xml" "$work/mime/packages/tickscope.xml"
out=$(update-mime-database -V "$work/mime" 2>&1)
if grep -qi 'error\|warning\|invalid' <<<"$out"; then fail "update-mime-database: $out"; fi
grep -qxF "60:application/x-tickscope-graph:*.tsg.json" "$work/mime/globs2" && ok "*.tsg.json: weight 60" ||
  fail "globs2: $(cat "$work/mime/globs2")"
grep -qF "application/x-tickscope-recording:*.tstrace" "$work/mime/globs2" || fail "no *.tstrace glob"
grep -qxF "application/x-tickscope-graph application/json" "$work/mime/subclasses" || fail "graph is no JSON subclass"
# The magic file: the 8 bytes "TSTRACE" 0x1A at offset 0.
# In update-mime-database's magic file: ">0=", the value's length as 2 bytes, the value.
if LC_ALL=C grep -qaP '^>0=\x00\x08TSTRACE\x1a$' "$work/mime/magic"; then ok "recording magic TSTRACE\\x1a at 0"; else
  fail "magic: $(od -c "$work/mime/magic" | head)"; fi
# A real recording's first bytes are that magic (docs/recording-format.md).
T="$BIN/app/tickscope"
if QT_QPA_PLATFORM=offscreen "$T" run "$SRC/resources/examples/diamond.tsg.json" --record "$work/d.tstrace" >/dev/null; then
  [ "$(head -c 8 "$work/d.tstrace" | od -An -c | tr -s ' ')" = " T S T R A C E 032" ] && ok "a recording starts with the magic" ||
    fail "a recording starts with $(head -c 8 "$work/d.tstrace" | od -An -c)"
else
  fail "tickscope run --record"
fi

# The icons: one SVG, each PNG at its size.
for size in 16 22 24 32 48 64 128 256; do
  png="$BIN/packaging/icons/${size}x${size}/apps/tickscope.png"
  info=$(file -b "$png" 2>&1)
  grep -q "PNG image data, $size x $size, 8-bit/color RGBA" <<<"$info" || fail "$png: $info"
done
[ "$failures" -eq 0 ] && ok "icons 16-256 px"
echo "$failures failed"
[ "$failures" -eq 0 ]
