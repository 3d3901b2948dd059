#!/usr/bin/env bash
# Copy GOV.UK Frontend's script and compile its Sass with Arial into selfassess/static/vendor/
# (git-ignored). Needs `npm ci` first. No GOV.UK fonts, crest or favicons are copied.
set -euo pipefail
cd "$(dirname "$0")/.."
out=selfassess/static/vendor/govuk
mkdir -p "$out"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
  scss/app.scss "$out/app.min.css"
if grep -q "GDS Transport" "$out/app.min.css"; then
  echo "build_assets: the compiled CSS mentions GDS Transport" >&2
  exit 1
fi
