"""Importing a committee's legacy engagement log from an .xlsx or .csv file (issue #5).

``reading`` checks and reads the file, ``columns`` finds the header row and maps it,
``values`` reads kinds (dates and footprints are read by ``services.dates`` and
``services.area_resolver``, as in the form and the command line), ``plan`` decides
each row's outcome, and ``apply`` writes the result in one transaction. None of it
imports Qt: the window runs ``preview_import`` and ``run_import`` as background jobs
with their ``progress`` and ``cancelled`` hooks.
"""
