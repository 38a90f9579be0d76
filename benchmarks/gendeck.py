"""Write a large, valid synthetic deck for the benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path

EFFECTS = ("lengthens", "strengthens", "stabilizes", "releases", "activates")


def synthetic_deck(muscles: int = 4000, cues_per_muscle: int = 2) -> str:
    """A deck of `muscles` muscles, each with innervation and `cues_per_muscle` cues.

    It yields muscles * (5 + cues_per_muscle) cards: 28,000 for the defaults.
    """
    lines = [
        "id: benchmark-deck",
        "title: Benchmark deck",
        "description: A large synthetic deck used to time validation and export.",
        "version: 1",
        "authors: [studytool benchmarks]",
        "tags: [benchmark]",
        "muscles:",
    ]
    for m in range(muscles):
        lines += [
            f"  - id: muscle-{m}",
            f"    name: Muscle number {m}",
            f"    region: region {m % 12}",
            f"    origin: Anterior surface of bone {m}, between the ridges of its upper third",
            f"    insertion: Tubercle {m % 97} on the far bone, by a short flat tendon",
            "    actions:",
            f"      - Flexes joint {m % 31}",
            f"      - Rotates segment {m % 17} medially",
            f"    innervation: Nerve {m % 43} (anterior rami of L{m % 5 + 1}-S{m % 3 + 1})",
            f"    notes: Teaching note {m} - *feel* it working when the student reaches forward.",
            "    cues:",
        ]
        for c in range(cues_per_muscle):
            lines += [
                f"      - pose: Pose {c} for muscle {m}",
                f"        cue: Breathe in and let the front of the hip grow long, step {c}.",
                f"        effect: {EFFECTS[(m + c) % len(EFFECTS)]}",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmark-deck.yaml")
    target.write_text(synthetic_deck(), encoding="utf-8")
    print(target)
