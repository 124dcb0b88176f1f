"""ICS Tracker: an LPC's log of its engagement with the NHS at every planning level."""

__version__ = "0.1.0"
