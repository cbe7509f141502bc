from parsipas.reporting import due


def test_due_soon_is_today_up_to_seven_days_ahead() -> None:
    assert [due.is_due_soon(d) for d in (-1, 0, 7, 8)] == [False, True, True, False]
    assert [due.tone(d) for d in (-1, 3, 30)] == ["danger", "warn", "info"]
    assert due.tone(-5, outstanding=False) == "ok"
