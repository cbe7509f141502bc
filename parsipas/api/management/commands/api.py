"""parsipas api token create --unit CODE --scope read [--scope write:figures …] --label TEXT
                              [--role unit|lead|viewer] [--expires YYYY-MM-DD]
parsipas api token revoke LABEL
parsipas api token list"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.api import tokens
from parsipas.api.forms import end_of_day
from parsipas.api.models import ApiToken, Scope, TokenRole
from parsipas.audit.context import acting_as
from parsipas.units.models import Unit


class Command(BaseCommand):
    help = "API tích hợp: token create | token revoke LABEL | token list"

    def add_arguments(self, parser: CommandParser) -> None:
        groups = parser.add_subparsers(dest="group", required=True)
        token = groups.add_parser("token", help="mã truy cập API")
        verbs = token.add_subparsers(dest="verb", required=True)
        create = verbs.add_parser("create", help="cấp mã (in mã một lần, ở dòng cuối)")
        create.add_argument("--unit", required=True, help="mã đơn vị")
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, dest="scopes"
        )
        create.add_argument("--label", required=True)
        create.add_argument("--role", choices=TokenRole.values, default=TokenRole.UNIT)
        create.add_argument("--expires", help="hết hạn sau ngày này (YYYY-MM-DD)")
        revoke = verbs.add_parser("revoke", help="thu hồi mã theo nhãn")
        revoke.add_argument("label")
        verbs.add_parser("list", help="liệt kê các mã (không in mã)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas api token {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def do_create(self, opts: dict[str, Any]) -> None:
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã '{opts['unit']}'.")
        expires_at = None
        if opts["expires"]:
            try:
                expires_at = end_of_day(dt.date.fromisoformat(opts["expires"]))
            except ValueError:
                raise CommandError(
                    f"Ngày hết hạn '{opts['expires']}' không hợp lệ (YYYY-MM-DD)."
                ) from None
        try:
            issued = tokens.issue(
                unit, opts["scopes"], opts["label"], role=opts["role"], expires_at=expires_at
            )
        except tokens.TokenError as exc:
            raise CommandError(str(exc)) from None
        token = issued.token
        self.stderr.write(
            f"Đã cấp mã '{token.label}' cho {unit.name} ({', '.join(token.scopes)}). "
            "Mã chỉ hiện một lần:"
        )
        self.stdout.write(issued.key)

    def do_revoke(self, opts: dict[str, Any]) -> None:
        try:
            token = tokens.revoke_label(opts["label"])
        except tokens.TokenError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã thu hồi mã truy cập '{token.label}'.")

    def do_list(self, opts: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("unit"):
            self.stdout.write(
                f"{token.label:<40} {token.unit.code:<24} {token.role:<7} "
                f"{','.join(token.scopes):<40} {token.state_label}"
            )
