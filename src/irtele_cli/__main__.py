"""Entry point for ``python -m irtele_cli``."""

from irtele_cli.cli import main

main()
