"""The questionnaire as plain data, and reading a filled-in form back into answers.

Skip logic: a question may carry a condition on an earlier answer ("P4=3": asked only when the
respondent chose 3 at P4). The phone hides it until the condition holds (`survey.js`); the
server applies the same rule (`Layout.skipped`) and stores no answer to a skipped question, so a
page without JavaScript, a paper form or an import cannot bring one in either.

The public form is the busiest page: its layout (sections, questions, choices) is built once
per process and version, and rebuilt when the admin changes the instrument (signals bump the
version in the shared cache).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from parsipas.sipas.models import (
    AgeGroup,
    Instrument,
    QuestionKind,
    RespondentType,
    Sex,
)

VERSION_KEY = "sipas:layout-version"
MAX_PROCEDURE = 200
MAX_COMMENT = 1000


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Condition:
    """Asked only when question `code` was answered with one of `values`."""

    code: str
    values: frozenset[int]

    @property
    def text(self) -> str:
        return f"{self.code}={','.join(str(v) for v in sorted(self.values))}"


def parse_condition(text: str) -> Condition | None:
    """'P4=3' or 'P4=3,4' (spaces ignored); '' is no condition. ValueError in Vietnamese."""
    compact = "".join(text.split())
    if not compact:
        return None
    code, sep, values = compact.partition("=")
    message = f"Điều kiện “{text.strip()}” phải có dạng MÃ_CÂU=giá trị, ví dụ P4=3 hoặc P4=3,4."
    if not sep or not code or not values:
        raise ValueError(message)
    try:
        numbers = frozenset(int(v) for v in values.split(","))
    except ValueError as exc:
        raise ValueError(message) from exc
    return Condition(code, numbers)


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    code: str
    kind: str
    text: str
    help: str
    element: str  # element code or ""
    choices: tuple[Choice, ...]
    max_choices: int
    condition: Condition | None = None
    condition_field: str = ""  # the form field of the question the condition reads
    condition_note: str = ""  # said on the page: when to answer (all a page without JS shows)

    @property
    def field(self) -> str:
        return f"q{self.id}"

    @property
    def multiple(self) -> bool:
        return self.max_choices > 1

    @property
    def is_satisfaction(self) -> bool:
        return self.kind == QuestionKind.SATISFACTION


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class Layout:
    instrument_id: int
    name: str
    intro: str
    thanks: str
    sections: tuple[Section, ...]
    ask_age_group: bool
    ask_sex: bool
    ask_respondent_type: bool
    ask_procedure: bool
    questions: dict[int, QuestionSpec] = field(default_factory=dict)
    # Rendered HTML, kept with the layout it was rendered from.
    fragments: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def scored_ids(self) -> set[int]:
        """Satisfaction questions: their answers feed the indices."""
        return {q.id for q in self.questions.values() if q.is_satisfaction}

    @property
    def asks_about_respondent(self) -> bool:
        return self.ask_age_group or self.ask_sex or self.ask_respondent_type or self.ask_procedure

    @property
    def screens(self) -> int:
        """Screens of the phone's one-section-at-a-time form: the sections, then the last one
        (about the respondent, comments, send)."""
        return len(self.sections) + 1

    def skipped(self, answers: Mapping[int, list[int]]) -> set[int]:
        """Questions whose condition does not hold for these answers. Read in form order, so a
        question that depends on a skipped one is skipped too; a condition on a question no
        longer asked never hides anything."""
        by_code = {q.code: q for q in self.questions.values()}
        skipped: set[int] = set()
        for section in self.sections:
            for spec in section.questions:
                source = by_code.get(spec.condition.code) if spec.condition else None
                if spec.condition is None or source is None:
                    continue
                chosen = set(answers.get(source.id, ())) if source.id not in skipped else set()
                if not chosen & spec.condition.values:
                    skipped.add(spec.id)
        return skipped


def build_layout(instrument: Instrument) -> Layout:
    elements = list(instrument.elements.all())
    questions = list(
        instrument.questions.filter(active=True)
        .select_related("element", "scale")
        .prefetch_related("scale__choices")
    )
    by_element: dict[int | None, list[QuestionSpec]] = {}
    specs: dict[int, QuestionSpec] = {}
    by_code = {q.code: q for q in questions}
    for q in questions:
        condition, field_name, note = _condition_of(q.show_if, by_code)
        spec = QuestionSpec(
            q.pk,
            q.code,
            q.kind,
            q.text,
            q.help,
            q.element.code if q.element else "",
            tuple(Choice(c.value, c.label) for c in q.scale.choices.all()),
            q.max_choices,
            condition,
            field_name,
            note,
        )
        specs[q.pk] = spec
        by_element.setdefault(q.element_id, []).append(spec)
    sections = [
        Section(e.code, f"{e.code}. {e.name}", tuple(by_element[e.pk]))
        for e in elements
        if by_element.get(e.pk)
    ]
    if by_element.get(None):
        sections.append(Section("", "Mong đợi của Ông/Bà", tuple(by_element[None])))
    return Layout(
        instrument.pk,
        instrument.name,
        instrument.intro,
        instrument.thanks,
        tuple(sections),
        instrument.ask_age_group,
        instrument.ask_sex,
        instrument.ask_respondent_type,
        instrument.ask_procedure,
        specs,
    )


def _condition_of(text: str, by_code: Mapping[str, Any]) -> tuple[Condition | None, str, str]:
    """A question's condition, the field it reads and its note; none when the question it
    reads is not asked (retired), or the text is malformed (the admin's form refuses that)."""
    try:
        condition = parse_condition(text)
    except ValueError:
        return None, "", ""
    source = by_code.get(condition.code) if condition else None
    if condition is None or source is None:
        return None, "", ""
    labels = {c.value: c.label for c in source.scale.choices.all()}
    chosen = " hoặc ".join(f"“{labels.get(v, v)}”" for v in sorted(condition.values))
    return condition, f"q{source.pk}", f"Chỉ trả lời nếu ở câu {source.code} Ông/Bà chọn {chosen}."


_built: dict[tuple[int, str], Layout | None] = {}


def layout_version() -> str:
    # A random tag rather than a counter: a flushed cache can never bring back an old number.
    return str(cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None))


