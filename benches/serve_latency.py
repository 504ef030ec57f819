#!/usr/bin/env python3
"""Time from saving a year file to the reloaded page, as `shishi serve` delivers it.

    python3 benches/serve_latency.py [--root DIR] [--runs N] [--file content/<city>/<year>.yaml]

Starts the release binary's preview on a free port, listens on its event stream like an
open page does, then saves an edit to a year file N times (alternating two titles) and
measures, for each save: until the `reload` event arrives (the rebuild), and until the
reloaded page has been fetched in full. Prints the median and range of both. Then, after
each save, it asks for a few pages about the whole portal (the home page, a domain page,
the year's page; `--also` names others), which the preview makes on their first request
after a save, and prints how long each request took. Restores the file afterwards.
Build first: cargo build --release.
"""
import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import queue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=ROOT)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--file", help="year file to edit, relative to --root")
    ap.add_argument("--also", nargs="*", help="whole-portal pages to time after each save "
                    "(default: /, the first domain page, the year's page)")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    rel = args.file or first_year_file(root)
    path = os.path.join(root, rel)
    city, year = rel.split("/")[-2], rel.split("/")[-1].split(".")[0]
    page = f"/{city}/{year}/"
    also = args.also
    if also is None:
        domains = re.findall(r"^\s+- id: ([a-z0-9-]+)", open(os.path.join(
            root, "content", "site.yaml"), encoding="utf-8").read(), re.M)
        also = ["/"] + [f"/domain/{d}/" for d in domains[:1]] + [f"/year/{year}/"]
    binary = os.path.join(ROOT, "target", "release", "shishi")
    original = open(path, encoding="utf-8").read()
    m = re.search(r"^title: (.*)$", original, re.M)
    if not m:
        sys.exit(f"{rel} has no title line to edit")
    title = m.group(1)

    started = time.monotonic()
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", root],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        print(f"first build and serve: {time.monotonic() - started:.2f} s")
        events = queue.Queue()
        threading.Thread(target=listen, args=(port, events), daemon=True).start()
        events.get(timeout=60)  # the stream is open
        rebuild, reload = [], []
        extra = {p: [] for p in also}
        for i in range(args.runs):
            new_title = f"{title}（{i}）"
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(f"title: {title}", f"title: {new_title}", 1))
            while True:
                name, data = events.get(timeout=600)
                if name == "reload":
                    break
                if name == "failed":
                    sys.exit(f"the edit did not build: {data[:300]}")
            t1 = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", page)
            body = conn.getresponse().read().decode("utf-8")
            t2 = time.monotonic()
            if new_title not in body:
                sys.exit(f"{page} does not show the edit")
            rebuild.append((t1 - t0) * 1000)
            reload.append((t2 - t0) * 1000)
            for p in also:
                t3 = time.monotonic()
                conn.request("GET", p)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    sys.exit(f"{p}: HTTP {resp.status}")
                extra[p].append((time.monotonic() - t3) * 1000)
            time.sleep(0.3)
        report("save -> reload event", rebuild)
        report("save -> reloaded page", reload)
        for p in also:
            report(f"first request for {p} after a save", extra[p])
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        proc.wait()


def listen(port, events):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__shishi/events")
    resp = conn.getresponse()
    events.put(("open", ""))
    name = ""
    while True:
        line = resp.fp.readline().decode("utf-8")
        if not line:
            return
        line = line.rstrip("\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            events.put((name, line[5:].strip()))


def first_year_file(root):
    content = os.path.join(root, "content")
    for city in sorted(os.listdir(content)):
        d = os.path.join(content, city)
        if os.path.isdir(d):
            years = sorted(f for f in os.listdir(d) if re.fullmatch(r"\d{4}\.yaml", f))
            if years:
                return f"content/{city}/{years[-1]}"
    sys.exit("no year file found")


def report(what, ms):
    print(f"{what}: median {statistics.median(ms):.0f} ms "
          f"(range {min(ms):.0f}-{max(ms):.0f} ms, {len(ms)} saves)")


if __name__ == "__main__":
    main()
