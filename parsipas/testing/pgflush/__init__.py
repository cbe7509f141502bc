"""PostgreSQL for the test suite: Django's backend, with a flush that deletes instead of truncating.

After each live-server (transactional) test Django empties every table. TRUNCATE of the 81
tables takes about 160 ms on PostgreSQL whatever they hold; a DELETE of each, with the foreign
keys checked at commit (Django creates them DEFERRABLE INITIALLY DEFERRED), takes about 12 ms on
a test's few rows. The suite runs about a hundred such tests. Used by parsipas/testing/settings.py
only; sequences are reset through Django's own flush when a test asks for it.
"""
