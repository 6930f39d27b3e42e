"""Compiled loops over every chunk's score. At a million chunks a search's time goes on passes
over million-element arrays, and numpy makes one pass (and one new array) per operation: summing
the postings, masking, normalising and weighting three fields and choosing the best took about
17 passes and 15 ms; here it takes three (`accumulate`, `combine`, `best`). The vectors' sign
codes and int8 rows are compared with a query the same way (`hamming`, `cosines`).

The BM25 loops do their arithmetic in float32 in the order numpy did, so the scores are the
same to the last bit. Compiled on first use and cached beside this file (numba); they release
the GIL, so a server's threads score at once.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def accumulate(data, indices, indptr, token_ids, n):  # pragma: no cover (compiled)
    """Sum the postings of the query's tokens (a bm25s column index) into one score a chunk:
    half the time of bm25s's `np.add.at`."""
    scores = np.zeros(n, dtype=np.float32)
    for token in token_ids:
        for j in range(indptr[token], indptr[token + 1]):
            scores[indices[j]] += data[j]
    return scores


@numba.njit(cache=True, nogil=True)
def combine(fields, weights, mask):  # pragma: no cover (compiled)
    """The weighted sum of each field's scores over the chunks the mask keeps, each divided by
    its highest (fields with different BM25 scales are summed so); 0 where masked out."""
    n = len(mask)
    kept = mask.view(np.uint8)  # multiplied, not branched on: the loops vectorise
    out = np.zeros(n, dtype=np.float32)
    for f in range(len(fields)):
        scores, weight, top = fields[f], weights[f], np.float32(0)
        for i in range(n):
            value = scores[i] * kept[i]
            top = value if value > top else top
        if top <= 0:  # nothing scored: dividing by 1 keeps the zeros
            top = np.float32(1)
        if f == 0:
            for i in range(n):
                out[i] = weight * ((scores[i] * kept[i]) / top)
        else:
            for i in range(n):
                out[i] = out[i] + weight * ((scores[i] * kept[i]) / top)
    return out


@numba.njit(cache=True, nogil=True)
def best(scores, k):  # pragma: no cover (compiled)
    """Indices of the k highest positive scores, best first, ties by index: what a stable sort
    of every score would give, in one pass with a heap of k."""
    heap_scores = np.empty(k, dtype=scores.dtype)
    heap_rows = np.empty(k, dtype=np.int64)
    size = 0
    for i in range(len(scores)):
        value = scores[i]
        if value <= 0:
            continue
        if size < k:
            # sift up: the root is the weakest (lowest score, then highest index)
            j = size
            size += 1
            while j > 0:
                parent = (j - 1) // 2
                if _weaker_than(value, i, heap_scores[parent], heap_rows[parent]):
                    heap_scores[j], heap_rows[j] = heap_scores[parent], heap_rows[parent]
                    j = parent
                else:
                    break
            heap_scores[j], heap_rows[j] = value, i
        elif value > heap_scores[0]:  # a later equal score loses the tie
            j = 0
            while True:
                child = 2 * j + 1
                if child >= k:
                    break
                right = child + 1
                if right < k and _weaker(heap_scores, heap_rows, right, child):
                    child = right
                if _weaker_than(heap_scores[child], heap_rows[child], value, i):
                    heap_scores[j], heap_rows[j] = heap_scores[child], heap_rows[child]
                    j = child
                else:
                    break
            heap_scores[j], heap_rows[j] = value, i
    order = np.argsort(heap_rows[:size], kind="mergesort")
    rows, values = heap_rows[:size][order], heap_scores[:size][order]
    return rows[np.argsort(-values, kind="mergesort")]


@numba.njit(cache=True, inline="always")
def _weaker_than(score_a, row_a, score_b, row_b):  # pragma: no cover (compiled)
    """A ranks below B: a lower score, or the same score and a later row."""
    return score_a < score_b or (score_a == score_b and row_a > row_b)


@numba.njit(cache=True, inline="always")
def _weaker(heap_scores, heap_rows, a, b):  # pragma: no cover (compiled)
    return _weaker_than(heap_scores[a], heap_rows[a], heap_scores[b], heap_rows[b])


@numba.njit(cache=True, nogil=True)
def hamming(codes, query, allowed):  # pragma: no cover (compiled)
    """Bits in which each row's sign code differs from the query's; the largest int32 where
    the row is not allowed (numpy's XOR, bit count and sum made three arrays: 40 ms at 1M)."""
    out = np.empty(len(codes), dtype=np.int32)
    for i in range(len(codes)):
        if not allowed[i]:
            out[i] = 2147483647
            continue
        bits = 0
        for w in range(codes.shape[1]):
            x = codes[i, w] ^ query[w]
            x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
            x = (x & np.uint64(0x3333333333333333)) + (
                (x >> np.uint64(2)) & np.uint64(0x3333333333333333)
            )
            x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
            bits += (x * np.uint64(0x0101010101010101)) >> np.uint64(56)
        out[i] = bits
    return out


@numba.njit(cache=True, nogil=True, fastmath=True)
def cosines(rows, scales, query, which):  # pragma: no cover (compiled)
    """The query's cosine to the int8 rows `which`, without a float copy of them (summed in
    any order: the rows are approximations to 0.002 already)."""
    out = np.empty(len(which), dtype=np.float32)
    for j in range(len(which)):
        row = which[j]
        total = np.float32(0)
        for c in range(rows.shape[1]):
            total += np.float32(rows[row, c]) * query[c]
        out[j] = total * scales[row]
    return out
