"""The quarterly workbook an LPC sends to its committee and ICS partners.

Only writing lives here. What the report says is read in ``services`` (``report_data``,
``report_rows``, ``coverage_data``, ``map_data``: plain dataclasses, no Qt, no openpyxl),
where the Coverage, Charts and Map tabs read the same numbers; one module per sheet here
turns them into cells (``icstracker.cells`` keeps text from running as a formula, and the
full export shares it); ``workbook.export_report`` puts
them together, streaming, and only ever leaves a complete file behind. The window and the
command line both call ``export_report`` and nothing else.
"""
