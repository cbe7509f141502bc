"""Decision 766/QĐ-TTg: the national portal's service-quality score (six groups, 100 points).

- ``rules.py``: the table of groups and parts and the portal's rounding (data, not logic);
- ``engine.py``: pure scoring from counts, totals and "what it takes";
- ``scores.py``: gathering the inputs (dossiers, the portal's stored figures) and storing imports.

``FORMULAS.md`` beside these modules is the repository's copy of the reverse-engineered rules
(``../shared/reference/qd766/FORMULAS.md`` in the project's shared folder).
"""
