"""Write a knowledge folder at whole-body scale: the shipped data plus made-up conditions and
findings, for the scale benchmarks (engine turn, cold ``ask``, worker memory).

The made-up part is there for size only: conditions named ``Synthetic condition N`` that link
real and made-up findings, and findings whose phrases are made-up words, so that the phrase
matcher, the tables and the cache all grow as a 1,500-condition knowledge base would. Run by hand:

    python bench/synthetic_kb.py OUT_DIR [--conditions 1500] [--findings 4500]

then point a command at it with ``--knowledge OUT_DIR`` (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from knowledge import DATA_DIR, load_knowledge

_CLASSES = ["always", "usually", "often", "sometimes", "rarely"]
_GROUPS = ["symptom", "sign", "lab", "imaging", "risk_factor", "quality", "timing"]
_SYLLABLES = ["ka", "lo", "mi", "ne", "zu", "tra", "vel", "dor", "pix", "qua", "ren", "sol", "tum", "wex", "yor"]


def made_up_word(rng: random.Random) -> str:
    """A word no clinical message contains (three to four syllables)."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))


def write(out: Path, n_conditions: int, n_findings: int, seed: int = 12) -> tuple[int, int]:
    """Copy the shipped data to ``out`` and top it up to the given totals; returns the totals."""
    rng = random.Random(seed)
    shipped = load_knowledge()
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(DATA_DIR, out)
    new_findings = []
    used: set[str] = set()
    for i in range(max(0, n_findings - len(shipped.findings))):
        phrases = []
        while len(phrases) < 3:
            phrase = " ".join(made_up_word(rng) for _ in range(rng.randint(1, 3)))
            if phrase not in used:
                used.add(phrase)
                phrases.append(phrase)
        group = rng.choice(_GROUPS)
        new_findings.append(
            {"id": f"syn_{group}_{i:05d}", "label": phrases[0], "group": group, "synonyms": phrases, "background": 0.01}
        )
    (out / "findings" / "x_synthetic.yaml").write_text(yaml.safe_dump({"findings": new_findings}, sort_keys=False))
    linkable = [fid for fid, f in shipped.findings.items() if not (f.neutral or f.denies)]
    finding_ids = linkable + [f["id"] for f in new_findings]
    source = next(iter(shipped.sources))
    folder = out / "conditions" / "synthetic"
    folder.mkdir()
    for i in range(max(0, n_conditions - len(shipped.conditions))):
        picked = rng.sample(finding_ids, 22)
        links = [{"finding": f, "frequency": rng.choice(_CLASSES)} for f in picked[:20]]
        links += [{"finding": f, "frequency": "against"} for f in picked[20:]]
        cid = f"synthetic_{i:04d}"
        condition = {
            "id": cid,
            "name": f"Synthetic condition {i}",
            "icd10": ["R69"],
            "family": "synthetic",
            "prevalence": rng.choice(["common", "uncommon", "rare", "very_rare"]),
            "severity": rng.choice(["mild", "moderate", "serious", "critical"]),
            "summary": "A made-up condition for the scale benchmarks.",
            "findings": links,
            "red_flags": [],
            "workup": ["none"],
            "sources": [source],
        }
        (folder / f"{cid}.yaml").write_text(yaml.safe_dump(condition, sort_keys=False))
    return max(n_conditions, len(shipped.conditions)), max(n_findings, len(shipped.findings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--conditions", type=int, default=1500)
    parser.add_argument("--findings", type=int, default=4500)
    args = parser.parse_args()
    conditions, findings = write(args.out, args.conditions, args.findings)
    print(f"wrote {args.out}: {conditions} conditions, {findings} findings")


if __name__ == "__main__":
    main()
