#!/usr/bin/env python3
"""scripts/lib/results.py — turns the raw measurements of scripts/bench.sh, scripts/mutants.sh and
scripts/coverage.sh into their tables: printed, and written as JSON and Markdown.

Each script appends one JSON object a measurement to RAW (JSON lines) as it goes and calls this
after every measurement, so an interrupted run keeps a summary of what it measured.

  results.py bench    --meta META --raw RAW --json OUT.json --md OUT.md [--quiet]
  results.py mutants  --meta META --raw RAW --json OUT.json --md OUT.md [--quiet]
  results.py coverage --meta META --export SUMMARY.json --export-with-findings SUMMARY.json
                      --json OUT.json --md OUT.md
  results.py meta     --out META --command "..." [KEY=JSON_VALUE...]   (what every report starts with)
  results.py engines                                                   (scripts/mutants.sh's libFuzzer engines)
  results.py append   RAW KEY=JSON_VALUE...                            (one measurement)

A KEY=JSON_VALUE whose value is not JSON is taken as a string.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys


def fuzz_targets():
    """fuzz/targets.txt, the one list of fuzz targets: {name: {"kind", "impls", "sources", "what"}},
    in the list's order (the file's header says what each column means)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz", "targets.txt")
    rows = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith("#"):
                name, kind, impls, sources, what = line.split(None, 4)
                rows[name] = {"kind": kind, "impls": impls, "sources": sources, "what": what.strip()}
    return rows


def target_of_kind(kind):
    """The first target of that kind in fuzz/targets.txt (structured, baseline, ceiling), or None."""
    return next((name for name, row in fuzz_targets().items() if row["kind"] == kind), None)


def load_lines(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    return rows


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)  # a reader never sees half a file


def header(meta, title):
    """The lines every report starts with: what, when, the exact command, where."""
    return [
        f"### {title}",
        "",
        f"- date: {meta['date']}",
        f"- command: `{meta['command']}`",
        f"- machine: {meta['machine']}",
        f"- tree: {meta['tree']}",
        "",
    ]


def md_table(columns, rows):
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def text_table(columns, rows):
    widths = [max(len(str(x)) for x in [c] + [r[i] for r in rows]) for i, c in enumerate(columns)]
    line = lambda r: "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(r, widths)))
    return [line(columns)] + [line(r) for r in rows]


def fmt_rate(x):
    return "?" if x is None else f"{x:,.0f}"


def fmt_seconds(x):
    if x is None:
        return "?"
    return f"{x:.2f}" if x < 10 else f"{x:.0f}" if x >= 100 else f"{x:.1f}"


# ---------------------------------------------------------------------------------------- bench

