"""`python -m directive_kg.cli`: the same as `dkg`."""

from . import main

main()
