#!/usr/bin/env bash
# Vendor YASGUI's built bundle into tests/fixtures/yasgui/ for the endpoint's browser test
# (tests/test_serve_clients.py), which runs offline: the bundle (js + css, YASQE and YASR
# inside), its licence and its bundled libraries' notices, and the version with npm's
# integrity hash of the package it came from.
#   bash scripts/vendor_yasgui.sh            # the pinned version
#   bash scripts/vendor_yasgui.sh 4.2.28     # another one (then re-run the test)
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-4.2.28}"
dest=tests/fixtures/yasgui
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

tarball="$(npm pack "@triply/yasgui@$version" --pack-destination "$tmp" --silent)"
tar -xzf "$tmp/$tarball" -C "$tmp"
pkg="$tmp/package"
mkdir -p "$dest"
cp "$pkg/build/yasgui.min.js" "$pkg/build/yasgui.min.css" "$dest/"
cp "$pkg/LICENSE.txt" "$dest/LICENSE.txt"
cp "$pkg/build/yasgui.min.js.LICENSE.txt" "$dest/yasgui.min.js.LICENSE.txt"
integrity="$(npm view "@triply/yasgui@$version" dist.integrity)"
printf '@triply/yasgui %s\n%s\n' "$version" "$integrity" > "$dest/VERSION"
echo "vendored @triply/yasgui $version into $dest"
