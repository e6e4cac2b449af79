#!/usr/bin/env bash
# Are the builds reproducible? Copies the sources (what git tracks, plus new files it does not ignore)
# into two fresh directories, builds each from clean with the Maven wrapper (no tests; offline when
# MINICNN_OFFLINE=1, as CI runs it after ./minicnn test has fetched every plugin), and compares every
# jar and zip the two builds made byte for byte. Different directories also catch a build that
# records its own path. Prints the differing entries of a differing archive and exits 1.
#
#   scripts/reproducible-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
offline=()
[ "${MINICNN_OFFLINE:-0}" = 1 ] && offline=(-o)

for build in first second; do
  mkdir -p "$work/$build"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
  done | xargs -0 cp --parents -t "$work/$build"
  echo "reproducible-build: building the $build copy..." >&2
  (cd "$work/$build" && ./mvnw -B -q "${offline[@]}" -DskipTests package >"$work/$build.log" 2>&1) \
    || { cat "$work/$build.log" >&2; exit 1; }
done

count=0
failed=0
while IFS= read -r archive; do
  count=$((count + 1))
  if ! cmp -s "$work/first/$archive" "$work/second/$archive"; then
    failed=1
    echo "NOT REPRODUCIBLE: $archive" >&2
    mkdir -p "$work/x1" "$work/x2"
    rm -rf "$work/x1"/* "$work/x2"/*
    (cd "$work/x1" && unzip -q -o "$work/first/$archive") || true
    (cd "$work/x2" && unzip -q -o "$work/second/$archive") || true
    diff -rq "$work/x1" "$work/x2" >&2 || true
    unzip -Z -T "$work/first/$archive" | head -5 >&2 || true
  fi
done < <(cd "$work/first" && find . -maxdepth 3 -path '*/target/*' \( -name '*.jar' -o -name '*.zip' \) | sort)

if [ "$count" -eq 0 ]; then
  echo "reproducible-build: the build made no jars" >&2
  exit 1
fi
[ "$failed" -eq 0 ] || exit 1
echo "reproducible-build: $count jars and zips byte-identical across two clean builds"
