#!/bin/sh
# The PNG icons of the web manifest, drawn from public/icon.svg by Debian's Chromium (run it after
# changing the SVG, and commit the PNGs): 192 and 512 px as they are, and a 512 px maskable one whose
# picture keeps inside the safe zone (the middle 80%) on a full-bleed background.
set -eu
cd "$(dirname "$0")/.."
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
svg=$(cat public/icon.svg)
draw() { # size, padding (%), background, output
  printf '<!doctype html><style>html,body{margin:0;background:%s}svg{display:block;box-sizing:border-box;width:%spx;height:%spx;padding:%s%%}</style>%s' \
    "$3" "$1" "$1" "$2" "$svg" > "$folder/icon.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$folder/profile" --window-size="$1,$1" --screenshot="$4" "file://$folder/icon.html" 2>/dev/null
}
draw 192 0 transparent public/icon-192.png
draw 512 0 transparent public/icon-512.png
draw 512 10 '#1f6f5c' public/icon-maskable-512.png
