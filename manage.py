#!/usr/bin/env python
import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["check_file"]:
        # Checking a file needs no database and no web application: skip Django's start-up,
        # and, once the report is written, the interpreter's tidying of a large file's memory.
        from rules.cli import main as check_file

        code = check_file(sys.argv[2:])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
