#!/usr/bin/env python3
"""Tokenizer check through the public tool: random tricky CSV files, read by Python's csv
module and by `salesplan estimate`, must give the same groups, counts and bad-row lines.

Usage: estimate_csv_check.py SALESPLAN_BINARY [ITERATIONS]
Each file is a snapshot export whose group columns hold quotes, doubled quotes, commas,
CR/LF/CRLF inside quotes and non-ASCII text, written with LF or CRLF line ends, with or
without a BOM, with some rows of the wrong width. For each group column the tool's
(value -> deals, won) must equal what csv.reader yields, and the lines it reports as
malformed must be the lines where csv.reader's records start.
"""
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile

PIECES = ["a", "b c", ",", '"', '""', "\n", "\r\n", "é", "日本", " ", "x,y", "'", ";", "\t"]


def field(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def make(rng, path):
    eol = rng.choice(["\n", "\r\n"])
    rows = [["id", "stage", "g1", "g2", "amount"]]
    for i in range(rng.randint(1, 60)):
        row = [str(i), rng.choice(["Won", "Lost", "Open", "closed won"]), field(rng), field(rng),
               rng.choice(["", "10", "2.5", "1e3"])]
        if rng.random() < 0.08:
            row = row[:rng.randint(1, 4)] if rng.random() < 0.5 else row + ["extra"]
        rows.append(row)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator=eol,
                   quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if rng.random() < 0.3:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.3 and data.endswith(eol.encode()):
        data = data[: -len(eol)]  # no final line end
    with open(path, "wb") as f:
        f.write(data)


def expected(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f)
        header = next(r)
        start = r.line_num + 1
        groups, bad = {}, []
        for row in r:
            line, start = start, r.line_num + 1
            if not row:
                continue
            if len(row) != len(header):
                bad.append(line)
                continue
            won = row[1].strip().lower() in ("won", "closed won")
            for col, v in (("g1", row[2]), ("g2", row[3])):
                if v == "":
                    continue
                d = groups.setdefault((col, v), [0, 0])
                d[0] += 1
                d[1] += won
        return groups, bad


def main():
    tool = sys.argv[1]
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rng = random.Random(20240601)
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.csv")
        for it in range(iters):
            make(rng, path)
            want, bad = expected(path)
            p = subprocess.run([tool, "estimate", path, "--group", "g1", "--group", "g2",
                                "--max-reported", "1000", "--allow-skips"], capture_output=True)
            if p.returncode != 0:
                print(f"iteration {it}: exit {p.returncode}: {p.stderr.decode()[:300]}")
                fails += 1
                continue
            doc = json.loads(p.stdout)
            got = {(g["column"], g["value"]): [g["deals"], g["won"]] for g in doc["groups"]}
            lines = doc["skipped"]["lines"]
            if got != want or lines != bad:
                fails += 1
                print(f"iteration {it}: mismatch")
                print("  groups only in tool:", {k: v for k, v in got.items() if want.get(k) != v})
                print("  groups only in csv: ", {k: v for k, v in want.items() if got.get(k) != v})
                print("  bad lines tool/csv:", lines, bad)
                with open(path, "rb") as f:
                    print("  file:", f.read()[:400])
                if fails > 3:
                    break
    if fails:
        print(f"estimate_csv_check: {fails} of {iters} files differ")
        return 1
    print(f"estimate_csv_check: {iters} tricky files read alike by salesplan and Python csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
