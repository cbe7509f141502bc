"""`parsipas petitions figures`: per unit and for the province, with the 766 parts."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from parsipas.petitions import handling
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


def test_figures_count_records_and_score_the_766_parts(people: Any) -> None:
    stp = Unit.objects.get(code="stp")
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC)):
        on_time = handling.receive(
            unit=stp, channel="web", content="Một", received_on=dt.date(2026, 3, 2)
        )
        handling.answer(on_time, "Trả lời", people["unit"], on=dt.date(2026, 3, 10))
        handling.publish(on_time, people["unit"], on=dt.date(2026, 3, 11))
        handling.rate(on_time, True)
        late = handling.receive(
            unit=stp, channel="web", content="Hai", received_on=dt.date(2026, 3, 2)
        )
        handling.answer(late, "Trả lời muộn", people["unit"], on=dt.date(2026, 4, 1))
        handling.publish(late, people["unit"], on=dt.date(2026, 4, 1))
        handling.rate(late, False)
        out = StringIO()
        call_command("petitions", "figures", "--year", "2026", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    unit_row = next(r for r in rows if r["unit"] == "stp")
    province = rows[-1]
    assert province["unit"] is None
    for row in (unit_row, province):
        assert row["received"] == 2 and row["handled_on_time"] == 1 and row["answered"] == 2
        assert row["rated"] == 2 and row["satisfied"] == 1
        assert row["q766"] == {"on_time_points": 3.0, "satisfaction_points": 3.0}


def test_no_petitions_means_full_766_points(registry: None) -> None:
    out = StringIO()
    call_command("petitions", "figures", "--year", "2026", "--format", "json", stdout=out)
    (province,) = json.loads(out.getvalue())
    assert province["received"] == 0
    assert province["q766"] == {"on_time_points": 6.0, "satisfaction_points": 6.0}


def test_import_is_all_or_nothing_with_row_messages(people: Any, tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    good = tmp_path / "pakn.csv"
    good.write_text(
        "ma_don_vi,kenh,ngay_tiep_nhan,noi_dung,ngay_tra_loi,tra_loi\n"
        "stp,phone,02/03/2026,Chậm trả kết quả,05/03/2026,Đã trả\n"
        "phuong-buon-ma-thuot,portal,03/03/2026,Thái độ cán bộ,,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ma_don_vi,kenh,ngay_tiep_nhan,noi_dung,ngay_tra_loi,tra_loi\n"
        "stp,phone,02/03/2026,Một,,\n"
        "khong-co,phone,02/03/2026,Hai,,\n"
        "stp,phone,05/03/2026,Ba,01/03/2026,Trả lời trước khi nhận\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("petitions", "import", str(bad))
    message = str(exc.value)
    assert "Dòng 3, cột ma_don_vi" in message and "Dòng 4, cột ngay_tra_loi" in message
    from parsipas.petitions.models import Petition

    assert not Petition.objects.exists()
    out = StringIO()
    call_command("petitions", "import", str(good), stdout=out)
    assert Petition.objects.count() == 2
    assert Petition.objects.get(unit__code="stp").state == "handled"


def test_shares_of_received_petitions_are_percentages() -> None:
    from decimal import Decimal

    from parsipas.petitions.figures import PetitionFigures

    figures = PetitionFigures("", "Toàn tỉnh", received=8, handled_on_time=6, answered=2)
    assert figures.on_time_pct == Decimal(75)
    assert figures.answered_pct == Decimal(25)
    assert PetitionFigures("", "Toàn tỉnh").on_time_pct is None
