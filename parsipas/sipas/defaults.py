"""The default instrument for administrative services: the seed's five SIPAS elements.

Questions written for parsipas in plain Vietnamese (the official 1001/QĐ-BNV questionnaire
was not available). Loading is idempotent: what exists is left as the admin edited it, only
missing scales, elements and questions are added.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from parsipas.sipas.models import Element, Instrument, Question, QuestionKind, Scale, ScaleChoice

DEFAULT_CODE = "dich-vu-hanh-chinh"

SCALES: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "hai-long-5": (
        "Mức độ hài lòng (1–5)",
        [
            (1, "Rất không hài lòng"),
            (2, "Không hài lòng"),
            (3, "Bình thường"),
            (4, "Hài lòng"),
            (5, "Rất hài lòng"),
            (0, "Không ý kiến"),
        ],
    ),
    "kenh-thong-tin": (
        "Kênh biết thông tin về thủ tục",
        [
            (1, "Niêm yết tại nơi làm thủ tục"),
            (2, "Cổng Dịch vụ công, trang web của cơ quan"),
            (3, "Công chức hướng dẫn"),
            (4, "Người thân, bạn bè"),
            (5, "Báo chí, mạng xã hội, loa phát thanh"),
            (6, "Kênh khác"),
        ],
    ),
    "so-lan-di-lai": (
        "Số lần đi lại",
        [
            (1, "Một lần"),
            (2, "Hai lần"),
            (3, "Ba lần"),
            (4, "Nhiều hơn ba lần"),
            (5, "Không phải đến (nộp trực tuyến hoặc qua bưu điện)"),
        ],
    ),
    "co-khong": ("Có / Không", [(1, "Có"), (2, "Không")]),
    "dung-hen": (
        "Thời điểm nhận kết quả",
        [
            (1, "Sớm hơn ngày hẹn"),
            (2, "Đúng ngày hẹn"),
            (3, "Trễ hẹn"),
            (4, "Chưa nhận được kết quả"),
        ],
    ),
    "can-cai-thien": (
        "Điều cần cải thiện",
        [
            (1, "Nơi làm thủ tục, chỗ ngồi, trang thiết bị"),
            (2, "Dịch vụ công trực tuyến dễ dùng hơn"),
            (3, "Thủ tục đơn giản hơn, ít giấy tờ hơn"),
            (4, "Rút ngắn thời gian giải quyết"),
            (5, "Thái độ phục vụ của công chức"),
            (6, "Hướng dẫn rõ ràng, một lần là đủ"),
            (7, "Trả kết quả đúng hẹn, chính xác"),
            (8, "Tiếp nhận và trả lời góp ý, phản ánh nhanh hơn"),
            (9, "Công khai phí, lệ phí, thời hạn rõ hơn"),
        ],
    ),
}


@dataclass(frozen=True)
class Q:
    code: str
    text: str
    kind: str = QuestionKind.SATISFACTION
    scale: str = "hai-long-5"
    max_choices: int = 1
    help: str = ""
    show_if: str = ""  # skip logic: asked only when this earlier answer holds (survey.Condition)


ELEMENTS: list[tuple[str, str, str, list[Q]]] = [
    (
        "E1",
        "Tiếp cận dịch vụ hành chính công",
        "Tiếp cận dịch vụ",
        [
            Q(
                "P1",
                "Ông/Bà biết thông tin về thủ tục này qua những kênh nào?",
                QuestionKind.PERCEPTION,
                "kenh-thong-tin",
                6,
                "Có thể chọn nhiều ý.",
            ),
            Q("E1.1", "Nơi làm thủ tục dễ tìm, đi lại thuận tiện."),
            Q("E1.2", "Nơi làm thủ tục có đủ chỗ ngồi, nước uống, nhà vệ sinh sạch sẽ."),
            Q(
                "E1.3",
                "Trang thiết bị (máy lấy số, máy tra cứu, máy tính, máy in…) đầy đủ, dễ dùng.",
            ),
            Q("E1.4", "Cổng Dịch vụ công trực tuyến dễ truy cập, dễ sử dụng."),
        ],
    ),
    (
        "E2",
        "Thủ tục hành chính",
        "Thủ tục hành chính",
        [
            Q(
                "P2",
                "Để hoàn thành hồ sơ này, Ông/Bà phải đến cơ quan mấy lần?",
                QuestionKind.PERCEPTION,
                "so-lan-di-lai",
            ),
            Q("E2.1", "Thủ tục được niêm yết công khai, đầy đủ, dễ hiểu."),
            Q("E2.2", "Giấy tờ phải nộp đúng như danh sách đã công khai, không phải nộp thêm."),
            Q("E2.3", "Phí, lệ phí phải nộp đúng như mức đã công khai."),
            Q("E2.4", "Thời hạn giải quyết đúng như đã công khai."),
        ],
    ),
    (
        "E3",
        "Công chức trực tiếp giải quyết công việc",
        "Công chức",
        [
            Q(
                "P3",
                "Công chức có gây phiền hà, gợi ý nộp thêm tiền hay quà ngoài quy định không?",
                QuestionKind.PERCEPTION,
                "co-khong",
            ),
            Q("E3.1", "Công chức lịch sự, tôn trọng Ông/Bà khi tiếp đón và làm việc."),
            Q("E3.2", "Công chức lắng nghe và trả lời thắc mắc tận tình, chu đáo."),
            Q("E3.3", "Công chức hướng dẫn dễ hiểu, một lần là đủ để hoàn thiện hồ sơ."),
            Q("E3.4", "Công chức làm đúng quy định, không gây phiền hà."),
        ],
    ),
    (
        "E4",
        "Kết quả giải quyết thủ tục hành chính",
        "Kết quả",
        [
            Q("P4", "Ông/Bà nhận kết quả vào lúc nào?", QuestionKind.PERCEPTION, "dung-hen"),
            Q("E4.1", "Kết quả nhận được đúng quy định, thông tin chính xác."),
            Q("E4.2", "Kết quả được trả đúng hẹn hoặc sớm hơn."),
            Q(
                "E4.3",
                "Hồ sơ bị trễ hẹn: Ông/Bà được báo trước và nhận thư xin lỗi.",
                show_if="P4=3",
            ),
        ],
    ),
    (
        "E5",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        "Góp ý, phản ánh",
        [
            Q(
                "P5",
                "Trong lần này, Ông/Bà có góp ý, phản ánh, kiến nghị với cơ quan không?",
                QuestionKind.PERCEPTION,
                "co-khong",
            ),
            Q(
                "E5.1",
                "Cơ quan có nơi, có cách để góp ý, phản ánh (hòm thư, đường dây nóng, trực tuyến…).",
            ),
            Q(
                "E5.2",
                "Góp ý, phản ánh, kiến nghị của Ông/Bà được tiếp nhận và xử lý tích cực.",
                show_if="P5=1",
            ),
            Q(
                "E5.3",
                "Ông/Bà được thông báo kết quả xử lý góp ý, phản ánh kịp thời.",
                show_if="P5=1",
            ),
        ],
    ),
]

EXPECTATIONS = [
    Q(
        "K1",
        "Ông/Bà mong cơ quan cải thiện điều gì nhất?",
        QuestionKind.EXPECTATION,
        "can-cai-thien",
        3,
        "Chọn tối đa 3 ý.",
    ),
]

INTRO = (
    "Phiếu này giúp cơ quan nhà nước biết Ông/Bà hài lòng đến đâu khi làm thủ tục hành chính, "
    "để phục vụ tốt hơn. Phiếu không hỏi họ tên, số điện thoại hay giấy tờ tùy thân; mọi câu hỏi "
    "đều không bắt buộc. Chỉ mất khoảng 3 phút."
)


@dataclass
class LoadResult:
    instrument: Instrument
    created: bool
    added: int


@transaction.atomic
def load_default_instrument() -> LoadResult:
    scales: dict[str, Scale] = {}
    added = 0
    for code, (name, choices) in SCALES.items():
        scale, made = Scale.objects.get_or_create(code=code, defaults={"name": name})
        added += made
        if made:
            ScaleChoice.objects.bulk_create(
                ScaleChoice(scale=scale, value=value, label=label, order=i)
                for i, (value, label) in enumerate(choices)
            )
        scales[code] = scale
    instrument, created = Instrument.objects.get_or_create(
        code=DEFAULT_CODE,
        defaults={
            "name": "Phiếu khảo sát sự hài lòng về dịch vụ hành chính công",
            "intro": INTRO,
            "is_current": not Instrument.objects.filter(is_current=True).exists(),
        },
    )
    order = 0
    for element_order, (code, name, short, questions) in enumerate(ELEMENTS, start=1):
        element, made = Element.objects.get_or_create(
            instrument=instrument,
            code=code,
            defaults={"name": name, "short_name": short, "order": element_order},
        )
        added += made
        for q in questions:
            order += 10
            added += _ensure_question(instrument, element, q, scales, order)
    for q in EXPECTATIONS:
        order += 10
        added += _ensure_question(instrument, None, q, scales, order)
    return LoadResult(instrument, created, added)


def _ensure_question(
    instrument: Instrument, element: Element | None, q: Q, scales: dict[str, Scale], order: int
) -> int:
    _, made = Question.objects.get_or_create(
        instrument=instrument,
        code=q.code,
        defaults={
            "element": element,
            "kind": q.kind,
            "text": q.text,
            "help": q.help,
            "scale": scales[q.scale],
            "max_choices": q.max_choices,
            "order": order,
            "show_if": q.show_if,
        },
    )
    return int(made)
