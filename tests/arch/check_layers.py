#!/usr/bin/python3
"""Architecture checks for lib/ (docs/architecture.md).

  check_layers.py includes LIBDIR       an #include may name only its own
                                        folder or a folder below it
  check_layers.py cycles LIBDIR OBJDIR  no two library files call each other,
                                        directly or through others, and no
                                        file calls a symbol of a higher layer
                                        (read from the object files with nm)

Exit 0 when clean, 1 with one line per problem.
"""
import os
import re
import subprocess
import sys

# Bottom first. A folder may use itself and the folders before it.
LAYERS = ["common", "math", "json", "model", "format", "engine", "render",
          "estimate", "simulate", "track", "scenario", "api"]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def lib_files(libdir):
    for root, _, files in os.walk(libdir):
        for f in files:
            if f.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(root, f), libdir)


def check_includes(libdir):
    problems = []
    for rel in sorted(lib_files(libdir)):
        parts = rel.split(os.sep)
        if len(parts) != 2:
            problems.append(f"{rel}: library files live in a layer folder, not directly in lib/")
            continue
        folder = parts[0]
        if folder not in RANK:
            problems.append(f"{rel}: folder '{folder}' is not a known layer")
            continue
        with open(os.path.join(libdir, rel), encoding="utf-8") as fh:
            text = fh.read()
        for m in INCLUDE.finditer(text):
            inc = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            if inc.startswith("salesplan/") or inc == "salesplan.h":
                continue  # the public headers sit below every layer
            target = inc.split("/")[0] if "/" in inc else None
            if target is None or target not in RANK:
                problems.append(f"{rel}:{line}: include \"{inc}\" must name its layer folder")
            elif RANK[target] > RANK[folder]:
                problems.append(f"{rel}:{line}: {folder}/ includes \"{inc}\" from the higher "
                                f"layer {target}/")
    return problems


def symbols(obj):
    out = subprocess.run(["nm", "--defined-only", "-g", obj], capture_output=True,
                         text=True, check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines() if len(l.split()) >= 3}
    out = subprocess.run(["nm", "-u", obj], capture_output=True, text=True,
                         check=True).stdout
    undefined = {l.split()[-1] for l in out.splitlines() if l.split()}
    return defined, undefined


def check_cycles(libdir, objdir):
    objs = {}
    for root, _, files in os.walk(objdir):
        for f in files:
            if f.endswith(".c.o"):
                path = os.path.join(root, f)
                rel = os.path.relpath(path, objdir)[:-2]  # folder/file.c
                # A stale object of a moved or deleted source is not the library.
                if os.path.exists(os.path.join(libdir, rel)):
                    objs[rel] = path
    if not objs:
        return [f"no object files under {objdir}"]
    owner, uses = {}, {}
    for rel, path in objs.items():
        d, u = symbols(path)
        for s in d:
            owner[s] = rel
        uses[rel] = u
    graph = {rel: sorted({owner[s] for s in u if s in owner and owner[s] != rel})
             for rel, u in uses.items()}
    problems = []
    for a, targets in sorted(graph.items()):
        la = a.split(os.sep)[0]
        for b in targets:
            lb = b.split(os.sep)[0]
            if la in RANK and lb in RANK and RANK[lb] > RANK[la]:
                problems.append(f"{a} calls into the higher layer: {b}")
    # Strongly connected components (Tarjan), iterative.
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter[0]
                counter[0] += 1
                stack.append(v)
                on.add(v)
            recurse = False
            for j in range(i, len(graph[v])):
                w = graph[v][j]
                if w not in index:
                    work.append((v, j + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    for comp in comps:
        problems.append("call cycle between: " + ", ".join(comp))
    return problems


def main(argv):
    if len(argv) >= 3 and argv[1] == "includes":
        problems = check_includes(argv[2])
    elif len(argv) >= 4 and argv[1] == "cycles":
        problems = check_cycles(argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"{argv[1]}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
