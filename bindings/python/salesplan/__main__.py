"""``python3 -m salesplan``: the command-line tool, over the Python bindings.

Mirrors ``salesplan`` (the C tool): the same subcommands (plan, example,
validate, estimate, simulate), options, outputs and exit codes (sysexits.h:
0 ok, 64 usage, 65 bad input data, 66 missing input, 70 internal error,
74 I/O error). Errors go to stderr, results to stdout or, with -o, to a file
written atomically (nothing is left behind on failure).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Callable, List, Optional, Sequence

import salesplan
from salesplan import core

EX_OK, EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_SOFTWARE, EX_IOERR = 0, 64, 65, 66, 70, 74


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors exiting 64 like the C tool."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _Usage(message)


def _exit_code(e: BaseException) -> int:
    if isinstance(e, salesplan.InvalidArgumentError):
        return EX_USAGE
    if isinstance(e, (salesplan.PlanError, salesplan.DataError, salesplan.LookupFailedError)):
        return EX_DATAERR
    if isinstance(e, FileNotFoundError) or (isinstance(e, salesplan.Error)
                                            and e.code == core.ENOENT):
        return EX_NOINPUT
    if isinstance(e, OSError):
        return EX_IOERR
    return EX_SOFTWARE


def _problem(file: Optional[str], e: salesplan.Error) -> None:
    """FILE:LINE:COL: PATH: message, parts left out when unknown (and FILE
    when the message is about the file as a whole and already names it)."""
    if file and e.line == 0 and not e.path and e.message.startswith(file + ":"):
        file = None
    out = ""
    if file:
        out += f"{file}:"
    if e.line > 0:
        out += f"{e.line}:{e.column}:"
    if out:
        out += " "
    if e.path:
        out += f"{e.path}: "
    print(out + (e.message or salesplan.strerror(e.code)), file=sys.stderr)


def _error(msg: str) -> None:
    print(f"salesplan: {msg}", file=sys.stderr)


def _read_input(path: str) -> bytes:
    """A whole input file ('-': standard input), failing as the C tool does:
    NotFoundError when it cannot be opened, FileError when reading fails."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        f = open(path, "rb")
    except OSError as e:  # a directory too, as in the C tool
        raise salesplan.NotFoundError(f"{path}: {e.strerror}", code=core.ENOENT) from None
    with f:
        try:
            return f.read()
        except OSError as e:
            raise salesplan.FileError(f"{path}: {e.strerror}", code=core.EIO) from None


def _write_output(path: Optional[str], text: str) -> int:
    data = text.encode("utf-8", "surrogateescape")
    if path is None or path == "-":
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except OSError:
            _error("cannot write to standard output")
            return EX_IOERR
        return EX_OK
    directory = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".salesplan-", dir=directory)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        _error(f"cannot write '{path}': {e.strerror or e}")
        return EX_IOERR
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return EX_OK


def _load_plan(path: Optional[str]) -> salesplan.Plan:
    if path is None:
        print("salesplan: no plan file given: using the built-in example plan "
              "('salesplan example' prints it)", file=sys.stderr)
        return salesplan.example_plan()
    return salesplan.Plan.from_json(_read_input(path))


def _confidence(text: str) -> float:
    try:
        q = float(text)
    except ValueError:
        q = float("nan")
    if not 0.0 < q < 1.0:
        raise _Usage(f"--confidence needs a number between 0 and 1 (exclusive), not '{text}'")
    return q


def _count(name: str, lo: int, hi: int) -> Callable[[str], int]:
    """A whole decimal number in [lo, hi], no sign (as the C tool reads counts)."""
    def parse(text: str) -> int:
        if not text[:1].isdigit() or not text.isdigit() or not lo <= int(text) <= hi:
            raise _Usage(f"--{name} must be a whole number in {lo}..{hi}, found '{text}'")
        return int(text)
    return parse


