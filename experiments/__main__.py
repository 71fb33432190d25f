import os
import sys

# The experiments multiply small matrices, where BLAS threads gain nothing; on a
# machine shared with other jobs they can make a run ten times slower. Set
# before numpy is first imported; an explicit setting of the user wins.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

from .cli import main  # noqa: E402

sys.exit(main())
