"""Capture: engagements proposed from calendar invitations (.ics) and emails (.eml, .msg).

Capture is import with another reader (``../shared/design/ARCHITECTURE.md``): each reader
turns a file into ``CapturedItem``s (one meeting occurrence or one email, with nothing
decided yet); ``plan`` turns those into proposed engagements for the review, through the
same resolvers as the form (areas, dates, kinds) and the same duplicate rule as the import
(plus the calendar UID or Message-ID each engagement keeps as ``source_id``); ``apply``
writes the ones the person ticked, all in one transaction or none.
"""
