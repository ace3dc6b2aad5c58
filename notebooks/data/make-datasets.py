#!/usr/bin/python3
"""One-off step that wrote the data files notebook 14 reads (they are committed; nothing runs this at build time).

Run with Debian's python3 (python3-sklearn 1.2.1, python3-numpy 1.24.2), from this folder:

    /usr/bin/python3 make-datasets.py

It needs no network: both data sets ship inside scikit-learn.

* diabetes-X.npy (442 x 10, float64): scikit-learn's diabetes features as bundled (load_diabetes(), scaled=True):
  age, sex, bmi, bp, s1..s6, each column centred and scaled to unit Euclidean norm. One sample per row.
* diabetes-y.npy (442 x 1, float64): disease progression one year after baseline, centred and scaled to unit
  Euclidean norm, like the features (2-D, one sample per row: the kit reads matrices, so a 1-D target is reshaped to (s, 1)).
* digits-S.npy (64 x 64, float64) and digits-C.npy (10 x 64, float64): the moments S = X^T X and C = Y^T X of all 1797
  8x8 handwritten digits (load_digits()), pixels divided by 16 (values in [0, 1]), Y the one-hot labels (1797 x 10),
  one sample per row. Only the moments are kept: the sharpness needs nothing else (theory section 2.10), and they are
  40 kB where the samples would be 1 MB.
"""
import numpy as np
from sklearn.datasets import load_diabetes, load_digits

diabetes = load_diabetes()
x = np.ascontiguousarray(diabetes.data, dtype=np.float64)
y = diabetes.target.astype(np.float64)
y = y - y.mean()
y = (y / np.linalg.norm(y)).reshape(-1, 1)
np.save("diabetes-X.npy", x)
np.save("diabetes-y.npy", y)

digits = load_digits()
xd = digits.data.astype(np.float64) / 16.0
yd = np.eye(10)[digits.target]
np.save("digits-S.npy", xd.T @ xd)
np.save("digits-C.npy", yd.T @ xd)
print("diabetes", x.shape, y.shape, "digits", xd.shape, "->", (xd.T @ xd).shape, (yd.T @ xd).shape)
