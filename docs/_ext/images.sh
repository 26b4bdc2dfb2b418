#!/bin/sh
# Redraw the figures under docs/images after a change to how figures are drawn:
#   sh docs/_ext/images.sh
# Each image is what the command next to it prints, with the Graphviz of this machine.
set -eu
cd "$(dirname "$0")/../.."
draw() { python -m activity_systems render "$@"; }
out=docs/images
draw examples/court-reports.yaml --system court -o $out/court-figure1.svg
draw examples/court-reports.yaml --system mhs -o $out/court-figure2.svg
draw examples/court-reports.yaml -o $out/court-figure3.svg
draw examples/court-reports.yaml -o $out/court-figure3.png
draw examples/liaison-and-diversion.yaml -o $out/liaison-overview.svg
draw examples/liaison-and-diversion.yaml --pair local national -o $out/liaison-local-national.svg
draw examples/segregation-unit.yaml --theme print -o $out/segregation-figure3-print.svg
# The case the getting-started page builds, taken from the page itself.
case=$(mktemp -d)
trap 'rm -rf "$case"' EXIT
python - "$case/first-case.yaml" <<'PY'
import re, sys
page = open("docs/getting-started.md", encoding="utf-8").read()
block = re.search(r'```yaml title="first-case.yaml"\n(.*?)```', page, re.DOTALL)
open(sys.argv[1], "w", encoding="utf-8").write(block.group(1))
PY
draw "$case/first-case.yaml" -o $out/first-case-figure3.svg
