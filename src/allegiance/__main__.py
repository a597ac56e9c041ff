"""`python -m allegiance` runs the command line."""

from .cli import main

main()
