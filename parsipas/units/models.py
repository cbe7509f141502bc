from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet

from parsipas.lib.text import fold


class UnitKind(models.TextChoices):
    AGENCY = "agency", "Cơ quan cấp tỉnh"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    SNCL = "sncl", "Đơn vị sự nghiệp công lập"
    OTHER = "other", "Khác"


COMMUNE_KINDS = (UnitKind.XA, UnitKind.PHUONG)


class UnitGroup(models.TextChoices):
    """The groups the plan names instead of listing units."""

    AGENCIES = "agencies", "Các cơ quan, đơn vị (cơ quan cấp tỉnh)"
    AGENCIES_AND_COMMUNES = (
        "agencies_and_communes",
        "Các cơ quan, đơn vị, địa phương (cơ quan cấp tỉnh và cấp xã)",
    )
    COMMUNES = "communes", "Các xã, phường"


GROUP_KINDS: dict[str, tuple[str, ...]] = {
    UnitGroup.AGENCIES: (UnitKind.AGENCY,),
    UnitGroup.AGENCIES_AND_COMMUNES: (UnitKind.AGENCY, *COMMUNE_KINDS),
    UnitGroup.COMMUNES: COMMUNE_KINDS,
}


class UnitQuerySet(QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(active=True)

    def in_group(self, group: str) -> UnitQuerySet:
        return self.active().filter(kind__in=GROUP_KINDS[group])

    def agencies(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.AGENCY)

    def communes(self) -> UnitQuerySet:
        return self.filter(kind__in=COMMUNE_KINDS)

    def search(self, text: str) -> UnitQuerySet:
        return self.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(aliases__icontains=text)
        )


class Unit(models.Model):
    """An agency or commune: who is assigned tasks, who reports, who leads."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=10, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField("đang hoạt động", default=True)
    aliases = models.CharField(
        "tên gọi khác",
        max_length=500,
        blank=True,
        help_text="Cách nhau bằng dấu ';'. Dùng để nhận diện tên trong kế hoạch.",
    )
    email = models.EmailField("thư điện tử", blank=True)
    portal_code = models.CharField(
        "mã trên Cổng DVCQG",
        max_length=40,
        blank=True,
        help_text="Mã đơn vị (departmentCode) trên Cổng Dịch vụ công quốc gia, ví dụ H15.01 "
        "(cơ quan) hoặc H15.101 (xã, phường). Dùng để ghép số liệu Chỉ số 766.",
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["portal_code"],
                condition=~Q(portal_code=""),
                name="unique_unit_portal_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune(self) -> bool:
        return self.kind in COMMUNE_KINDS

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(";") if a.strip()]

    def names(self) -> list[str]:
        return [self.name, *self.alias_list()]


def find_unit_by_name(name: str, units: list[Unit] | None = None) -> Unit | None:
    """The unit whose name or alias matches `name`, ignoring case, spacing and diacritics."""
    wanted = fold(name)
    for unit in units if units is not None else Unit.objects.all():
        if any(fold(n) == wanted for n in unit.names()):
            return unit
    return None
