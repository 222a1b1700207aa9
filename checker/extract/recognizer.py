"""Recognizers in the manner of Presidio: patterns with scores, context words, validation hooks.

Every hit records which pattern produced it and why its score is what it is, so a reviewer can
ask "why was this read as money?" and get an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: regex.Pattern
    score: float


@dataclass
class Hit:
    type: str  # money | percent | pp | residue | count | measure | year | date | code | phone
    start: int  # view offsets
    end: int
    text: str
    score: float
    pattern: str
    value: Decimal | None = None
    unit: str | None = None
    precision: int | None = None  # decimals as written
    explanation: list[str] = field(default_factory=list)

    @property
    def is_figure(self) -> bool:
        return self.type in ("money", "percent", "pp", "residue")


class Recognizer:
    """Subclasses set ``type``, ``PATTERNS`` and optionally ``CONTEXT``; ``validate`` may reject or refine."""

    type: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: tuple[str, ...] = ()
    CONTEXT_WINDOW = 12
    CONTEXT_BOOST = 0.15

    def analyze(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        for p in self.PATTERNS:
            for m in p.regex.finditer(text):
                hit = self.validate(m, text, p)
                if hit is None:
                    continue
                self.enhance(hit, text)
                hits.append(hit)
        return hits

    def validate(self, m: regex.Match, text: str, pattern: Pattern) -> Hit | None:
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name)

    def enhance(self, hit: Hit, text: str) -> None:
        """Raise the score when a context word stands just before the hit."""
        if not self.CONTEXT:
            return
        left = text[max(0, hit.start - self.CONTEXT_WINDOW): hit.start]
        for word in self.CONTEXT:
            if word in left:
                hit.score = min(1.0, hit.score + self.CONTEXT_BOOST)
                hit.explanation.append(f"context:{word}")
                return
