"""directive-kg: a knowledge graph of Vietnam's Resolution 57 directive hierarchy."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """`from directive_kg import Graph` without importing the store and pandas on `import directive_kg`."""
    if name == "Graph":
        from .notebook import Graph

        return Graph
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Graph", "__version__"]
