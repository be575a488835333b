"""What a long case's words add to scoring: ``model.score`` with and without them, same run.

The engine turn benchmark's messages are chat-length, under the word count at which the case's
words weigh in, so it never pays for the resemblance; this times the score of exam-length cases
(our own words) both ways and prints medians and their ratio. Run by hand:

    PYTHONPATH=. python bench/resemblance_cost.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bot.engine import Core

CASES = [
    "A 30-year-old man comes to the clinic a week after he spent several days clearing mud and debris from houses "
    "after the river floods in his town, wading without boots. He now has a high fever, a headache behind the eyes, "
    "aching calves and thighs, and both eyes look red. He feels weak and has vomited twice.",
    "A 65-year-old woman comes in with three days of pain low in the left side of her abdomen that has slowly got "
    "worse, with a temperature of 38, loose stools and poor appetite. She has known diverticular disease seen on a "
    "colonoscopy some years ago. The left iliac fossa is tender with some guarding. CRP is 120.",
    "A 58-year-old stonemason who has cut engineered stone worktops for twenty years, often without a mask, has "
    "had a dry cough and slowly worsening breathlessness on stairs for a year. He has lost some weight. There are "
    "fine crackles at both bases and the chest film shows small nodules in the upper zones with eggshell nodes.",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    core = Core.default()
    model = core.model
    found = [core.extractor.extract(text) for text in CASES]
    words = [model.resemblance.known(f.words) for f in found]
    timings: dict[str, list[float]] = {"findings only": [], "with words": []}
    for _ in range(args.rounds):
        for f, w in zip(found, words, strict=True):
            start = time.perf_counter()
            model.score(f.present, f.absent)
            timings["findings only"].append(time.perf_counter() - start)
            start = time.perf_counter()
            model.score(f.present, f.absent, words=w)
            timings["with words"].append(time.perf_counter() - start)
    base = statistics.median(timings["findings only"])
    for name, values in timings.items():
        median = statistics.median(values)
        p99 = statistics.quantiles(values, n=100)[98]
        print(f"{name:14s} median {median * 1000:.3f} ms  p99 {p99 * 1000:.3f} ms  ratio {median / base:.2f}")
    print(f"known words per case: {[sum(w.values()) for w in words]}")


if __name__ == "__main__":
    main()
