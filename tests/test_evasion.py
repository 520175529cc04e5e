"""Restoring evasions (pinyin spellings, homophone aliases, dialect) before red-line patterns run."""

from __future__ import annotations

import pytest

from collection_coach.detectors import scan_text
from collection_coach.evasion import Unmasker
from collection_coach.normalize import normalise
from collection_coach.rubric import RubricError, load_rubric

UNMASKER = Unmasker(["坐牢", "弱智", "老赖", "上门", "微信", "借钱不还", "借钱"], {"尚门": "上门", "(?<![a-z])txl(?![a-z])": "通讯录"})


def _restored(text: str) -> str:
    return UNMASKER.unmask(normalise(text)).text


@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("进去z u o 牢知道吧", "进去坐牢知道吧", id="spaced_pinyin_then_hanzi"),
    pytest.param("等着坐lao吧", "等着坐牢吧", id="hanzi_then_pinyin"),
    pytest.param("你是真ruo智", "你是真弱智", id="pinyin_then_hanzi"),
    pytest.param("ZUO LAO", "坐牢", id="capital_spaced_pinyin"),
    pytest.param("做lao", "坐牢", id="homophone_hanzi_with_one_latin_syllable"),
    pytest.param("就说你jie qian bu huan", "就说你借钱不还", id="longest_word_wins"),
    pytest.param("再不还就尚门", "再不还就上门", id="alias_homophone"),
    pytest.param("授权了 t x l", "授权了通讯录", id="alias_initials"),
])
def test_evasions_are_restored(written: str, expected: str) -> None:
    assert _restored(written) == expected


@pytest.mark.parametrize("text", [
    pytest.param("若只还一部分也行", id="pure_hanzi_homophone_is_ordinary_chinese"),
    pytest.param("请在app里还款", id="english_word"),
    pytest.param("打开shangmenu看看", id="pinyin_inside_a_longer_latin_run"),
    pytest.param("我们上门前会和您预约", id="the_plain_word_itself"),
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert _restored(text) == normalise(text).text


def test_restored_text_still_maps_to_the_original_words() -> None:
    original = "你这种 lao lai 我见多了"
    restored = UNMASKER.unmask(normalise(original))
    start = restored.text.index("老赖")
    first, last = restored.original_span(start, start + 2)
    assert original[first:last] == "lao lai"
    assert list(restored.origin) == sorted(restored.origin), "the map stays ordered for bisect"


def test_cantonese_characters_fold_to_mandarin() -> None:
    assert normalise("我哋同事好快过嚟睇下你嘅").text == "我们同事好快过来看下你的"


def test_the_shipped_rubric_restores_evasions_before_matching(rubric) -> None:
    hits = scan_text("再不还，等着 z u o 牢吧。", rubric)
    assert [hit.red_line_id for hit in hits] == ["false_consequence"]
    assert hits[0].quote == "再不还，等着 z u o 牢吧。", "the quote is the trainee's own sentence"
    assert scan_text("我们不会让您 z u o 牢，这是民事纠纷。", rubric) == [], "negation still applies after restoring"


@pytest.mark.parametrize(("evasions", "message"), [
    pytest.param("  pinyin_words: [zuolao]\n", "evasions.pinyin_words[0]", id="pinyin_word_not_hanzi"),
    pytest.param("  aliases:\n    '(尚门': 上门\n", "evasions.aliases['(尚门']", id="alias_regex_does_not_compile"),
    pytest.param("  spellings: []\n", "evasions.spellings", id="unknown_key"),
])
def test_bad_evasions_name_the_field(tmp_path, evasions: str, message: str) -> None:
    from pathlib import Path

    shipped = (Path(__file__).resolve().parents[1] / "rubric" / "courseware.yaml").read_text(encoding="utf-8")
    start = shipped.index("\nevasions:\n")
    end = shipped.index("\nred_lines:\n")
    broken = shipped[:start] + "\nevasions:\n" + evasions + shipped[end:]
    path = tmp_path / "courseware.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        load_rubric(path)
    assert message in str(raised.value) and str(path) in str(raised.value)
