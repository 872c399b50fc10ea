#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""upstream-series.py --tree LINUX --out DIR: the in-tree patch series.

Builds the series that upstream/series describes against the kernel tree
LINUX (only its files that the series changes are read): each patch copies
its files from this repository to the same paths, adds its lines of
upstream/hooks to existing kernel files and its F: lines to the
MAINTAINERS entry of upstream/MAINTAINERS (the entry itself comes with the
first patch, in alphabetical order). The commits are made in a scratch git
repository whose base holds only those kernel files, with this
repository's git identity and HEAD's date, and written out with
`git format-patch --cover-letter` into DIR, so that the patches apply to
the full tree with `patch -p1`.

Every tracked kernel file of the drivers must be in exactly one patch,
except what only the out-of-tree build uses (duet_compat.h and the
top-level Kbuild): a new file left out of upstream/series fails here.
"""
import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UPSTREAM = os.path.join(REPO, "upstream")
# What the series must cover, and what stays out of tree.
KERNEL_FILES = ["drivers/gpu/duet-core/*", "drivers/gpu/drm/duet/*",
                "drivers/accel/duet/*", "include/uapi/drm/duet_*",
                "include/linux/duet_core.h", "Documentation/gpu/duet*",
                "Documentation/ABI/testing/sysfs-driver-duet"]
OUT_OF_TREE = ["drivers/gpu/duet-core/duet_compat.h"]


def die(msg):
    print(f"upstream-series: {msg}", file=sys.stderr)
    sys.exit(1)


def git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, check=True, env=env,
                          capture_output=True, text=True).stdout


def parse_series(path):
    cover, patches, cur, body = None, [], None, None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if body is not None:
                if line == "end":
                    cur["body"] = "\n".join(body).strip() + "\n"
                    if cur.get("cover"):
                        cover = cur
                    else:
                        patches.append(cur)
                    cur, body = None, None
                elif cur.get("cover") or "files" in cur:
                    body.append(line)
                elif line.startswith("files: "):
                    cur["files"] = line[len("files: "):].split()
                else:
                    die(f"{path}: expected 'files:' after '{cur['subject']}'")
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith("cover: "):
                cur, body = {"cover": True, "subject": line[7:]}, []
            elif line.startswith("subject: "):
                cur, body = {"subject": line[9:]}, []
            else:
                die(f"{path}: unexpected line: {line}")
    if body is not None:
        die(f"{path}: block without 'end'")
    return cover, patches


def parse_hooks(path):
    hooks = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("|")
            if len(fields) != 5 or fields[2] not in ("before", "after"):
                die(f"{path}: bad line: {line}")
            num, file, where, anchor, new = fields
            hooks.append((int(num), file, where, anchor.replace("\\t", "\t"),
                          new.replace("\\t", "\t")))
    return hooks


def check_coverage(patches):
    tracked = git(REPO, "ls-files").split()
    want = sorted(f for f in tracked
                  if any(fnmatch.fnmatch(f, p) for p in KERNEL_FILES)
                  and f not in OUT_OF_TREE)
    seen = [f for p in patches for f in p["files"]]
    dup = sorted({f for f in seen if seen.count(f) > 1})
    if dup:
        die(f"in more than one patch: {' '.join(dup)}")
    missing = sorted(set(want) - set(seen))
    if missing:
        die(f"tracked but in no patch of upstream/series: {' '.join(missing)}")
    extra = sorted(set(seen) - set(want))
    if extra:
        die(f"in upstream/series but not a tracked kernel file: {' '.join(extra)}")


def add_hook(tree, file, where, anchor, new):
    path = os.path.join(tree, file)
    with open(path) as f:
        lines = f.read().split("\n")
    hits = [i for i, l in enumerate(lines) if l == anchor]
    if len(hits) != 1:
        die(f"{file}: {len(hits)} lines '{anchor}' (want exactly one)")
    i = hits[0] + (1 if where == "after" else 0)
    lines.insert(i, new)
    with open(path, "w") as f:
        f.write("\n".join(lines))


def maintainers_entry(files):
    """The entry with the F: lines that cover at least one of @files."""
    with open(os.path.join(UPSTREAM, "MAINTAINERS")) as f:
        entry = f.read().rstrip("\n").split("\n")
    out = []
    for line in entry:
        if line.startswith("F:\t"):
            pat = line[3:]
            if not any(f.startswith(pat) if pat.endswith("/") else
                       fnmatch.fnmatch(f, pat) for f in files):
                continue
        out.append(line)
    return out


def set_maintainers(tree, entry):
    path = os.path.join(tree, "MAINTAINERS")
    with open(path) as f:
        lines = f.read().split("\n")
    title = entry[0]
    if title in lines:
        start = lines.index(title)
        end = start
        while end < len(lines) and lines[end]:
            end += 1
        lines[start:end] = entry
    else:
        # After the section of the greatest title below ours (the file is
        # sorted, with a few exceptions).
        best = None
        for i in range(len(lines) - 1):
            t, nxt = lines[i], lines[i + 1]
            if (t and not t.startswith("\t") and t[1:3] != ":\t" and
                    len(nxt) > 2 and nxt[0].isupper() and nxt[1:3] == ":\t" and
                    t < title and (best is None or t > lines[best])):
                best = i
        if best is None:
            die("MAINTAINERS: no place for the entry")
        at = best
        while at < len(lines) and lines[at]:
            at += 1
        lines[at + 1:at + 1] = entry + [""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", required=True, help="the kernel tree")
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args()

    cover, patches = parse_series(os.path.join(UPSTREAM, "series"))
    hooks = parse_hooks(os.path.join(UPSTREAM, "hooks"))
    if not cover or not patches:
        die("upstream/series needs a cover and at least one patch")
    check_coverage(patches)
    for h in hooks:
        if not 1 <= h[0] <= len(patches):
            die(f"upstream/hooks: no patch {h[0]}")

    name = git(REPO, "config", "user.name").strip()
    email = git(REPO, "config", "user.email").strip()
    date = git(REPO, "log", "-1", "--format=%cI").strip()
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email,
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)

    work = tempfile.mkdtemp(prefix="duet-series-")
    try:
        base = sorted({h[1] for h in hooks} | {"MAINTAINERS"})
        for f in base:
            src = os.path.join(args.tree, f)
            if not os.path.isfile(src):
                die(f"{src}: not in the kernel tree")
            os.makedirs(os.path.dirname(os.path.join(work, f)), exist_ok=True)
            shutil.copy(src, os.path.join(work, f))
        git(work, "init", "-q")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "base: the kernel files the series changes",
            env=env)
        done = []
        for num, p in enumerate(patches, 1):
            for f in p["files"]:
                dst = os.path.join(work, f)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(os.path.join(REPO, f), dst)
            for h in hooks:
                if h[0] == num:
                    add_hook(work, *h[1:])
            done += p["files"]
            set_maintainers(work, maintainers_entry(done))
            git(work, "add", "-A")
            msg = f"{p['subject']}\n\n{p['body']}\nSigned-off-by: {name} <{email}>\n"
            subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=work,
                           env=env, input=msg, text=True, check=True)
        if os.path.isdir(args.out):
            shutil.rmtree(args.out)
        git(work, "format-patch", "-q", "--cover-letter", "-o",
            os.path.abspath(args.out), "HEAD~%d" % len(patches), env=env)
        cl = os.path.join(args.out, "0000-cover-letter.patch")
        with open(cl) as f:
            text = f.read()
        text = text.replace("*** SUBJECT HERE ***", cover["subject"])
        text = text.replace("*** BLURB HERE ***", cover["body"].rstrip("\n"))
        with open(cl, "w") as f:
            f.write(text)
    finally:
        shutil.rmtree(work)
    for f in sorted(os.listdir(args.out)):
        print(os.path.join(args.out, f))


if __name__ == "__main__":
    main()
