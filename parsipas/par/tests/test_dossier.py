"""The year-end self-assessment dossier: assembled from reports and registers, exported as a ZIP
(folders, names, Excel index, Word report), frozen versions, permissions and bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from parsipas.par.dossier import access, export, service, word
from parsipas.par.dossier.assembly import assemble, leaves
from parsipas.par.dossier.names import Unique, document, folder
from parsipas.par.models import Criterion, Dossier, DossierExport, DossierVersion, Framework
from parsipas.plans.models import Node
from parsipas.registers.models import GovernmentTask, StoredFile
from parsipas.reporting.models import Evidence, ReportingPeriod
from parsipas.testing import builders as build
from parsipas.units.models import Unit

PDF = build.PDF_BYTES


@pytest.fixture
def year(registry, media):
    """The 2026 example framework; a plan with 1.1 (stp, stc) and 1.8; evidence filed with a sent
    and with a draft report; a Government task with its completion evidence in the register."""
    call_command("par", "load-examples", "--year", "2026", stdout=io.StringIO())
    framework = Framework.objects.get(year=2026, scope="province")
    plan = build.plan(2026, "Kế hoạch 2026")
    par = build.node(plan, "I", Node.Level.INDEX, title="PAR")
    field1 = build.node(plan, "1", Node.Level.FIELD, par, order=1, title="Chỉ đạo")
    n11 = build.node(plan, "1.1", parent=field1, order=2, title="Kế hoạch CCHC")
    n18 = build.node(plan, "1.8", parent=field1, order=3, title="Nhiệm vụ Chính phủ giao")
    stp, stc = Unit.objects.get(code="stp"), Unit.objects.get(code="stc")
    ReportingPeriod.create_defaults(2026)
    period = ReportingPeriod.objects.filter(year=2026).order_by("start").first()
    sent = build.report(build.assignment(n11, stp), period, workflow="accepted")
    draft = build.report(build.assignment(n11, stc), period, workflow="draft")
    build.assignment(n18, stp)
    build.evidence(
        sent, "ke-hoach.pdf", PDF + b"1", doc_number="45/KH-STP", doc_date=dt.date(2026, 2, 3)
    )
    build.evidence(
        sent, "ke-hoach.pdf", PDF + b"2", doc_number="45/KH-STP", doc_date=dt.date(2026, 2, 3)
    )
    build.evidence(draft, "nhap.pdf", PDF + b"3", doc_number="9/BC-STC")
    stored = StoredFile(
        original_name="ket-qua.pdf",
        content_type="application/pdf",
        size=len(PDF) + 1,
        sha256=hashlib.sha256(PDF + b"4").hexdigest(),
    )
    stored.file.save("ket-qua.pdf", ContentFile(PDF + b"4"), save=False)
    stored.save()
    task = GovernmentTask.objects.create(
        year=2026,
        doc_number="12/TB-VPCP",
        doc_date=dt.date(2026, 1, 10),
        issuer="Văn phòng Chính phủ",
        content="Đẩy mạnh cải cách thủ tục hành chính",
        due_date=dt.date(2026, 6, 30),
        status="done",
        completed_on=dt.date(2026, 5, 1),
        evidence=stored,
    )
    task.units.add(stp)
    return framework


def row(snapshot, code):
    return next(r for r in snapshot["criteria"] if r["code"] == code)


def test_the_dossier_gathers_sent_reports_and_registers_and_marks_what_is_missing(year):
    snapshot = assemble(year).snapshot
    r11 = row(snapshot, "1.1")
    assert [i["doc_number"] for i in r11["evidence"]] == [
        "45/KH-STP",
        "45/KH-STP",
    ]  # not the draft's
    assert (
        r11["evidence"][0]["origin"].startswith("Báo cáo")
        and "Sở Tư pháp" in r11["evidence"][0]["origin"]
    )
    assert r11["source"] == "plan" and r11["proposed"] is not None and not r11["missing_evidence"]
    r18 = row(snapshot, "1.8")
    kinds = sorted(i["kind"] for i in r18["evidence"])
    assert kinds == ["register", "task"]
    cited = next(i for i in r18["evidence"] if i["kind"] == "task")
    assert (
        cited["doc_number"] == "12/TB-VPCP"
        and cited["doc_issuer"] == "Văn phòng Chính phủ"
        and not cited["has_file"]
    )
    r25 = row(snapshot, "2.5")
    assert r25["missing_evidence"] and r25["missing_score"]
    assert row(snapshot, "A")["is_group"] and row(snapshot, "A")["score"] is not None


def test_names_in_the_zip_keep_vietnamese_and_never_clash():
    assert (
        folder(1, "1.1", "Ban hành kế hoạch CCHC: năm/2026?")
        == "01_1.1 Ban hành kế hoạch CCHC- năm-2026"
    )
    name = document("1.1", "45/KH-UBND", "Kế hoạch cải cách hành chính", "x", "pdf")
    assert name == "1.1_45-KH-UBND_Kế hoạch cải cách hành chính.pdf"
    unique = Unique()
    assert [unique.take(n) for n in ("a.pdf", "A.pdf", "a.pdf")] == [
        "a.pdf",
        "A (2).pdf",
        "a (3).pdf",
    ]
    assert "/" not in document("1.1", "../../etc", "..\\x", "", "pdf").replace("1.1_", "", 1)[:-4]


def test_the_zip_has_a_folder_per_criterion_readable_files_and_an_index(year, tmp_path):
    out = tmp_path / "ho-so.zip"
    call_command(
        "par",
        "dossier",
        "export",
        "--year",
        "2026",
        "--framework",
        "province",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert names[-2:] == [export.INDEX_NAME, export.REPORT_NAME]
        assert "01_1.1 Thực hiện kế hoạch CCHC/" in names
        files_11 = sorted(n for n in names if n.startswith("01_1.1 ") and not n.endswith("/"))
        assert files_11 == [
            "01_1.1 Thực hiện kế hoạch CCHC/1.1_45-KH-STP_ke-hoach (2).pdf",
            "01_1.1 Thực hiện kế hoạch CCHC/1.1_45-KH-STP_ke-hoach.pdf",
        ]
        assert not any("nhap" in n for n in names)  # a draft's file stays out
        assert zf.read(files_11[1]) == PDF + b"1"
        folders = [n for n in names if n.endswith("/")]
        assert len(folders) == len(leaves(assemble(year).snapshot))
        assert folders == sorted(folders)
        book = load_workbook(io.BytesIO(zf.read(export.INDEX_NAME)))
    sheet = book.active
    assert [c.value for c in sheet[2]] == export.INDEX_HEADERS
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    doc = next(r for r in rows if r[1] == "1.1" and r[7] == "45/KH-STP")
    assert doc[3] == 1.5 and doc[8] == "03/02/2026" and doc[14] in files_11
    missing = next(r for r in rows if r[1] == "2.5")
    assert missing[11] == "(chưa có tài liệu kiểm chứng)"


def test_index_cells_that_look_like_formulas_stay_text(year):
    criterion = Criterion.objects.get(framework=year, code="1.1")
    dossier = service.dossier_for(year)
    service.edit_criterion(dossier, criterion, None, "", '=HYPERLINK("http://x")')
    book = load_workbook(io.BytesIO(export.index_workbook(assemble(year).snapshot)))
    cells = [c for r in book.active.iter_rows() for c in r if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_the_word_report_renders_with_libreoffice(year, tmp_path):
    criterion = Criterion.objects.get(framework=year, code="2.5")
    service.edit_criterion(
        service.dossier_for(year), criterion, None, "", "Chờ kết quả điều tra xã hội học của Bộ."
    )
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(word.build(assemble(year).snapshot))
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "BÁO CÁO" in text and "KẾT QUẢ TỰ ĐÁNH GIÁ" in text
    assert "Chờ kết quả điều tra xã hội học của Bộ." in text
    assert "Tổng cộng" in text


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("admin", True),
        ("lead", True),
        ("lead_vp", True),
        ("unit", False),
        ("commune", False),
        ("viewer", False),
    ],
)
def test_only_the_reform_office_opens_and_exports_the_dossier(year, people, login, who, allowed):
    client = login(people[who])
    page = client.get("/par/ho-so/2026/")
    assert page.status_code == (200 if allowed else 403)
    started = client.post("/par/ho-so/2026/xuat/")
    assert started.status_code == (302 if allowed else 403)
    assert DossierExport.objects.exists() == allowed


def test_a_lead_of_another_unit_is_refused(year, make_user, login):
    from parsipas.accounts.models import Role

    lead = make_user("t.lead.stp", Role.LEAD, Unit.objects.get(code="stp"))
    assert login(lead).get("/par/ho-so/2026/").status_code == 403


def test_nobody_gets_a_file_through_the_zip_they_could_not_download_alone(year, people, login):
    """Sở Nội vụ's lead assembles the dossier but does not lead 1.1: Sở Tư pháp's report files
    are not theirs to download, so their ZIP leaves them out; the register's file is."""
    client = login(people["lead"])
    ev = Evidence.objects.filter(doc_number="45/KH-STP").first()
    assert client.get(f"/bao-cao/tai-lieu/{ev.pk}/").status_code == 404
    response = client.post("/par/ho-so/2026/xuat/")
    job = DossierExport.objects.get()
    assert response["Location"] == f"/par/ho-so/tep-zip/{job.pk}/"
    assert "Đang tạo" in client.get(response["Location"]).content.decode()
    client.post(f"/par/ho-so/tep-zip/{job.pk}/tao/")
    job.refresh_from_db()
    assert job.state == "ready" and job.withheld == 2 and job.total == 1
    status = client.get(f"/par/ho-so/tep-zip/{job.pk}/?format=json").json()
    assert status == {"state": "ready", "done": 1, "total": 1, "percent": 100, "error": ""}
    download = client.get(f"/par/ho-so/tep-zip/{job.pk}/tai/")
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zf:
        names = zf.namelist()
    assert not any("45-KH-STP" in n for n in names)
    assert any(n.startswith("08_1.8 ") and n.endswith(".pdf") for n in names)
    # Sở Nội vụ's job, read by someone else: not found
    assert (
        login(people["lead_vp"], Client()).get(f"/par/ho-so/tep-zip/{job.pk}/tai/").status_code
        == 404
    )
    admin_view = access.allowed_keys(people["admin"], job.snapshot)
    assert admin_view >= access.allowed_keys(people["lead"], job.snapshot)


