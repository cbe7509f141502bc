"""Decision 766/QĐ-TTg: the portal's arithmetic and the table of groups and indicators.

Data, not logic: what each indicator counts, its points, the percentage that earns full
points, and what a zero denominator is worth — as in ``FORMULAS.md`` beside this module. When
the portal changes a weight, this is the file to edit; the engine is ``engine.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Number = int | float | Decimal

ZERO = Decimal("0.00")


def round_half_up(value: float, places: int = 2) -> Decimal:
    """Round like JavaScript ``toFixed``: half-up on the exact binary value of the double.

    ``Decimal(float)`` keeps every bit of the double, so 5.595 (really 5.59499…) rounds down.
    """
    return Decimal(float(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def percent(numerator: Number, denominator: Number) -> Decimal:
    """``round2(100 * n / d)`` on doubles, as the portal does; 0 when ``d`` is 0."""
    if not denominator:
        return ZERO
    return round_half_up(100 * float(numerator) / float(denominator))


# --- rules ------------------------------------------------------------------------------

ZeroRule = Literal["zero", "full"]


@dataclass(frozen=True)
class PartRule:
    """One scored indicator: ``round2(min(max, weight * pct / divisor))``.

    ``weight`` and ``divisor`` are kept exactly as the portal writes the expression, because
    ``2 * pct / 80`` and ``2.5 * pct / 100`` are equal on paper but not always on doubles.
    """

    name: str
    label_vi: str
    max: int
    weight: float
    divisor: int
    # One count field, or several added up (the online group's partial + full procedures).
    numerator: str | tuple[str, ...] | None
    denominator: str | None
    # What a zero denominator is worth: "zero" points, or "full" points (no petitions).
    on_zero: ZeroRule = "zero"
    # Ratio-based indicators (no counts published): the input is the portal's own ratio.
    ratio_input: str | None = None

    @property
    def full_at_pct(self) -> Decimal:
        """The percentage from which the part earns its full points (80, 90 or 100)."""
        return Decimal(self.divisor) * self.max / Decimal(str(self.weight))

    @property
    def numerator_fields(self) -> tuple[str, ...]:
        if self.numerator is None:
            return ()
        return (self.numerator,) if isinstance(self.numerator, str) else self.numerator

    @property
    def input_fields(self) -> tuple[str, ...]:
        if self.ratio_input:
            return (self.ratio_input,)
        return (*self.numerator_fields, self.denominator or "")

    def points(self, pct: Decimal) -> Decimal:
        return round_half_up(min(self.max, self.weight * float(pct) / self.divisor))


@dataclass(frozen=True)
class GroupRule:
    name: str
    label_vi: str
    max: int
    parts: tuple[PartRule, ...]
    endpoint: str = ""
    ratio_places: int = 2
    # The progress group publishes its on-time percentage as the group ratio.
    ratio_is_part_pct: bool = False


def _metric(
    name: str,
    label_vi: str,
    max_points: int,
    *,
    weight: float | None = None,
    divisor: int = 100,
    on_zero: ZeroRule = "zero",
) -> PartRule:
    """A part published as a nested portal metric: fields ``NAME_numerator``/``NAME_denominator``."""
    return PartRule(
        name=name,
        label_vi=label_vi,
        max=max_points,
        weight=max_points if weight is None else weight,
        divisor=divisor,
        numerator=f"{name}_numerator",
        denominator=f"{name}_denominator",
        on_zero=on_zero,
    )


PROGRESS = GroupRule(
    name="progress",
    label_vi="Tiến độ giải quyết",
    max=20,
    endpoint="dvc-progress-tree",
    ratio_is_part_pct=True,
    parts=(
        PartRule(
            name="ON_TIME",
            label_vi="Tỷ lệ hồ sơ giải quyết đúng hạn",
            max=20,
            weight=20,
            divisor=100,
            numerator="totalOnTime",
            denominator="totalReceived",
        ),
    ),
)

PAYMENT = GroupRule(
    name="payment",
    label_vi="Thanh toán trực tuyến",
    max=10,
    endpoint="formality-online-payment-tree",
    ratio_places=1,
    parts=(
        PartRule(
            name="DOSSIER_ONLINE_PAYMENT",
            label_vi="Tỷ lệ hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến",
            max=6,
            weight=6,
            divisor=100,
            numerator="totalDossierOnlinePaymentSuccess",
            denominator="totalDossierFinancialObligation",
        ),
        PartRule(
            name="FORMALITY_ONLINE_PAYMENT",
            label_vi="Tỷ lệ TTHC có phí có giao dịch thanh toán trực tuyến",
            max=2,
            weight=2.5,
            divisor=100,
            numerator="totalDossierOnlineFormalityPaymentSuccess",
            denominator="totalFeeFormality",
        ),
        # FORMULAS.md gives 2.5·C/100 with no cap; the group max (10 = 6 + 2 + 2) and the
        # indicator's definition (2 points, full at 80 %) cap it at 2. No published row
        # reaches 80 %, so the cap is not confirmed by data.
        PartRule(
            name="FEE_FORMALITY_DOSSIERS",
            label_vi="Tỷ lệ TTHC có phí phát sinh hồ sơ trên Cổng DVCQG",
            max=2,
            weight=2.5,
            divisor=100,
            numerator="totalFeeDossierFormality",
            denominator="totalFeeFormality",
        ),
    ),
)

# A zero denominator was never published for transparency or digitisation: the general rule
# of the portal (pct = 0 when d = 0) applies, so such a part scores 0.
TRANSPARENCY = GroupRule(
    name="transparency",
    label_vi="Công khai, minh bạch",
    max=18,
    endpoint="transparency",
    parts=(
        _metric("PUBLISH_ON_TIME", "Công bố TTHC đúng hạn", 6),
        _metric("PUBLIC_UPDATE_ON_TIME", "Công khai, cập nhật TTHC đúng hạn", 4),
        _metric("PUBLIC_CONTENT_FULL", "Công khai đầy đủ nội dung TTHC", 2),
        _metric("DOSSIER_SYNC", "Đồng bộ hồ sơ lên Cổng DVCQG", 6),
    ),
)

SATISFACTION = GroupRule(
    name="satisfaction",
    label_vi="Mức độ hài lòng",
    max=18,
    endpoint="handling-satisfaction",
    parts=(
        _metric(
            "DOSSIER_RECEIVING_SATISFACTION",
            "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
            6,
            divisor=90,
        ),
        _metric(
            "PETITION_PROCESSING_ON_TIME",
            "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
            6,
            on_zero="full",
        ),
        _metric(
            "PETITION_HANDLING_SATISFACTION",
            "Mức độ hài lòng về xử lý phản ánh, kiến nghị",
            6,
            on_zero="full",
        ),
    ),
)

DIGITIZATION = GroupRule(
    name="digitization",
    label_vi="Số hoá hồ sơ",
    max=22,
    endpoint="dossier-digitized",
    parts=(
        _metric("ORIGINAL_RESULT_AVAILABLE", "Kết quả giải quyết TTHC điện tử", 6),
        _metric("SO_HOA_GIAY_TO_GIAI_QUYET", "Số hoá hồ sơ, giấy tờ khi tiếp nhận, giải quyết", 4),
        _metric(
            "REUSED_DIGITIZED_DATA",
            "Tái sử dụng dữ liệu đã số hoá",
            2,
            weight=2,
            divisor=80,
        ),
        # 0 % everywhere in the published rows: the slope is the portal's stated one, unconfirmed.
        _metric(
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
            "Đồng bộ kho quản lý dữ liệu điện tử của cá nhân, tổ chức trên Cổng DVCQG",
            4,
        ),
        _metric("CITIZEN_DATA_CONNECTED_DOSSIER", "Hồ sơ khai thác dữ liệu dân cư", 2),
        _metric("CITIZEN_DATA_CONNECTED_FORMALITY", "TTHC khai thác dữ liệu dân cư", 2),
        PartRule(
            name="ELECTRONIC_CERTIFIED_COPY",
            label_vi="Chứng thực bản sao điện tử",
            max=2,
            weight=2,
            divisor=100,
            numerator=None,
            denominator=None,
            ratio_input="ELECTRONIC_CERTIFIED_COPY_ratio",
        ),
    ),
)

# Online public services (the portal's provide-online-tree). Only the parent (province) row
# publishes the counts; children publish their score alone.
ONLINE = GroupRule(
    name="online",
    label_vi="Dịch vụ công trực tuyến",
    max=12,
    endpoint="provide-online-tree",
    parts=(
        PartRule(
            name="ONLINE_PROCEDURES",
            label_vi="Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến (một phần, toàn trình)",
            max=2,
            weight=2,
            divisor=80,
            numerator=("partialCount", "fullCount"),
            denominator="authorityCount",
        ),
        PartRule(
            name="ONLINE_SERVICES_WITH_DOSSIERS",
            label_vi="Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ",
            max=4,
            weight=4,
            divisor=100,
            numerator="onlineDossierCount",
            denominator="onlineServiceTotal",
        ),
        PartRule(
            name="ONLINE_SUBMISSION",
            label_vi="Tỷ lệ hồ sơ nộp trực tuyến",
            max=6,
            weight=6,
            divisor=50,
            numerator="channelOnlineSum",
            denominator="channelTotalSum",
        ),
    ),
)

GROUPS: dict[str, GroupRule] = {
    g.name: g for g in (TRANSPARENCY, PROGRESS, ONLINE, PAYMENT, DIGITIZATION, SATISFACTION)
}
TOTAL_MAX = sum(g.max for g in GROUPS.values())  # 100
_BY_ENDPOINT = {g.endpoint: g for g in GROUPS.values()}


def group_rule(group_name: str) -> GroupRule:
    """The rule of a group, by our name ("progress") or the portal endpoint's name."""
    rule = GROUPS.get(group_name) or _BY_ENDPOINT.get(group_name)
    if rule is None:
        raise ValueError(f"unknown 766 group {group_name!r}; known: {', '.join(GROUPS)}")
    return rule


