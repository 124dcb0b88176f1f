"""The desktop window (PySide6). Thin: every action here is a call into ``services``.

The Qt-free modules the window uses are imported here, before any module of this package
imports PySide6. PySide6 hooks Python's imports (``shibokensupport/feature.py``) and reads
the source of every module imported after it, to see whether it uses Qt's snake-case
feature; SQLAlchemy, the models and the services are hundreds of modules, so loading them
first made the window's start-up about a tenth quicker (issue 17, ``bench/README.md``).
"""

import icstracker.db.setup  # noqa: F401
import icstracker.services.actions  # noqa: F401
import icstracker.services.area_resolver  # noqa: F401
import icstracker.services.committees  # noqa: F401
import icstracker.services.coverage_data  # noqa: F401
import icstracker.services.engagement_pages  # noqa: F401
import icstracker.services.footprints_age  # noqa: F401
import icstracker.services.stakeholders  # noqa: F401
