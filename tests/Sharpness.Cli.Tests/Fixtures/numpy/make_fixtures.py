# Generates the real-NumPy .npy fixtures used by NpyNumpyFixtureTests (run with NumPy 1.24.2, Debian python3-numpy).
# The matrix is A = [[1.5, -2.25, 3.0], [4.0, 0.1, -7e-5]] (2 x 3); every file below holds A (or a variant) as named.
import numpy as np
from numpy.lib import format as fmt

A = np.array([[1.5, -2.25, 3.0], [4.0, 0.1, -7e-5]], dtype=np.float64)

def save_version(name, arr, version):
    with open(name, "wb") as f:
        fmt.write_array(f, arr, version=version)

np.save("a_f8_c.npy", A)
np.save("a_f8_f.npy", np.asfortranarray(A))
np.save("a_f4_c.npy", A.astype(np.float32))
np.save("a_f4_f.npy", np.asfortranarray(A.astype(np.float32)))
save_version("a_f8_c_v2.npy", A, (2, 0))
save_version("a_f8_f_v3.npy", np.asfortranarray(A), (3, 0))
np.save("scalar_f8.npy", np.float64(2.5))           # 0-D: read as 1 x 1
np.save("vector_f8.npy", np.array([1.0, 2.0]))       # 1-D: rejected
np.save("a_be_f8.npy", A.astype(">f8"))              # big-endian: rejected
np.save("a_i4.npy", np.array([[1, 2], [3, 4]], dtype="<i4"))  # integer: rejected
np.save("obj.npy", np.array([[1, None]], dtype=object), allow_pickle=True)  # object: rejected
np.save("a_f8_nan.npy", np.array([[1.0, 2.0], [np.nan, 4.0]]))  # NaN at [1, 0]
np.save("cube_f8.npy", np.zeros((2, 2, 2)))          # 3-D: rejected
np.savetxt("a.csv", A, delimiter=",")               # numpy.savetxt's CSV (%.18e)
# Other real dtypes, read losslessly into double (added with the dtype widening; NumPy 1.24.2 / Debian python3-numpy):
np.save("a_f2.npy", A.astype(np.float16))                              # float16: every value is a double
np.save("a_be_i2_f.npy", np.asfortranarray(np.array([[1, -2, 300], [-32768, 0, 32767]], dtype=">i2")))
np.save("a_u1.npy", np.array([[0, 255], [7, 128]], dtype=np.uint8))
np.save("a_b1.npy", np.array([[True, False], [False, True]]))
np.save("a_i8_exact.npy", np.array([[2**53, -2**53], [2**62, -2**63]], dtype="<i8"))  # exact: at most 53 significant bits
np.save("a_i8_big.npy", np.array([[1, 2**53 + 1]], dtype="<i8"))          # 2^53 + 1 is no double: refused
np.save("a_c16.npy", np.array([[1 + 2j, 3]], dtype=np.complex128))      # complex: refused
np.save("a_f16.npy", np.array([[1.5, 2.0]], dtype=np.longdouble))       # extended precision: refused
np.save("a_u3.npy", np.array([["a", "bc"]]))                            # strings (<U2): refused