def test_a_file_gone_from_storage_is_named_in_the_index_and_the_rest_still_ships(year, tmp_path):
    from django.core.files.storage import default_storage

    gone = Evidence.objects.filter(doc_number="45/KH-STP").order_by("pk").first()
    default_storage.delete(gone.file.name)
    out = tmp_path / "ho-so.zip"
    service.export_to_path(year, str(out))
    with zipfile.ZipFile(out) as zf:
        files_11 = [n for n in zf.namelist() if n.startswith("01_1.1 ") and n.endswith(".pdf")]
        book = load_workbook(io.BytesIO(zf.read(export.INDEX_NAME)))
    assert len(files_11) == 1
    paths = [r[14] for r in book.active.iter_rows(min_row=3, values_only=True) if r[1] == "1.1"]
    assert sorted(paths) == sorted([files_11[0], "(tệp không còn trên máy chủ)"])


def test_a_frozen_version_stays_as_it_was_after_later_edits(year, people):
    admin = people["admin"]
    dossier = service.dossier_for(year)
    criterion = Criterion.objects.get(framework=year, code="1.1")
    v1 = service.freeze(dossier, admin, "Gửi Bộ lần 1")
    v1_zip = v1.zip_file.open("rb").read()
    assert hashlib.sha256(v1_zip).hexdigest() == v1.zip_sha256
    service.edit_criterion(dossier, criterion, admin, "1,2", "Còn 2 nhiệm vụ chuyển sang năm sau.")
    service.add_upload(
        dossier,
        criterion,
        admin,
        io.BytesIO(PDF + b"hand"),
        "quyet-dinh.pdf",
        {
            "doc_number": "7/QĐ-UBND",
            "doc_date": dt.date(2026, 3, 1),
            "doc_title": "Quyết định giao",
        },
    )
    v2 = service.freeze(dossier, admin)
    v1 = DossierVersion.objects.get(pk=v1.pk)
    assert (v1.number, v2.number) == (1, 2)
    assert (
        row(v1.snapshot, "1.1")["explanation"] == ""
        and row(v2.snapshot, "1.1")["score"] == "1.2000"
    )
    assert v1.zip_file.open("rb").read() == v1_zip
    with zipfile.ZipFile(v2.zip_file.open("rb")) as zf:
        assert any(n.endswith("1.1_7-QĐ-UBND_Quyết định giao.pdf") for n in zf.namelist())
    with zipfile.ZipFile(io.BytesIO(v1_zip)) as zf:
        assert not any("7-QĐ-UBND" in n for n in zf.namelist())


