"""Who may do what. Every view and command asks here; nothing decides permissions on its own.

The rules, in one place:
- admin (reform office): everything.
- viewer (province leaders): reads everything province-wide, changes nothing.
- lead (an officer of a lead agency): reads province-wide progress, reviews and compiles the
  criteria its unit leads, acts for its own unit like a unit officer.
- unit (an officer of an implementing unit): its own unit's tasks, reports and evidence only.
A unit never sees another unit's reports or evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from parsipas.accounts.models import Role

ALL_ROLES = tuple(Role.values)
PROVINCE_READERS = (Role.ADMIN, Role.VIEWER, Role.LEAD)


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def has_role(user: Any, *roles: str) -> bool:
    return role_of(user) in roles


def is_admin(user: Any) -> bool:
    return has_role(user, Role.ADMIN)


# --- registry, people, audit -------------------------------------------------------------


def can_manage_units(user: Any) -> bool:
    return is_admin(user)


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


# --- user guides (h10users) ------------------------------------------------------------------
# The guides describe the pages, not data: every signed-in person may read every role's guide
# (a unit officer may want to see what their lead does with a report).


def can_read_guide(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and role in Role.values


def can_view_audit(user: Any) -> bool:
    return is_admin(user)


def can_view_province(user: Any) -> bool:
    """Province-wide progress: dashboards, roll-ups, the plan with every unit's status."""
    return has_role(user, *PROVINCE_READERS)


def can_view_unit(user: Any, unit: Any) -> bool:
    """See a unit's tasks and progress (not necessarily change them)."""
    if can_view_province(user):
        return True
    return has_role(user, Role.UNIT) and unit is not None and user.unit_id == unit.pk


def can_act_for_unit(user: Any, unit: Any) -> bool:
    """Write the unit's own reports and evidence: officers of that unit (leads act for their own unit too)."""
    return has_role(user, Role.UNIT, Role.LEAD) and unit is not None and user.unit_id == unit.pk


# --- plan -----------------------------------------------------------------------------------


def can_manage_plan(user: Any) -> bool:
    """Import, correct and publish the plan; open reporting periods."""
    return is_admin(user)


def leads_node(user: Any, node: Any) -> bool:
    """The user's unit is a lead agency of this plan node (criterion or field)."""
    if is_admin(user):
        return True
    if not has_role(user, Role.LEAD) or not user.unit_id:
        return False
    return node.lead_units.filter(pk=user.unit_id).exists()


def led_unit_id(user: Any) -> int | None:
    """The unit whose criteria a lead officer leads, or None."""
    return user.unit_id if has_role(user, Role.LEAD) else None


# --- view decorators ------------------------------------------------------------------------


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous users go to the login page; logged-in users without the role get 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not has_role(request.user, *roles):
                raise PermissionDenied("Vai trò của bạn không được mở trang này.")
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


login_required = role_required()
admin_required = role_required(Role.ADMIN)
province_reader_required = role_required(*PROVINCE_READERS)


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    """Raise 403 unless `allowed`: for object-level checks inside views."""
    if not allowed:
        raise PermissionDenied(message)


# --- reporting ---------------------------------------------------------------------------------
# A report belongs to one assignment (criterion × unit) and one period. Readers: the unit's own
# officers, the leads of the criterion, the admin and the province viewers. Nobody else learns that
# it exists (views answer 404).


def can_view_all_reports(user: Any) -> bool:
    """Every unit's reports and evidence: the reform office and the province leaders."""
    return has_role(user, Role.ADMIN, Role.VIEWER)


def can_view_report(user: Any, report: Any) -> bool:
    if role_of(user) is None:
        return False
    assignment = report.assignment
    return (
        can_view_all_reports(user)
        or can_act_for_unit(user, assignment.unit)
        or leads_node(user, assignment.node)
    )


def report_period_allows_changes(report: Any) -> bool:
    """A locked period freezes its reports, except one the admin has reopened; a period not yet
    open takes no report at all."""
    if report.period.state == "planned":
        return False
    return report.period.state != "locked" or bool(report.reopened)


def can_edit_report(user: Any, report: Any) -> bool:
    """Officers of the assignment's unit, while the report is a draft or was returned."""
    return (
        can_act_for_unit(user, report.assignment.unit)
        and report.workflow in ("draft", "returned")
        and report_period_allows_changes(report)
    )