def bench(args):
    meta = json.load(open(args.meta))
    raw = load_lines(args.raw)
    fuzz = [r for r in raw if r["kind"] == "fuzz"]
    targets = list(dict.fromkeys(r["target"] for r in fuzz))
    summary = {"meta": meta, "targets": [], "replay": None, "rapidcheck": []}
    ceiling, main = target_of_kind("ceiling"), target_of_kind("structured")
    empty = None
    for t in targets:
        runs = [r for r in fuzz if r["target"] == t]
        rates = [r["exec_per_sec"] for r in runs if r["exec_per_sec"] is not None]
        lf = [r["libfuzzer_exec_per_sec"] for r in runs if r["libfuzzer_exec_per_sec"] is not None]
        entry = {
            "target": t, "runs": runs,
            "median_exec_per_sec": statistics.median(rates) if rates else None,
            "min_exec_per_sec": min(rates) if rates else None,
            "max_exec_per_sec": max(rates) if rates else None,
            "median_libfuzzer_exec_per_sec": statistics.median(lf) if lf else None,
        }
        if t == ceiling:
            empty = entry["median_exec_per_sec"]
        summary["targets"].append(entry)
    for e in summary["targets"]:
        m = e["median_exec_per_sec"]
        e["ratio_to_empty"] = m / empty if (m and empty) else None

    replay = [r for r in raw if r["kind"] == "replay"]
    if replay:
        summary["replay"] = {
            "inputs": len(replay),
            "runs_each": replay[0]["runs_each"],
            "median_ms_in_process": statistics.median(r["ms_in_process"] for r in replay),
            "median_ms_net": statistics.median(r["ms_net"] for r in replay),
            "median_ms_libfuzzer_per_run": statistics.median(r["ms_libfuzzer_per_run"] for r in replay),
            "max_ms_net": max(r["ms_net"] for r in replay),
            "max_ms_in_process": max(r["ms_in_process"] for r in replay),
            "median_ms_ksfuzz_replay": statistics.median(r["ms_ksfuzz_replay"] for r in replay),
            "inputs_measured": replay,
        }
    rc = [r for r in raw if r["kind"] == "rapidcheck"]
    for prop in dict.fromkeys(r["property"] for r in rc):
        runs = [r for r in rc if r["property"] == prop]
        rates = [r["cases"] / (r["ms"] / 1000) for r in runs if r.get("ms")]
        summary["rapidcheck"].append({
            "property": prop, "cases": runs[0]["cases"], "runs": runs,
            "median_cases_per_sec": statistics.median(rates) if rates else None,
        })

    cols = ["target", "exec/s (median)", "min - max", f"vs {ceiling}", "runs", "libFuzzer's exec/s"]
    rows = []
    for e in summary["targets"]:
        ratio = e["ratio_to_empty"]
        rows.append([
            e["target"], fmt_rate(e["median_exec_per_sec"]),
            f"{fmt_rate(e['min_exec_per_sec'])} - {fmt_rate(e['max_exec_per_sec'])}",
            "?" if ratio is None else ("1" if e["target"] == ceiling else f"1/{1 / ratio:,.0f}" if ratio else "0"),
            len(e["runs"]), fmt_rate(e["median_libfuzzer_exec_per_sec"]),
        ])
    notes = [
        f"Each run: the target alone on one core, from a fresh copy of its seeds, for {meta['seconds']} s "
        f"(`-max_total_time={meta['seconds']}`); exec/s = stat::number_of_executed_units / the process's "
        "wall-clock time (seed loading and start-up included). libFuzzer's own figure divides by whole "
        "seconds since start.",
    ]
    if "corpus_fs" in meta:
        notes.append(f"The runs' corpora lived under {meta['corpus_dir']} ({meta['corpus_fs']}): libFuzzer writes every "
                     "input it keeps there, a file each.")
    goal = next((e for e in summary["targets"] if e["target"] == main), None)
    if goal and empty and goal["median_exec_per_sec"]:
        want = empty / 10
        notes.append(f"Goal (the design's: a tenth of the empty target): {main} at {fmt_rate(want)} exec/s; "
                     f"measured {fmt_rate(goal['median_exec_per_sec'])}, "
                     f"{want / goal['median_exec_per_sec']:.0f}x short.")
    extra = []
    r = summary["replay"]
    if r:
        extra.append(f"Replaying one {main} input in process: {1000 * r['median_ms_net']:.1f} us (median over "
                     f"{r['inputs']} seeds, each run {r['runs_each']} times by `KSFUZZ_DECODE_CACHE=never {main} -runs=N FILE`, "
                     f"decoding it each time, less "
                     f"the ceiling's {1000 * r['median_ms_libfuzzer_per_run']:.1f} us a run on the same file: libFuzzer "
                     f"reads the file again each run; slowest {1000 * r['max_ms_net']:.1f} us; with the reading "
                     f"{1000 * r['median_ms_in_process']:.1f} us); `ksfuzz replay FILE` as a process: "
                     f"{r['median_ms_ksfuzz_replay']:.1f} ms (median).")
    for p in summary["rapidcheck"]:
        extra.append(f"RapidCheck {p['property']}: {fmt_rate(p['median_cases_per_sec'])} cases/s "
                     f"(median of {len(p['runs'])} runs of {p['cases']} cases, gtest's time for the test).")

    title = f"bench: executions per second ({meta['runs']} runs x {meta['seconds']} s a target; medians)"
    if not args.quiet:
        print("\n=== " + title)
        print("\n".join(text_table(cols, rows)))
        print("\n".join(notes[1:] + extra))
    md = header(meta, title) + md_table(cols, rows) + [""] + notes + [""] + extra
    write(args.md, "\n".join(md) + "\n")
    write(args.json, json.dumps(summary, indent=1) + "\n")


# -------------------------------------------------------------------------------------- mutants

