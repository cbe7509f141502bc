"""The year-end self-assessment dossier for the Ministry (issue 18).

`assembly.py` gathers, per criterion of a PAR framework, the proposed score (from the
projection), its source, the office's explanation and the evidence (reports of the linked plan
criteria, the registers, the dialogues, files added by hand) into a snapshot (plain JSON);
`access.py` decides which of its files a user may receive; `export.py` writes the ZIP (folders,
files, the Excel index) and `word.py` the Word report; `service.py` is the one writer (edits,
uploads, freezing versions, export jobs).
"""
