"""Keep Python's cyclic garbage collector off the long-lived objects while replications run.

A process that runs replications holds a few hundred thousand long-lived objects (the modules
of numpy, pandas, numba and Hydra, the validated config); a replication allocates short-lived
ones. Each full collection walks all of them, which cost about 17% of a week of a 10^4-row
replication (``benchmarks/week_speed.py``). :func:`settle` moves everything alive now into the
collector's permanent generation (``gc.freeze``), so later collections walk only the
replications' own objects. Reference counting still frees everything as before; results do not
change.
"""

import gc


def settle() -> None:
    """Collect garbage now, then exempt every object still alive from later collections."""
    gc.collect()
    gc.freeze()
