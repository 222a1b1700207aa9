"""checker — a reviewer's tool for Chinese department final-accounts disclosures (部门决算公开)."""

__version__ = "0.1.0"

REPORT_SCHEMA = "checker.report/1"