def test_the_admin_downloads_a_frozen_version_as_it_was_stored(year, people, login):
    version = service.freeze(service.dossier_for(year), people["admin"])
    response = login(people["admin"]).get(f"/par/ho-so/2026/phien-ban/{version.number}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == version.zip_file.open("rb").read()
    # Sở Nội vụ's lead may not have every file of it: a ZIP of their own files is built instead
    other = login(people["lead"], Client()).get(f"/par/ho-so/2026/phien-ban/{version.number}/")
    assert other.status_code == 302 and DossierExport.objects.get().version == version


def test_a_framework_without_points_is_refused_and_nothing_is_saved(
    registry, people, login, tmp_path
):
    empty = Framework.objects.create(year=2027, scope="province", title="Chưa có điểm")
    Criterion.objects.create(
        framework=empty, code="A", title="Phần A", max_points=D(0), method="group"
    )
    with pytest.raises(service.DossierError, match="chưa có tiêu chí nào có điểm tối đa"):
        service.dossier_for(empty)
    page = login(people["admin"]).get("/par/ho-so/2027/")
    assert (
        page.status_code == 400 and "chưa có tiêu chí nào có điểm tối đa" in page.content.decode()
    )
    out = tmp_path / "x.zip"
    with pytest.raises(CommandError, match="chưa có tiêu chí nào có điểm tối đa"):
        call_command(
            "par", "dossier", "export", "--year", "2027", "--framework", "province", "-o", str(out)
        )
    assert not out.exists() and not Dossier.objects.exists()


def test_bad_scores_and_future_dates_change_nothing(year, people, login):
    client = login(people["admin"])
    criterion = Criterion.objects.get(framework=year, code="1.1")
    response = client.post(
        f"/par/ho-so/2026/tieu-chi/{criterion.pk}/", {"score": "9", "explanation": "x"}, follow=True
    )
    assert "Tiêu chí 1.1: điểm phải từ 0 đến 1.5" in response.content.decode()
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    upload = io.BytesIO(PDF + b"f")
    upload.name = "tuong-lai.pdf"
    response = client.post(
        f"/par/ho-so/2026/tieu-chi/{criterion.pk}/tai-len/",
        {"file": upload, "doc_date": future},
        follow=True,
    )
    assert "ở tương lai" in response.content.decode()
    dossier = Dossier.objects.get(framework=year)
    assert (
        not dossier.entries.filter(score__isnull=False).exists()
        and not dossier.entries.filter(explanation="x").exists()
    )
    assert not dossier.entries.filter(files__isnull=False).exists()


def test_the_command_names_the_framework_it_cannot_find(registry):
    with pytest.raises(CommandError, match="Không có bộ tiêu chí “agency” năm 2030"):
        call_command(
            "par",
            "dossier",
            "export",
            "--year",
            "2030",
            "--framework",
            "agency",
            "-o",
            "/tmp/never.zip",
        )


def test_the_demo_year_files_evidence_with_metadata_for_the_dossier(registry, media):
    import random

    from parsipas.demo import evidence as demo_evidence

    call_command("par", "load-examples", "--year", "2026", stdout=io.StringIO())
    plan = build.plan(2026, "Kế hoạch 2026")
    par = build.node(plan, "I", Node.Level.INDEX, title="PAR")
    field1 = build.node(plan, "1", Node.Level.FIELD, par, order=1, title="Chỉ đạo")
    ReportingPeriod.create_defaults(2026)
    period = ReportingPeriod.objects.filter(year=2026).order_by("start").first()
    units = [Unit.objects.get(code=c) for c in ("stp", "stc", "phuong-buon-ma-thuot")]
    for order, code in enumerate(("1.1", "1.2"), start=2):
        node = build.node(plan, code, parent=field1, order=order, title=f"Tiêu chí {code}")
        for unit in units:
            build.report(build.assignment(node, unit), period, workflow="accepted")
    made = demo_evidence.generate(2026, random.Random(1), dt.date(2026, 12, 1))
    assert made == 4  # two units per criterion
    assert demo_evidence.generate(2026, random.Random(1), dt.date(2026, 12, 1)) == 0  # once
    filed = Evidence.objects.select_related("report__assignment__unit").all()
    assert all(
        e.doc_number and e.doc_date and e.doc_issuer and e.doc_kind and e.doc_title for e in filed
    )
    for e in filed:
        unit = e.report.assignment.unit
        suffix = "UBND" if unit.code == "phuong-buon-ma-thuot" else unit.code.upper()
        assert e.doc_number.endswith(f"-{suffix}") and e.doc_issuer == unit.name
    snapshot = assemble(Framework.objects.get(year=2026, scope="province")).snapshot
    assert (
        not row(snapshot, "1.1")["missing_evidence"]
        and not row(snapshot, "1.2")["missing_evidence"]
    )


def test_the_reform_office_finds_the_dossier_from_the_home_page_and_the_admin_menu(
    year, people, login
):
    for who, shown in (("lead", True), ("lead_vp", True), ("unit", False), ("viewer", False)):
        page = login(people[who], Client()).get("/").content.decode()
        assert ("Hồ sơ tự đánh giá Chỉ số CCHC" in page) == shown, who
    assert 'href="/par/ho-so/"' in login(people["admin"], Client()).get("/").content.decode()
