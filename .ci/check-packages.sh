#!/usr/bin/env bash
# Fails when two modules declare classes in the same Java package (main or test sources): a split package
# breaks on the module path, and reaching another module's package-private code that way is what the
# internal packages are for.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Reactor modules only: consumers/ holds standalone user projects, which may share package names.
for pom in $(git ls-files '*pom.xml' ':!consumers/'); do
  module=$(dirname "$pom")
  [ -d "$module/src" ] || continue
  # Every package with a source file directly in it, once per module.
  git ls-files "$module/src/*.java" \
    | sed -E 's#^.*/src/[^/]+/java[0-9]*/##; s#/[^/]+\.java$##; s#/#.#g' \
    | sort -u | sed "s#^#$module #" >> "$tmp"
done
split=$(awk '{print $2}' "$tmp" | sort | uniq -d)
if [ -n "$split" ]; then
  echo "error: packages declared in more than one module:" >&2
  for p in $split; do
    echo "  $p: $(awk -v p="$p" '$2 == p {print $1}' "$tmp" | sort -u | tr '\n' ' ')" >&2
  done
  exit 1
fi
echo "No split packages across $(awk '{print $1}' "$tmp" | sort -u | wc -l) modules."
