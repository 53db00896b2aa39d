#!/usr/bin/env python3
"""Second implementation of string indexing: checks our exports with Python's own str slicing.

Python str indexes by code point, so for every record with offsets in doccano, spaCy, W3C,
Label Studio and CSV exports, text[start:end] must equal the quote the record carries. Texts
come from the Tagteam JSONL export (UTF-16 offsets, checked by slicing UTF-16 bytes), whose
textSha256 is checked with hashlib. Standard library only. Exit 0 and print counts as JSON,
or exit 1 with the first mismatch.
Usage: check_offsets.py --texts T.jsonl [--doccano F] [--spacy F] [--w3c F] [--labelstudio F] [--csv F]
"""
import argparse
import csv
import hashlib
import json
import sys
from urllib.parse import unquote

counts = {}


def fail(message):
    print(f"MISMATCH: {message}", file=sys.stderr)
    sys.exit(1)


def check(kind, text, start, end, quote, where):
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        fail(f"{kind} {where}: offsets {start}..{end} outside a text of {len(text)} code points")
    if text[start:end] != quote:
        fail(f"{kind} {where}: text[{start}:{end}] is {text[start:end]!r}, quote is {quote!r}")
    counts[kind] = counts.get(kind, 0) + 1


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_texts(path):
    texts = {}
    for r in jsonl(path):
        text = r["text"]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != r["textSha256"]:
            fail(f"tagteam {r['docId']}: textSha256 is not the sha256 of the text")
        utf16 = text.encode("utf-16-le")
        for s in r["spans"]:
            quote = utf16[2 * s["start"]:2 * s["end"]].decode("utf-16-le")
            if quote != s["quote"]:
                fail(f"tagteam {r['docId']} span {s['id']}: UTF-16 slice is {quote!r}, quote is {s['quote']!r}")
            counts["tagteam-utf16"] = counts.get("tagteam-utf16", 0) + 1
        texts[r["docId"]] = text
    return texts


def check_doccano(path):
    for n, r in enumerate(jsonl(path), 1):
        triples = r.get("label") or [[e["start_offset"], e["end_offset"], e["label"]] for e in r.get("entities", [])]
        for i, (s, e, _label) in enumerate(triples):
            check("doccano", r["text"], s, e, r["quotes"][i], f"line {n} span {i}")


def check_spacy(path):
    for n, r in enumerate(jsonl(path), 1):
        sc = r["spans"]["sc"]
        for i, (s, e, _label) in enumerate(sc):
            check("spacy", r["text"], s, e, r["quotes"][i], f"line {n} span {i}")
        ents = sorted(r["entities"])
        for a, b in zip(ents, ents[1:]):
            if a[1] > b[0]:
                fail(f"spacy line {n}: entities {a} and {b} overlap")
        if not all(list(x) in [list(y) for y in sc] for x in ents):
            fail(f"spacy line {n}: an entity is not among spans.sc")


def check_w3c(path, texts):
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    for a in collection["first"]["items"]:
        if a["motivation"] != "tagging":
            continue
        source = a["target"]["source"]["id"]
        text = texts[unquote(source.rsplit(":", 1)[1])]
        quote = next(s for s in a["target"]["selector"] if s["type"] == "TextQuoteSelector")
        pos = next(s for s in a["target"]["selector"] if s["type"] == "TextPositionSelector")
        s, e = pos["start"], pos["end"]
        check("w3c", text, s, e, quote["exact"], a["id"])
        if quote.get("prefix", "") != text[max(0, s - 32):s] or quote.get("suffix", "") != text[e:e + 32]:
            fail(f"w3c {a['id']}: prefix/suffix are not the 32 code points around the quote")


def check_labelstudio(path):
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    for t in tasks:
        for a in t["annotations"]:
            for r in a["result"]:
                if r["type"] == "labels":
                    v = r["value"]
                    check("labelstudio", t["data"]["text"], v["start"], v["end"], v["text"], f"task {t['id']} {r['id']}")


def check_csv(path, texts):
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            text = texts[row["document_id"]]
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["text_sha256"]:
                fail(f"csv row {n}: text_sha256 is wrong")
            check("csv", text, int(row["start"]), int(row["end"]), row["text"], f"row {n}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--texts", required=True)
    for name in ("doccano", "spacy", "w3c", "labelstudio", "csv"):
        p.add_argument(f"--{name}")
    args = p.parse_args()
    texts = read_texts(args.texts)
    if args.doccano:
        check_doccano(args.doccano)
    if args.spacy:
        check_spacy(args.spacy)
    if args.w3c:
        check_w3c(args.w3c, texts)
    if args.labelstudio:
        check_labelstudio(args.labelstudio)
    if args.csv:
        check_csv(args.csv, texts)
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
