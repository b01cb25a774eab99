"""The run schema of each kind of model, by ``model.kind``: the part of the registry of model
kinds (:mod:`scenarios.kinds`) that validating a config needs, kept here so that ``config``
needs nothing above it. :mod:`scenarios.kinds` registers the schema of every kind it holds."""

from scenarios.config.reference import REFERENCE_RUNS
from scenarios.config.run import BaseRunConfig, RunConfig


def kind_name(schema: type[BaseRunConfig]) -> str:
    """The ``model.kind`` a run schema validates: the default of its ``model`` section's
    ``kind``."""
    return str(schema.model_fields["model"].default.kind)


#: The kind of a config that names none: the country model, ``run.yaml``'s default.
DEFAULT_KIND = kind_name(RunConfig)


#: Run schema of each kind of model, the default first.
RUN_SCHEMAS: dict[str, type[BaseRunConfig]] = {
    kind_name(schema): schema for schema in (RunConfig, *REFERENCE_RUNS.values())
}


def register_schema(schema: type[BaseRunConfig]) -> None:
    """Make configs with ``model.kind`` of ``schema`` validate against it."""
    RUN_SCHEMAS[kind_name(schema)] = schema
