"""``python3 -m salesplan``: the command-line tool, over the Python bindings.

Mirrors ``salesplan`` (the C tool): the same subcommands (plan, example,
validate, estimate, simulate, track), options, outputs and exit codes (sysexits.h:
0 ok, 64 usage, 65 bad input data, 66 missing input, 70 internal error,
74 I/O error). Errors go to stderr, results to stdout or, with -o, to a file
written atomically (nothing is left behind on failure).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from typing import Callable, Optional, Sequence, Tuple

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
    print(out + (_flag_words(e.message) or salesplan.strerror(e.code)), file=sys.stderr)


_FLAGS = {"id_column": "--id", "stage_column": "--stage", "created_column": "--created",
          "closed_column": "--closed", "amount_column": "--amount", "date_column": "--date",
          "join_key": "--join FILE:KEY", "rep_column": "--rep"}


def _flag_words(msg: str) -> str:
    """A library message in the tool's words, as the C tool says it: option `x` -> --x."""
    return re.sub(r"option `([a-z_]+)`",
                  lambda m: _FLAGS.get(m.group(1), "--" + m.group(1).replace("_", "-")), msg)


def _error(msg: str) -> None:
    print(f"salesplan: {_flag_words(msg)}", file=sys.stderr)


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
        _error(f"{path}: cannot write: {e.strerror or e}")
        return EX_IOERR
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return EX_OK


