"""check_file PATH --standard CODE [--standard CODE ...] [--format json|text]
[--layout CODE] [--period-end YYYY-MM-DD]; check_file --list-standards | --list-layouts

The command itself is rules.cli (pure Python); `manage.py check_file` runs it without setting
Django up (see manage.py). This wrapper serves `call_command` and `manage.py help`.
"""

import sys

from django.core.management.base import BaseCommand

from rules import cli


class Command(BaseCommand):
    help = "Check a wage, payroll or workforce report (CSV or workbook) against standards."

    def add_arguments(self, parser):
        for action in cli.parser()._actions:
            if action.dest == "help":
                continue
            kwargs = {"help": action.help, "default": action.default}
            if action.option_strings:
                if isinstance(action, type(cli.parser()._option_string_actions["--standard"])):
                    kwargs["action"] = "append"
                elif action.const is True:
                    kwargs["action"] = "store_true"
                elif action.choices:
                    kwargs["choices"] = action.choices
                parser.add_argument(*action.option_strings, dest=action.dest, **kwargs)
            else:
                parser.add_argument(action.dest, nargs=action.nargs, help=action.help)

    def handle(self, *args, **options):
        namespace = cli.parser().parse_args([])
        for key, value in options.items():
            if hasattr(namespace, key):
                setattr(namespace, key, value)
        code = cli.run(namespace, self.stdout, self.stderr)
        if code:
            sys.exit(code)
