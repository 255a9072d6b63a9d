"""Random classification data sets evaluated by automl-eval and by scikit-learn; prints every disagreement.

By hand, not on CI (scikit-learn is Debian's python3-sklearn, not served to CI):
    dotnet build -c Release src/AutoMLEval.Cli -o /tmp/cli
    /usr/bin/python3 tests/differential/sklearn_classification.py /tmp/cli/automl-eval.dll SEED ROUNDS
Each round writes a Vertex AI import and batch-prediction JSONL pair (1-200 items, 2-8 labels, single- or
multi-label, scores rounded to 1-6 decimals so that ties are common, a few exact 0, 0.5 and 1) and compares
`evaluate --format json` with scikit-learn 1.2.1 on the same arrays. A failing round's files are kept.
"""
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, coverage_error, hamming_loss,
                             label_ranking_average_precision_score, log_loss, precision_score, recall_score,
                             roc_auc_score, top_k_accuracy_score)

warnings.filterwarnings("ignore")


def close(ours, reference, tolerance=1e-9):
    return ours is not None and abs(ours - reference) <= tolerance * max(1.0, abs(reference))


def data_set(rng):
    n = rng.choice([1, 2, 3, 5, 10, 40, 200])
    labels = [f"l{j}" for j in range(rng.choice([2, 3, 5, 8]))]
    multi = rng.random() < 0.4
    decimals = rng.choice([1, 2, 3, 6])
    truth = np.zeros((n, len(labels)), dtype=int)
    scores = np.zeros((n, len(labels)))
    for i in range(n):
        if multi:
            truth[i] = [rng.random() < 0.35 for _ in labels]
        else:
            truth[i, rng.randrange(len(labels))] = 1
        raw = [rng.random() ** 2 for _ in labels]
        if not multi:
            raw = [x / (sum(raw) or 1) for x in raw]
        scores[i] = [rng.choice([0.0, 0.5, 1.0]) if rng.random() < 0.05 else round(x, decimals) for x in raw]
    return labels, multi, truth, scores


def write(folder, labels, multi, truth, scores):
    with open(f"{folder}/gt.jsonl", "w") as f:
        for i, row in enumerate(truth):
            annotations = [{"displayName": labels[j]} for j in np.flatnonzero(row)]
            record = {"imageGcsUri": f"gs://b/{i}.png", "dataItemResourceLabels": {"aiplatform.googleapis.com/ml_use": "test"}}
            record.update({"classificationAnnotations": annotations} if multi else {"classificationAnnotation": annotations[0]})
            f.write(json.dumps(record) + "\n")
    with open(f"{folder}/p.jsonl", "w") as f:
        for i, row in enumerate(scores):
            f.write(json.dumps({"instance": {"content": f"gs://b/{i}.png"}, "prediction": {"displayNames": labels, "confidences": row.tolist()}}) + "\n")


def references(ours, labels, multi, y, s):
    """(name, ours, scikit-learn) for every figure scikit-learn defines on these arrays."""
    checks = []
    if y.sum() > 0:
        checks.append(("auPrc", ours["auPrc"], average_precision_score(y.ravel(), s.ravel())))
    if 0 < y.sum() < y.size:
        checks.append(("auRoc", ours["auRoc"], roc_auc_score(y.ravel(), s.ravel())))
    for j, label in enumerate(ours["perLabel"]):
        assert label["displayName"] == labels[j]
        if y[:, j].sum() > 0:
            checks.append((f"perLabel[{j}].auPrc", label["auPrc"], average_precision_score(y[:, j], s[:, j])))
        if 0 < y[:, j].sum() < len(y):
            checks.append((f"perLabel[{j}].auRoc", label["auRoc"], roc_auc_score(y[:, j], s[:, j])))
    predicted = (s >= ours["threshold"]).astype(int)
    if multi:
        checks.append(("microPrecision", ours["microPrecision"], precision_score(y, predicted, average="micro", zero_division=1)))
        checks.append(("microRecall", ours["microRecall"], recall_score(y, predicted, average="micro", zero_division=0)))
        checks.append(("hammingLoss", ours["hammingLoss"], hamming_loss(y, predicted)))
        checks.append(("subsetAccuracy", ours["subsetAccuracy"], float((y == predicted).all(1).mean())))
        checks.append(("labelRankingAveragePrecision", ours["labelRankingAveragePrecision"], label_ranking_average_precision_score(y, s)))
        checks.append(("coverageError", ours["coverageError"], coverage_error(y, s)))
    else:
        checks.append(("accuracy", ours["accuracy"], accuracy_score(y.argmax(1), s.argmax(1))))
        if (s.sum(1) > 0).all():
            checks.append(("logLoss", ours["logLoss"], log_loss(y.argmax(1), s, labels=list(range(len(labels))))))
        for k in range(1, min(len(labels) - 1, 5) + 1) if len(labels) > 2 else []:
            checks.append((f"topKAccuracy.{k}", ours["topKAccuracy"][str(k)], top_k_accuracy_score(y.argmax(1), s, k=k, labels=list(range(len(labels))))))
    for row in ours["confidenceMetrics"]:
        at = s >= row["confidenceThreshold"]
        for name, count in (("truePositiveCount", (at & (y == 1)).sum()), ("falsePositiveCount", (at & (y == 0)).sum()), ("falseNegativeCount", (~at & (y == 1)).sum())):
            checks.append((f"confidenceMetrics[{row['confidenceThreshold']}].{name}", row[name], int(count)))
    return checks


def main():
    cli, seed, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    failed = compared = 0
    folder = tempfile.mkdtemp(prefix="automleval-differential-")
    for round_ in range(rounds):
        labels, multi, truth, scores = data_set(rng)
        write(folder, labels, multi, truth, scores)
        run = subprocess.run(["dotnet", cli, "evaluate", "--ground-truth", f"{folder}/gt.jsonl", "--predictions", f"{folder}/p.jsonl", "--format", "json"], capture_output=True, text=True)
        bad = [] if run.returncode == 0 else [("exit", run.returncode, 0)]
        if not bad:
            checks = references(json.loads(run.stdout), labels, multi, truth, scores)
            compared += len(checks)
            bad = [c for c in checks if not close(c[1], c[2])]
        if bad:
            failed += 1
            kept = tempfile.mkdtemp(prefix=f"automleval-differential-round{round_}-")
            for name in ("gt.jsonl", "p.jsonl"):
                shutil.copy(f"{folder}/{name}", kept)
            print(f"round {round_} ({len(truth)} items, {len(labels)} labels, {'multi' if multi else 'single'}-label, files in {kept}): {bad[:5]} {run.stderr[:200]}")
    shutil.rmtree(folder)
    print(f"seed {seed}: {rounds} rounds, {compared} figures compared, {failed} rounds disagreed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
