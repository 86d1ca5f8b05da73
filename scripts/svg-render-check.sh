#!/usr/bin/env bash
# Renders `:export`ed SVG pictures with a real renderer from Debian (rsvg-convert, librsvg) and
# compares each with its committed reference image: the peak signal-to-noise ratio of the two
# renderings must be at least MIN_PSNR dB (identical images are "doesn't differ"; a changed
# mark, axis or label drops it well below).
#
# Usage: scripts/svg-render-check.sh            compare with scripts/fixtures/svg-reference/*.png
#        scripts/svg-render-check.sh --record   rewrite the reference images
# Needs rsvg-convert (librsvg2-bin) and pngtopnm/pnmpsnr (netpbm); scripts/install-deps installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_PSNR=${MIN_PSNR:-30}
REFERENCE=scripts/fixtures/svg-reference
RECORD=0
[ "${1:-}" = --record ] && RECORD=1
if [ -n "${REPARAM_BIN:-}" ]; then BIN=$REPARAM_BIN; else
  swift build --product reparam >&2
  BIN="$(swift build --show-bin-path)/reparam"
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The pictures: an overlay with densities, a 2-D heat map with exact contours, the circular
# histogram, the velocity beside its histogram. ASCII 80x24 makes a 720x432 SVG.
(cd "$WORK" && LANG=C LC_ALL=C "$BIN" run - >/dev/null) <<'SCRIPT'
seed 15
hist normal(0, 1), gamma(3, rate: 2) samples 20000 bins 30
:export overlay.svg
hist factorized(normal(0, 1), gamma(3, rate: 2)) samples 20000
:export heatmap.svg
hist von_mises(3, 2) samples 20000
:export circular.svg
let g = gamma(2, rate: 1)
velocity g.concentration samples 20000
:export velocity.svg
SCRIPT

passed=0; failed=0
for svg in "$WORK"/*.svg; do
  name=$(basename "$svg" .svg)
  rsvg-convert --background-color=white "$svg" -o "$WORK/$name.png"
  if [ "$RECORD" = 1 ]; then
    mkdir -p "$REFERENCE"
    cp "$WORK/$name.png" "$REFERENCE/$name.png"
    echo "recorded $REFERENCE/$name.png"
    continue
  fi
  if [ ! -f "$REFERENCE/$name.png" ]; then
    echo "not ok - $name: no reference image (run $0 --record)"; failed=$((failed + 1)); continue
  fi
  pngtopnm "$REFERENCE/$name.png" > "$WORK/$name-reference.ppm"
  pngtopnm "$WORK/$name.png" > "$WORK/$name-rendered.ppm"
  if ! report=$(pnmpsnr "$WORK/$name-reference.ppm" "$WORK/$name-rendered.ppm" 2>&1); then
    echo "not ok - $name: the rendering differs in size from the reference"; failed=$((failed + 1)); continue
  fi
  # pnmpsnr prints one PSNR per color component, or "doesn't differ".
  worst=$(printf '%s\n' "$report" | awk -v min="$MIN_PSNR" '
    /doesn.t differ/ { next }
    { for (i = 1; i <= NF; i++) if ($i == "dB") { v = $(i - 1) + 0; if (worst == "" || v < worst) worst = v } }
    END { print (worst == "" ? "inf" : worst) }')
  if [ "$worst" = inf ] || awk -v w="$worst" -v min="$MIN_PSNR" 'BEGIN { exit !(w >= min) }'; then
    echo "ok - $name: PSNR $worst dB (at least $MIN_PSNR)"; passed=$((passed + 1))
  else
    echo "not ok - $name: PSNR $worst dB is below $MIN_PSNR"; failed=$((failed + 1))
  fi
done
[ "$RECORD" = 1 ] && exit 0
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
