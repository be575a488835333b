"""hyperfine's JSON exports as one Markdown table of medians (hyperfine's own table shows means)."""

import json
import sys

print("| command | median | min | max | runs |\n| --- | ---: | ---: | ---: | ---: |")
for path in sys.argv[1:]:
    with open(path) as f:
        for r in json.load(f)["results"]:
            print(f"| {r['command']} | {r['median']:.2f} s | {r['min']:.2f} s | {r['max']:.2f} s | {len(r['times'])} |")
