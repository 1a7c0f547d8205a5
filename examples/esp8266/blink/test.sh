#!/bin/sh
# Builds blink natively in two temporary directories of different depth, at
# different times and with different SOURCE_DATE_EPOCH, and checks that
#   1. both ELFs and both v1 images are byte-identical, and
#   2. `edge firmware image-info` accepts the image: checksum valid, entry
#      point equal to the ELF's, exactly one IRAM and one DRAM segment, and
#      the flash settings of edge-firmware.yaml (dout, 1MB, 40m) in the header.
# Needs Debian's gcc-xtensa-lx106 and binutils-xtensa-lx106, and a built edge
# (EDGE=/path/to/edge, default: the launcher of this checkout).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
EDGE=${EDGE:-$here/../../../bin/edge}
CROSS=${CROSS:-xtensa-lx106-elf-}

fail() { echo "blink test: FAIL: $*" >&2; exit 1; }

command -v "${CROSS}gcc" >/dev/null 2>&1 ||
  fail "${CROSS}gcc not found (apt-get install gcc-xtensa-lx106 binutils-xtensa-lx106)"
[ -x "$EDGE" ] || command -v "$EDGE" >/dev/null 2>&1 || fail "edge launcher $EDGE not found (set EDGE)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Copies the sources, not a previous build/, so each build starts clean.
copy_tree() {
  mkdir -p "$1"
  (cd "$here" && tar --exclude=./build -cf - .) | (cd "$1" && tar -xf -)
}

build() {
  dir=$1; epoch=$2
  (cd "$dir" && SOURCE_DATE_EPOCH=$epoch make --no-print-directory CROSS="$CROSS" EDGE="$EDGE" image >"$dir.log" 2>&1) ||
    { tail -n 20 "$dir.log" >&2; fail "build in $dir failed"; }
}

a=$work/a/blink
b=$work/elsewhere/deeper/checkout/blink
copy_tree "$a"
copy_tree "$b"
build "$a" 1700000000
sleep 1
touch "$b"/*.c "$b"/*.h
build "$b" 1
echo "blink test: built in $a and $b"

for f in blink.elf blink-0x00000.bin; do
  cmp "$a/build/$f" "$b/build/$f" || fail "$f differs between the two builds"
  echo "blink test: $f identical ($(wc -c <"$a/build/$f") bytes, sha256 $(sha256sum "$a/build/$f" | cut -c1-16)...)"
done

for dir in "$a" "$b"; do
  if grep -a -q -F "$dir" "$dir/build/blink.elf"; then fail "build path $dir leaked into blink.elf"; fi
done

info=$("$EDGE" firmware image-info "$a/build/blink-0x00000.bin") || fail "image-info rejected the image"
echo "$info"

expect() {
  echo "$info" | grep -E -q "$1" || fail "image-info: expected a line matching '$1'"
}
entry=$("${CROSS}readelf" -h "$a/build/blink.elf" | awk '/Entry point address/ { print $4 }')
[ -n "$entry" ] || fail "no entry point in blink.elf"
expect "^Image version: 1$"
expect "^Entry point: $entry$"
expect "^Segments: 2$"
expect "^Flash size: 1MB$"
expect "^Flash freq: 40m$"
expect "^Flash mode: DOUT$"
expect "0x40100000 +0x[0-9a-f]+ +IRAM$"
expect "0x3ffe8000 +0x[0-9a-f]+ +DRAM$"
expect "^Checksum: 0x[0-9a-f]{2} \(valid\)$"
parts=$(ls "$a"/build/blink-0x*.bin | wc -l)
[ "$parts" -eq 1 ] || fail "elf2image wrote $parts files; blink must have no flash-mapped (IROM) part"

echo "blink test: PASS"
