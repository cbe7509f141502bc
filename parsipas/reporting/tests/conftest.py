"""Helpers of the reporting tests. Their plan is the shared `small_plan` fixture
(parsipas/testing/builders.py: SmallPlan): PAR criteria 1.1, 1.2, 1.8, 2.1–2.3 for Sở Tư pháp,
Sở Tài chính and Phường Buôn Ma Thuột, the current period "Năm" (Y) due in 5 days."""

from __future__ import annotations

from typing import Any

from parsipas.testing.builders import PDF_BYTES, SmallPlan


def report_path(sp: SmallPlan, code: str, unit: str, period: str = "Y", suffix: str = "") -> str:
    p = sp.periods[period]
    return f"/bao-cao/{p.year}/{p.code}/nhiem-vu/{sp.assignment(code, unit).pk}/{suffix}"


def report_data(version: int = 0, **fields: Any) -> dict[str, Any]:
    data = {
        "version": version,
        "status": "in_progress",
        "narrative": "",
        "difficulties": "",
        "proposals": "",
        "no_evidence_reason": "",
        "action": "save",
    }
    data.update(fields)
    return data


def pdf_upload(name: str = "ke-hoach.pdf", content: bytes = PDF_BYTES) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
