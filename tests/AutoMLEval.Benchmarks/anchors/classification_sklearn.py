"""Anchor for the `evaluate-cli` benchmark: scikit-learn's metrics on the same ground truth and predictions, in memory.

Run with Debian's scikit-learn 1.2.1 and numpy (apt-get install -y python3-sklearn), then
/usr/bin/python3 classification_sklearn.py GROUND_TRUTH.csv PREDICTIONS.jsonl
The files (path,label CSV; Vertex AI batch-prediction JSONL) are read into arrays first, untimed; then the metrics
AutoMLEval's single-label evaluation reports are timed (each, and all together), each with the scikit-learn call a
user would make; each curve is computed once (precision_recall_curve, roc_curve), not once per threshold, and the
areas and best F1 are taken from it rather than computed again by average_precision_score and roc_auc_score. Never a runtime dependency.
"""
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.calibration import calibration_curve

truth_path, prediction_path = sys.argv[1:3]
start = time.perf_counter()
with open(truth_path, encoding="utf-8") as lines:
    next(lines)
    truth = dict(line.rstrip("\n").rsplit(",", 1) for line in lines)
rows = []
labels = None
with open(prediction_path, encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        prediction = record["prediction"]
        if labels is None:
            labels = sorted(prediction["displayNames"], key=lambda name: int(name.rsplit("_", 1)[1]))
            column = {name: j for j, name in enumerate(labels)}
        scores = np.empty(len(labels))
        scores[[column[name] for name in prediction["displayNames"]]] = prediction["confidences"]
        rows.append((column[truth[record["instance"]["content"]]], scores))
y = np.array([label for label, _ in rows])
scores = np.vstack([row for _, row in rows])
del rows
n, label_count = scores.shape
onehot = np.zeros_like(scores, dtype=np.int8)
onehot[np.arange(n), y] = 1
print(f"read: {time.perf_counter() - start:.2f} s ({n} items x {label_count} labels, untimed)")

cpu0 = time.process_time()
start = time.perf_counter()
results = {}
spent = {}


def timed(name, work):
    began = time.perf_counter()
    value = work()
    spent[name] = spent.get(name, 0) + time.perf_counter() - began
    return value


labels_range = range(label_count)
results["macroAuRoc"] = timed("roc_auc macro", lambda: metrics.roc_auc_score(onehot, scores, average="macro"))
results["logLoss"] = timed("log_loss", lambda: metrics.log_loss(y, scores, labels=labels_range))
top = scores.argmax(axis=1)
results["accuracy"] = timed("accuracy", lambda: metrics.accuracy_score(y, top))
results["macroF1"] = timed("f1 macro", lambda: metrics.f1_score(y, top, average="macro"))
for k in range(1, 6):
    results[f"top{k}"] = timed("top_k_accuracy", lambda: metrics.top_k_accuracy_score(y, scores, k=k, labels=labels_range))
timed("confusion_matrix", lambda: metrics.confusion_matrix(y, top, labels=labels_range))
timed("per-label argmax precision/recall/F1", lambda: metrics.precision_recall_fscore_support(y, top, labels=labels_range, zero_division=0))
predicted = scores >= 0.5
results["micro@0.5"] = timed("micro precision/recall/F1 at 0.5", lambda: metrics.precision_recall_fscore_support(onehot, predicted, average="micro", zero_division=0)[:3])
timed("per-label precision/recall/F1 at 0.5", lambda: metrics.precision_recall_fscore_support(onehot, predicted, average=None, zero_division=0))


def precision_recall(truth, score):
    """Average precision (as average_precision_score computes it from the curve) and the best F1 on the curve."""
    precision, recall, _ = metrics.precision_recall_curve(truth, score)
    return -np.sum(np.diff(recall) * precision[:-1]), np.max(2 * precision * recall / np.maximum(precision + recall, 1e-300))


per_label = timed("per-label precision_recall_curve", lambda: [precision_recall(onehot[:, j], scores[:, j]) for j in labels_range])
results["macroAuPrc"] = np.mean([average_precision for average_precision, _ in per_label])
# The micro curves: every threshold of the sweep, and the micro-averaged areas from them.
results["auPrc"], results["bestF1"] = timed("micro precision_recall_curve", lambda: precision_recall(onehot.ravel(), scores.ravel()))
fpr, tpr, _ = timed("micro roc_curve", lambda: metrics.roc_curve(onehot.ravel(), scores.ravel()))
results["auRoc"] = metrics.auc(fpr, tpr)
confidence = scores[np.arange(n), top]
correct = (top == y).astype(np.int8)
timed("top-1 precision_recall_curve", lambda: metrics.precision_recall_curve(correct, confidence))
timed("calibration_curve", lambda: calibration_curve(correct, confidence, n_bins=15))
results["brier"] = timed("brier", lambda: np.mean(np.sum((scores - onehot) ** 2, axis=1)))
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu0
print("; ".join(f"{key} {value}" for key, value in results.items() if np.ndim(value) == 0))
print("; ".join(f"{name} {seconds:.2f} s" for name, seconds in spent.items()))
print(f"metrics (scikit-learn {sklearn.__version__}, numpy {np.__version__}): "
      f"{seconds:.2f} s wall, {cpu:.2f} s cpu")
print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
