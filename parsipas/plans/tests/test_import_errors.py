"""A file that is not a plan gets a Vietnamese message and changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from parsipas.plans.models import Node, Plan


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "trống"),
        (b"\x00\x01\x02\xff\xfe\x00binary", "không đọc được"),
        ("Một văn bản bất kỳ\nkhông có bảng nào\n".encode(), "tiêu đề"),
        (
            "STT\tLĨNH VỰC, TIÊU CHÍ\tNỘI DUNG THỰC HIỆN\tCƠ QUAN THỰC HIỆN\tCƠ QUAN CHỦ TRÌ\tTHỜI GIAN THỰC HIỆN\n".encode(),
            "dữ liệu",
        ),
    ],
)
def test_bad_files_are_refused_by_the_command_and_nothing_changes(
    plan_2026, tmp_path, content, words
):
    before = (
        Plan.objects.count(),
        Node.objects.count(),
        list(Node.objects.values_list("title", flat=True)),
    )
    path = tmp_path / "xau.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("plan", "import", str(path), "--year", "2026")
    assert words in str(error.value)
    assert "chưa có gì thay đổi" in str(error.value)
    assert (
        Plan.objects.count(),
        Node.objects.count(),
        list(Node.objects.values_list("title", flat=True)),
    ) == before


def test_a_broken_code_names_its_line(registry, seed_bytes, tmp_path):
    text = seed_bytes.decode().replace("\n3.4\t", "\n3..4\t")
    path = tmp_path / "hong.txt"
    path.write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("plan", "import", str(path))
    assert "3..4" in str(error.value) and "dòng" in str(error.value).lower()
    assert Plan.objects.count() == 0


def test_dry_run_prints_the_report_and_writes_nothing(registry, tmp_path, capsys, seed_bytes):
    path = tmp_path / "kh.txt"
    path.write_bytes(seed_bytes)
    call_command("plan", "import", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "77 tiêu chí PAR Index, 5 tiêu chí SIPAS" in out and "Cần xem lại" in out
    assert Plan.objects.count() == 0
