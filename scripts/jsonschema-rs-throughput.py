#!/usr/bin/env python3
"""Validates a JSON Lines file of CreateTask bodies against an exported schema with jsonschema-rs,
end to end (read, parse with json.loads, validate), and prints `requests seconds valid`.
The yardstick of vidu-catalog-bench's validation target.

usage: jsonschema-rs-throughput.py SCHEMA.json REQUESTS.jsonl
"""
import json
import sys
import time

import jsonschema_rs

def main():
    began = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8") as handle:
        validator = jsonschema_rs.validator_for(json.load(handle))
    requests = valid = 0
    with open(sys.argv[2], "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            requests += 1
            try:
                instance = json.loads(line)
            except ValueError:
                continue
            if validator.is_valid(instance):
                valid += 1
    print(requests, time.perf_counter() - began, valid)

if __name__ == "__main__":
    main()
