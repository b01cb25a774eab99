"""The country: districts on an adjacency network, homelands and international borders."""

from dataclasses import dataclass

import networkx as nx
import numpy as np

from scenarios.config.scenario import CountrySpec


@dataclass(frozen=True)
class Country:
    """Districts of a country.

    Attributes:
        graph: adjacency network; nodes are district indices 0..n-1.
        position: (n, 2) coordinates in the unit square, used to lay out homelands and borders.
        border: (n,) bool, True where the district lies on an international border.
        neighbours: for each district, the indices of the districts it borders.
    """

    graph: nx.Graph
    position: np.ndarray
    border: np.ndarray
    neighbours: tuple[np.ndarray, ...]

    @property
    def n_districts(self) -> int:
        """Number of districts."""
        return len(self.position)


def build_country(spec: CountrySpec, rng: np.random.Generator) -> Country:
    """Build the district network described by ``spec`` using ``rng`` for any randomness."""
    n = spec.districts
    if spec.network == "grid":
        cols = int(np.ceil(np.sqrt(n)))
        position = np.array([((i % cols) + 0.5, (i // cols) + 0.5) for i in range(n)], float)
        position /= max(cols, int(np.ceil(n / cols)))
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        for i in range(n):
            if (i % cols) + 1 < cols and i + 1 < n:
                graph.add_edge(i, i + 1)
            if i + cols < n:
                graph.add_edge(i, i + cols)
    else:
        position = rng.random((n, 2))
        radius = min(1.0, 1.8 * np.sqrt(np.log(n + 1) / (np.pi * n)))
        graph = nx.random_geometric_graph(n, radius, pos=dict(enumerate(position)))
        _connect_components(graph, position)
    centre_distance = np.linalg.norm(position - position.mean(axis=0), axis=1)
    n_border = round(spec.border_share * n)
    border = np.zeros(n, dtype=bool)
    if n_border:
        border[np.argsort(-centre_distance, kind="stable")[:n_border]] = True
    neighbours = tuple(np.array(sorted(graph.neighbors(i)), dtype=np.int64) for i in range(n))
    return Country(graph=graph, position=position, border=border, neighbours=neighbours)


def _connect_components(graph: nx.Graph, position: np.ndarray) -> None:
    """Join a disconnected graph by linking each component to its nearest other district."""
    components = [sorted(c) for c in nx.connected_components(graph)]
    while len(components) > 1:
        first, rest = components[0], [i for c in components[1:] for i in c]
        gaps = np.linalg.norm(position[first][:, None, :] - position[rest][None, :, :], axis=2)
        a, b = np.unravel_index(np.argmin(gaps), gaps.shape)
        graph.add_edge(first[a], rest[b])
        components = [sorted(c) for c in nx.connected_components(graph)]


def homeland_weights(country: Country, shares: np.ndarray) -> np.ndarray:
    """Return (groups, districts) weights: each group's homeland is a contiguous band of districts.

    Districts are ordered west to east and split in proportion to group shares, so every group
    has at least one homeland district and neighbouring groups meet at a boundary.
    """
    n = country.n_districts
    order = np.lexsort((country.position[:, 1], country.position[:, 0]))
    edges = np.concatenate([[0.0], np.cumsum(shares)]) * n
    weights = np.zeros((len(shares), n))
    for g in range(len(shares)):
        lo = min(round(float(edges[g])), n - 1)
        hi = max(lo + 1, round(float(edges[g + 1])))
        weights[g, order[lo : min(hi, n)]] = 1.0
    return weights / weights.sum(axis=1, keepdims=True)
