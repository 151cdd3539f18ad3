"""directive-kg: a knowledge graph of Vietnam's Resolution 57 directive hierarchy."""

__version__ = "0.1.0"
