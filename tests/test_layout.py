"""rules/ and imports/ stay pure Python: a city can run the checker from a script."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_rules_and_imports_do_not_import_django():
    code = ("import sys, rules, imports, rules.check, rules.cli, imports.report_types; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"
