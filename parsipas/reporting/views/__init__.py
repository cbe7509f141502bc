"""Reporting pages: the unit's desk, one report, the review queue, roll-ups, periods, notifications."""