def can_withdraw_report(user: Any, report: Any) -> bool:
    """The unit takes a submitted report back to fix it, before the lead has reviewed it."""
    return (
        can_act_for_unit(user, report.assignment.unit)
        and report.workflow == "submitted"
        and report_period_allows_changes(report)
    )


def is_own_unit_report(user: Any, report: Any) -> bool:
    """The report is one the user's own unit wrote (Sở Nội vụ leads and implements 31 criteria)."""
    unit_id = getattr(user, "unit_id", None)
    return unit_id is not None and unit_id == report.assignment.unit_id


def is_reviewer_of(user: Any, report: Any) -> bool:
    """The lead of the report's criterion (or the admin) — never for its own unit's report: that
    one is reviewed by the admin or by an officer of another lead agency of the criterion."""
    if is_admin(user):
        return True
    return leads_node(user, report.assignment.node) and not is_own_unit_report(user, report)


def self_review_note(report: Any) -> str:
    """Who reviews a report that its own unit leads, in the words the page and the queue show."""
    others = [
        unit.name
        for unit in report.assignment.node.lead_units.order_by("name")
        if unit.pk != report.assignment.unit_id
    ]
    instead = "quản trị (Sở Nội vụ)" + (
        f" hoặc cán bộ chủ trì của {', '.join(others)}" if others else ""
    )
    return (
        "Báo cáo của chính đơn vị bạn: đơn vị không tự duyệt báo cáo của mình. "
        f"Người duyệt: {instead}."
    )


def can_review_report(user: Any, report: Any) -> bool:
    """Accept or return a submitted report: the lead of its criterion, or the admin."""
    return (
        report.workflow == "submitted"
        and report_period_allows_changes(report)
        and is_reviewer_of(user, report)
    )


def can_reopen_report(user: Any, report: Any) -> bool:
    """Unfreeze one accepted report or one report of a locked period."""
    return (
        is_admin(user)
        and report.pk is not None
        and (report.workflow == "accepted" or report.period.state == "locked")
        and not report.reopened
    )


def can_download_evidence(user: Any, evidence: Any) -> bool:
    return can_view_report(user, evidence.report)


def can_manage_periods(user: Any) -> bool:
    return is_admin(user)


def can_enter_province_figure(user: Any, target: Any) -> bool:
    """The province-wide figure of a target is entered by the lead of its criterion."""
    return leads_node(user, target.node)


def can_review_any(user: Any) -> bool:
    """Sees a review queue at all: leads (their criteria) and the admin (all)."""
    return has_role(user, Role.ADMIN, Role.LEAD)


# --- par ------------------------------------------------------------------------------------

APPRAISAL_GROUP = "Tổ thẩm định"  # Django Group whose members appraise the internal index


def can_manage_par(user: Any) -> bool:
    """Import and edit scoring frameworks, enter estimates and past results, open windows."""
    return is_admin(user)


def can_view_par_projection(user: Any) -> bool:
    """The province's projected PAR Index, points at risk, what-if."""
    return can_view_province(user)


def can_self_assess(user: Any, unit: Any) -> bool:
    """Fill in the unit's self-assessment on the internal index: officers of that unit."""
    return can_act_for_unit(user, unit)


def is_appraiser(user: Any) -> bool:
    if role_of(user) is None:
        return False
    return is_admin(user) or user.groups.filter(name=APPRAISAL_GROUP).exists()


def can_appraise(user: Any, unit: Any = None) -> bool:
    """Appraise self-assessments: the admin, or a member of the appraisal team — never for
    the member's own unit."""
    if is_admin(user):
        return True
    if not is_appraiser(user):
        return False
    return unit is None or user.unit_id != unit.pk


def can_view_assessment(user: Any, unit: Any) -> bool:
    """A unit's self-assessment and its evidence: the unit, appraisers, province readers."""
    return can_self_assess(user, unit) or can_appraise(user) or can_view_province(user)


# --- par: the year-end self-assessment dossier (issue 18) ------------------------------------

REFORM_OFFICE_UNITS = ("snv", "vpubnd")  # Sở Nội vụ, Văn phòng UBND tỉnh


def can_assemble_par_dossier(user: Any) -> bool:
    """Review, edit, freeze and export the province's self-assessment dossier: the reform office
    (the admin, or a lead officer of Sở Nội vụ or Văn phòng UBND tỉnh). Every file it puts in a
    ZIP is still checked one by one with the file's own download rule."""
    if is_admin(user):
        return True
    unit = getattr(user, "unit", None) if has_role(user, Role.LEAD) else None
    return unit is not None and unit.code in REFORM_OFFICE_UNITS


