#!/usr/bin/env python
import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["check_file"]:
        # Checking a file needs no database and no web application: skip Django's start-up.
        from rules.cli import main as check_file

        sys.exit(check_file(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
