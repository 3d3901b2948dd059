#!/usr/bin/env bash
# Fonts for every script people type (Debian packages; docs/deployment.md "Fonts"): Droid Sans
# Fallback (Chinese, Japanese), Nanum Gothic (Korean), Noto Sans (Arabic, Hebrew and many more), Symbola
# (emoji and symbols, drawn in one colour). The PDF and the charts fall back to them.
set -euo pipefail
FILES=(
  /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
  /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
  /usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf
  /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
  /usr/share/fonts/truetype/nanum/NanumGothic.ttf
)
missing=0
for f in "${FILES[@]}"; do [ -f "$f" ] || missing=1; done
[ "$missing" = 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install_fonts: fonts are missing and cannot be installed without root" >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  fonts-droid-fallback fonts-nanum fonts-noto-core fonts-symbola >/dev/null
