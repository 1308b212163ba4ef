#!/bin/sh
# STYLE.md: no unbounded string functions or unchecked number parsing in src/.
set -eu
cd "$(dirname "$0")/.."
hits=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|sscanf)[[:space:]]*\(' src || true)
if [ -n "$hits" ]; then
	echo "banned functions in src/:" >&2
	echo "$hits" >&2
	exit 1
fi
