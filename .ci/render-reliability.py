#!/usr/bin/env python3
"""Renders reliability report rows (JSON lines written by the *ReliabilityTest scenarios) into the table
between the markers of docs/reliability.md. Usage: render-reliability.py ROWS.jsonl PAGE.md"""
import datetime
import json
import os
import platform
import sys

BEGIN = "<!-- reliability-table:begin -->"
END = "<!-- reliability-table:end -->"


def cell(value):
    text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def number(n):
    return f"{n:,}"


def main(rows_path, page_path):
    with open(rows_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not rows:
        sys.exit(f"no rows in {rows_path}")
    lines = [
        f"Full run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, Java {rows[0]['java']}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, `./run-reliability.sh`.",
        "",
        "| scenario | load | faults injected | started | exported | dropped | lost uncounted | notes |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append("| " + " | ".join([
            cell(r["scenario"]), cell(r["load"]), cell(r["faults"]), number(r["started"]),
            number(r["exported"]), number(r["dropped"]), f"**{number(r['lostUncounted'])}**", cell(r["notes"]),
        ]) + " |")
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    if BEGIN not in page or END not in page:
        sys.exit(f"{page_path} has no {BEGIN} ... {END} markers")
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
