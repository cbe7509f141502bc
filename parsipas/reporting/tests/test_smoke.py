from __future__ import annotations

from typing import Any


def test_the_desk_lists_the_units_tasks(small_plan: Any, people: Any, login: Any) -> None:
    c = login(people["unit"])
    p = small_plan.current
    r = c.get(f"/bao-cao/{p.year}/{p.code}/")
    assert r.status_code == 200, r.content.decode()[:2000]
    html = r.content.decode()
    assert "Thực hiện chế độ báo cáo CCHC" in html
