"""The quarterly workbook an LPC sends to its committee and ICS partners.

``report_data`` and ``report_rows`` read what the report says (plain dataclasses, no Qt, no
openpyxl); one module per sheet turns that into cells; ``workbook.export_report`` puts
them together, streaming, and only ever leaves a complete file behind. The window and the
command line both call ``export_report`` and nothing else.
"""
