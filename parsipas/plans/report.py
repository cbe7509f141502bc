"""The import report as text, for the command line (the page renders the same dict)."""

from __future__ import annotations

from typing import Any

SEVERITY_LABELS = {"repair": "Đã sửa", "doubt": "Cần xem lại", "error": "Lỗi"}


def format_report(report: dict[str, Any]) -> str:
    c = report["counts"]
    lines = [
        f"Kế hoạch năm {report['year']}: {report['title']}",
        f"  {c['fields']} lĩnh vực, {c['criteria_par']} tiêu chí PAR Index, {c['criteria_sipas']} tiêu chí SIPAS, "
        f"{c['targets']} chỉ tiêu đo được.",
        f"  {c['repairs']} chỗ đã sửa, {c['doubts']} chỗ cần xem lại.",
    ]
    for severity in ("error", "doubt", "repair"):
        items = [i for i in report["issues"] if i["severity"] == severity]
        if items:
            lines.append(f"{SEVERITY_LABELS[severity]} ({len(items)}):")
            lines += [f"  - {i['location']}: {i['message']}" for i in items]
    if report.get("incomplete"):
        lines.append("CÓ THỂ KHÔNG ĐẦY ĐỦ:")
        lines += [f"  ! {sign}" for sign in report["incomplete"]]
    diff = report["diff"]
    if (
        diff["added"]
        and not (diff["edited"] or diff["removed"] or diff["kept_with_reports"])
        and c["fields"]
        and len(diff["added"]) >= c["criteria_par"] + c["criteria_sipas"]
    ):
        lines.append(f"Kế hoạch mới: {len(diff['added'])} mục sẽ được tạo.")
    elif diff["added"] or diff["edited"] or diff["removed"] or diff["kept_with_reports"]:
        lines.append(
            f"So với kế hoạch đã lưu: {len(diff['added'])} mục mới, {len(diff['edited'])} mục sửa, "
            f"{len(diff['removed'])} mục bỏ."
        )
        lines += [f"  + {label}" for label in diff["added"][:200]]
        lines += [f"  ~ {e['node']} ({', '.join(e['fields'])})" for e in diff["edited"]]
        lines += [f"  - {label}" for label in diff["removed"]]
        lines += [
            f"  ! {label}: đã có báo cáo, được giữ lại" for label in diff["kept_with_reports"]
        ]
    for change in diff.get("targets", []):
        kept = f" — đã có {change['figures']} số liệu, được giữ lại" if change["figures"] else ""
        if change["kind"] == "gone":
            lines.append(f"  chỉ tiêu bỏ · {change['node']}: «{change['old']}»{kept}")
        elif change["kind"] == "added":
            lines.append(f"  chỉ tiêu mới · {change['node']}: «{change['new']}»")
        else:
            lines.append(
                f"  chỉ tiêu {change['label']} · {change['node']}: «{change['old']}» → «{change['new']}»"
            )
    return "\n".join(lines)