def _choice(option: str, *names: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in names:
            raise _Usage(f"{option} must be {' or '.join(names[:2])}, not '{text}'")
        return text
    return parse


def _warnings(res: salesplan.Result) -> None:
    for w in res.warnings:
        if w.path:
            print(f"salesplan: warning: {w.path}: {w.message}", file=sys.stderr)
        else:
            print(f"salesplan: warning: {w.message}", file=sys.stderr)


# ---- subcommands ------------------------------------------------------------------
def cmd_plan(args: argparse.Namespace) -> int:
    if args.expected and args.confidence is not None:
        raise _Usage("--expected and --confidence exclude each other")
    plan = _load_plan(args.file)
    if args.confidence is not None:
        res = plan.compute(confidence=args.confidence)
    else:
        res = plan.compute(mode="expected" if args.expected else "plan")
    _warnings(res)
    return _write_output(args.output, res.render(args.format))


def cmd_example(args: argparse.Namespace) -> int:
    return _write_output(args.output, salesplan.example_json())


def cmd_validate(args: argparse.Namespace) -> int:
    data = _read_input(args.file)
    problems = salesplan.validate_json(data)
    if not args.quiet:
        for p in problems:
            _problem(args.file, salesplan.PlanError(p.message, code=p.code, path=p.path,
                                                    line=p.line, column=p.column))
        if not problems:
            print(f"{args.file}: valid plan", file=sys.stderr)
    return EX_DATAERR if problems else EX_OK


def _estimate_report(path: str, est: "salesplan.Estimate") -> None:
    """The C tool's notes on stderr: missing columns, join misses, skipped rows."""
    info = est.info
    if info["shape"] == "snapshot" and (info["created_column"] is None
                                        or info["closed_column"] is None):
        which = "closed" if info["created_column"] else "created"
        _error(f"{path}: no {which} column found (--{which}): cycle days are null")
    if info["amount_column"] is None:
        _error(f"{path}: no amount column found (--amount): won amounts are null")
    if info["join_unmatched"] > 0:
        _error(f"{path}: {info['join_unmatched']} row(s) have no match in the joined table "
               f"(in no group of its columns)")
    if info["skipped"] == 0:
        return
    _error(f"{path}: {info['skipped']} malformed row(s) skipped (of {info['rows']})")
    for row in est.skipped:
        print(f"{path}:{row.line}: {row.message}", file=sys.stderr)
    if len(est.skipped) < info["skipped"]:
        print(f"{path}: ... and {info['skipped'] - len(est.skipped)} more", file=sys.stderr)


def cmd_estimate(args: argparse.Namespace) -> int:
    if not hasattr(salesplan, "estimate"):
        _error("this build of libsalesplan has no estimation")
        return EX_SOFTWARE
    if args.emit_funnel and args.plan:
        raise _Usage("--emit-funnel and --plan cannot be used together")
    join_path = join_key = None
    if args.join is not None:
        path, sep, key = args.join.rpartition(":")
        if not sep or not path or not key:
            raise _Usage(f"--join needs FILE:KEY, not '{args.join}'")
        join_path, join_key = path, key
    delimiter = args.delimiter
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    elif delimiter is not None and (len(delimiter) != 1 or delimiter == '"'):
        raise _Usage(f"--delimiter must be one character (or 'tab'), not '{delimiter}'")
    stages = None
    if args.stages is not None:
        stages = [x.strip(" ") for x in args.stages.split(",")]
        if any(not x for x in stages):
            raise _Usage(f"--stages: an empty stage name in '{args.stages}'")
    kw = dict(shape=args.shape, group=args.group, won=args.won, lost=args.lost, stages=stages,
              date_order=args.date_order, strict=args.strict, max_reported=args.max_reported,
              delimiter=delimiter, join_path=join_path, join_key=join_key, id=args.id,
              stage=args.stage, created=args.created, closed=args.closed, amount=args.amount,
              date=args.date)
    try:
        if args.csv == "-":
            est = salesplan.estimate_text(sys.stdin.buffer.read(), **kw)
        else:
            est = salesplan.estimate(args.csv, **kw)
    except salesplan.Error as e:
        _error(f"{args.csv}: {e.message or salesplan.strerror(e.code)}")
        return _exit_code(e)
    _estimate_report(args.csv, est)
    if args.plan:
        try:
            plan = salesplan.Plan.load(args.plan)
            plan.apply_estimate(est)
            text = plan.to_json()
        except salesplan.Error as e:
            _problem(args.plan, e)
            return _exit_code(e)
    elif args.emit_funnel:
        text = est.funnel_json()
    else:
        text = est.render(args.format)
    return _write_output(args.output, text)


def cmd_simulate(args: argparse.Namespace) -> int:
    if not hasattr(salesplan, "Simulation"):
        _error("this build of libsalesplan has no simulation")
        return EX_SOFTWARE
    if args.file is None:
        print("salesplan: no plan file given; simulating the built-in example plan "
              "(see 'salesplan example')", file=sys.stderr)
        plan = salesplan.example_plan()
    else:
        plan = _load_plan(args.file)
    sim = plan.simulate(trials=args.trials, seed=args.seed, threads=args.threads)
    return _write_output(args.output, sim.render(args.format))


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="salesplan",
                description="Turn a revenue goal into a complete, checkable sales plan.",
                epilog="Exit status: 0 ok, 64 usage, 65 bad input data, 66 missing input, "
                       "70 internal error, 74 I/O error.")
    p.add_argument("-V", "--version", action="store_true", help="print the version")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sp = sub.add_parser("plan", help="compute a plan: funnel, activities, quotas, hiring")
    sp.add_argument("file", nargs="?", metavar="FILE", help="plan file, '-' for stdin; "
                    "none: the built-in example")
    sp.add_argument("-f", "--format", default="md", choices=["md", "markdown", "json", "csv",
                                                              "svg"])
    sp.add_argument("-c", "--confidence", type=_confidence, metavar="Q")
    sp.add_argument("-e", "--expected", action="store_true",
                    help="expected values even if the plan sets a confidence")
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_plan)

    sp = sub.add_parser("example", help="print the built-in example plan file")
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_example)

    sp = sub.add_parser("validate", help="check a plan file and list every problem")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(run=cmd_validate)

    sp = sub.add_parser("estimate", help="estimate funnel rates from a CRM export (CSV)")
    sp.add_argument("csv", metavar="CSV")
    sp.add_argument("--shape", default="snapshot", type=_choice("--shape", "snapshot",
                                                                "transitions"))
    for col in ("id", "stage", "created", "closed", "amount", "date"):
        sp.add_argument(f"--{col}", metavar="COL")
    sp.add_argument("--group", action="append", metavar="COL")
    sp.add_argument("--join", metavar="FILE:KEY")
    sp.add_argument("--won", action="append", metavar="NAME")
    sp.add_argument("--lost", action="append", metavar="NAME")
    sp.add_argument("--stages", metavar="A,B,C")
    sp.add_argument("--date-order", default="mdy", type=_choice("--date-order", "mdy", "dmy"))
    sp.add_argument("--delimiter", metavar="C")
    sp.add_argument("--strict", action="store_true")
    sp.add_argument("--max-reported", type=_count("max-reported", 0, 1_000_000), default=None)
    sp.add_argument("--format", default="json", type=_choice("--format", "json", "md",
                                                             "markdown"))
    sp.add_argument("--emit-funnel", action="store_true",
                    help="print only the funnel fragment for a plan file")
    sp.add_argument("--plan", metavar="FILE",
                    help="print FILE (a plan) with its funnel replaced by the estimate")
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_estimate)

    sp = sub.add_parser("simulate", help="Monte Carlo of the period's outcome")
    sp.add_argument("file", nargs="?", metavar="FILE")
    sp.add_argument("-n", "--trials", type=_count("trials", 1, 100_000_000), default=100_000)
    sp.add_argument("-s", "--seed", type=_count("seed", 0, 2**64 - 1), default=1)
    sp.add_argument("-j", "--threads", type=_count("threads", 0, 64), default=0)
    sp.add_argument("-f", "--format", default="md", type=_choice("--format", "json", "md",
                                                                 "markdown", "svg"))
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_simulate)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.version:
            print(f"salesplan {salesplan.__version__} (library {core.version()}, Python bindings)")
            return EX_OK
        if args.command is None:
            parser.print_usage(sys.stderr)
            return EX_USAGE
        return int(args.run(args))
    except _Usage as e:
        _error(str(e))
        return EX_USAGE
    except salesplan.Error as e:
        _problem(_input_name(argv), e)
        return _exit_code(e)
    except OSError as e:
        _error(str(e))
        return _exit_code(e)
    except KeyboardInterrupt:
        return 130


def _input_name(argv: Optional[Sequence[str]]) -> Optional[str]:
    """The input file named on the command line, for messages."""
    args: List[str] = list(sys.argv[1:] if argv is None else argv)
    skip_next = False
    for a in args[1:]:
        if skip_next:
            skip_next = False
            continue
        if a.startswith("-") and a != "-":
            skip_next = "=" not in a and a not in ("-e", "--expected", "-q", "--quiet",
                                                   "--strict", "--emit-funnel")
            continue
        return a
    return "example" if args and args[0] == "plan" else None


if __name__ == "__main__":
    sys.exit(main())