def bump_version(**_: Any) -> None:
    """Signal receiver: the instrument changed, every process rebuilds its layout."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def current_layout() -> Layout | None:
    """The layout of the current instrument (None when no instrument is set up)."""
    key = (0, layout_version())
    if key not in _built:
        instrument = Instrument.objects.current()
        if len(_built) > 50:
            _built.clear()
        _built[key] = build_layout(instrument) if instrument else None
    return _built[key]


def layout_of(instrument: Instrument) -> Layout:
    key = (instrument.pk, layout_version())
    layout = _built.get(key)
    if layout is None:
        if len(_built) > 50:
            _built.clear()
        layout = build_layout(instrument)
        _built[key] = layout
    return layout


@dataclass
class Filled:
    answers: dict[int, list[int]]  # question id -> chosen values
    respondent: dict[str, str]  # age_group, sex, respondent_type, procedure
    comment: str
    errors: list[str]
    skipped: set[int] = field(default_factory=set)  # answers dropped by the skip logic

    @property
    def answered(self) -> int:
        return len(self.answers)


RESPONDENT_CHOICES = {
    "age_group": set(AgeGroup.values),
    "sex": set(Sex.values),
    "respondent_type": set(RespondentType.values),
}


def read_filled(layout: Layout, data: Any) -> Filled:
    """Answers from a submitted form (a QueryDict or a mapping of lists). Nothing is required,
    but at least one question must be answered; values off the scale are refused; answers to
    questions the skip logic leaves out are dropped."""
    answers: dict[int, list[int]] = {}
    errors: list[str] = []
    for spec in layout.questions.values():
        raw = _getlist(data, spec.field)
        raw = [r for r in raw if r.strip() != ""]
        if not raw:
            continue
        allowed = {c.value for c in spec.choices}
        values: list[int] = []
        for text in raw:
            try:
                value = int(text)
            except ValueError:
                value = None
            if value is None or value not in allowed:
                errors.append(f"Câu {spec.code}: lựa chọn không hợp lệ.")
                break
            if value not in values:
                values.append(value)
        else:
            if len(values) > spec.max_choices:
                errors.append(f"Câu {spec.code}: chỉ chọn tối đa {spec.max_choices} ý.")
            else:
                answers[spec.id] = sorted(values)
    skipped = {qid for qid in layout.skipped(answers) if qid in answers}
    for qid in skipped:
        del answers[qid]
    respondent: dict[str, str] = {}
    for name, allowed_values in RESPONDENT_CHOICES.items():
        chosen = _get(data, name).strip()
        if chosen and chosen in allowed_values and getattr(layout, f"ask_{name}"):
            respondent[name] = chosen
    if layout.ask_procedure:
        procedure = " ".join(_get(data, "procedure").split())
        if len(procedure) > MAX_PROCEDURE:
            errors.append(f"Tên thủ tục dài quá {MAX_PROCEDURE} ký tự.")
        elif procedure:
            respondent["procedure"] = procedure
    comment = _get(data, "comment").strip()
    if len(comment) > MAX_COMMENT:
        errors.append(f"Góp ý dài quá {MAX_COMMENT} ký tự.")
    if not answers and not errors:
        errors.append("Ông/Bà chưa trả lời câu hỏi nào. Xin chọn ít nhất một câu trả lời.")
    return Filled(answers, respondent, comment, errors, skipped)


def _getlist(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return list(data.getlist(name))
    value = data.get(name, [])
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _get(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value)
