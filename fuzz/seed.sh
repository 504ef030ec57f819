#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs from the repository: every content file of
# the sample portal and of the broken portals in tests/invalid/ for load_content; the
# documentation (Markdown itself) and every single-line Markdown field of the sample content
# for markdown. Inputs with the same bytes are kept once. docs/fuzzing.md says when to run it.
set -euo pipefail
cd "$(dirname "$0")/.."

put() { # put TARGET FILE: store FILE under its content hash, as libFuzzer names inputs
  local dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  cp "$2" "$dir/$(sha1sum "$2" | cut -c1-40)"
}

while IFS= read -r -d '' f; do
  put load_content "$f"
done < <(find content tests/invalid -type f \( -name '*.yaml' -o -name '*.yml' \) -print0)

while IFS= read -r -d '' f; do
  put markdown "$f"
done < <(find docs README.md -type f -name '*.md' -print0)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# `summary: text`, `note: text`, `description: text`: the value after the key, unquoted.
grep -rhoE '^ *-? *(summary|note|description): .+$' content \
  | sed -E 's/^ *-? *(summary|note|description): //; s/^"(.*)"$/\1/' \
  | while IFS= read -r line; do
      n=$((n + 1))
      printf '%s' "$line" >"$tmp/$n"
      put markdown "$tmp/$n"
    done

for t in load_content markdown; do
  echo "fuzz/corpus/$t: $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
done
