"""A year of petitions and the year's two dialogues for the demo, consistent with the registry.

Deterministic for a seed. Most petitions are answered on time; some late, a few refused or
forwarded, some still open near the reference date; about two thirds of the answered ones are
rated, most of them "satisfied". Written through `petitions.handling`, as a person would.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from parsipas.petitions import handling
from parsipas.petitions.models import Dialogue, Petition, Proposal
from parsipas.units.models import Unit
from parsipas.workcalendar.service import calendar

CONTENTS = [
    ("Đăng ký khai sinh", "Nộp hồ sơ đã quá hẹn mà chưa nhận được kết quả."),
    ("Cấp giấy phép xây dựng", "Bộ phận một cửa yêu cầu bổ sung giấy tờ nhiều lần, mỗi lần một ý."),
    ("Chứng thực bản sao", "Cán bộ tiếp nhận có thái độ chưa đúng mực."),
    ("Đăng ký kinh doanh hộ cá thể", "Không tra cứu được tình trạng hồ sơ trên Cổng dịch vụ công."),
    ("Cấp đổi giấy chứng nhận quyền sử dụng đất", "Đề nghị công khai rõ thời hạn giải quyết."),
    ("", "Đề nghị bố trí thêm quầy tiếp nhận vào buổi sáng thứ Hai."),
    ("Thanh toán lệ phí trực tuyến", "Đã thanh toán trực tuyến nhưng hồ sơ vẫn báo chưa nộp phí."),
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "H'Hen Niê",
    "Y Bih Ayun",
]
CHANNELS = ["web", "web", "web", "phone", "paper", "portal"]


def _workday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    cal = calendar()
    span = (end - start).days
    day = start + dt.timedelta(days=rng.randint(0, max(0, span)))
    return cal.next_working_day(day) if cal.next_working_day(day) <= end else end


def generate(year: int, rng: random.Random, as_of: dt.date) -> tuple[int, int]:
    """Petitions received from 2 January to `as_of`, and the two dialogues. Returns counts."""
    if Petition.objects.filter(received_on__year=year).exists():
        return 0, 0
    units = list(Unit.objects.active().order_by("code"))
    if not units:
        return 0, 0
    cal = calendar()
    busy = rng.sample(units, k=min(len(units), 40))
    count = 0
    with transaction.atomic():
        for i in range(260):
            unit = busy[i % len(busy)] if rng.random() < 0.8 else rng.choice(units)
            received = _workday(rng, dt.date(year, 1, 5), as_of)
            procedure, content = rng.choice(CONTENTS)
            p = handling.receive(
                unit=unit,
                channel=rng.choice(CHANNELS),
                content=content,
                procedure=procedure,
                sender=handling.Sender(rng.choice(NAMES), f"09{rng.randint(10000000, 99999999)}"),
                received_on=received,
            )
            count += 1
            fate = rng.random()
            if fate < 0.05:
                refuse_on = cal.add_working_days(received, rng.randint(1, 3))
                if refuse_on <= as_of:
                    handling.refuse(
                        p, "Nội dung không thuộc phạm vi phản ánh về TTHC.", None, refuse_on
                    )
                continue
            if fate < 0.10:
                forward_on = cal.add_working_days(received, 1)
                others = [u for u in units if u.pk != p.unit_id]
                if forward_on <= as_of and others:
                    p = handling.forward(p, rng.choice(others), None, on=forward_on)
            handling.classify(p, "procedure" if rng.random() < 0.8 else "conduct", True, None)
            days = rng.randint(3, 14) if rng.random() < 0.88 else rng.randint(16, 25)
            answered_on = cal.add_working_days(p.clock_start, days)
            if answered_on > as_of:
                continue  # still in progress
            handling.answer(
                p, "Đơn vị đã kiểm tra, giải quyết và trả lời người phản ánh.", None, on=answered_on
            )
            published_on = cal.add_working_days(answered_on, rng.choice([0, 1, 1, 2, 2, 3]))
            if published_on <= as_of:
                handling.publish(p, None, on=published_on)
            if rng.random() < 0.65:
                handling.rate(p, rng.random() < 0.86)
        dialogues = _dialogues(year, rng, as_of, units)
    return count, dialogues


def _dialogues(year: int, rng: random.Random, as_of: dt.date, units: list[Unit]) -> int:
    made = 0
    for held_on, title, chair in (
        (
            dt.date(year, 5, 21),
            "Hội nghị Chủ tịch UBND tỉnh đối thoại với doanh nghiệp",
            "Chủ tịch UBND tỉnh",
        ),
        (
            dt.date(year, 10, 15),
            "Diễn đàn đối thoại với người dân về thủ tục hành chính",
            "Phó Chủ tịch UBND tỉnh",
        ),
    ):
        if held_on > as_of:
            continue
        dialogue = Dialogue.objects.create(
            year=year,
            held_on=held_on,
            title=title,
            chair=chair,
            participants="Đại diện doanh nghiệp, hộ kinh doanh và người dân",
            format=Dialogue.Format.MEETING,
            minutes_number=f"{rng.randint(100, 400)}/TB-UBND",
        )
        made += 1
        for j in range(rng.randint(6, 9)):
            due = cal_add(held_on, 20)
            proposal = Proposal.objects.create(
                dialogue=dialogue,
                raised_by=rng.choice(
                    ["Công ty TNHH Cà phê Buôn Ma Thuột", "Hiệp hội doanh nghiệp tỉnh", *NAMES]
                ),
                content=rng.choice(CONTENTS)[1],
                unit=rng.choice(units),
                due_on=due,
            )
            answered = cal_add(held_on, rng.randint(5, 25))
            if answered <= as_of and (j % 7 != 6):
                handling.answer_proposal(
                    proposal,
                    "Đơn vị đã tiếp thu và trả lời bằng văn bản.",
                    f"{j + 10}/CV",
                    answered,
                )
    return made


def cal_add(day: dt.date, working_days: int) -> dt.date:
    return calendar().add_working_days(day, working_days)
