"""`present(x)`: a value the test expects to be there, narrowed from Optional for the type checker.

`assert present(result.sipas).pct == 50` fails with a clear message when the value is missing,
where `result.sipas.pct` would fail with an AttributeError on None (and mypy refuses it).
"""

from __future__ import annotations


def present[T](value: T | None) -> T:
    assert value is not None, "expected a value, got None"
    return value
