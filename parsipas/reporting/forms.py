from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from parsipas.lib import numbers
from parsipas.plans.models import Target
from parsipas.reporting import documents
from parsipas.reporting import evidence as files
from parsipas.reporting.computed import Computed, override_problem
from parsipas.reporting.models import ProvinceFigure, Report, ReportingPeriod, TargetFigure
from parsipas.reporting.targets import parse_figure
from parsipas.reporting.workflow import FigureInput, ReportInput


class FigureField(forms.CharField):
    """A number as people type it: '98', '98,5', '98.5 %'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "figure-input"}
        )

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return parse_figure(text or "")
        except ValueError as exc:
            raise forms.ValidationError(f"{exc}. Hãy nhập một số, ví dụ 98 hoặc 98,5.") from exc


def target_label(target: Target) -> str:
    return f"Chỉ tiêu: {target.text.strip()[:160]} ({target})"


def _plain(value: Any) -> str:
    return numbers.plain(value)


class ReportForm(forms.Form):
    """The unit's report; on the desk (`compact`) only status, narrative, figures and difficulties."""

    COMPACT_FIELDS = ("version", "status", "narrative", "difficulties")

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label="Tình trạng", choices=Report.Status.choices)
    narrative = forms.CharField(
        label="Kết quả thực hiện",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Đã làm được gì trong kỳ: văn bản ban hành, số liệu, kết quả cụ thể.",
    )
    difficulties = forms.CharField(
        label="Khó khăn, vướng mắc",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposals = forms.CharField(
        label="Đề xuất, kiến nghị",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    no_evidence_reason = forms.CharField(
        label="Lý do không có tài liệu kiểm chứng",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Chỉ cần điền khi báo cáo 'Hoàn thành' mà không kèm tài liệu kiểm chứng.",
    )

    def __init__(
        self,
        *args: Any,
        report: Report,
        targets: list[Target],
        figures: dict[int, TargetFigure],
        compact: bool = False,
        computed: dict[int, Computed] | None = None,
        **kwargs: Any,
    ) -> None:
        self.report = report
        self.targets = targets
        self.computed = computed or {}
        initial = {
            "version": report.version,
            "status": report.status,
            "narrative": report.narrative,
            "difficulties": report.difficulties,
            "proposals": report.proposals,
            "no_evidence_reason": report.no_evidence_reason,
        }
        for t in targets:
            fig = figures.get(t.pk)
            initial[f"fig_{t.pk}"] = _plain(fig.value) if fig else ""
            initial[f"prev_{t.pk}"] = _plain(fig.previous_value) if fig else ""
            initial[f"note_{t.pk}"] = fig.note if fig else ""
            item = self.computed.get(t.pk)
            if item is not None:
                overridden = fig is not None and bool(fig.override_reason)
                shown = fig.value if fig is not None and overridden else item.value
                initial[f"fig_{t.pk}"] = _plain(shown)
                initial[f"override_{t.pk}"] = fig.override_reason if fig and overridden else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if compact:
            for name in list(self.fields):
                if name not in self.COMPACT_FIELDS:
                    del self.fields[name]
        self.figure_rows: list[dict[str, Any]] = []
        for t in targets:
            self.fields[f"fig_{t.pk}"] = FigureField(label=target_label(t))
            row = {
                "target": t,
                "figure": f"fig_{t.pk}",
                "previous": None,
                "note": None,
                "result": figures.get(t.pk),
                "computed": self.computed.get(t.pk),
                "override": None,
            }
            if row["computed"] is not None and not compact:
                self.fields[f"override_{t.pk}"] = forms.CharField(
                    label="Lý do nhập số khác số liệu tự động",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text="Chỉ điền khi số liệu tự động chưa đúng; số nhập thay được đánh dấu ở mọi nơi.",
                )
                row["override"] = f"override_{t.pk}"
            if t.op == Target.Op.INCREASE:
                self.fields[f"prev_{t.pk}"] = FigureField(label="Số liệu cùng kỳ năm trước")
                row["previous"] = f"prev_{t.pk}"
            if not compact:
                self.fields[f"note_{t.pk}"] = forms.CharField(
                    label="Ghi chú", required=False, max_length=500
                )
                row["note"] = f"note_{t.pk}"
            self.figure_rows.append(row)

    def bound_figure_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "target": r["target"],
                "figure": self[r["figure"]],
                "previous": self[r["previous"]] if r["previous"] else None,
                "note": self[r["note"]] if r["note"] else None,
                "result": r["result"],
                "computed": r["computed"],
                "override": self[r["override"]] if r["override"] else None,
            }
            for r in self.figure_rows
        ]

    def plain(self) -> dict[str, Any]:
        """Names, current values and errors as plain data: the desk renders dozens of rows, and
        raw inputs are several times faster to render than Django widgets."""

        def value(name: str) -> Any:
            key = self.add_prefix(name)
            if self.is_bound:
                return self.data.get(key, "")
            return self.initial.get(name, "")

        errors = self.errors if self.is_bound else {}
        figures = []
        for r in self.figure_rows:
            t = r["target"]
            figures.append(
                {
                    "target": t,
                    "name": self.add_prefix(r["figure"]),
                    "value": value(r["figure"]),
                    "error": " ".join(map(str, errors.get(r["figure"], []))),
                    "prev_name": self.add_prefix(r["previous"]) if r["previous"] else "",
                    "prev_value": value(r["previous"]) if r["previous"] else "",
                    "prev_error": " ".join(map(str, errors.get(r["previous"], [])))
                    if r["previous"]
                    else "",
                    "result": r["result"],
                    "computed": r["computed"],
                }
            )
        return {
            "prefix": self.prefix,
            "version": value("version"),
            "status": value("status"),
            "narrative": value("narrative"),
            "difficulties": value("difficulties"),
            "errors": {k: " ".join(map(str, v)) for k, v in errors.items()},
            "figures": figures,
        }

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        keep = self.report
        figures = {}
        for t in self.targets:
            figures[t.pk] = FigureInput(
                value=data.get(f"fig_{t.pk}"),
                previous_value=data.get(f"prev_{t.pk}"),
                note=data.get(f"note_{t.pk}", self._old_note(t)),
                override_reason=data.get(f"override_{t.pk}", self._old_override(t)),
            )
        return ReportInput(
            status=data["status"],
            narrative=data.get("narrative", keep.narrative).strip(),
            difficulties=data.get("difficulties", keep.difficulties).strip(),
            proposals=data.get("proposals", keep.proposals).strip(),
            no_evidence_reason=data.get("no_evidence_reason", keep.no_evidence_reason).strip(),
            figures=figures,
        )

    def _old_note(self, target: Target) -> str:
        return self.initial.get(f"note_{target.pk}", "")

    def _old_override(self, target: Target) -> str:
        return self.initial.get(f"override_{target.pk}", "")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for t in self.targets:
            item = self.computed.get(t.pk)
            name = f"fig_{t.pk}"
            if item is None or name in self.errors or f"override_{t.pk}" not in self.fields:
                continue
            value = data.get(name)
            reason = data.get(f"override_{t.pk}", "")
            if value is None and not reason.strip():
                continue  # left empty: the computed figure is used
            problem = override_problem(t, item, value, reason)
            if problem:
                self.add_error(f"override_{t.pk}", problem)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once (Django's documented pattern); cleans to a list."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data] if data else single(None, initial)
        return single(data, initial)


class DocumentMetaForm(forms.Form):
    """The document an evidence file is (number, date, issuer, kind, short title, the part that
    applies); one set of fields for reports, registers and PAR entries. Blank fields are
    pre-filled from the file name when stored (``documents.prepare``)."""

    doc_number = forms.CharField(
        label="Số, ký hiệu văn bản",
        required=False,
        max_length=100,
        help_text="Ví dụ: 125/KH-UBND. Để trống: lấy từ tên tệp nếu có (125_KH-UBND_....pdf).",
    )
    doc_date = forms.DateField(
        label="Ngày văn bản", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    doc_issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=200)
    doc_kind = forms.ChoiceField(
        label="Loại văn bản",
        required=False,
        choices=[("", "—")] + list(documents.DocumentKind.choices),
    )
    doc_title = forms.CharField(label="Trích yếu", required=False, max_length=300)
    doc_section = forms.CharField(
        label="Mục/trang áp dụng",
        required=False,
        max_length=200,
        help_text="Khi chỉ một phần văn bản là tài liệu kiểm chứng, ví dụ: mục II.3, trang 5.",
    )
    # The document's fields are checked only when this field brings a file (an autosave, or a
    # remediation reported without a new file, never fails on them); '' checks them always.
    meta_file_field = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        with_file = not self.meta_file_field or bool(cleaned.get(self.meta_file_field))
        if with_file and not self.errors:
            try:
                cleaned.update(vars(documents.check(documents.Meta.from_mapping(cleaned))))
            except documents.MetaError as exc:
                self.add_error(exc.field, str(exc))
        return cleaned

    def meta(self) -> documents.Meta:
        return documents.Meta.from_mapping(self.cleaned_data)

    @classmethod
    def for_item(cls, item: Any, **kwargs: Any) -> DocumentMetaForm:
        return cls(initial={name: getattr(item, name) for name in documents.META_FIELDS}, **kwargs)


class EvidenceForm(DocumentMetaForm):
    """The evidence part of the report form (its inputs sit in the side panel but belong to the
    report's own form, so choosing and uploading a file keeps what is typed). The document's
    fields are checked only when a file comes with them (an autosave never fails on them)."""

    file = MultipleFileField(
        label="Tệp tài liệu kiểm chứng",
        help_text=files.ACCEPTED_TEXT + ".",
        widget=MultipleFileInput(attrs={"form": "report-form"}),
    )
    field_order = ["file", *documents.META_FIELDS]
    meta_file_field = "file"

    def __init__(self, *args: Any, file_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = file_required
        self.fields["file"].widget.attrs["data-docmeta"] = reverse("evidence_guess")
        for name in documents.META_FIELDS:
            self.fields[name].widget.attrs["form"] = "report-form"


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến của cơ quan chủ trì",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại: ghi rõ đơn vị cần bổ sung, sửa gì.",
    )


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label="Lý do mở lại", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PeriodForm(forms.ModelForm):
    AUTO = "auto"
    mode = forms.ChoiceField(
        label="Trạng thái",
        choices=[(AUTO, "Tự động theo ngày (mở từ ngày bắt đầu, đóng sau hạn đơn vị)")]
        + [(v, f"Đặt tay: {label}") for v, label in ReportingPeriod.State.choices],
    )

    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due_date", "lead_due_date"]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("start", "end", "due_date", "lead_due_date")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.instance
        self.fields["mode"].initial = self.AUTO if period.auto_state else period.state

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end, due, lead_due = (
            data.get(k) for k in ("start", "end", "due_date", "lead_due_date")
        )
        if start and end and start > end:
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        if start and due and due < start:
            self.add_error("due_date", "Hạn gửi báo cáo không được trước ngày bắt đầu của kỳ.")
        if due and lead_due and lead_due < due:
            self.add_error("lead_due_date", "Hạn báo cáo của tỉnh không được trước hạn của đơn vị.")
        return data

    def save(self, commit: bool = True) -> ReportingPeriod:
        from django.utils import timezone

        from parsipas.reporting.periods import state_on

        period = super().save(commit=False)
        mode = self.cleaned_data["mode"]
        period.auto_state = mode == self.AUTO
        period.state = (
            state_on(period.start, period.due_date, timezone.localdate())
            if period.auto_state
            else mode
        )
        if commit:
            period.save()
        return period


class CreatePeriodsForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)


class WorkingYearForm(forms.Form):
    year = forms.IntegerField(label="Năm hiển thị trên các trang", min_value=2000, max_value=2100)


class ProvinceFigureForm(forms.ModelForm):
    value = FigureField(label="Số liệu toàn tỉnh")
    previous_value = FigureField(label="Số liệu năm trước")

    class Meta:
        model = ProvinceFigure
        fields = ["value", "previous_value", "note"]


class ProvinceOverrideForm(forms.Form):
    """The lead replaces a computed province figure: the reason is checked by the view."""

    value = FigureField(label="Số liệu toàn tỉnh")
    override_reason = forms.CharField(label="Lý do nhập thay", required=False, max_length=2000)


class ExcelUploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel đã điền (.xlsx)")
