#!/usr/bin/env python3
"""Prints one verdict per request ("valid" or "invalid") of a JSON Lines file, judged by Python's
jsonschema against an exported vidu-catalog schema. Used by the schema agreement test.

usage: schema-verdicts.py SCHEMA.json REQUESTS.jsonl
"""
import json
import sys

import jsonschema

def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    with open(sys.argv[2], encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            out.append("valid" if validator.is_valid(json.loads(line)) else "invalid")
    sys.stdout.write("\n".join(out) + "\n")

if __name__ == "__main__":
    main()
