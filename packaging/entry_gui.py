"""The bundle's ``icstracker-gui`` program: the window with no console behind it.

On Windows this is the program the Start-menu shortcut opens (built with ``console=False``),
as ``icstracker-gui`` is for an installed package.
"""

from icstracker.ui.app import gui_main

raise SystemExit(gui_main())
