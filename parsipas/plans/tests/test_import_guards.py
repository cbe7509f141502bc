"""Re-imports that would lose data: truncated files, shrinking plans, targets by text."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from parsipas.audit.models import AuditEntry
from parsipas.plans import importer
from parsipas.plans.export import plan_json
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.plans.target_match import ADDED, CHANGED, GONE, KEPT, MOVED, match_targets
from parsipas.reporting.models import Report, ReportingPeriod, TargetFigure
from parsipas.testing.present import present

FIRST_BULLET_1_1 = (
    "- Các cơ quan, đơn vị bám sát Kế hoạch CCHC năm 2026 của tỉnh để hoàn thành có chất lượng "
    "và đúng tiến độ 100% các nhiệm vụ được giao chủ trì phụ trách. "
)


def _cut(seed: bytes, share: float) -> bytes:
    text = seed.decode("utf-8")
    return text[: int(len(text) * share)].encode("utf-8")


def _shape(plan: Plan) -> Counter[tuple[str, str]]:
    return Counter(plan.nodes.values_list("index", "level"))


# --- matching, pure --------------------------------------------------------------------------


def _t(text: str) -> tuple[str, tuple[object, ...]]:
    return (text, (">=", "100", "", "%"))


def test_targets_are_matched_by_text_not_position() -> None:
    old = [_t("100% nhiệm vụ được giao"), _t("100% nhiệm vụ theo Kế hoạch")]
    kinds = [(m.kind, m.old, m.new) for m in match_targets(old, old[1:])]
    assert kinds == [(KEPT, 1, 0), (GONE, 0, None)]


def test_a_reworded_target_changes_a_swapped_one_moves_a_new_one_is_added() -> None:
    old = [_t("Tỷ lệ 95% hồ sơ đúng hạn"), _t("Tổ chức 02 cuộc đối thoại"), _t("Có 03 sáng kiến")]
    new = [_t("Tổ chức 02 cuộc đối thoại"), _t("Tỷ lệ 98% hồ sơ đúng hạn"), _t("Một chỉ tiêu mới")]
    found = {(m.kind, m.old, m.new) for m in match_targets(old, new)}
    assert found == {(MOVED, 1, 0), (CHANGED, 0, 1), (ADDED, None, 2), (GONE, 2, None)}


def test_case_spacing_and_bullets_do_not_make_a_target_new() -> None:
    matches = match_targets([_t("- 100%  các TTHC")], [_t("100% CÁC TTHC.")])
    assert [m.kind for m in matches] == [KEPT]


# --- truncated and shrinking files -----------------------------------------------------------


@pytest.mark.parametrize("share", [0.1, 0.5])
def test_a_truncated_seed_is_flagged_and_needs_the_confirmation(
    plan_2026: Plan, seed_bytes: bytes, tmp_path: Any, share: float
) -> None:
    data = _cut(seed_bytes, share)
    preview = importer.preview(data, "cut.txt", 2026)
    assert preview.incomplete
    assert any("SIPAS" in sign for sign in preview.incomplete)
    assert any("sẽ bỏ" in sign for sign in preview.incomplete)
    disappearing = preview.report()["disappearing"]
    assert disappearing and all(item in disappearing for item in preview.diff.removed)
    before = _shape(plan_2026)
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="có thể không đầy đủ"):
        call_command("plan", "import", str(path), "--year", "2026")
    assert _shape(plan_2026) == before
    call_command("plan", "import", str(path), "--year", "2026", "--allow-shrink")
    assert _shape(plan_2026) != before
    # The assignments that went are counted in the import's one entry, not one entry each.
    event = AuditEntry.objects.filter(action=AuditEntry.Action.EVENT, model="plans.plan").latest(
        "pk"
    )
    assert "phân công bỏ" in event.message
    assert not AuditEntry.objects.filter(model="plans.assignment", action="delete").exists()


def test_a_file_cut_mid_row_is_flagged_even_as_a_first_plan(
    registry: Any, seed_bytes: bytes
) -> None:
    text = seed_bytes.decode("utf-8")
    line_start = text.index("\n3.4\t") + 1
    data = text[: line_start + 40].encode("utf-8")  # inside the row of 3.4
    preview = importer.preview(data, "cut.txt", 2026)
    assert "Tệp kết thúc giữa chừng một hàng của bảng: có thể đã bị cắt." in preview.incomplete
    with pytest.raises(importer.ImportRefused, match="--allow-shrink"):
        importer.apply(preview)
    assert not Plan.objects.exists()


def test_the_whole_seed_again_has_no_sign(plan_2026: Plan, seed_bytes: bytes) -> None:
    preview = importer.preview(seed_bytes, "daklak-2026.txt", 2026)
    assert preview.incomplete == []
    assert preview.report()["disappearing"] == []


def test_the_review_page_asks_for_the_confirmation_naming_what_disappears(
    plan_2026: Plan, seed_bytes: bytes, people: dict[str, Any], login: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(people["admin"])
    upload = SimpleUploadedFile("cut.txt", _cut(seed_bytes, 0.5))
    response = client.post("/ke-hoach/nhap/", {"file": upload, "year": "2026"})
    assert response.status_code == 302
    review = response["Location"]
    page = client.get(review).content.decode()
    assert "Tệp có thể không đầy đủ" in page and 'name="confirm_shrink"' in page
    assert "PAR 8.1" in page or "SIPAS" in page  # a criterion that would disappear is named
    before = _shape(plan_2026)
    client.post(review, {"action": "apply"})
    assert _shape(plan_2026) == before
    client.post(review, {"action": "apply", "confirm_shrink": "1"})
    assert _shape(plan_2026) != before


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_a_utf16_copy_of_the_seed_imports_exactly_like_the_utf8_one(
    registry: Any, seed_bytes: bytes, encoding: str
) -> None:
    utf8 = importer.preview(seed_bytes, "seed.txt", 2026)
    other = importer.preview(seed_bytes.decode("utf-8").encode(encoding), "seed.txt", 2026)
    # The same plan read (every node, target, issue) and the same report: what `apply` writes
    # is a function of these, so the stored plans are equal too (applied below for one).
    assert other.parsed == utf8.parsed
    report, expected = other.report(), utf8.report()
    report.pop("sha256"), expected.pop("sha256")
    assert report == expected
    if encoding != "utf-16":
        return
    with transaction.atomic():  # the UTF-16 plan stored, read and rolled back
        importer.apply(other)
        first = plan_json(Plan.objects.get(year=2026))
        transaction.set_rollback(True)
    importer.apply(utf8)
    assert plan_json(Plan.objects.get(year=2026)) == first


# --- one bullet removed from 1.1 -------------------------------------------------------------


def _report_figures(plan: Plan) -> dict[int, tuple[str, str, Decimal]]:
    """A figure for every target of every criterion, from every assigned unit (first 3)."""
    period = ReportingPeriod.objects.create(
        year=2026, code="Q1", name="Quý I", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 15),
        due_date=dt.date(2026, 3, 20), lead_due_date=dt.date(2026, 3, 25),
    )  # fmt: skip
    figures = {}
    value = Decimal(1)
    for node in plan.nodes.filter(level=Node.Level.CRITERION).prefetch_related("targets"):
        targets = list(node.targets.all())
        if not targets:
            continue
        for assignment in Assignment.objects.filter(node=node).order_by("pk")[:3]:
            report = Report.objects.create(assignment=assignment, period=period)
            for target in targets:
                value += 1
                figure = TargetFigure.objects.create(report=report, target=target, value=value)
                figures[figure.pk] = (node.code, target.text, value)
    return figures


def test_removing_one_bullet_keeps_every_other_figure_on_its_target(
    plan_2026: Plan, seed_bytes: bytes
) -> None:
    figures = _report_figures(plan_2026)
    node_11 = plan_2026.nodes.get(index="PAR", code="1.1")
    texts = list(node_11.targets.values_list("text", flat=True))
    assert len(texts) == 2
    text = seed_bytes.decode("utf-8")
    assert FIRST_BULLET_1_1 in text
    data = text.replace(FIRST_BULLET_1_1, "", 1).encode("utf-8")

    preview = importer.preview(data, "bot-1-gach.txt", 2026)
    changes = preview.diff.targets
    assert [(c["node"][:9], c["kind"], c["figures"]) for c in changes] == [("PAR 1.1 T", GONE, 3)]
    assert changes[0]["old"] == texts[0]
    assert preview.incomplete == []
    importer.apply(preview)

    for pk, (code, target_text, value) in figures.items():
        figure = TargetFigure.objects.select_related("target__node").get(pk=pk)
        assert (figure.target.node.code, figure.target.text, figure.value) == (
            code,
            target_text,
            value,
        )
    node_11.refresh_from_db()
    # The gone target had figures: kept after the others, and the criterion flagged.
    assert list(node_11.targets.values_list("text", flat=True)) == [texts[1], texts[0]]
    assert node_11.needs_review and "được giữ lại" in node_11.review_note


def test_a_gone_target_without_figures_is_deleted(plan_2026: Plan, seed_bytes: bytes) -> None:
    text = seed_bytes.decode("utf-8").replace(FIRST_BULLET_1_1, "", 1)
    importer.apply(importer.preview(text.encode("utf-8"), "bot.txt", 2026))
    node_11 = plan_2026.nodes.get(index="PAR", code="1.1")
    assert node_11.targets.count() == 1
    assert not Target.objects.filter(
        node=node_11, text__startswith="100% các nhiệm vụ được"
    ).exists()


def test_an_assignment_with_an_audit_trail_is_kept(plan_2026: Plan, seed_bytes: bytes) -> None:
    from parsipas.audit.models import AuditEntry

    node = plan_2026.nodes.get(index="PAR", code="1.1")
    assignment = present(node.assignments.order_by("pk").first())
    AuditEntry.objects.create(
        action="update", model="plans.assignment", object_id=str(assignment.pk)
    )
    text = seed_bytes.decode("utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("1.1\t"))
    cells = line.split("\t")
    cells[3] = "Sở Tư pháp"  # 1.1 now for one agency only: every other assignment leaves
    importer.apply(importer.preview(text.replace(line, "\t".join(cells)).encode(), "x.txt", 2026))
    assert Assignment.objects.filter(pk=assignment.pk).exists()