# --- sipas ---------------------------------------------------------------------------------


def can_view_sipas_province(user: Any) -> bool:
    """Province-wide survey results: admin, viewer, lead."""
    return can_view_province(user)


def can_view_sipas_unit(user: Any, unit: Any) -> bool:
    """One unit's survey results: province readers, and that unit's own officers."""
    return can_view_unit(user, unit)


def can_collect_sipas_for_unit(user: Any, unit: Any) -> bool:
    """Key in paper forms, import responses, manage desks, QR codes and kiosks of the unit."""
    return is_admin(user) or can_act_for_unit(user, unit)


def can_review_sipas(user: Any) -> bool:
    """Accept or exclude responses. Only the reform office: a unit never excludes answers about itself."""
    return is_admin(user)


def can_manage_sipas(user: Any) -> bool:
    """Instruments, targets, the sample frame."""
    return is_admin(user)


def can_see_all_sipas_desks(user: Any) -> bool:
    """Every unit's desks and QR codes on one page, and their sheets printed at once (issue 17):
    the reform office that rolls the survey out; a unit prints its own from its desks page."""
    return is_admin(user)


# --- dashboards ---------------------------------------------------------------------------


def can_view_lead_dashboard(user: Any) -> bool:
    """The dashboard of the criteria a lead agency leads: its officers; the admin and the
    province viewers may open it for any lead agency."""
    return has_role(user, Role.LEAD) or can_view_all_reports(user)


def can_view_unit_dashboard(user: Any, unit: Any) -> bool:
    """A unit's own tasks, what is due next and its rank: the unit's officers, province readers."""
    return can_act_for_unit(user, unit) or can_view_province(user)


def can_view_periodic_report(user: Any) -> bool:
    """Download the periodic CCHC report (Word) and the progress appendix (Excel)."""
    return can_view_province(user)


def can_edit_periodic_report(user: Any) -> bool:
    """Edit the narrative sections, the letterhead and the signer of the periodic report."""
    return is_admin(user)


def can_manage_news(user: Any) -> bool:
    """Post, edit and remove the reform news on the public page."""
    return is_admin(user)


# --- dossiers ---------------------------------------------------------------------------------
# Dossier figures and the dossiers behind them: a unit officer sees its own unit only; the
# admin, the province leaders and the lead agencies see every unit and the province roll-ups.


def can_view_dossiers_of(user: Any, unit: Any) -> bool:
    return can_view_unit(user, unit)


def can_view_province_dossiers(user: Any) -> bool:
    return can_view_province(user)


def can_import_dossiers(user: Any) -> bool:
    """Import the one-stop system's exports and the national portal's 766 figures."""
    return is_admin(user)


# --- leads' tools (issue 17) ----------------------------------------------------------------


def can_nudge_unit(user: Any, node: Any) -> bool:
    """Send 'Nhắc đơn vị' about a criterion: its lead officers and the admin."""
    return leads_node(user, node)


def can_compile_criterion(user: Any, node: Any) -> bool:
    """Read and export every unit's text on a criterion: its lead, the admin and the leaders."""
    return can_view_all_reports(user) or leads_node(user, node)


# --- registers ---------------------------------------------------------------------------------
# The registers behind the criteria (inspections, initiatives, Government tasks, inter-linked
# procedures). A register is kept by the lead agencies of its criteria in the year's plan (the
# plan says who leads 1.3, 1.4, 1.6, 1.8, 3.7, 4.8, 4.9; nothing is hard-coded here); a unit sees
# and acts on its own rows; the admin, the province leaders and the lead agencies read every row.


def can_manage_register(user: Any, lead_unit_ids: Iterable[int]) -> bool:
    """Keep a register: the admin, or a lead officer whose unit leads one of its criteria.

    `lead_unit_ids`: the lead units of the register's criteria in the year's plan, which the
    registers app reads (policy does not look plan nodes up, as `leads_node` takes a node)."""
    if is_admin(user):
        return True
    if not has_role(user, Role.LEAD) or not user.unit_id:
        return False
    return user.unit_id in set(lead_unit_ids)


def can_view_registers(user: Any) -> bool:
    """Open the registers at all (a unit officer sees only its own unit's rows)."""
    return role_of(user) is not None


def can_view_all_register_rows(user: Any) -> bool:
    return can_view_province(user)


def can_view_register_row(user: Any, unit: Any) -> bool:
    """One row about `unit` (an inspection, an initiative, a task assigned to it)."""
    return can_view_all_register_rows(user) or can_act_for_unit(user, unit)


