"""The audit log reads like the app: Vietnamese names, values as shown, names not ids."""

from __future__ import annotations

import datetime as dt

from parsipas.accounts.models import User
from parsipas.audit import display
from parsipas.audit.models import AuditEntry
from parsipas.plans.models import Node, Target
from parsipas.testing import builders
from parsipas.units.models import Unit


def test_values_are_shown_as_the_app_shows_them():
    target_value = Target._meta.get_field("value")
    assert display.plain_value(target_value, "95.0000") == "95"
    assert display.plain_value(target_value, "87.4200") == "87,42"
    assert display.plain_value(target_value, "9000.00") == "9.000"
    assert display.plain_value(Node._meta.get_field("level"), "criterion") == "Tiêu chí"
    assert display.plain_value(User._meta.get_field("is_active"), False) == "Không"
    assert (
        display.plain_value(User._meta.get_field("date_joined"), "2026-03-15T02:30:00+00:00")
        == "15/03/2026 09:30"
    )
    assert display.plain_value(None, None) == "∅"


def test_a_changed_unit_of_a_user_reads_as_the_unit_names(people, django_assert_max_num_queries):
    person = people["unit"]
    person.unit = Unit.objects.get(code="snv")
    person.role = "lead"
    person.save()
    entries = AuditEntry.objects.filter(model="accounts.user", object_id=str(person.pk))
    with django_assert_max_num_queries(3):
        rows = display.show(entries[:1])
    (row,) = rows
    assert row.model_name == "Người dùng"
    assert row.url == f"/tai-khoan/nguoi-dung/{person.pk}/"
    changes = {c.field: (c.old, c.new) for c in row.changes}
    assert changes["Đơn vị"] == ("Sở Tư pháp", "Sở Nội vụ")
    assert changes["Vai trò"] == ("Đơn vị thực hiện", "Cơ quan chủ trì")


def test_the_log_page_names_the_criterion_and_links_to_it(people, login):
    plan = builders.plan(dt.date.today().year)
    criterion = builders.node(plan, "1.1", title="Ban hành kế hoạch CCHC")
    Target.objects.create(node=criterion, order=1, op=">=", value="95.0000", text="≥ 95%")
    page = login(people["admin"]).get("/nhat-ky/").content.decode()
    assert "plans.node #" not in page
    assert f'href="/ke-hoach/{plan.year}/par/1.1/">1.1 Ban hành kế hoạch CCHC</a>' in page
    assert "<strong>Cấp</strong>: ∅ → Tiêu chí" in page
    assert "95.0000" not in page and "<strong>Giá trị</strong>: ∅ → 95<" in page


def test_a_many_to_many_change_lists_the_names(registry):
    plan = builders.plan(dt.date.today().year)
    criterion = builders.node(plan, "1.2", title="Chế độ báo cáo")
    criterion.lead_units.add(Unit.objects.get(code="snv"), Unit.objects.get(code="stp"))
    entry = AuditEntry.objects.filter(model="plans.node", changes__has_key="lead_units").first()
    (row,) = display.show([entry])
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("Cơ quan chủ trì", "thêm", "Sở Nội vụ, Sở Tư pháp")
    ]
