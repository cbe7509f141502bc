"""The `parsipas` console command: Django's manage.py under the project's name.

Commands with verbs (`parsipas units list --format json`, `parsipas plan import FILE`) are
management commands named after the group that define their verbs as subparsers.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parsipas", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
