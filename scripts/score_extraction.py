"""Print the extractor's scores against the gold set: python scripts/score_extraction.py [-v]."""

import sys
from pathlib import Path

from checker.extract.scoring import score

root = Path(__file__).resolve().parent.parent
s = score(root / "corpora" / "seeds", root / "corpora" / "gold")
print(s.summary())
if "-v" in sys.argv:
    for g in s.missed:
        print("MISSED", g["_file"], g["line"], g["text"], g["role"], g["subject"])
    for e in s.role_errors:
        print("ROLE", *e)
    for e in s.subject_errors:
        print("SUBJECT", *e)
    for g in s.reasons_missed:
        print("REASON", g["_file"], g["line"], g["cue"], g["text"][:40])
