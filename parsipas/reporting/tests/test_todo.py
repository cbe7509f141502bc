"""The one to-do rule behind the desk's tabs and counters and the home card."""

from __future__ import annotations

from types import SimpleNamespace

from parsipas.reporting import todo


def test_the_tabs_split_reports_by_what_the_unit_still_has_to_do() -> None:
    workflows = [None, "draft", "returned", "submitted", "accepted"]
    assert todo.counts(workflows) == {"can-lam": 3, "tra-lai": 1, "da-gui": 2, "tat-ca": 5}


def test_an_unknown_tab_falls_back_to_the_to_do_list() -> None:
    assert todo.tab_of("xyz") == todo.tab_of(None) == "can-lam"
    assert todo.tab_of("da-gui") == "da-gui"


def test_a_returned_report_is_unchanged_until_the_unit_saves_it() -> None:
    returned = SimpleNamespace(
        workflow="returned", reviewed_by_id=7, updated_by_id=7, reopened=False
    )
    assert todo.returned_unchanged(returned)
    returned.updated_by_id = 3
    assert not todo.returned_unchanged(returned)
    assert not todo.returned_unchanged(SimpleNamespace(workflow="draft"))