def mutant_engines():
    """The engines scripts/mutants.sh runs, in order: {engine: (target, corpus, title, what)}. Besides
    RapidCheck, they follow from fuzz/targets.txt: the structured target from its seeds and from an
    empty corpus, and its baseline from its seeds."""
    engines = {"rapidcheck": (None, None, "RapidCheck properties", "the RapidCheck properties")}
    main, baseline = target_of_kind("structured"), target_of_kind("baseline")
    if main:
        engines[main] = (main, "seeds", f"{main}, seeds", f"{main} --impl M from its seed corpus")
        engines[main + "_empty"] = (main, "empty", f"{main}, empty corpus", f"{main} --impl M from an empty corpus")
    if baseline:
        engines[baseline] = (baseline, "seeds", f"{baseline} (naive)",
                             f"{baseline} --impl M from its seeds: the naive baseline")
    return engines


def engine_title(engine):
    return mutant_engines().get(engine, (None, None, engine))[2]


def censored_median(trials, key):
    """Median with a trial that never caught the mutant counted as its budget (Magma's survival
    analysis). Returns (median, censored): censored when half or more of the trials survived, so
    the true median is at least the value."""
    if not trials:
        return None, False
    values = [t[key] for t in trials if t[key] is not None]
    if not values:
        return None, False
    kills = sum(t["caught"] for t in trials)
    return statistics.median(values), kills * 2 <= len(trials)


def cell(entry):
    if entry is None or not entry["trials_run"]:
        return "-"
    m = entry["median_seconds"]
    return f"{entry['kills']}/{entry['trials_run']} {'>=' if entry['median_censored'] else ''}{fmt_seconds(m)} s"


