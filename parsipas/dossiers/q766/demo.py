"""Demo 766 data: a procedure catalogue and the portal's year figures for all six groups.

``generate(year, seed)`` gives every unit a demo portal code (H15.NN agencies, H15.NNN
communes — by analogy with other provinces, only where the registry has none), imports a
catalogue built from the demo dossiers' procedure codes, and imports one portal JSON response
per group for the year, built in the portal's own shape (parent and children, nested
``metrics``), through the same import as a real file. The figures are invented; the demo
province lands a little under the plan's 94 points so that "what it takes" has work to show.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date
from typing import Any

from django.db import transaction

from parsipas.dossiers.indicators import Period
from parsipas.dossiers.ingest.generate import AGENCY_PROCEDURES, COMMUNE_PROCEDURES
from parsipas.dossiers.models import PortalScore, Procedure
from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.imports import import_catalogue, import_portal_file
from parsipas.units.models import Unit, UnitKind

PROVINCE_CODE = "H15"
FIELDS = ("Hộ tịch", "Đất đai", "Xây dựng", "Kinh doanh", "Giáo dục", "Y tế", "Tư pháp")


def already_loaded(year: int) -> bool:
    return PortalScore.objects.filter(
        period_start=date(year, 1, 1), period_end=date(year, 12, 31), level="PARENT"
    ).exists()


def _assign_portal_codes(units: list[Unit]) -> None:
    taken = {u.portal_code for u in units if u.portal_code}
    agency_n, commune_n = 1, 100
    for unit in units:
        if unit.portal_code:
            continue
        while True:
            if unit.kind == UnitKind.AGENCY:
                code, agency_n = f"{PROVINCE_CODE}.{agency_n:02d}", agency_n + 1
            else:
                code, commune_n = f"{PROVINCE_CODE}.{commune_n:03d}", commune_n + 1
            if code not in taken:
                break
        unit.portal_code = code
        taken.add(code)
        unit.save(update_fields=["portal_code"])


def catalogue_csv(units: list[Unit], rng: random.Random) -> bytes:
    agencies = [u for u in units if u.kind == UnitKind.AGENCY]
    communes = [u for u in units if u.kind != UnitKind.AGENCY]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["Mã TTHC", "Tên TTHC", "Cấp thực hiện", "Lĩnh vực", "Đơn vị giải quyết",
         "Mức độ trực tuyến", "Có phí"]
    )  # fmt: skip
    for number, (code, _) in enumerate(AGENCY_PROCEDURES, start=1):
        online = rng.choices(("Toàn trình", "Một phần", ""), weights=(45, 40, 15))[0]
        handling = agencies[number % len(agencies)] if agencies else None
        writer.writerow(
            [code, f"Thủ tục cấp tỉnh số {number} (mẫu)", "Cấp tỉnh", FIELDS[number % len(FIELDS)],
             handling.code if handling else "", online, "Có" if number % 3 == 0 else "Không"]
        )  # fmt: skip
    for number, (code, _) in enumerate(COMMUNE_PROCEDURES, start=1):
        online = rng.choices(("Toàn trình", "Một phần", ""), weights=(40, 45, 15))[0]
        writer.writerow(
            [code, f"Thủ tục cấp xã số {number} (mẫu)", "Cấp xã", FIELDS[number % len(FIELDS)],
             "; ".join(u.code for u in communes), online, "Có" if number % 4 == 0 else "Không"]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def _split(rng: random.Random, total: int, share: float) -> int:
    return min(total, max(0, round(total * min(1.0, rng.gauss(share, 0.03)))))


def _metric(code: str, numerator: int, denominator: int) -> dict[str, Any]:
    return {"code": code, "numerator": numerator, "denominator": denominator}


def _unit_counts(rng: random.Random, unit: Unit) -> dict[str, dict[str, Any]]:
    received = rng.randint(800, 6000) if unit.kind == UnitKind.AGENCY else rng.randint(300, 3000)
    fee = int(received * 0.4)
    fee_procedures = rng.randint(8, 20)
    petitions = rng.choice((0, 0, 0, 1, 2, 4))
    return {
        "progress": {"totalReceived": received, "totalOnTime": _split(rng, received, 0.975)},
        "payment": {
            "totalDossierFinancialObligation": fee,
            "totalDossierOnlinePaymentSuccess": _split(rng, fee, 0.9),
            "totalFeeFormality": fee_procedures,
            "totalDossierOnlineFormalityPaymentSuccess": _split(rng, fee_procedures, 0.85),
            "totalFeeDossierFormality": _split(rng, fee_procedures, 0.7),
        },
        "transparency": {
            "DOSSIER_SYNC": (received, received),
        },
        "satisfaction": {
            "DOSSIER_RECEIVING_SATISFACTION": (_split(rng, received, 0.93), received),
            "PETITION_PROCESSING_ON_TIME": (_split(rng, petitions, 0.95), petitions),
            "PETITION_HANDLING_SATISFACTION": (_split(rng, petitions, 0.85), petitions),
        },
        "digitization": {
            "ORIGINAL_RESULT_AVAILABLE": (_split(rng, received, 0.92), received),
            "SO_HOA_GIAY_TO_GIAI_QUYET": (_split(rng, received, 0.85), received),
            "REUSED_DIGITIZED_DATA": (_split(rng, received, 0.7), received),
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": (_split(rng, received, 0.6), received),
            "CITIZEN_DATA_CONNECTED_DOSSIER": (_split(rng, received, 0.8), received),
            "CITIZEN_DATA_CONNECTED_FORMALITY": (_split(rng, 40, 0.75), 40),
        },
        "online": {
            "authorityCount": 60,
            "partialCount": 22,
            "fullCount": 30,
            "onlineServiceTotal": 52,
            "onlineDossierCount": _split(rng, 52, 0.8),
            "channelTotalSum": received,
            "channelOnlineSum": _split(rng, received, 0.62),
        },
    }


# Province-wide procedure figures of the transparency group, copied to every unit as the
# portal does.
PROVINCE_TRANSPARENCY = {
    "PUBLISH_ON_TIME": (96, 98),
    "PUBLIC_UPDATE_ON_TIME": (70, 72),
    "PUBLIC_CONTENT_FULL": (98, 98),
}


def _entity(unit: Unit | None, group: str, counts: dict[str, Any]) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "departmentCode": unit.portal_code if unit else PROVINCE_CODE,
        "departmentName": f"UBND {unit.name}" if unit and unit.is_commune else (
            f"{unit.name} - Tỉnh Đắk Lắk" if unit else "UBND tỉnh Đắk Lắk"
        ),
        "level": ("COMMUNE" if unit.is_commune else "PROVINCE") if unit else "PROVINCE",
    }  # fmt: skip
    metric_groups = ("transparency", "satisfaction", "digitization")
    if group in metric_groups:
        metrics = [_metric(code, n, d) for code, (n, d) in counts.items()]
        if group == "digitization":
            metrics.append(
                {"code": "ELECTRONIC_CERTIFIED_COPY", "ratio": 100, "score": 2, "maxScore": 2}
            )
        entity["metrics"] = metrics
    else:
        entity.update(counts)
    flat = {k: v for k, v in entity.items() if k != "metrics"}
    for metric in entity.get("metrics", []):
        for key in ("numerator", "denominator", "ratio"):
            if key in metric:
                flat[f"{metric['code']}_{key}"] = metric[key]
    result = engine.score_group(group, flat)
    entity["totalScore"] = float(result.score)
    entity["totalMaxScore"] = result.max
    entity["ratio"] = float(result.ratio)
    return entity


def _sum(children: list[dict[str, Any]], group: str) -> dict[str, Any]:
    summed: dict[str, Any] = {}
    for counts in children:
        for key, value in counts[group].items():
            if isinstance(value, tuple):
                n, d = summed.get(key, (0, 0))
                summed[key] = (n + value[0], d + value[1])
            else:
                summed[key] = summed.get(key, 0) + value
    return summed


def responses(units: list[Unit], rng: random.Random) -> dict[str, bytes]:
    """One portal JSON response per group, as the portal shapes it."""
    per_unit = {u.pk: _unit_counts(rng, u) for u in units}
    for counts in per_unit.values():
        counts["transparency"] = {**PROVINCE_TRANSPARENCY, **counts["transparency"]}
    out = {}
    for group in engine.GROUPS:
        children = []
        for unit in units:
            entity = _entity(unit, group, per_unit[unit.pk][group])
            if group == "online":  # the portal publishes only the children's scores
                entity = {k: entity[k] for k in ("departmentCode", "departmentName", "level",
                                                 "totalScore", "totalMaxScore", "ratio")}  # fmt: skip
            children.append(entity)
        parent_counts = _sum(list(per_unit.values()), group)
        if group == "transparency":
            parent_counts.update(PROVINCE_TRANSPARENCY)
        if group == "online":
            parent_counts.update(
                authorityCount=98, partialCount=38, fullCount=44, onlineServiceTotal=82
            )
            parent_counts["onlineDossierCount"] = _split(rng, 82, 0.78)
        parent = _entity(None, group, parent_counts)
        key = "parent" if group in ("progress", "payment", "online") else "overview"
        many = "children" if key == "parent" else "evaluation"
        out[group] = json.dumps(
            {"code": "OK", "data": {key: parent, many: children}}, ensure_ascii=False
        ).encode("utf-8")
    return out


def generate(year: int, rng: random.Random | None = None, *, seed: int = 2026) -> str:
    rng = rng or random.Random(seed)
    units = list(Unit.objects.active().order_by("kind", "name"))
    if not units:
        return "Chưa có đơn vị trong danh mục: bỏ qua số liệu 766 mẫu."
    period = Period(date(year, 1, 1), date(year, 12, 31))
    with transaction.atomic():
        _assign_portal_codes(units)
        catalogue = import_catalogue(io.BytesIO(catalogue_csv(units, rng)), "danh-muc-tthc-mau.csv")
        for group, data in responses(units, rng).items():
            endpoint = engine.GROUPS[group].endpoint
            import_portal_file(io.BytesIO(data), f"{endpoint}-{year}-mau.json", period, group)
    procedures = Procedure.objects.count()
    return (
        f"Đã nạp số liệu 766 mẫu năm {year}: danh mục {procedures} TTHC "
        f"({catalogue.created} mới), số liệu Cổng DVCQG của 6 nhóm cho {len(units)} đơn vị."
    )
