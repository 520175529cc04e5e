"""Normalisation for rule matching: evasions fold away, and offsets map back to the original words."""

from __future__ import annotations

import pytest

from collection_coach.normalize import normalise, normalised, quote_in_text, sentence_around, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("我 们 会 上 门", "我们会上门", id="spaces_inside_words"),
        pytest.param("上-门。", "上门", id="hyphen_and_full_stop"),
        pytest.param("ＡＢＣ１２３上門", "abc123上门", id="full_width_and_traditional"),
        pytest.param("債務 上門", "债务上门", id="traditional_with_space"),
        pytest.param("上\u200b门\u200d了\ufeff", "上门了", id="zero_width_characters"),
        pytest.param("你這個老賴！", "你这个老赖", id="traditional_insult"),
        pytest.param("¥2,013.55元", "¥201355元", id="currency_sign_kept_digits_kept"),
        pytest.param("TMD", "tmd", id="lower_case"),
        pytest.param("\u3000\t\n", "", id="only_whitespace"),
    ],
)
def test_normalised(text: str, expected: str) -> None:
    assert normalised(text) == expected


def test_offsets_map_back_to_original_characters() -> None:
    text = "您好！我 們 會 上-門 找您。"
    prepared = normalise(text)
    start = prepared.text.index("上门")
    first, last = prepared.original_span(start, start + 2)
    assert text[first:last] == "上-門"
    assert prepared.original_sentence(start, start + 2) == "我 們 會 上-門 找您。"


def test_sentence_helpers_keep_punctuation_with_sentence() -> None:
    text = "第一句。第二句！第三句"
    assert [piece for _, piece in sentences(text)] == ["第一句。", "第二句！", "第三句"]
    assert sentence_around(text, 5, 6) == "第二句！"


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        pytest.param("我们会上门", "我 们 会 上-门 找你", True, id="spacing_differs"),
        pytest.param("你這個老賴", "你这个老赖，还不还？", True, id="script_differs"),
        pytest.param("逾期30天", "您已经逾期３０天了", True, id="full_width_digits"),
        pytest.param("我们会上门", "我们不会上门", False, id="not_a_substring"),
        pytest.param("", "任何文本", False, id="empty_quote_never_matches"),
        pytest.param("。！", "任何文本。！", False, id="punctuation_only_quote"),
    ],
)
def test_quote_in_text(quote: str, text: str, expected: bool) -> None:
    assert quote_in_text(quote, text) is expected


@pytest.mark.parametrize(
    ("text", "word", "clause"),
    [
        pytest.param("我们不会上门，但会让你家人知道。", "家人", "但会让你家人知道", id="comma_ends_a_clause"),
        pytest.param("拘留、判刑这些都不会。", "判刑", "拘留判刑这些都不会", id="enumeration_comma_does_not"),
        pytest.param("本期应还3,600元，已逾期。", "3600", "本期应还3600元", id="thousands_separator_does_not"),
        pytest.param("晚上22:30再打，明白吗", "2230", "晚上2230再打", id="clock_time_does_not"),
    ],
)
def test_clause_bounds(text: str, word: str, clause: str) -> None:
    prepared = normalise(text)
    start = prepared.text.index(word)
    clause_start, clause_end = prepared.clause_bounds(start, start + len(word))
    assert prepared.text[clause_start:clause_end] == clause


def test_index_of_maps_original_offsets_to_normalised() -> None:
    prepared = normalise("坐。牢")
    assert prepared.text == "坐牢"
    assert prepared.index_of(2) == 1 and prepared.index_of(0) == 0 and prepared.index_of(3) == 2
