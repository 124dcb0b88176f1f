"""The Qt-free modules the full window uses, imported before any module imports PySide6.

PySide6 hooks Python's imports (``shibokensupport/feature.py``) and reads the source of
every module imported after it, to see whether it uses Qt's snake-case feature;
SQLAlchemy, the models and the services are hundreds of modules, so loading them first
made the window's start-up about a tenth quicker (issue 17, ``bench/README.md``). A start
that paints a first look (``ui/first_look.py``) needs PySide6 first and loads these after
its first paint instead.
"""

import icstracker.db.setup  # noqa: F401
import icstracker.reports.coverage_data  # noqa: F401
import icstracker.services.actions  # noqa: F401
import icstracker.services.area_resolver  # noqa: F401
import icstracker.services.committees  # noqa: F401
import icstracker.services.engagement_pages  # noqa: F401
import icstracker.services.footprints_age  # noqa: F401
import icstracker.services.stakeholders  # noqa: F401