def mutants(args):
    meta = json.load(open(args.meta))
    raw = load_lines(args.raw)
    engines = meta["engines"]
    names = meta["mutants"]
    results = []
    by = {}
    for m in names:
        for e in engines:
            trials = sorted((r for r in raw if r["mutant"] == m and r["engine"] == e), key=lambda r: r["trial"])
            med, cens = censored_median(trials, "seconds")
            execs = [t["execs"] for t in trials if t["caught"] and t["execs"] is not None]
            entry = {
                "mutant": m, "engine": e, "trials_run": len(trials), "kills": sum(t["caught"] for t in trials),
                "kill_rate": (sum(t["caught"] for t in trials) / len(trials)) if trials else None,
                "median_seconds": med, "median_censored": cens,
                "median_execs_when_caught": statistics.median(execs) if execs else None,
                "signatures": sorted({t["signature"] for t in trials if t["signature"]}),
                "trials": trials,
            }
            results.append(entry)
            by[m, e] = entry

    # What structure buys: the structured target from its seeds against the naive baseline, on the
    # mutants the baseline catches at all.
    main, baseline = target_of_kind("structured"), target_of_kind("baseline")
    speedup = []
    for m in names:
        d, b = by.get((m, main)), by.get((m, baseline))
        if not d or not b or not b["kills"] or not d["median_seconds"]:
            continue
        # A censored median is a lower bound: a censored baseline makes the ratio one too, a
        # censored structured one an upper bound, both nothing.
        bound = {(False, False): "", (True, False): ">=", (False, True): "<=", (True, True): "?"}[
            b["median_censored"], d["median_censored"]]
        speedup.append({"mutant": m, "structured_median": d["median_seconds"],
                        "baseline_median": b["median_seconds"],
                        "ratio": b["median_seconds"] / d["median_seconds"], "bound": bound})
    ratio_of = {s["mutant"]: s for s in speedup}

    survivors = sorted({(r["mutant"], r["engine"]) for r in results
                        if r["engine"] in ("rapidcheck", main) and r["kills"] < r["trials_run"]})
    goals = {
        "every_trial_caught_by_structured": [m for m in names if (m, main) in by
                                             and by[m, main]["kills"] < by[m, main]["trials_run"]],
        "median_under_2s": [m for m in names if (m, main) in by and by[m, main]["trials_run"]
                            and (by[m, main]["median_censored"] or by[m, main]["median_seconds"] >= 2)],
        "ten_times_the_baseline": [s["mutant"] for s in speedup if s["ratio"] < 10 and s["bound"] != ">="],
    }

    cols = ["mutant"] + [engine_title(e) for e in engines]
    if main in engines and baseline in engines:
        cols.append("bytes / seeds")
    rows = []
    for m in names:
        row = [m] + [cell(by.get((m, e))) for e in engines]
        if len(cols) > len(engines) + 1:
            s = ratio_of.get(m)
            row.append("-" if s is None else "?" if s["bound"] == "?" else f"{s['bound']}{s['ratio']:.1f}x")
        rows.append(row)
    done = sum(r["trials_run"] for r in results)
    total = len(names) * len(engines) * meta["trials"]
    title = (f"mutants: kill rate and median time to kill ({meta['trials']} trials, "
             f"{meta['budget']} s budget a trial{'' if done == total else f'; partial: {done} of {total} trials'})")
    notes = [
        "Each cell: trials that caught the mutant / trials run, then the median seconds to the catch, a trial "
        "that never caught it counting as its budget (Magma's survival analysis); `>=` marks a median that is "
        "such a budget, or an average with one.",
        "libFuzzer engines: wall-clock time of the process (start-up and seed loading included), "
        f"`-max_total_time={meta['budget']} -seed=<trial>`, on a fresh copy of the seeds; caught means "
        "the output has `SUMMARY: ksfuzz: <mutant>/`.",
        "RapidCheck: `tests/dispatch_properties_test --gtest_filter=DispatchProperties.EveryBuiltInMutantIsCaught` "
        "with `RC_PARAMS=seed=<trial>`, each mutant in a child process, up to 2000 cases (its budget in cases, "
        "not seconds); the time is the child's time to the first failing case, shrinking not included.",
    ]
    if speedup:
        notes.append(f"bytes / seeds: median time to kill of {baseline} over {main} from its seeds, "
                     f"for the mutants {baseline} catches at all (goal: 10x or more).")
    verdict = []
    # Judged by the engines of the two that ran (--engines may leave either out).
    judges = " or of ".join(t for e, t in (("rapidcheck", "the RapidCheck properties"), (main, f"{main} from its seeds"))
                            if any(r["engine"] == e and r["trials_run"] for r in results))
    if survivors:
        verdict.append(f"Survived a trial of {judges}: " +
                       ", ".join(f"{m} ({engine_title(e)})" for m, e in survivors))
    elif judges:
        verdict.append(f"No mutant survived a trial of {judges}.")
    else:
        verdict.append(f"Neither the RapidCheck properties nor {main} from its seeds ran: no verdict on survivors.")
    if goals["median_under_2s"]:
        verdict.append(f"Goal missed, {main} median under 2 s: " + ", ".join(goals["median_under_2s"]))
    if goals["ten_times_the_baseline"]:
        verdict.append(f"Goal missed, 10x faster than {baseline}: " + ", ".join(
            f"{m} ({ratio_of[m]['ratio']:.1f}x)" for m in goals["ten_times_the_baseline"]))

    summary = {"meta": meta, "results": results, "speedup": speedup, "survivors": [list(s) for s in survivors],
               "goals_missed": goals}
    if not args.quiet:
        print("\n=== " + title)
        print("\n".join(text_table(cols, rows)))
        print("\n".join(verdict))
    # The same cells in executions (RapidCheck: cases) to the catch, the machine's speed left out.
    exec_rows = [[m] + ["-" if not by.get((m, e)) or by[m, e]["median_execs_when_caught"] is None
                        else f"{by[m, e]['median_execs_when_caught']:,.0f}" for e in engines] for m in names]
    exec_table = ["Median executions to the catch, over the trials that caught it (RapidCheck: cases; "
                  "`-` where none did, or where a sanitizer ended the process before libFuzzer printed a count):",
                  ""] + md_table(cols[:len(engines) + 1], exec_rows)
    md = header(meta, title) + md_table(cols, rows) + [""] + notes + [""] + exec_table + [""] + verdict
    write(args.md, "\n".join(md) + "\n")
    write(args.json, json.dumps(summary, indent=1) + "\n")


# ------------------------------------------------------------------------------------- coverage

# Each file counts in the folder with the longest matching prefix: harness/ks/ without its mutants.
FOLDERS = ["model/", "harness/kernel/", "harness/ks/", "harness/ks/mutants/", "harness/scenario/"]


def coverage_of(path, root):
    """Per-file and per-folder [covered, count] of lines, branches and functions, from
    `llvm-cov export -summary-only`."""
    totals = {f: {"lines": [0, 0], "branches": [0, 0], "functions": [0, 0]} for f in FOLDERS}
    files = {}
    for data in json.load(open(path))["data"]:
        for f in data["files"]:
            name = f["filename"][len(root):] if f["filename"].startswith(root) else f["filename"]
            s = f["summary"]
            entry = {k: [s[k]["covered"], s[k]["count"]] for k in ("lines", "branches", "functions")}
            files[name] = entry
            folder = max((f for f in FOLDERS if name.startswith(f)), key=len, default=None)
            if folder:
                for k in entry:
                    totals[folder][k][0] += entry[k][0]
                    totals[folder][k][1] += entry[k][1]
    return totals, files


