"""Seeds: one experiment seed, one independent SeedSequence per replication.

Replication ``i`` of an experiment with seed ``s`` uses ``SeedSequence(s, spawn_key=(i,))``,
which is exactly ``SeedSequence(s).spawn(n)[i]`` but needs neither ``n`` nor the other
replications. Every strategy of a scenario runs on the same replication seeds (common random
numbers), and no result depends on how many workers ran or in which order.
"""

import numpy as np


def replication_seed(experiment_seed: int, replication: int) -> np.random.SeedSequence:
    """The SeedSequence of one replication."""
    return np.random.SeedSequence(experiment_seed, spawn_key=(replication,))
