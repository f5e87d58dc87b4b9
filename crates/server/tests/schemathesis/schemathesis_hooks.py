"""Loaded by schemathesis (SCHEMATHESIS_HOOKS) for the API contract test.

Python 3.11 (Debian 12's) raises "SystemError: AST constructor recursion
depth mismatch" when two threads build an AST at once (CPython gh-106905);
Hypothesis parses source to describe its lambdas, and the contract test runs
two workers. One lock around ast.parse keeps the workers from meeting there.
"""

import ast
import threading

_lock = threading.Lock()
_parse = ast.parse


def _locked_parse(*args, **kwargs):
    with _lock:
        return _parse(*args, **kwargs)


ast.parse = _locked_parse
