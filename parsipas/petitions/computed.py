"""The petitions and dialogues registers as sources of computed figures (SIPAS 5, criterion 1.7).

SIPAS line 5's target ("100% các phản ánh, kiến nghị … được giải quyết và trả lời kịp thời") is the
share of petitions received in the window that were handled on time (still-open petitions count as
on time while within their limit). Criterion 1.7 has two targets: the number of dialogues in the
year (province) and the share of dialogue proposals answered (each unit: those assigned to it).
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from parsipas.petitions import figures
from parsipas.petitions.models import Dialogue, Proposal
from parsipas.reporting.computed import Computed, Window, number, percent, ratio_text

PETITIONS = "Sổ phản ánh, kiến nghị"
DIALOGUES = "Sổ đối thoại với người dân, doanh nghiệp"


def _window(window: Window) -> figures.Window:
    # Like the other registers: the year so far, up to the period's end (the criteria are about
    # the year, and a period's own data window may start in the previous December).
    return figures.Window(window.year_start, window.end, window.label)


def _on_time(fig: figures.PetitionFigures, url: str) -> Computed:
    return Computed(
        node_key="SIPAS:5",
        target_order=0,
        label="Phản ánh, kiến nghị xử lý đúng hạn / tiếp nhận",
        value=percent(fig.handled_on_time, fig.received),
        text=ratio_text(
            fig.handled_on_time, fig.received, "phản ánh đúng hạn", "không có phản ánh"
        ),
        source=PETITIONS,
        url=url,
        rows=fig.received,
    )


def _answered(answered: int, total: int, url: str) -> Computed:
    return Computed(
        node_key="PAR:1.7",
        target_order=1,
        label="Đề xuất tại đối thoại đã trả lời / được giao",
        value=percent(answered, total),
        text=ratio_text(answered, total, "đề xuất đã trả lời", "không có đề xuất"),
        source=DIALOGUES,
        url=url,
        rows=total,
    )


class PetitionSource:
    name = "petitions"

    def unit_figures(self, window: Window, unit_ids: list[int]) -> dict[int, list[Computed]]:
        from parsipas.units.models import Unit

        units = list(Unit.objects.filter(pk__in=unit_ids))
        per_unit, _ = figures.petition_figures(_window(window), units)
        by_code = {f.unit: f for f in per_unit}
        listing = reverse("petition_list") + f"?nam={window.year}"
        proposals: dict[int, list[int]] = {u: [0, 0] for u in unit_ids}
        for unit_id, answered in Proposal.objects.filter(
            unit_id__in=unit_ids, dialogue__held_on__range=(window.year_start, window.end)
        ).values_list("unit_id", "answered_on"):
            proposals[unit_id][1] += 1
            proposals[unit_id][0] += int(answered is not None and answered <= window.end)
        result: dict[int, list[Computed]] = {}
        for u in units:
            items = []
            fig = by_code.get(u.code)
            if fig is not None:
                items.append(_on_time(fig, listing))
            n_answered, total = proposals.get(u.pk, [0, 0])
            if total:
                items.append(
                    _answered(n_answered, total, reverse("dialogue_list") + f"?nam={window.year}")
                )
            result[u.pk] = items
        return result

    def province_figures(self, window: Window) -> list[Computed]:
        _, province = figures.petition_figures(_window(window))
        dialogue_url = reverse("dialogue_list") + f"?nam={window.year}"
        held = Dialogue.objects.filter(held_on__range=(window.year_start, window.end)).count()
        proposals = Proposal.objects.filter(
            dialogue__held_on__range=(window.year_start, window.end)
        )
        total = proposals.count()
        answered = proposals.filter(answered_on__lte=window.end).count()
        return [
            _on_time(province, reverse("petition_figures") + f"?nam={window.year}"),
            Computed(
                node_key="PAR:1.7",
                target_order=0,
                label="Cuộc đối thoại, diễn đàn đã tổ chức",
                value=Decimal(held),
                text=f"{number(held)} cuộc đối thoại",
                source=DIALOGUES,
                url=dialogue_url,
                rows=held,
            ),
            _answered(answered, total, dialogue_url),
        ]