# What one more unit of a part's numerator is, for "what it takes" ("… more dossiers on time").
QUALIFYING_VI: dict[str, str] = {
    "ON_TIME": "hồ sơ giải quyết đúng hạn",
    "DOSSIER_ONLINE_PAYMENT": "hồ sơ có nghĩa vụ tài chính thanh toán trực tuyến",
    "FORMALITY_ONLINE_PAYMENT": "TTHC có phí có giao dịch thanh toán trực tuyến",
    "FEE_FORMALITY_DOSSIERS": "TTHC có phí phát sinh hồ sơ",
    "PUBLISH_ON_TIME": "TTHC công bố đúng hạn",
    "PUBLIC_UPDATE_ON_TIME": "TTHC công khai, cập nhật đúng hạn",
    "PUBLIC_CONTENT_FULL": "TTHC công khai đầy đủ nội dung",
    "DOSSIER_SYNC": "hồ sơ đồng bộ lên Cổng DVCQG",
    "DOSSIER_RECEIVING_SATISFACTION": "hồ sơ được đánh giá hài lòng",
    "PETITION_PROCESSING_ON_TIME": "phản ánh, kiến nghị xử lý đúng hạn",
    "PETITION_HANDLING_SATISFACTION": "phản ánh, kiến nghị được đánh giá hài lòng",
    "ORIGINAL_RESULT_AVAILABLE": "hồ sơ có kết quả điện tử",
    "SO_HOA_GIAY_TO_GIAI_QUYET": "hồ sơ được số hoá",
    "REUSED_DIGITIZED_DATA": "hồ sơ tái sử dụng dữ liệu số hoá",
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": "hồ sơ đồng bộ kho dữ liệu cá nhân, tổ chức",
    "CITIZEN_DATA_CONNECTED_DOSSIER": "hồ sơ khai thác dữ liệu dân cư",
    "CITIZEN_DATA_CONNECTED_FORMALITY": "TTHC khai thác dữ liệu dân cư",
    "ONLINE_PROCEDURES": "TTHC cung cấp trực tuyến",
    "ONLINE_SERVICES_WITH_DOSSIERS": "dịch vụ công trực tuyến có hồ sơ",
    "ONLINE_SUBMISSION": "hồ sơ nộp trực tuyến",
}

