"""The bundle's ``icstracker`` program: the command line, and the window when given no command.

PyInstaller needs a script to start from; the installed package's console script does
exactly this.
"""

from icstracker.front_door import main

raise SystemExit(main())
