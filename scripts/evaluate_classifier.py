"""Leave-one-document-out scores of the explanation classifier and the lexicon baseline:
python scripts/evaluate_classifier.py"""

from checker.explain.evaluate import leave_one_document_out

r = leave_one_document_out()
print(f"leave-one-document-out over {r['documents']} seed documents, {r['examples']} real explanations")
for name in ("model", "baseline"):
    print(f"  {name:8s} accuracy {r[name]['accuracy']:.1%}  macro-F1 {r[name]['macro_f1']:.3f}")
for doc, s in r["per_document"].items():
    print(f"  {doc}: n={s['n']:3d}  model {s['model_accuracy']:.1%}  baseline {s['baseline_accuracy']:.1%}")
