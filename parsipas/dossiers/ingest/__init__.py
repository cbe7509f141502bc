"""Dossier ingestion: the export's columns and cells (``headers``), the import (``loader``, with
its PostgreSQL fast path ``pgload``) and realistic exports for demos and benchmarks
(``generate``)."""
