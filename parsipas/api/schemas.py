"""The shapes the API answers and accepts, as documented in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal, NotRequired, TypedDict

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, PlainSerializer, with_config

from parsipas.dossiers.models import Channel

# Figures are exact decimals inside parsipas and JSON numbers on the wire.
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]

ReportPeriodCode = Literal["Q1", "Q2", "Q3", "Y"]
StatsPeriodCode = Literal["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"]


class ProblemItem(Schema):
    field: str | None = None
    detail: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = Field(description="Lời giải thích bằng tiếng Việt")
    field: str | None = Field(None, description="Tham số, trường hoặc dòng gây lỗi")
    errors: list[ProblemItem] = []


class UnitRef(Schema):
    code: str
    name: str
    kind: str


class TokenInfo(Schema):
    label: str
    unit: UnitRef
    role: str
    scopes: list[str]
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None


# --- plans and periods -----------------------------------------------------------------------


class PeriodOut(Schema):
    year: int
    code: str
    name: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date
    lead_due_date: dt.date
    state: str


class YearOut(Schema):
    year: int
    plan_title: str
    plan_status: str
    published_at: dt.datetime | None
    periods: list[PeriodOut]


class YearList(Schema):
    items: list[YearOut]


class PeriodList(Schema):
    items: list[PeriodOut]
    next_cursor: str | None


class TargetOut(Schema):
    id: int
    text: str
    op: str
    value: Number | None
    value_max: Number | None
    unit: str
    aggregation: str


class NodeOut(Schema):
    id: int
    index: str
    code: str
    level: str
    parent: str | None
    title: str
    content: str
    lead_units: list[str]
    deadline: dt.date | None
    deadline_text: str
    deadline_by_authority: bool
    targets: list[TargetOut]
    units_assigned: int


class PlanOut(Schema):
    year: int
    title: str
    status: str
    published_at: dt.datetime | None
    nodes: list[NodeOut]


class AssignmentOut(Schema):
    id: int
    criterion: str
    index: str
    unit: str
    deadline: dt.date | None


class AssignmentList(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None


# --- reports -----------------------------------------------------------------------------------


class FigureOut(Schema):
    target_id: int
    value: Number | None
    previous_value: Number | None
    note: str
    result: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    doc_number: str
    doc_date: dt.date | None
    uploaded_at: dt.datetime


class EventOut(Schema):
    action: str
    at: dt.datetime
    by: str
    comment: str


class ReportOut(Schema):
    id: int | None
    assignment_id: int
    criterion: str
    index: str
    unit: str
    year: int
    period: str
    status: str
    workflow: str
    version: int
    narrative: str
    difficulties: str
    proposals: str
    no_evidence_reason: str
    submitted_at: dt.datetime | None
    late: bool
    reviewed_at: dt.datetime | None
    review_comment: str
    updated_at: dt.datetime | None
    figures: list[FigureOut]
    evidence: list[EvidenceOut]
    events: list[EventOut]


class ReportList(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class FigureIn(Schema):
    target_id: int
    value: Decimal | None = Field(None, ge=-(10**12), le=10**12, decimal_places=2)
    previous_value: Decimal | None = Field(None, ge=-(10**12), le=10**12, decimal_places=2)
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    status: Literal["not_started", "in_progress", "done", "not_done"]
    narrative: str = Field("", max_length=20000)
    difficulties: str = Field("", max_length=20000)
    proposals: str = Field("", max_length=20000)
    no_evidence_reason: str = Field("", max_length=5000)
    figures: list[FigureIn] = Field(default_factory=list, max_length=100)
    version: int | None = Field(
        None, ge=0, le=2**31, description="Phiên bản đã đọc; khác phiên bản hiện tại → 409"
    )


class ActionIn(Schema):
    action: Literal["submit", "withdraw", "accept", "return"]
    comment: str = Field("", max_length=5000)
    version: int | None = Field(None, ge=0, le=2**31)


# --- roll-ups ----------------------------------------------------------------------------------


class TallyOut(Schema):
    assigned: int
    by_status: dict[str, int]
    by_workflow: dict[str, int]
    late: int
    on_time: int
    completion: float | None
    timeliness: float | None


class CriterionRollupOut(TallyOut):
    code: str
    index: str
    title: str
    deadline: dt.date | None
    lead_units: list[str]
    flagged: bool


class UnitRollupOut(TallyOut):
    code: str
    name: str
    kind: str


class FieldRollupOut(TallyOut):
    code: str
    index: str
    title: str
    criteria: int
    flagged: int


class ProvinceRollupOut(TallyOut):
    criteria: int
    flagged_criteria: int
    units: int
    units_all_submitted: int
    units_with_late: int


class TargetRollupOut(Schema):
    target_id: int
    criterion: str
    text: str
    aggregation: str
    figure: Number | None
    result: str
    units_assigned: int
    units_reported: int
    units_met: int


class RollupOut(Schema):
    year: int
    period: str
    province: ProvinceRollupOut
    fields: list[FieldRollupOut]
    criteria: list[CriterionRollupOut]
    units: list[UnitRollupOut]
    targets: list[TargetRollupOut]


# --- dossiers, 766, SIPAS, PAR ---------------------------------------------------------------


class DossierIndicatorsOut(Schema):
    unit: str | None = Field(description="Mã đơn vị; null cho toàn tỉnh")
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    on_time_rate: Number | None
    fully_online_rate: Number | None
    online_payment_rate: Number | None
    digitization_rate: Number | None
    apology_rate: Number | None
    average_rating: Number | None


class DossierIndicatorList(Schema):
    year: int
    period: str
    items: list[DossierIndicatorsOut]
    province: DossierIndicatorsOut | None
    next_cursor: str | None


class PartOut(Schema):
    part: str
    numerator: float | None
    denominator: float | None
    pct: Number
    score: Number
    max: int


class GroupOut(Schema):
    group: str
    label: str
    max: int
    source: str
    score: Number | None
    ratio: Number | None
    parts: list[PartOut]
    missing: list[str]


class ScorecardOut(Schema):
    unit: str | None
    year: int
    period: str
    groups: list[GroupOut]
    known_score: Number
    known_max: int
    unknown_groups: list[str]


class SipasOut(Schema):
    unit: str | None
    year: int
    period: str
    sipas: float | None
    elements: dict[str, float | None]
    n: int


class ProjectionLineOut(Schema):
    code: str
    title: str
    depth: int
    points: Number
    max_points: Number
    applicable: bool
    value: Number | None
    missing: bool
    source: str | None


class ProjectionOut(Schema):
    year: int
    framework: str
    points: Number
    max_points: Number
    percent: Number | None
    missing: list[str]
    lines: list[ProjectionLineOut]


# --- dossier batches ---------------------------------------------------------------------------


NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
CHANNEL_TEXT = {code: str(label) for code, label in Channel.choices}


@with_config(ConfigDict(extra="ignore", title="DossierRow"))
class DossierRow(TypedDict):
    """One dossier as the one-stop system holds it (the columns of ``parsipas dossiers import``).

    A TypedDict, not a model: 50,000 rows validate straight into the dicts the batch writes out,
    with no model instance per row and no dump back to dicts (half the time of a pydantic model,
    a tenth of a ninja ``Schema``). A key left out is blank in the import's CSV: "không" for the
    yes/no columns, 0 requests for supplements, no rating."""

    dossier_code: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
    unit_code: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    procedure_code: Annotated[str, Field(min_length=1, max_length=50, pattern=NO_NUL)]
    received: Annotated[
        str,
        Field(
            description="ISO 8601 hoặc dd/mm/yyyy HH:MM, giờ Việt Nam",
            max_length=40,
            pattern=NO_NUL,
        ),
    ]
    due: NotRequired[Annotated[str | None, Field(max_length=40, pattern=NO_NUL)]]
    finished: NotRequired[Annotated[str | None, Field(max_length=40, pattern=NO_NUL)]]
    supplement_requests: NotRequired[Annotated[int | None, Field(ge=0, le=1000)]]
    # Validated as the code, kept as the export's spelling ("Trực tuyến"), which the import's
    # SQL path on PostgreSQL reads directly (a code like "truc_tuyen" sends rows to its slow path).
    channel: Annotated[
        Literal["truc_tiep", "truc_tuyen", "buu_chinh"], AfterValidator(CHANNEL_TEXT.__getitem__)
    ]
    fully_online: NotRequired[bool]
    fee_required: NotRequired[bool]
    paid_online: NotRequired[bool]
    electronic_result: NotRequired[bool]
    digitized: NotRequired[bool]
    reused_data: NotRequired[bool]
    synced_national: NotRequired[bool]
    apology_sent: NotRequired[bool]
    rating: NotRequired[Annotated[int | None, Field(ge=1, le=5)]]


class BatchOut(Schema):
    batch_id: int
    rows: int
    created: int
    updated: int
    replayed: bool = Field(
        description="true khi đây là câu trả lời của một lần gọi trước cùng Idempotency-Key"
    )


# --- petitions (phản ánh, kiến nghị: SIPAS 5) -------------------------------------------------


class SenderOut(Schema):
    name: str
    phone: str
    email: str


class PetitionOut(Schema):
    code: str
    unit: str
    channel: str
    procedure: str
    content: str
    received_on: dt.date
    state: str
    subject: str
    in_scope: bool | None
    handled_on: dt.date | None
    answer: str
    published_on: dt.date | None
    sender: SenderOut | None = Field(description="null khi mã truy cập không được xem")


class PetitionList(Schema):
    items: list[PetitionOut]
    next_cursor: str | None


class SenderIn(Schema):
    # defaults by keyword: type checkers read a positional default as a required field
    name: str = Field(default="", max_length=200, pattern=NO_NUL)
    phone: str = Field(default="", max_length=30, pattern=NO_NUL)
    email: str = Field(default="", max_length=254, pattern=NO_NUL)


class PetitionIn(Schema):
    unit: str | None = Field(None, max_length=60, description="Mặc định: đơn vị của mã truy cập")
    channel: Literal["phone", "paper", "portal", "email", "web"]
    content: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)
    procedure: str = Field("", max_length=300, pattern=NO_NUL)
    received_on: dt.date | None = Field(None, description="Mặc định: hôm nay")
    sender: SenderIn = Field(default_factory=lambda: SenderIn(name="", phone="", email=""))


# --- registers (kiểm tra, sáng kiến, nhiệm vụ Chính phủ giao, TTHC liên thông) ----------------


class FileOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str


class FindingOut(Schema):
    order: int
    text: str
    due_date: dt.date
    status: Literal["open", "remediated", "accepted", "reopened"]
    overdue: bool
    remediation: str
    remediated_on: dt.date | None
    evidence: FileOut | None
    review_comment: str


class InspectionOut(Schema):
    id: int
    year: int
    unit: str
    kind: Literal["cchc", "phan-cap"]
    team_unit: str
    team: str
    start_date: dt.date
    end_date: dt.date
    notice_number: str | None = Field(description="Số thông báo kết luận (null khi chưa có)")
    notice_date: dt.date | None
    remediation_plan_due: dt.date | None
    remediation_plan_number: str
    remediation_plan_date: dt.date | None
    findings: list[FindingOut]


class InspectionList(Schema):
    items: list[InspectionOut]
    next_cursor: str | None


class FindingIn(Schema):
    text: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)
    due_date: dt.date = Field(description="Hạn khắc phục, sau ngày kết thúc kiểm tra")


class InspectionIn(Schema):
    year: int = Field(ge=2000, le=2100)
    unit: str = Field(
        min_length=1, max_length=60, pattern=NO_NUL, description="Mã đơn vị được kiểm tra"
    )
    kind: Literal["cchc", "phan-cap"]
    team_unit: str | None = Field(
        None,
        max_length=60,
        pattern=NO_NUL,
        description="Cơ quan kiểm tra; mặc định: đơn vị của mã truy cập",
    )
    team: str = Field("", max_length=500, pattern=NO_NUL)
    start_date: dt.date
    end_date: dt.date
    findings: list[FindingIn] = Field(default_factory=list, max_length=200)


class InitiativeOut(Schema):
    id: int
    year: int
    unit: str
    title: str
    summary: str
    proposed_on: dt.date
    status: Literal["proposed", "recognised", "piloted", "rejected"]
    decision_number: str
    decision_date: dt.date | None
    central_body: str
    replicated: bool
    replicated_from: dt.date | None


class InitiativeList(Schema):
    items: list[InitiativeOut]
    next_cursor: str | None


class TaskOut(Schema):
    id: int
    year: int
    tracker_id: str = Field(description="Mã trên Hệ thống theo dõi nhiệm vụ của Chính phủ")
    doc_number: str
    doc_date: dt.date
    issuer: str
    content: str
    units: list[str]
    due_date: dt.date
    status: Literal["in_progress", "done"]
    overdue: bool
    completed_on: dt.date | None
    result: str
    evidence: FileOut | None


class TaskList(Schema):
    items: list[TaskOut]
    next_cursor: str | None


class TaskIn(Schema):
    year: int = Field(ge=2000, le=2100)
    tracker_id: str = Field("", max_length=60, pattern=NO_NUL)
    doc_number: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    doc_date: dt.date
    issuer: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    content: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)
    units: list[str] = Field(
        min_length=1, max_length=200, description="Mã các đơn vị được giao (units.code)"
    )
    due_date: dt.date


class EvidenceIn(Schema):
    filename: str = Field(min_length=1, max_length=255, pattern=NO_NUL)
    content_base64: str = Field(
        min_length=1,
        max_length=28_000_000,
        description="Nội dung tệp (PDF, ảnh, Word, Excel…) mã hóa base64, tối đa 20 MB",
    )


class TaskDoneIn(Schema):
    completed_on: dt.date
    result: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)
    evidence: EvidenceIn


class ProcedureOut(Schema):
    id: int
    name: str
    procedure_codes: str
    level: Literal["same", "between"]
    lead_unit: str | None
    decision_number: str
    decision_date: dt.date


class ProcedureList(Schema):
    items: list[ProcedureOut]
    next_cursor: str | None
