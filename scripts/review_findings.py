"""Print every error/warning finding on the seeds, for the hand review in corpora/defects/review.md."""

from pathlib import Path

from checker.pipeline import check_path

for path in sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt")):
    for f in check_path(path).findings:
        if f.severity.value in ("error", "warning"):
            line = f.evidence[0].line if f.evidence else ""
            message = " ".join(f.message.split())  # one row per finding, whatever line breaks the quote holds
            print(f"{path.name[:3]}\t{f.rule}\t{f.severity.value}\t{line}\t{message}")
