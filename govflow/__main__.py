"""``python -m govflow``."""

from govflow.cli import main

main()
