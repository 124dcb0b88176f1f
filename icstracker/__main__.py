"""Allows ``python -m icstracker`` to behave exactly like the installed ``icstracker`` script."""

from icstracker.front_door import main

raise SystemExit(main())
