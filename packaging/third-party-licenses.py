#!/usr/bin/env python3
"""Writes the third-party licence notice of the shipped smtp-lens binary.

It walks the dependency graph from `cargo metadata` (normal dependencies only: build and dev
dependencies are not shipped), for the target given (default: this machine's), and collects each
crate's licence expression and the licence files it ships. Identical texts are printed once, with
every crate they cover. Usage:

    python3 packaging/third-party-licenses.py [--target TRIPLE] > assets/THIRD-PARTY-LICENSES.txt
"""

import argparse
import json
import os
import subprocess
import sys

LICENCE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def metadata(target):
    cmd = ["cargo", "metadata", "--format-version", "1", "--locked"]
    if target:
        cmd += ["--filter-platform", target]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def shipped(meta):
    """Package ids reachable from the root through normal dependencies."""
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    seen.discard(root)
    return seen


def licence_files(manifest_path):
    folder = os.path.dirname(manifest_path)
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and name.lower().startswith(LICENCE_PREFIXES):
            with open(path, encoding="utf-8", errors="replace") as f:
                found.append((name, f.read().strip()))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default=None)
    args = parser.parse_args()
    meta = metadata(args.target)
    ids = shipped(meta)
    packages = sorted((p for p in meta["packages"] if p["id"] in ids), key=lambda p: (p["name"], p["version"]))
    by_text = {}
    rows = []
    for p in packages:
        expr = p.get("license") or ("see " + p["license_file"] if p.get("license_file") else "not stated")
        rows.append(f"{p['name']} {p['version']}: {expr}")
        files = licence_files(p["manifest_path"])
        if not files:
            by_text.setdefault(f"(no licence file in the crate: the expression {expr} applies)", []).append(f"{p['name']} {p['version']}")
        for name, text in files:
            by_text.setdefault(text, []).append(f"{p['name']} {p['version']} ({name})")
    out = sys.stdout
    out.write("Third-party software in smtp-lens\n")
    out.write("=================================\n\n")
    out.write(f"The smtp-lens binary includes the following {len(packages)} crates. Each is used under the\n")
    out.write("licence expression it declares; the licence texts the crates ship follow, each printed\n")
    out.write("once with the crates it covers.\n\n")
    out.write("\n".join(rows))
    out.write("\n\n")
    for text, crates in sorted(by_text.items(), key=lambda kv: kv[1][0]):
        out.write("-" * 78 + "\n")
        out.write("Covers: " + ", ".join(crates) + "\n\n")
        out.write(text + "\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
