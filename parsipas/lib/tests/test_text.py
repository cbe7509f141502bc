"""The one text module: folding, match keys, slugs and spaces for Vietnamese."""

from __future__ import annotations

from parsipas.lib.text import ends_sentence, fold, match_key, normalize_space, slug, starts_upper


def test_fold_drops_marks_case_and_extra_spaces_and_keeps_d_as_a_letter() -> None:
    assert fold("  Đắk   Lắk ") == "dak lak"


def test_match_key_keeps_marks_but_meets_old_and_new_tone_placement() -> None:
    assert match_key("Sở Tài  chính HÒA") == match_key("sở tài chính hoà")
    assert match_key("thủy") == match_key("thuỷ")
    assert match_key("hoà") != match_key("hoa")


def test_slug_and_spaces() -> None:
    assert slug("Phường Buôn Ma Thuột") == "phuong-buon-ma-thuot"
    assert normalize_space("a\u00a0 b\n c ") == "a b c"


def test_sentence_tests_of_the_plan_parser() -> None:
    assert starts_upper("- Ban hành") and not starts_upper("(ban hành")
    assert ends_sentence("đúng hạn. ") and not ends_sentence("đúng hạn")
