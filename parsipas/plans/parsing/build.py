"""The pipeline shared by the three forms: source rows → records → texts → tree → plan."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .agencies import RegistryLike, as_registry, parse_agencies
from .deadlines import parse_deadline
from .doubts import agency_doubts, content_doubts, contradiction_doubts, deadline_doubts
from .header import Column
from .issues import IssueLog
from .model import ParsedNode, ParsedPlan
from .records import Record, assemble_records, find_header, preamble_lines
from .repair import (
    content_items,
    fix_typos,
    join_agency_paras,
    join_plain,
    render_content,
    text_doubts,
)
from .source import SourceTable
from .targets import extract_targets
from .title import find_title, find_year
from .tree import TreeEntry, build_tree

# "Sở Nội vụ chủ trì, đôn đốc ...": a field's content opens with its lead agency.
_LEAD_AT_START = re.compile(r"^(.{3,80}?)\s+(?:là cơ quan\s+)?chủ trì\b")


@dataclass(frozen=True)
class RowTexts:
    title: str
    content: str
    implementers: str
    leads: str
    deadline: str


class _Finisher:
    """Final, repaired texts of each record; the repairs and textual doubts go to the log."""

    def __init__(self, log: IssueLog) -> None:
        self.log = log
        self.notes: dict[int, Counter[str]] = {}

    def texts(self, record: Record) -> RowTexts:
        cells = record.cells
        items = [self._fix(record, item) for item in content_items(cells[Column.CONTENT])]
        texts = RowTexts(
            title=self._fix(record, join_plain(cells[Column.TITLE])),
            content=render_content(items),
            implementers=self._fix(record, join_agency_paras(cells[Column.IMPLEMENTERS])),
            leads=self._fix(record, join_agency_paras(cells[Column.LEADS])),
            deadline=join_plain(cells[Column.DEADLINE]),
        )
        self.log_repairs(record)
        for text in (texts.title, texts.content):
            for note in text_doubts(text):
                self.log.add(record.order, "doubt", record.where(), note)
        return texts

    def _fix(self, record: Record, text: str) -> str:
        fixed, notes = fix_typos(text)
        self.notes.setdefault(record.order, Counter()).update(notes)
        return fixed

    def log_repairs(self, record: Record) -> None:
        # The same slip three times in a cell is one note, not three.
        for note, count in self.notes.pop(record.order, Counter()).items():
            times = f" ({count} lần)" if count > 1 else ""
            self.log.add(record.order, "repair", record.where(), f"{note}{times}.")


def field_lead(content: str) -> str:
    first_line = content.splitlines()[0].removeprefix("- ") if content else ""
    match = _LEAD_AT_START.match(first_line)
    return match.group(1).strip(" ,") if match else ""


def _node(
    entry: TreeEntry, texts: RowTexts | None, year: int | None, registry: RegistryLike
) -> ParsedNode:
    record = entry.record
    if record is None or texts is None:
        node = ParsedNode(entry.index, entry.code, "index", None, entry.title_if_implicit)
        node.location = entry.location_if_implicit
        return node
    lead_text = texts.leads
    if entry.level == "field" and not lead_text:
        lead_text = field_lead(texts.content)
    deadline = parse_deadline(texts.deadline, year)
    return ParsedNode(
        index=entry.index,
        code=entry.code,
        level=entry.level,
        parent=entry.parent,
        title=texts.title,
        content=texts.content,
        implementers_text=texts.implementers,
        lead_text=lead_text,
        implementers=parse_agencies(texts.implementers, registry),
        leads=parse_agencies(lead_text, registry),
        deadline=deadline.date,
        deadline_text=deadline.text,
        deadline_by_authority=deadline.by_authority,
        targets=extract_targets(texts.content) if entry.level == "criterion" else [],
        location=f"{record.location}, mục {record.label}",
    )


def _log_doubts(
    nodes: list[ParsedNode], orders: dict[int, int], year: int | None, log: IssueLog
) -> None:
    field_leads = {(n.index, n.code): n.lead_text for n in nodes if n.level == "field"}
    for node in nodes:
        order = orders[id(node)]
        field_lead = field_leads.get((node.index, node.parent or ""), "")
        for message in (
            *agency_doubts(node, field_lead),
            *deadline_doubts(node, year),
            *content_doubts(node),
        ):
            log.add(order, "doubt", node.location, message)
    for doubt in contradiction_doubts(nodes):
        log.add(orders[id(doubt.node)], "doubt", doubt.node.location, doubt.message)


def build_plan(table: SourceTable, registry: RegistryLike | None = None) -> ParsedPlan:
    known = as_registry(registry)
    log = IssueLog()
    header = find_header(table)
    preamble = preamble_lines(table, header)
    records = assemble_records(table, header, log)
    finisher = _Finisher(log)
    texts = {record.order: finisher.texts(record) for record in records}
    entries = build_tree(records, {order: t.title for order, t in texts.items()}, log)
    title = find_title(preamble)
    year = find_year(title, preamble, [t.deadline for t in texts.values()])
    nodes: list[ParsedNode] = []
    orders: dict[int, int] = {}
    for entry in entries:
        order = entry.record.order if entry.record else -1
        node = _node(entry, texts.get(order), year, known)
        nodes.append(node)
        orders[id(node)] = order
    _log_doubts(nodes, orders, year, log)
    return ParsedPlan(title=title, year=year, nodes=nodes, issues=log.issues())
