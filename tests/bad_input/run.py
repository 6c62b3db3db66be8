#!/usr/bin/env python3
"""tests/bad_input/run.py DCSIM [-j N] [-k] [ID_REGEX] - the bad-input corpus.

Generates every case (gen.py) into a temporary folder, runs them on N
workers (default 2), and checks each: the exit status, the message
pattern (file, JSON path or line, rule), and that its output folder was
not created; a case taking over 20 s fails as a hang. Cases listed in
known.tsv (a regular expression matching case ids, TAB, why: inputs
still mishandled) are skipped and counted.
-k keeps the folder. Prints "bad input: N passed, N failed, N known".
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402


def known_patterns(path):
    pats = []
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                pat, _, why = line.rstrip("\n").partition("\t")
                pats.append((re.compile(pat), why))
    return pats


def check(dcsim, case):
    out = open(case["stdout"], "w") if case["stdout"] else subprocess.PIPE
    try:
        p = subprocess.run([dcsim] + case["argv"], stdout=out, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=20)
    except subprocess.TimeoutExpired:
        return "hang (over 20 s)"
    finally:
        if case["stdout"]:
            out.close()
    text = (p.stdout or b"").decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    if p.returncode != case["exit"]:
        return "exit %d, want %d:\n%s" % (p.returncode, case["exit"], text[-1500:])
    if not re.search(case["pattern"], text, re.M):
        return "message lacks /%s/:\n%s" % (case["pattern"], text[-1500:])
    if os.path.lexists(case["nodir"]):
        return "created its output folder %s" % case["nodir"]
    return None


def main():
    args = sys.argv[1:]
    keep = "-k" in args
    args = [a for a in args if a != "-k"]
    jobs = 2
    if "-j" in args:
        i = args.index("-j")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    dcsim = os.path.abspath(args[0])
    only = re.compile(args[1]) if len(args) > 1 else None
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.abspath(os.path.join(here, "..", ".."))
    known = known_patterns(os.path.join(here, "known.tsv"))
    tmp = tempfile.mkdtemp(prefix="dcsim_bad_input.")
    t0 = time.time()
    try:
        cases = gen.generate(src, tmp)
        is_known = lambda cid: any(p.fullmatch(cid) for p, _ in known)
        todo = [k for k in cases if not is_known(k["id"]) and (not only or only.search(k["id"]))]
        stale = [p.pattern for p, _ in known if not any(p.fullmatch(k["id"]) for k in cases)]
        failed = 0
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for case, err in zip(todo, pool.map(lambda k: check(dcsim, k), todo)):
                if err:
                    failed += 1
                    print("FAIL %s: dcsim %s\n  %s" % (case["id"], " ".join(case["argv"])[:300],
                                                     err.replace("\n", "\n  ")))
        for pat in stale:
            print("note: known.tsv's %s matches no case gen.py makes" % pat)
        n_known = sum(1 for k in cases if is_known(k["id"]))
        print("bad input: %d passed, %d failed, %d known (skipped, known.tsv) of %d cases in %.1f s"
              % (len(todo) - failed, failed, n_known, len(cases), time.time() - t0))
        return 1 if failed else 0
    finally:
        if keep:
            print("cases kept in", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
