"""The package's layout: no import circles, and outside actors reach the model only through
the boundary."""

import ast
from pathlib import Path

import networkx as nx
import pytest

import scenarios

ROOT = Path(scenarios.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of ``scenarios`` imported by ``path`` when it runs (not under TYPE_CHECKING);
    ``from package import submodule`` counts as importing the submodule."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("scenarios")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scenarios"):
            submodules = {f"{node.module}.{a.name}" for a in node.names} & modules
            found |= submodules if len(submodules) == len(node.names) else {node.module}
    return found


def import_graph() -> nx.DiGraph:
    modules = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in runtime_imports(path, set(modules)):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_import_circles_between_modules():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == []


def test_no_import_circles_between_packages():
    packages = nx.DiGraph()
    for a, b in import_graph().edges:
        if package_of(a) != package_of(b):
            packages.add_edge(package_of(a), package_of(b))
    assert list(nx.simple_cycles(packages)) == []


@pytest.mark.parametrize("package", ["scenarios.steps", "scenarios.boundary"])
def test_steps_and_the_boundary_do_not_import_the_model(package):
    graph = import_graph()
    reached = set().union(*(nx.descendants(graph, m) for m in graph if m.startswith(package)))
    assert not {m for m in reached if m.startswith("scenarios.model")}


def test_the_config_layer_imports_no_layer_above_it():
    above = ("scenarios.model", "scenarios.steps", "scenarios.runs", "scenarios.analysis")
    graph = import_graph()
    for module in (m for m in graph if m.startswith("scenarios.config")):
        assert not [t for t in graph.successors(module) if t.startswith(above)], module
