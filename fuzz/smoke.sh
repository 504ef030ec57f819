#!/usr/bin/env bash
# Replaces fuzz/smoke/<target>/ with the fewest inputs of at most 256 bytes from the working
# corpus (fuzz/corpus/<target>/) that reach all the code those small inputs reach, counted
# in edges. tests/fuzz_corpus.rs replays them on stable, so they must stay few and small.
# Usage: fuzz/smoke.sh load_content|markdown
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/smoke.sh load_content|markdown}

small=$(mktemp -d)
trap 'rm -rf "$small"' EXIT
find "fuzz/corpus/$target" -type f -size -257c -exec cp {} "$small/" \;
rm -rf "fuzz/smoke/$target"
mkdir -p "fuzz/smoke/$target"
RAYON_NUM_THREADS=1 cargo +nightly fuzz run "$target" "fuzz/smoke/$target" "$small" -- \
  -set_cover_merge=1 -use_counters=0 2>&1 | tail -1
echo "fuzz/smoke/$target: $(find "fuzz/smoke/$target" -type f | wc -l) inputs," \
  "$(cat "fuzz/smoke/$target"/* | wc -c) bytes"
