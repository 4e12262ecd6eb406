#!/usr/bin/env python3
"""Turn the hand annotations of an evaluation set into gold files with byte offsets.

Each set is a folder (eval/team, eval/dev, ...). Inputs, in that folder:
  reports.jsonl         the reports (id, url, source, published, title, text)
  gold.src.jsonl        hand-coded events; the sentence is given as text (`span_text`,
                        `support_texts`), not as offsets
  no-event.src.jsonl    sentences that must yield no event (`article_id`, `span_text`, `why`)

Outputs:
  gold.jsonl            gold events in the format of ../shared/eval/README.md, with
                        `span: {start, end, text}` as UTF-8 byte offsets into the report text
  no-event.jsonl        `{"article_id", "span": {start, end, text}, "why"}`

Each sentence must occur exactly once in its report; every span is checked to slice back
to its exact text. The annotations are validated (PLOVER types, modalities, codes), and
no-event sentences may not overlap a gold span. `--check` recomputes everything and fails
if the files on disk differ, so the outputs can never drift from the annotations.

Standard library only:  python3 eval/make_spans.py [--check] [SET_DIR ...]
(no SET_DIR: every folder under eval/ that holds a gold.src.jsonl)
"""
import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def set_dirs(named):
    """The evaluation sets to build: those named, or every folder of eval/ with annotations."""
    if named:
        return [Path(d) for d in named]
    return sorted(p.parent for p in HERE.glob("*/gold.src.jsonl"))

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
MODALITIES = {"asserted", "reported", "planned", "considered", "conditional", "denied"}
DATE_BASES = {None, "stated", "derived", "published", "external"}
CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
SPECIAL_SOURCES = {"ARTICLE", "MEDIA", "TREATY"}

# Field order of the shared gold format (../shared/eval/README.md).
GOLD_FIELDS = [
    "article_id", "event_id", "actor", "actor_detail", "event_type", "alt_event_types",
    "mode", "target", "target_detail", "quantity", "location", "event_date", "date_basis",
    "modality", "source", "source_detail", "span", "support_spans", "note",
]


class AnnotationError(Exception):
    """An annotation that cannot be turned into a valid gold line."""


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise AnnotationError(f"{path.name}:{number}: not JSON: {e}") from e
    return rows


def byte_span(text, sentence, where):
    """UTF-8 byte offsets of the single occurrence of `sentence` in `text`."""
    raw, needle = text.encode("utf-8"), sentence.encode("utf-8")
    start = raw.find(needle)
    if start < 0:
        raise AnnotationError(f"{where}: sentence not found in report: {sentence[:60]!r}")
    if raw.find(needle, start + 1) >= 0:
        raise AnnotationError(f"{where}: sentence occurs more than once: {sentence[:60]!r}")
    end = start + len(needle)
    if raw[start:end].decode("utf-8") != sentence:
        raise AnnotationError(f"{where}: span does not slice back to its text")
    return {"start": start, "end": end, "text": sentence}


def check_codes(value, where, field, allowed_special=frozenset(), nullable=False):
    if value is None:
        if nullable:
            return
        raise AnnotationError(f"{where}: {field} is missing")
    for code in value.split(";"):
        if code in allowed_special:
            continue
        if not CODE.match(code):
            raise AnnotationError(f"{where}: {field} has a bad code {code!r}")


def validate(event, where):
    if event["event_type"] not in PLOVER_TYPES:
        raise AnnotationError(f"{where}: unknown event type {event['event_type']!r}")
    for alt in event.get("alt_event_types") or []:
        if alt not in PLOVER_TYPES or alt == event["event_type"]:
            raise AnnotationError(f"{where}: bad alternative type {alt!r}")
    if event["modality"] not in MODALITIES:
        raise AnnotationError(f"{where}: unknown modality {event['modality']!r}")
    if event.get("date_basis") not in DATE_BASES:
        raise AnnotationError(f"{where}: unknown date_basis {event['date_basis']!r}")
    if (event.get("event_date") is None) != (event.get("date_basis") is None):
        raise AnnotationError(f"{where}: event_date and date_basis go together")
    check_codes(event["actor"], where, "actor")
    check_codes(event.get("target"), where, "target", nullable=True)
    check_codes(event["source"], where, "source", allowed_special=SPECIAL_SOURCES)
    quantity = event.get("quantity")
    if quantity is not None and not isinstance(quantity, dict):
        raise AnnotationError(f"{where}: quantity must be an object unit -> number")


def build(directory):
    reports = {r["id"]: r for r in read_jsonl(directory / "reports.jsonl")}
    gold_lines, counters = [], {}
    for number, src in enumerate(read_jsonl(directory / "gold.src.jsonl"), 1):
        where = f"gold.src.jsonl:{number}"
        article = src["article_id"]
        if article not in reports:
            raise AnnotationError(f"{where}: unknown article {article!r}")
        validate(src, where)
        text = reports[article]["text"]
        counters[article] = counters.get(article, 0) + 1
        event = {key: src.get(key) for key in GOLD_FIELDS}
        event["event_id"] = f"{article}#e{counters[article]}"
        event["span"] = byte_span(text, src["span_text"], where)
        support = [byte_span(text, s, where) for s in src.get("support_texts") or []]
        event["support_spans"] = support or None
        gold_lines.append(event)

    gold_spans = {}
    for event in gold_lines:
        gold_spans.setdefault(event["article_id"], []).append(event["span"])
    none_lines = []
    for number, src in enumerate(read_jsonl(directory / "no-event.src.jsonl"), 1):
        where = f"no-event.src.jsonl:{number}"
        article = src["article_id"]
        if article not in reports:
            raise AnnotationError(f"{where}: unknown article {article!r}")
        span = byte_span(reports[article]["text"], src["span_text"], where)
        for g in gold_spans.get(article, []):
            if span["start"] < g["end"] and g["start"] < span["end"]:
                raise AnnotationError(f"{where}: no-event sentence overlaps a gold span")
        none_lines.append({"article_id": article, "span": span, "why": src.get("why")})
    return gold_lines, none_lines


def render(lines):
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if gold.jsonl / no-event.jsonl differ from the annotations")
    parser.add_argument("sets", nargs="*", help="evaluation set folders (default: all under eval/)")
    args = parser.parse_args()
    status = 0
    for here in set_dirs(args.sets):
        status |= build_set(here, args.check)
    return status


def build_set(here, check):
    """Build (or with `check`, verify) one evaluation set; 0 on success."""
    try:
        gold_lines, none_lines = build(here)
    except AnnotationError as e:
        print(f"error: {here.name}: {e}", file=sys.stderr)
        return 1
    outputs = {"gold.jsonl": render(gold_lines), "no-event.jsonl": render(none_lines)}
    if check:
        stale = [name for name, body in outputs.items()
                 if not (here / name).exists() or (here / name).read_text(encoding="utf-8") != body]
        if stale:
            print(f"error: {here.name}: out of date: {', '.join(stale)} (run eval/make_spans.py)",
                  file=sys.stderr)
            return 1
    else:
        for name, body in outputs.items():
            (here / name).write_text(body, encoding="utf-8")
    articles = {e["article_id"] for e in gold_lines} | {n["article_id"] for n in none_lines}
    print(f"{here.name}: {len(gold_lines)} gold events, {len(none_lines)} no-event sentences, "
          f"{len(articles)} reports: spans verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