def can_act_on_register_row(user: Any, unit: Any) -> bool:
    """File the unit's remediation, propose its initiatives, report its tasks: its officers."""
    return can_act_for_unit(user, unit)


# --- petitions and dialogues (SIPAS 5, criterion 1.7) ------------------------------------------
# A petition belongs to the unit handling it. Its handlers are that unit's officers; its overseers
# are the officers of the units the plan names for SIPAS 5 (Văn phòng UBND tỉnh) and admins. The
# petitioner's name and contact are seen by handlers, overseers and admins only. Province viewers
# read petitions without personal data. The callers pass the overseer/owner unit ids (read from
# the plan by `petitions.oversight`).


def is_petition_overseer(user: Any, overseer_ids: set[int]) -> bool:
    if is_admin(user):
        return True
    return has_role(user, Role.LEAD, Role.UNIT) and user.unit_id in overseer_ids


def can_list_petitions(user: Any) -> bool:
    return role_of(user) is not None


def can_view_petition(user: Any, petition: Any, overseer_ids: set[int]) -> bool:
    return (
        has_role(user, Role.VIEWER)
        or is_petition_overseer(user, overseer_ids)
        or can_act_for_unit(user, petition.unit)
    )


def can_see_petitioner(user: Any, petition: Any, overseer_ids: set[int]) -> bool:
    return is_petition_overseer(user, overseer_ids) or can_act_for_unit(user, petition.unit)


def can_handle_petition(user: Any, petition: Any, overseer_ids: set[int]) -> bool:
    """Classify, refuse, ask for information, forward, answer, publish."""
    return is_petition_overseer(user, overseer_ids) or can_act_for_unit(user, petition.unit)


def can_record_petition(user: Any, unit: Any, overseer_ids: set[int]) -> bool:
    """Enter a petition received by phone, on paper or on the national portal for `unit`."""
    return is_petition_overseer(user, overseer_ids) or can_act_for_unit(user, unit)


def can_import_petitions(user: Any, overseer_ids: set[int]) -> bool:
    return is_petition_overseer(user, overseer_ids)


def can_manage_dialogues(user: Any, owner_ids: set[int]) -> bool:
    if is_admin(user):
        return True
    return has_role(user, Role.LEAD) and user.unit_id in owner_ids


def can_view_dialogues(user: Any) -> bool:
    return role_of(user) is not None


def can_answer_proposal(user: Any, proposal: Any, owner_ids: set[int]) -> bool:
    return can_manage_dialogues(user, owner_ids) or can_act_for_unit(user, proposal.unit)


# --- integration API ----------------------------------------------------------------------------
# A token acts as its own account: the token's unit and role (unit, lead or viewer), so every
# rule above applies to it unchanged. On top of that, the token's scopes bound what it may do.


def can_manage_api_tokens(user: Any) -> bool:
    """Issue and revoke the integration API's tokens: the reform office."""
    return is_admin(user)


def api_token_allows(token: Any, scope: str) -> bool:
    """The token is usable (not revoked, not expired) and was given `scope`."""
    return token is not None and token.is_usable() and scope in token.scopes


def can_api_review_report(user: Any, report: Any) -> bool:
    """Accept or return through the API: the web rule, and never the token's own unit's report."""
    return can_review_report(user, report) and report.assignment.unit_id != user.unit_id


def can_push_dossiers_for(user: Any, unit: Any) -> bool:
    """A token pushes dossiers of its own unit only (the admin's import takes any unit)."""
    return can_import_dossiers(user) or can_act_for_unit(user, unit)


# --- evidence metadata and appraisal with the system's figures (issue 18, h18a) -----------------


def can_edit_evidence_meta(user: Any, evidence: Any) -> bool:
    """Correct a report's evidence file's number, date, issuer, kind, title, section: the
    report's own unit, while the report may be edited (what the report cites is frozen with it)."""
    return can_edit_report(user, evidence.report)


def can_read_document_names(user: Any) -> bool:
    """Ask what a file name says of its document (a pure reading, no data): anyone signed in
    with a role, since every role uploads evidence somewhere."""
    return role_of(user) is not None


def can_see_system_figures(user: Any, unit: Any) -> bool:
    """What parsipas itself knows of a unit's criteria (dossier rates, register counts, report
    statuses), beside a self-assessment: whoever may see that self-assessment."""
    return can_view_assessment(user, unit)
