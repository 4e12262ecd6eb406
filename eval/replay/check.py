#!/usr/bin/env python3
"""Check the replay corpus: reports.jsonl and timeline.toml (Python 3.11+, standard library).

    python3 eval/replay/check.py                 # from the repository root
    python3 eval/replay/check.py path/to/folder  # any folder holding the two files

reports.jsonl: every line is a JSON object with the non-empty string fields id, url,
source, published, title, text; ids are unique; `published` is ISO 8601 with a timezone,
its date (as written) lies within timeline.toml's start..end; lines are sorted by
publication instant (UTC); at least MIN_REPORTS reports.

timeline.toml: scenario, start, end, initial_stage; each [[change]] has date, stage and
why; dates strictly increasing and within start..end; borderline_from <= date <=
borderline_to when given; every report id cited in a `why` exists in reports.jsonl.

Prints a summary (report count, reports per month, the changes) and exits 1, naming the
line or the change, on any error.
"""

import datetime as dt
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

MIN_REPORTS = 120
FIELDS = ("id", "url", "source", "published", "title", "text")
ID_IN_WHY = re.compile(r"\brp-\d{8}(?:-[a-z0-9]+)+")


def as_date(value, what, errors):
    """A TOML date or a YYYY-MM-DD string -> datetime.date (None on error)."""
    if isinstance(value, dt.datetime):
        errors.append(f"{what}: {value!r} is a date-time, expected a date (YYYY-MM-DD)")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"{what}: {value!r} is not a date (YYYY-MM-DD)")
    return None


def check_timeline(path, errors):
    try:
        with open(path, "rb") as f:
            tl = tomllib.load(f)
    except OSError as e:
        errors.append(f"{path}: cannot read: {e}")
        return None
    except tomllib.TOMLDecodeError as e:
        errors.append(f"{path}: not valid TOML: {e}")
        return None

    for key in ("scenario", "start", "end", "initial_stage"):
        if key not in tl:
            errors.append(f"{path}: missing top-level key `{key}`")
    if "scenario" in tl and not (isinstance(tl["scenario"], str) and tl["scenario"].strip()):
        errors.append(f"{path}: `scenario` must be a non-empty string")
    start = as_date(tl["start"], f"{path}: start", errors) if "start" in tl else None
    end = as_date(tl["end"], f"{path}: end", errors) if "end" in tl else None
    if start and end and start > end:
        errors.append(f"{path}: start {start} is after end {end}")
    initial = tl.get("initial_stage")
    if "initial_stage" in tl and (not isinstance(initial, int) or isinstance(initial, bool) or initial < 0):
        errors.append(f"{path}: initial_stage must be a non-negative integer, got {initial!r}")

    changes = tl.get("change", [])
    if not isinstance(changes, list) or not changes:
        errors.append(f"{path}: no [[change]] entries")
        changes = []
    parsed = []
    prev_date, prev_stage = None, initial
    for n, ch in enumerate(changes, 1):
        where = f"{path}: change #{n}"
        if not isinstance(ch, dict):
            errors.append(f"{where}: not a table")
            continue
        if "date" in ch:
            where += f" ({ch['date']})"
        for key in ("date", "stage", "why"):
            if key not in ch:
                errors.append(f"{where}: missing `{key}`")
        unknown = set(ch) - {"date", "stage", "why", "borderline_from", "borderline_to"}
        if unknown:
            errors.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        date = as_date(ch["date"], f"{where}: date", errors) if "date" in ch else None
        stage = ch.get("stage")
        if "stage" in ch:
            if not isinstance(stage, int) or isinstance(stage, bool) or stage < 0:
                errors.append(f"{where}: stage must be a non-negative integer, got {stage!r}")
            elif stage == prev_stage:
                errors.append(f"{where}: stage {stage} is the stage already in force")
        why = ch.get("why")
        if "why" in ch and not (isinstance(why, str) and why.strip()):
            errors.append(f"{where}: `why` must be a non-empty string")
        if date:
            if start and date < start or end and date > end:
                errors.append(f"{where}: date {date} outside {start}..{end}")
            if prev_date and date <= prev_date:
                errors.append(f"{where}: date {date} is not after the previous change's {prev_date}")
            prev_date = date
        bfrom = as_date(ch["borderline_from"], f"{where}: borderline_from", errors) if "borderline_from" in ch else None
        bto = as_date(ch["borderline_to"], f"{where}: borderline_to", errors) if "borderline_to" in ch else None
        if date and bfrom and bfrom > date:
            errors.append(f"{where}: borderline_from {bfrom} is after the change date {date}")
        if date and bto and bto < date:
            errors.append(f"{where}: borderline_to {bto} is before the change date {date}")
        for name, b in (("borderline_from", bfrom), ("borderline_to", bto)):
            if b and (start and b < start or end and b > end):
                errors.append(f"{where}: {name} {b} outside {start}..{end}")
        if isinstance(stage, int) and not isinstance(stage, bool):
            prev_stage = stage
        parsed.append({"n": n, "date": date, "stage": stage, "from": bfrom, "to": bto,
                       "ids": ID_IN_WHY.findall(why) if isinstance(why, str) else []})
    return {"scenario": tl.get("scenario"), "start": start, "end": end,
            "initial": initial, "changes": parsed}


