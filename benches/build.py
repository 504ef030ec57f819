#!/usr/bin/env python3
"""Measures `shishi build` on a portal: median wall time and peak memory over several runs.

Usage: python3 benches/build.py [--root DIR] [--runs N] [--scratch DIR]

Pass --scratch /dev/shm to keep the disk out of the figure: on a slow or busy disk, creating
the output folders costs more than rendering the site.

Builds the release binary first, then runs the full build N times into a scratch folder,
each in a fresh process so peak RSS is that build's own. Prints one line per run and a
summary. Run it on an otherwise idle machine; the figures go into the closing note or
docs, not into tests.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=repo, help="portal folder holding content/")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--scratch", default=None, help="folder to build into (default: the system temp folder)")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
    binary = os.path.join(repo, "target", "release", "shishi")
    walls, rss = [], []
    with tempfile.TemporaryDirectory(dir=args.scratch) as tmp:
        out = os.path.join(tmp, "site")
        for i in range(args.runs):
            start = time.perf_counter()
            # wait4 reports the child's own peak RSS, unlike RUSAGE_CHILDREN which keeps
            # the maximum over every child so far.
            proc = subprocess.Popen(
                [binary, "build", "--root", args.root, "--output", out],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            if status != 0:
                sys.exit(f"build failed with status {status}")
            walls.append(wall)
            rss.append(usage.ru_maxrss / 1024)
            print(f"run {i + 1}: {wall * 1000:.1f} ms, peak RSS {usage.ru_maxrss / 1024:.1f} MiB")
    print(
        f"median {statistics.median(walls) * 1000:.1f} ms "
        f"(min {min(walls) * 1000:.1f}, max {max(walls) * 1000:.1f}) over {args.runs} runs; "
        f"peak RSS max {max(rss):.1f} MiB"
    )


if __name__ == "__main__":
    main()
