"""The public reform page (criterion 1.5) and the admin's news list."""