class _Reported(Exception):
    """A failure already printed; carries the exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _load_plan(path: Optional[str], what: str = "using", quiet: bool = False) -> salesplan.Plan:
    """The one plan loader, as the C tool's: a file, '-' (standard input) or,
    with no path, the built-in example (said so on stderr). Every problem of
    a bad plan is printed as FILE:LINE:COL: PATH: message."""
    if path is None:
        print(f"salesplan: no plan file given: {what} the built-in example plan "
              "('salesplan example' prints it)", file=sys.stderr)
        return salesplan.example_plan()
    try:
        data = _read_input(path)
    except salesplan.Error as e:
        _problem(path, e)
        raise _Reported(_exit_code(e)) from None
    try:
        return salesplan.Plan.from_json(data)
    except salesplan.Error as e:
        if not quiet:
            problems = salesplan.validate_json(data) if isinstance(e, salesplan.PlanError) else []
            for p in problems or [e]:
                _problem(path, salesplan.PlanError(p.message, code=p.code, path=p.path,
                                                   line=p.line, column=p.column))
        raise _Reported(_exit_code(e)) from None


# ---- option values: the same parsers and wording as the C tool (cli/options.c) ----
def _real_open(name: str, lo: float, hi: float) -> Callable[[str], float]:
    """A finite decimal number strictly between lo and hi, nothing around it."""
    def parse(text: str) -> float:
        try:
            v = float(text) if text == text.strip() and "_" not in text else math.nan
        except ValueError:
            v = math.nan
        if not (math.isfinite(v) and lo < v < hi):
            raise _Usage(f"--{name} must be a number between {lo:g} and {hi:g} (exclusive), "
                         f"found '{text}'")
        return v
    return parse


def _format(*names: str) -> Callable[[str], str]:
    """A format name among `names` (in the order md, json, csv, svg);
    "markdown" is accepted wherever md is."""
    def parse(text: str) -> str:
        if text in names or (text == "markdown" and "md" in names):
            return text
        raise _Usage(f"--format must be {_join(names)}, found '{text}'")
    return parse


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _count(name: str, lo: int, hi: int) -> Callable[[str], int]:
    """A whole decimal number in [lo, hi]: ASCII digits only, no sign."""
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or not lo <= int(text) <= hi:
            raise _Usage(f"--{name} must be a whole number in {lo}..{hi}, found '{text}'")
        return int(text)
    return parse


#: Most values a repeatable option takes, as the C tool (CLI_MAX_NAMES).
MAX_NAMES = 64


def _pair(name: str, form: str, sep: str, at_last: bool) -> Callable[[str], Tuple[str, str]]:
    """LEFT<sep>RIGHT, both non-empty, cut at the last `sep` (at_last) or the first."""
    def parse(text: str) -> Tuple[str, str]:
        left, found, right = text.rpartition(sep) if at_last else text.partition(sep)
        if not found or not left or not right:
            raise _Usage(f"--{name} must be {form}, found '{text}'")
        return left, right
    return parse


def _choice(option: str, *names: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in names:
            raise _Usage(f"{option} must be {_join(names)}, found '{text}'")
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
    try:
        if args.confidence is not None:
            res = plan.compute(confidence=args.confidence)
        else:
            res = plan.compute(mode="expected" if args.expected else "plan")
    except salesplan.Error as e:
        _problem(args.file or "example", e)
        return _exit_code(e)
    _warnings(res)
    return _write_output(args.output, res.render(args.format))


def cmd_example(args: argparse.Namespace) -> int:
    return _write_output(args.output, salesplan.example_json())


def cmd_validate(args: argparse.Namespace) -> int:
    _load_plan(args.file, quiet=args.quiet)
    if not args.quiet:
        print(f"{args.file}: valid plan", file=sys.stderr)
    return EX_OK


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
    for w in est.to_dict().get("warnings", []):
        _error(f"{path}: {w}")
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
    if args.plan == "-" and args.csv == "-":
        raise _Usage("the CSV and --plan cannot both be standard input ('-')")
    for flag, pairs, what in (("--join", args.join, "--join tables"),
                              ("--map-stage", args.map_stage, "--map-stage")):
        if pairs and len(pairs) > MAX_NAMES:
            raise _Usage(f"too many {what} (at most {MAX_NAMES})")
    delimiter = args.delimiter
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    elif delimiter is not None and (len(delimiter) != 1 or delimiter in '"\n\r'):
        raise _Usage(f"--delimiter must be one character or 'tab', found '{delimiter}'")
    stages = None
    if args.stages is not None:
        stages = [x.strip(" ") for x in args.stages.split(",")]
        if any(not x for x in stages):
            raise _Usage(f"--stages: an empty stage name in '{args.stages}'")
    kw = dict(shape=args.shape, group=args.group, won=args.won, lost=args.lost, stages=stages,
              date_order=args.date_order, strict=args.strict, max_reported=args.max_reported,
              threads=args.threads, decimal_comma=args.decimal_comma,
              allow_skips=args.allow_skips,
              delimiter=delimiter, join=args.join, id=args.id,
              stage=args.stage, created=args.created, closed=args.closed, amount=args.amount,
              date=args.date, rep=args.rep, rep_min_n=args.rep_min_n, rep_q=args.rep_q)
    try:
        if args.csv == "-":  # streamed; standard input is read on one thread, as in C
            est = salesplan.estimate(sys.stdin.buffer, **dict(kw, threads=0))
        else:
            est = salesplan.estimate(args.csv, **kw)
    except salesplan.Error as e:
        e.message = getattr(e, "c_message", e.message)  # the library's words, then the flags
        _problem(args.csv, e)
        return _exit_code(e)
    _estimate_report(args.csv, est)
    if args.plan:
        plan = _load_plan(args.plan)
        try:
            plan.apply_estimate(est, map_stage=args.map_stage)
            text = plan.to_json()
        except salesplan.Error as e:
            e.message = getattr(e, "c_message", e.message)
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
    plan = _load_plan(args.file, "simulating")
    try:
        sim = plan.simulate(trials=args.trials, seed=args.seed, threads=args.threads)
    except salesplan.Error as e:
        _problem(args.file or "example", e)
        return _exit_code(e)
    return _write_output(args.output, sim.render(args.format))


def _track_problem(args: argparse.Namespace, e: salesplan.Error) -> int:
    """A failure of the actuals, printed against the input it is about (as the C tool)."""
    where = {"as_of": "--as-of", "stage_map": "--map-stage"}
    if e.path in where:
        _problem(where[e.path], e)
    elif e.path in ("deals", "activities"):
        file = args.activities if e.path == "activities" else args.deals
        _problem(file, salesplan.Error(e.message, code=e.code, line=e.line, column=e.column))
    else:
        _problem(args.actuals or args.deals, e)
    return _exit_code(e)


def cmd_track(args: argparse.Namespace) -> int:
    if (args.actuals is None) == (args.deals is None):
        raise _Usage("give the actuals either as --actuals FILE or as --deals CSV")
    if args.activities and not args.deals:
        raise _Usage("--activities goes with --deals (an actuals document lists its activities)")
    plan = _load_plan(args.plan, "tracking")
    try:
        if args.actuals is not None:
            data = _read_input(args.actuals)
            status, problems = core.actuals_validate_buffer(plan._h, data)
            if status != core.OK:
                for code, path, line, column, message in problems:
                    _problem(args.actuals, salesplan.PlanError(
                        message.decode("utf-8", "replace"), code=code,
                        path=path.decode("utf-8", "replace"), line=line, column=column))
                return EX_DATAERR
            t = plan.track(data, args.as_of)
        else:
            deals = _read_input(args.deals)
            acts = _read_input(args.activities) if args.activities else None
            opts = {"map_stage": (";".join(f"{crm}={to}" for crm, to in args.map_stage)
                                  if args.map_stage else None),
                    "owner_column": args.owner, "won": args.won, "lost": args.lost,
                    "date_order": args.date_order}
            t = plan.track(deals=deals, activities=acts, as_of=args.as_of, **opts)
    except salesplan.Error as e:
        if isinstance(e, (salesplan.NotFoundError, salesplan.FileError)):
            _problem(None, e)
            return _exit_code(e)
        return _track_problem(args, e)
    return _write_output(args.output, t.render(args.format))


def cmd_activities(args: argparse.Namespace) -> int:
    if args.emit_activities and not args.plan:
        raise _Usage("--emit-activities needs --plan")
    mapping = {}
    for m in args.map or []:
        t, eq, a = m.partition("=")
        if not eq or not t or not a:
            raise _Usage(f"--map must be A=B, found '{m}'")
        mapping[t] = a
    plan = _load_plan(args.plan, "using") if args.plan else None
    opts = {"from_": args.from_, "to": args.to, "window_days": args.window_days,
            "map": mapping or None, "date": args.date, "type": args.type, "owner": args.owner,
            "deal": args.deal, "account": args.account, "deals_id": args.deals_id,
            "deals_stage": args.deals_stage, "deals_created": args.deals_created,
            "deals_closed": args.deals_closed, "deals_date": args.deals_date,
            "deals_owner": args.deals_owner, "deals_account": args.deals_account,
            "deals_shape": args.deals_shape, "won": args.won, "lost": args.lost,
            "date_order": args.date_order, "delimiter": args.delimiter, "threads": args.threads}
    try:
        if args.threads >= 2 and all(os.path.isfile(f) and "\n" not in f
                                     for f in (args.log, args.deals)):
            # regular files by name: the library reads parts of the log on threads
            r = salesplan.activities(args.log, args.deals, plan, **opts)
        else:
            r = salesplan.activities(_read_input(args.log), _read_input(args.deals), plan, **opts)
    except salesplan.Error as e:
        file = {"activities": args.log, "deals": args.deals}.get(e.path)
        msg = re.sub(r"keyword ([a-z_]+)=",
                     lambda m: "--" + m.group(1).rstrip("_").replace("_", "-"), e.message)
        _problem(file, salesplan.Error(msg, code=e.code, line=e.line, column=e.column))
        return _exit_code(e)
    for w in r.warnings:
        _error("warning: " + _flag_words(w))
    if args.emit_activities:
        return _write_output(args.output, json.dumps(r.emit_activities(), indent=2) + "\n")
    return _write_output(args.output, r.render(args.format))


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
    sp.add_argument("-f", "--format", default="md", type=_format("md", "json", "csv", "svg"))
    sp.add_argument("-c", "--confidence", type=_real_open("confidence", 0.0, 1.0), metavar="Q")
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
    sp.add_argument("--join", action="append", metavar="FILE:KEY",
                    type=_pair("join", "FILE:KEY", ":", at_last=True),
                    help="look group columns up in FILE by KEY (repeatable: a column comes "
                         "from the first table that has it)")
    sp.add_argument("--rep", metavar="COL",
                    help="rep diagnostics: every rep against the rest of the team")
    sp.add_argument("--rep-min-n", type=_count("rep-min-n", 1, 1_000_000_000), metavar="N")
    sp.add_argument("--rep-q", type=_real_open("rep-q", 0.0, 1.0), metavar="Q")
    sp.add_argument("--won", action="append", metavar="NAME")
    sp.add_argument("--lost", action="append", metavar="NAME")
    sp.add_argument("--stages", metavar="A,B,C")
    sp.add_argument("--date-order", default="auto",
                    type=_choice("--date-order", "mdy", "dmy", "auto"))
    sp.add_argument("--decimal-comma", action="store_true", default=None)
    sp.add_argument("--allow-skips", action="store_true")
    sp.add_argument("--delimiter", metavar="C")
    sp.add_argument("--strict", action="store_true")
    sp.add_argument("--max-reported", type=_count("max-reported", 0, 1_000_000), default=None)
    sp.add_argument("-j", "--threads", type=_count("threads", 0, 64), default=0)
    sp.add_argument("-f", "--format", default="json", type=_format("md", "json"))
    sp.add_argument("--emit-funnel", action="store_true",
                    help="print only the funnel fragment for a plan file")
    sp.add_argument("--plan", metavar="FILE",
                    help="print FILE (a plan) with its funnel replaced by the estimate")
    sp.add_argument("--map-stage", action="append", metavar="CRM=PLAN",
                    type=_pair("map-stage", "CRM=PLAN", "=", at_last=False),
                    help="with --plan: the export's stage CRM is the plan's stage PLAN "
                         "(repeatable)")
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_estimate)

    sp = sub.add_parser("simulate", help="Monte Carlo of the period's outcome")
    sp.add_argument("file", nargs="?", metavar="FILE")
    sp.add_argument("-n", "--trials", type=_count("trials", 1, 100_000_000), default=100_000)
    sp.add_argument("-s", "--seed", type=_count("seed", 0, 2**64 - 1), default=1)
    sp.add_argument("-j", "--threads", type=_count("threads", 0, 64), default=0)
    sp.add_argument("-f", "--format", default="md", type=_format("md", "json", "svg"))
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_simulate)

    sp = sub.add_parser("track", help="where the period stands and what each rep does next")
    sp.add_argument("plan", metavar="PLAN")
    sp.add_argument("-a", "--actuals", metavar="FILE")
    sp.add_argument("-d", "--deals", metavar="CSV")
    sp.add_argument("-A", "--activities", metavar="CSV")
    sp.add_argument("-t", "--as-of", dest="as_of", metavar="DATE")
    sp.add_argument("-m", "--map-stage", action="append", metavar="CRM=PLAN",
                    type=_pair("map-stage", "CRM=PLAN", "=", at_last=False))
    sp.add_argument("--owner", metavar="COL")
    sp.add_argument("--won", metavar="NAMES")
    sp.add_argument("--lost", metavar="NAMES")
    sp.add_argument("--date-order", default="mdy", type=_choice("--date-order", "mdy", "dmy"))
    sp.add_argument("-f", "--format", default="md", type=_format("md", "json", "csv", "svg"))
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_track)
    sp = sub.add_parser("activities", help="what each activity yields, from an activity log")
    sp.add_argument("log", metavar="LOG")
    sp.add_argument("-d", "--deals", metavar="CSV", required=True)
    sp.add_argument("-p", "--plan", metavar="FILE")
    sp.add_argument("-m", "--map", action="append", metavar="TYPE=ACTIVITY")
    sp.add_argument("--from", dest="from_", metavar="DATE")
    sp.add_argument("--to", metavar="DATE")
    sp.add_argument("-w", "--window-days", dest="window_days", type=_count("--window-days", 0, 36600))
    for flag in ("date", "type", "owner", "deal", "account", "deals-id", "deals-stage",
                 "deals-created", "deals-closed", "deals-date", "deals-owner", "deals-account"):
        sp.add_argument("--" + flag, dest=flag.replace("-", "_"), metavar="COL")
    sp.add_argument("--deals-shape", dest="deals_shape",
                    type=_choice("--deals-shape", "auto", "snapshot", "transitions"))
    sp.add_argument("--won", action="append", metavar="NAME")
    sp.add_argument("--lost", action="append", metavar="NAME")
    sp.add_argument("--date-order", dest="date_order", type=_choice("--date-order", "mdy", "dmy", "auto"))
    sp.add_argument("--delimiter", metavar="C")
    sp.add_argument("-j", "--threads", type=_count("threads", 0, 64), default=0)
    sp.add_argument("-f", "--format", default="json", type=_format("json", "md"))
    sp.add_argument("--emit-activities", dest="emit_activities", action="store_true")
    sp.add_argument("-o", "--output", metavar="OUT")
    sp.set_defaults(run=cmd_activities)
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
    except _Reported as e:
        return e.code
    except salesplan.Error as e:
        _problem(None, e)
        return _exit_code(e)
    except OSError as e:
        _error(str(e))
        return _exit_code(e)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
