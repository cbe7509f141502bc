"""Test support shared by every app's tests: settings, builders and the browser helper."""
