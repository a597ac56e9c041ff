"""The training script's pieces (training/train.py): calibration and fitting."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
train = pytest.importorskip("train")


def test_isotonic_steps_rise_and_pool_violations():
    xs, ys = train.isotonic([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0, 1, 0, 0, 1, 1])
    assert list(xs) == sorted(xs) and xs[0] == 0.0
    assert list(ys) == sorted(ys)
    assert ys[0] == 0.0 and ys[-1] == 1.0
    assert any(abs(y - 1 / 3) < 1e-3 for y in ys)  # 1, 0, 0 pooled into one step


def test_fit_learns_separable_labels_and_respects_the_mask():
    # feature 0 marks label 0, feature 1 marks label 1; label 1 is masked out on row 3
    X = sparse.csr_matrix(np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 0], [0, 0]],
                                   dtype=float))
    Y = np.array([[1, 0], [1, 0], [0, 1], [0, 0], [0, 0], [0, 0]], dtype=float)
    M = np.ones_like(Y)
    M[3, 1] = 0
    W, b = train.fit(X, Y, M, l2=0.1)
    z = X.toarray() @ W + b
    assert z[0, 0] > 0 > z[0, 1]
    assert z[2, 1] > 0 > z[2, 0]
    assert (z[4] < 0).all()
    W2, b2 = train.fit(X, Y, M, l2=0.1)  # deterministic
    assert np.array_equal(W, W2) and np.array_equal(b, b2)


def test_allowed_mask_follows_the_ontology():
    mask = train._allowed_mask(["LEADER_OF>", "LEADER_OF<", "ALLY_OF"],
                               [("PERSON", "ARMED_GROUP"), ("PLACE", "PLACE")])
    assert mask.tolist() == [[1, 0, 1], [0, 0, 0]]