# The portal's count fields in Vietnamese, for messages and pages (never raw field names).
FIELD_LABELS_VI: dict[str, str] = {
    "totalReceived": "số hồ sơ tiếp nhận",
    "totalOnTime": "số hồ sơ đúng hạn",
    "totalOverdue": "số hồ sơ quá hạn",
    "totalDossierOnlinePaymentSuccess": "số hồ sơ thanh toán trực tuyến",
    "totalDossierFinancialObligation": "số hồ sơ có nghĩa vụ tài chính",
    "totalDossierOnlineFormalityPaymentSuccess": "số TTHC có phí có thanh toán trực tuyến",
    "totalFeeDossierFormality": "số TTHC có phí phát sinh hồ sơ",
    "totalFeeFormality": "số TTHC có phí (danh mục TTHC)",
    "authorityCount": "số TTHC thuộc thẩm quyền (danh mục TTHC)",
    "partialCount": "số TTHC trực tuyến một phần (danh mục TTHC)",
    "fullCount": "số TTHC trực tuyến toàn trình (danh mục TTHC)",
    "onlineDossierCount": "số dịch vụ công trực tuyến có hồ sơ",
    "onlineServiceTotal": "số dịch vụ công trực tuyến (danh mục TTHC)",
    "channelOnlineSum": "số hồ sơ nộp trực tuyến",
    "channelTotalSum": "tổng số hồ sơ",
    "ELECTRONIC_CERTIFIED_COPY_ratio": "tỷ lệ chứng thực bản sao điện tử (Cổng công bố)",
    "PETITION_PROCESSING_ON_TIME_numerator": "số PAKN xử lý đúng hạn (sổ PAKN)",
    "PETITION_PROCESSING_ON_TIME_denominator": "số PAKN (sổ PAKN)",
    "PETITION_HANDLING_SATISFACTION_numerator": "số PAKN được đánh giá hài lòng (sổ PAKN)",
    "PETITION_HANDLING_SATISFACTION_denominator": "số PAKN đã xử lý (sổ PAKN)",
    "DOSSIER_RECEIVING_SATISFACTION_numerator": "số hồ sơ được đánh giá hài lòng",
    "DOSSIER_RECEIVING_SATISFACTION_denominator": "số hồ sơ tiếp nhận",
}


def field_label(name: str) -> str:
    """A count field in Vietnamese: its own label, else the part's label and tử số / mẫu số."""
    if name in FIELD_LABELS_VI:
        return FIELD_LABELS_VI[name]
    for group in GROUPS.values():
        for part in group.parts:
            if name == part.denominator:
                return f"mẫu số “{part.label_vi}”"
            if name in part.numerator_fields:
                return f"tử số “{part.label_vi}”"
    return name