def coverage(args):
    meta = json.load(open(args.meta))
    root = meta["source_dir"].rstrip("/") + "/"
    totals, files = coverage_of(args.export, root)
    more_totals, more_files = coverage_of(args.export_with_findings, root)

    def pct(pair):
        return f"{100 * pair[0] / pair[1]:.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "-"

    cols = ["folder", "lines", "branches", "functions", "lines, with findings", "branches, with findings"]
    rows = [[f, pct(t["lines"]), pct(t["branches"]), pct(t["functions"]),
             pct(more_totals[f]["lines"]), pct(more_totals[f]["branches"])] for f, t in totals.items()]
    rows += [[f, pct(files[f]["lines"]), pct(files[f]["branches"]), pct(files[f]["functions"]),
              pct(more_files[f]["lines"]), pct(more_files[f]["branches"])]
             for f in meta["focus_files"] if f in files]
    title = "coverage: the seed corpora plus a short fuzz run"
    notes = [f"Inputs: {meta['inputs']}.",
             f"With findings: the same, plus `ksfuzz replay --impl MUTANT` of the {target_of_kind('structured')} seeds for every "
             "mutant (the report paths; a run that ends in abort(), as the verifier's bug checks do, writes no profile).",
             f"HTML report (without the mutants): {meta['html']}."]
    print("\n=== " + title)
    print("\n".join(text_table(cols, rows)))
    print("\n".join(notes))
    md = header(meta, title) + md_table(cols, rows) + [""] + notes
    write(args.md, "\n".join(md) + "\n")
    write(args.json, json.dumps({"meta": meta, "folders": totals, "folders_with_findings": more_totals,
                                 "files": files, "files_with_findings": more_files}, indent=1) + "\n")


def make_meta(args):
    """What, when, where: the header of every report, so a figure can be traced and rerun."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def run(*cmd):
        try:
            return subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.machine())
    commit = run("git", "rev-parse", "--short", "HEAD")
    dirty = bool(run("git", "status", "--porcelain", "--untracked-files=no"))
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "command": args.command,
        "machine": f"{os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.2f} at the start",
        "tree": (f"{commit}{' with uncommitted changes' if dirty else ''}" if commit else "not a git checkout"),
        "clang": run("clang", "--version").splitlines()[0] if run("clang", "--version") else "?",
    }
    meta.update(parse_values(args.values))
    write(args.out, json.dumps(meta, indent=1) + "\n")


def parse_values(pairs):
    values = {}
    for kv in pairs:
        key, _, value = kv.partition("=")
        try:
            values[key] = json.loads(value)
        except json.JSONDecodeError:
            values[key] = value
    return values


def append(args):
    with open(args.raw, "a") as f:
        f.write(json.dumps(parse_values(args.values)) + "\n")


def engines(args):
    """The libFuzzer engines, one line each, tab-separated: name, target, corpus (seeds or empty)
    and what it runs."""
    for name, (target, corpus, _, what) in mutant_engines().items():
        if target:
            print("\t".join([name, target, corpus, what]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    for name in ("bench", "mutants"):
        s = sub.add_parser(name)
        s.add_argument("--meta", required=True)
        s.add_argument("--raw", required=True)
        s.add_argument("--json", required=True)
        s.add_argument("--md", required=True)
        s.add_argument("--quiet", action="store_true")
    s = sub.add_parser("coverage")
    s.add_argument("--meta", required=True)
    s.add_argument("--export", required=True)
    s.add_argument("--export-with-findings", required=True)
    s.add_argument("--json", required=True)
    s.add_argument("--md", required=True)
    s = sub.add_parser("meta")
    s.add_argument("--out", required=True)
    s.add_argument("--command", required=True)
    s.add_argument("values", nargs="*", metavar="KEY=JSON_VALUE")
    sub.add_parser("engines")
    s = sub.add_parser("append")
    s.add_argument("raw")
    s.add_argument("values", nargs="+", metavar="KEY=JSON_VALUE")
    args = p.parse_args()
    {"bench": bench, "mutants": mutants, "coverage": coverage, "meta": make_meta, "append": append,
     "engines": engines}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
