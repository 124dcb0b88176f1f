"""Allows ``python -m icstracker`` to behave exactly like the installed ``icstracker`` script."""

from icstracker.cli import main

raise SystemExit(main())
