#!/usr/bin/env bash
# Checks that an HTML report's summary chart stays readable on a phone and on a desktop:
# renders it in headless Chromium at 390 and 1280 px wide, saves a screenshot of each,
# and measures what a reader sees: the chart's text size in CSS pixels (from each SVG's
# drawn width against its viewBox, 14 px text) and whether the page scrolls sideways.
#
#   scripts/check-report-layout.sh                  the golden report (Tests/ReportsTests/Golden)
#   scripts/check-report-layout.sh week.html DIR    another report; screenshots into DIR
#
# Installs chromium-headless-shell (Debian) when it is missing. Exits 1 when the chart's
# text is under 11 px at 390 px, over 22 px at 1280 px, or the page is wider than the screen.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

REPORT="$(realpath "${1:-Tests/ReportsTests/Golden/report.html}")"
OUT="${2:-$(mktemp -d "${TMPDIR:-/tmp}/claims-layout.XXXXXX")}"
mkdir -p "$OUT"

if ! command -v chromium-headless-shell >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    claims_log "Installing chromium-headless-shell (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null
fi
CHROME=(chromium-headless-shell --no-sandbox --disable-gpu --hide-scrollbars)

# The report with a script that writes the measurements into the page, for --dump-dom.
MEASURED="$OUT/measured.html"
sed 's#</body>#<script>\
addEventListener("load", () => {\
  const sizes = [...document.querySelectorAll(".chart svg")].map(svg => 14 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);\
  const out = document.createElement("pre");\
  out.id = "layout";\
  out.textContent = "text_px=" + Math.min(...sizes).toFixed(1) + "-" + Math.max(...sizes).toFixed(1) + " page_width=" + document.documentElement.scrollWidth + " screen_width=" + innerWidth;\
  document.body.append(out);\
});\
</script></body>#' "$REPORT" >"$MEASURED"

failed=0
for width in 390 1280; do
    "${CHROME[@]}" --window-size="$width,1000" --screenshot="$OUT/report-$width.png" "file://$REPORT" >/dev/null 2>&1
    line="$("${CHROME[@]}" --window-size="$width,1000" --dump-dom "file://$MEASURED" 2>/dev/null | sed -n 's#.*<pre id="layout">\(.*\)</pre>.*#\1#p')"
    if [ -z "$line" ]; then echo "error: Chromium measured nothing at $width px." >&2; exit 1; fi
    echo "$width px: $line (screenshot $OUT/report-$width.png)"
    small="$(echo "$line" | sed 's/text_px=\([0-9.]*\)-.*/\1/')"
    large="$(echo "$line" | sed 's/text_px=[0-9.]*-\([0-9.]*\) .*/\1/')"
    page="$(echo "$line" | sed 's/.*page_width=\([0-9]*\).*/\1/')"
    screen="$(echo "$line" | sed 's/.*screen_width=\([0-9]*\).*/\1/')"
    if [ "$page" -gt "$screen" ]; then echo "error: at $width px the page is $page px wide and scrolls sideways." >&2; failed=1; fi
    if [ "$width" -eq 390 ] && awk "BEGIN { exit !($small < 11) }"; then
        echo "error: at 390 px the chart's text is $small px, under 11 px." >&2; failed=1
    fi
    if [ "$width" -eq 1280 ] && awk "BEGIN { exit !($large > 22) }"; then
        echo "error: at 1280 px the chart's text is $large px, over 22 px." >&2; failed=1
    fi
done
exit "$failed"
