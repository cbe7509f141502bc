"""Agency phrases: names, groups and 'the related ones', with commas and 'và' inside names."""

from __future__ import annotations

import pytest

from parsipas.plans.parsing import DEFAULT_AGENCIES, AgencyRegistry, parse_agencies


def test_the_registry_knows_the_fifteen_agencies_of_dak_lak():
    assert len(DEFAULT_AGENCIES) == 15
    assert "Sở Văn hóa, Thể thao và Du lịch" in DEFAULT_AGENCIES


@pytest.mark.parametrize(
    ("text", "names", "groups", "related"),
    [
        (
            "Sở Nội vụ, Văn phòng UBND tỉnh, Thanh tra tỉnh và các cơ quan có liên quan",
            ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Thanh tra tỉnh"],
            [],
            True,
        ),
        (
            "Văn phòng UBND tỉnh; Sở Khoa học và Công nghệ",
            ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"],
            [],
            False,
        ),
        (
            "Sở Khoa học và Công nghệ và các cơ quan, đơn vị",
            ["Sở Khoa học và Công nghệ"],
            ["agencies"],
            False,
        ),
        (
            "Văn phòng UBND tỉnh; Các cơ quan, đơn vị, địa phương",
            ["Văn phòng UBND tỉnh"],
            ["agencies_and_communes"],
            False,
        ),
        ("Sở Nội vụ và các cơ quan có liên quan", ["Sở Nội vụ"], [], True),
        ("Các cơ quan, đơn vị, địa phương", [], ["agencies_and_communes"], False),
        ("Các cơ quan, đơn vị", [], ["agencies"], False),
        (
            "Văn phòng Ủy ban nhân dân tỉnh và các đơn vị có liên quan",
            ["Văn phòng UBND tỉnh"],
            [],
            True,
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Giáo dục và Đào tạo",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"],
            [],
            False,
        ),
        (
            "Sở Nông nghiệp và Môi trường; Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            ["Sở Nông nghiệp và Môi trường", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"],
            [],
            False,
        ),
        ("Các sở, ban, ngành, UBND cấp xã", [], ["agencies_and_communes"], False),
        ("Các sở, ban, ngành; UBND các xã, phường", [], ["agencies_and_communes"], False),
        ("UBND cấp xã", [], ["communes"], False),
        ("", [], [], False),
    ],
)
def test_parse_agencies(text, names, groups, related):
    ref = parse_agencies(text)
    assert (ref.names, ref.groups, ref.related, ref.unknown) == (names, groups, related, [])


@pytest.mark.parametrize(
    "spelling",
    [
        "VP UBND tỉnh",
        "vp  ubnd   tỉnh",
        "Văn phòng Uỷ ban nhân dân tỉnh",
        "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
    ],
)
def test_aliases_match_case_space_and_tone_insensitively(spelling):
    assert parse_agencies(spelling).names == ["Văn phòng UBND tỉnh"]


def test_abbreviations_and_old_style_tones():
    assert parse_agencies("Sở KH&CN").names == ["Sở Khoa học và Công nghệ"]
    assert parse_agencies("Sở KH & CN").names == ["Sở Khoa học và Công nghệ"]
    assert parse_agencies("Sở Văn hoá, Thể thao và Du lịch").names == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert parse_agencies("Sở Công thương").names == ["Sở Công Thương"]


def test_unknown_names_are_returned_as_written():
    ref = parse_agencies("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh và Sở Nội vụ")
    assert ref.names == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Nội vụ"]
    assert ref.unknown == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]


def test_unknown_names_keep_their_inner_commas_and_va():
    ref = parse_agencies("Sở Giao thông vận tải, Sở Tài nguyên và Môi trường", registry=[])
    assert ref.names == ["Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường"]
    ref = parse_agencies("Sở Văn hóa, Thể thao và Du lịch; Sở Y tế", registry={"Sở Y tế": []})
    assert ref.names == ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]
    assert ref.unknown == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_a_caller_supplied_registry_of_another_province():
    registry = AgencyRegistry(
        {
            "Sở Giao thông vận tải": ["Sở GTVT"],
            "Văn phòng UBND tỉnh": ["VP UBND tỉnh", "Văn phòng UBND"],
        }
    )
    ref = parse_agencies("Sở GTVT, VP UBND tỉnh và Sở Nội vụ", registry)
    assert ref.names == ["Sở Giao thông vận tải", "Văn phòng UBND tỉnh", "Sở Nội vụ"]
    assert ref.unknown == ["Sở Nội vụ"]
    assert registry.lookup("sở gtvt") == "Sở Giao thông vận tải"
    # A plain mapping does as well.
    assert parse_agencies("Sở GTVT", {"Sở Giao thông vận tải": ["Sở GTVT"]}).names == [
        "Sở Giao thông vận tải"
    ]


def test_a_name_is_listed_once():
    assert parse_agencies("Sở Nội vụ; SNV; Sở Nội vụ").names == ["Sở Nội vụ"]
