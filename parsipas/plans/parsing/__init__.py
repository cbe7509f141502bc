"""Pure parsing of a plan appendix (extracted text, .docx, .xlsx) into plain dataclasses.

No Django here: the plans app resolves the agency phrases against its unit registry and stores
the nodes. Public API:

    read_plan(data, filename, registry=None) -> ParsedPlan     (raises ImportRefused)
    write_docx(plan) -> bytes, write_xlsx(plan) -> bytes
    parse_agencies(text, registry=None) -> AgencyRef
    parse_deadline(text, year) -> Deadline
    extract_targets(content) -> list[Target]
    plan_to_dict(plan) -> dict
"""

from .agencies import DEFAULT_AGENCIES, GROUP_PHRASES, AgencyRegistry, parse_agencies
from .deadlines import parse_deadline
from .model import (
    AgencyRef,
    Deadline,
    ImportIssue,
    ParsedNode,
    ParsedPlan,
    Target,
    plan_to_dict,
)
from .reader import MAX_FILE_BYTES, read_plan
from .targets import extract_targets
from .writers import write_docx, write_xlsx

__all__ = [
    "DEFAULT_AGENCIES",
    "GROUP_PHRASES",
    "MAX_FILE_BYTES",
    "AgencyRef",
    "AgencyRegistry",
    "Deadline",
    "ImportIssue",
    "ParsedNode",
    "ParsedPlan",
    "Target",
    "extract_targets",
    "parse_agencies",
    "parse_deadline",
    "plan_to_dict",
    "read_plan",
    "write_docx",
    "write_xlsx",
]
