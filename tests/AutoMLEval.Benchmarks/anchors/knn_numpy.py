"""Anchor for the `knn` benchmark: numpy's Q @ R.T plus argpartition on the same sizes (float32).

Run with Debian's numpy and OpenBLAS: apt-get install -y python3-numpy libopenblas0-pthread (without the
second package numpy falls back to the slow reference BLAS), then
/usr/bin/python3 knn_numpy.py [queries references dimension k]
The distance matrix is computed in blocks of 1,000 queries (a full 10,000 x 100,000 float32 matrix would
take 4 GB); each block is one BLAS call, as fast as the whole product. Cosine: rows normalised first.
Never a runtime dependency of AutoMLEval.
"""
import os
import resource
import sys
import time

import numpy as np

queries, references, dimension, k = (int(a) for a in (sys.argv[1:5] if len(sys.argv) >= 5 else (10_000, 100_000, 512, 10)))
block = 1_000
rng = np.random.default_rng(1)
start = time.perf_counter()
Q = rng.random((queries, dimension), dtype=np.float32)
R = rng.random((references, dimension), dtype=np.float32)
print(f"generate: {time.perf_counter() - start:.2f} s ({queries} queries, {references} references, {dimension} dims)")

cpu0 = time.process_time()
start = time.perf_counter()
Qn = Q / np.linalg.norm(Q, axis=1, keepdims=True)
Rn = R / np.linalg.norm(R, axis=1, keepdims=True)
indices = np.empty((queries, k), dtype=np.int64)
for first in range(0, queries, block):
    similarity = Qn[first:first + block] @ Rn.T
    top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(similarity, top, axis=1), axis=1)
    indices[first:first + block] = np.take_along_axis(top, order, axis=1)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu0
flops = 2.0 * queries * references * dimension
print(f"search (cosine, k={k}): {seconds:.2f} s wall, {cpu:.2f} s cpu, {flops / seconds / 1e9:.1f} GFLOP/s, "
      f"threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, numpy {np.__version__}")
print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
