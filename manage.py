#!/usr/bin/env python
"""Same as the `parsipas` console command, for those who expect manage.py."""

from parsipas.cli import main

if __name__ == "__main__":
    main()