def check_reports(path, start, end, errors):
    reports, seen = [], {}
    prev = None
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        errors.append(f"{path}: cannot read: {e}")
        return reports, seen
    with f:
        for lineno, line in enumerate(f, 1):
            where = f"{path}:{lineno}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not valid JSON: {e}")
                continue
            if not isinstance(r, dict):
                errors.append(f"{where}: not a JSON object")
                continue
            if isinstance(r.get("id"), str):
                where += f" ({r['id']})"
            bad = False
            for key in FIELDS:
                v = r.get(key)
                if key not in r:
                    errors.append(f"{where}: missing field `{key}`")
                    bad = True
                elif not isinstance(v, str) or not v.strip():
                    errors.append(f"{where}: field `{key}` must be a non-empty string")
                    bad = True
            rid = r.get("id")
            if isinstance(rid, str) and rid.strip():
                if rid in seen:
                    errors.append(f"{where}: duplicate id (first on line {seen[rid]})")
                else:
                    seen[rid] = lineno
            if bad:
                continue
            try:
                pub = dt.datetime.fromisoformat(r["published"])
            except ValueError:
                errors.append(f"{where}: published {r['published']!r} is not ISO 8601")
                continue
            if pub.tzinfo is None or pub.utcoffset() is None:
                errors.append(f"{where}: published {r['published']!r} has no timezone")
                continue
            if start and pub.date() < start or end and pub.date() > end:
                errors.append(f"{where}: published {pub.date()} outside {start}..{end}")
            if prev and pub < prev[0]:
                errors.append(f"{where}: published {r['published']} is earlier than line "
                              f"{prev[1]} ({prev[2]}); lines must be sorted by publication")
            prev = (pub, lineno, r["published"])
            reports.append({"id": rid, "published": pub, "source": r["source"]})
    if len(reports) < MIN_REPORTS:
        errors.append(f"{path}: {len(reports)} valid reports, need at least {MIN_REPORTS}")
    return reports, seen


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    errors = []
    tl = check_timeline(folder / "timeline.toml", errors)
    start, end = (tl["start"], tl["end"]) if tl else (None, None)
    reports, ids = check_reports(folder / "reports.jsonl", start, end, errors)

    if tl:
        for ch in tl["changes"]:
            for rid in ch["ids"]:
                if rid not in ids:
                    errors.append(f"{folder / 'timeline.toml'}: change #{ch['n']} ({ch['date']}): "
                                  f"`why` cites {rid}, which is not in reports.jsonl")

    # Summary.
    print(f"replay corpus {folder}")
    if tl:
        print(f"  scenario {tl['scenario']}, {start} .. {end}, initial stage {tl['initial']}")
    print(f"  {len(reports)} reports, {len({r['source'] for r in reports})} outlets")
    months = Counter(r["published"].strftime("%Y-%m") for r in reports)
    print("  reports per month:")
    for m in sorted(months):
        print(f"    {m}  {months[m]:3d}  {'#' * months[m]}")
    if tl:
        print(f"  {len(tl['changes'])} changes:")
        for ch in tl["changes"]:
            window = f"borderline {ch['from'] or ch['date']} .. {ch['to'] or ch['date']}" \
                if ch["from"] or ch["to"] else "no borderline window"
            print(f"    {ch['date']}  stage {ch['stage']}  ({window}; cites {len(ch['ids'])} reports)")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print(f"  ERROR {e}", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
