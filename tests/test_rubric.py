"""Loading the rubric file: strict, errors name the file and the field, the content hash is the version."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from collection_coach import personas, rubric as rubric_module
from collection_coach.rubric import (
    RubricError, compiled_patterns, compiled_red_line, context_cues, default_rubric, load_rubric, rubric_json_schema,
    rubric_version,
)
from collection_coach.strict_yaml import StrictLoader, load_strict
from collection_coach.rubric_model import CRITERION_IDS, RED_LINE_IDS

RUBRIC_DIR = Path(__file__).resolve().parents[1] / "rubric"
DEFAULT_FILE = RUBRIC_DIR / "courseware.yaml"
DESIGN_WEIGHTS = {
    "opening": 5, "identity_verification": 10, "debt_information": 10, "empathy": 10, "active_listening": 10,
    "objection_handling": 15, "solution": 15, "consequences": 5, "emotion_control": 5, "closing": 15,
}


def test_default_rubric_matches_design() -> None:
    rubric = load_rubric(RUBRIC_DIR)
    assert rubric.pass_mark == 60
    assert {c.id: c.weight for c in rubric.criteria} == DESIGN_WEIGHTS
    assert [r.id for r in rubric.red_lines] == list(RED_LINE_IDS)
    assert {c.id for c in rubric.criteria if c.may_be_na} == {"objection_handling", "consequences"}
    for red_line in rubric.red_lines:
        assert re.search(r"《.+》|GB/T|刑法", red_line.rule), f"{red_line.id} must quote the rule it rests on"
        assert len(red_line.patterns) >= 5, f"{red_line.id} needs more than a handful of patterns"
    assert DEFAULT_FILE.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./rubric.schema.json")


def test_version_is_short_hash_of_content(tmp_path: Path) -> None:
    copy = tmp_path / "courseware.yaml"
    copy.write_bytes(DEFAULT_FILE.read_bytes())
    version = rubric_version(copy)
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert load_rubric(tmp_path).version == version == rubric_version(tmp_path)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rubric_version(copy) != version


def test_schema_file_is_fresh_and_validates_the_default_file() -> None:
    on_disk = (RUBRIC_DIR / "rubric.schema.json").read_text(encoding="utf-8")
    assert on_disk == rubric_json_schema(), "run: python -m collection_coach.rubric rubric"
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(on_disk))


def test_compiled_patterns_are_cached_per_rubric_object() -> None:
    first, second = load_rubric(RUBRIC_DIR), load_rubric(RUBRIC_DIR)
    assert compiled_red_line(first, "harassment") is compiled_red_line(first, "harassment")
    assert compiled_patterns(first, "harassment")[0] is compiled_patterns(first, "harassment")[0]
    assert compiled_red_line(first, "harassment") is not compiled_red_line(second, "harassment")


def test_third_party_context_lives_in_the_file() -> None:
    """Trainers extend who counts as a third party (context_cues) and what counts as telling them about the debt
    (`when: third_party` patterns) in the rubric file, not in code."""
    rubric = load_rubric(RUBRIC_DIR)
    cues = context_cues(rubric)
    assert {cue.when for cue in cues} == {"always", "unidentified"}
    assert all(cue.red_line_id == "third_party_disclosure" for cue in cues)
    assert any(cue.regex.search("我是他老婆") for cue in cues if cue.when == "always")
    assert any(cue.regex.search("他不在") for cue in cues if cue.when == "unidentified")
    context_only = [p for p in compiled_red_line(rubric, "third_party_disclosure").patterns if p.when == "third_party"]
    assert context_only and any(p.regex.search("他欠款五千") for p in context_only)


def test_default_rubric_is_the_shipped_file_and_is_reused() -> None:
    assert default_rubric() is default_rubric()
    assert default_rubric().version == rubric_version(RUBRIC_DIR)


def test_personas_and_rubric_share_one_strict_yaml_loader() -> None:
    assert personas.load_strict is rubric_module.load_strict is load_strict
    assert load_strict("due: 2025-03-15\n") == {"due": "2025-03-15"}  # dates stay text
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key 'a'"):
        yaml.load("outer:\n  a: 1\n  a: 2\n", Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass


def _write_variant(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "courseware.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _red_line(data: dict, red_line_id: str) -> dict:
    return next(item for item in data["red_lines"] if item["id"] == red_line_id)


def _set_weight(data: dict) -> None:
    data["criteria"][0]["weight"] = 6


def _drop_closing(data: dict) -> None:
    data["criteria"] = [c for c in data["criteria"] if c["id"] != "closing"]
    data["criteria"][0]["weight"] += 15


def _repeat_harassment(data: dict) -> None:
    data["red_lines"].append(dict(_red_line(data, "harassment")))


def _bad_regex(data: dict) -> None:
    _red_line(data, "insult_abuse")["patterns"][2]["pattern"] = "老赖(?:"


def _punctuation_in_pattern(data: dict) -> None:
    _red_line(data, "threat_intimidation")["patterns"][0]["pattern"] = "上门，找你"


def _traditional_in_pattern(data: dict) -> None:
    _red_line(data, "threat_intimidation")["exceptions"][0]["pattern"] = "不會上門"


def _matches_everything(data: dict) -> None:
    _red_line(data, "harassment")["patterns"][1]["pattern"] = "(?:打)?"


def _third_party_cue_in_patterns(data: dict) -> None:
    _red_line(data, "insult_abuse")["patterns"][0]["when"] = "unidentified"


def _pattern_context_in_cues(data: dict) -> None:
    _red_line(data, "third_party_disclosure")["context_cues"][0]["when"] = "third_party"


def _unknown_when(data: dict) -> None:
    _red_line(data, "harassment")["patterns"][0]["when"] = "sometimes"


def _bad_context_cue(data: dict) -> None:
    _red_line(data, "third_party_disclosure")["context_cues"][1]["pattern"] = "我是[他她"


def _unknown_key(data: dict) -> None:
    data["criteria"][2]["wieght"] = 10


def _na_without_reason(data: dict) -> None:
    next(c for c in data["criteria"] if c["id"] == "consequences").pop("na_when")


def _bad_pass_mark(data: dict) -> None:
    data["pass_mark"] = 160


def _unknown_lexicon_name(data: dict) -> None:
    _red_line(data, "insult_abuse")["patterns"][0]["pattern"] = "{insult_nouns_typo}"


def _lexicon_uses_a_later_entry(data: dict) -> None:
    data["lexicon"] = {"aaa_first": "{zzz_later}|甲", "zzz_later": "乙", **data.get("lexicon", {})}


def _lexicon_name_not_lower_case(data: dict) -> None:
    data["lexicon"] = {**data.get("lexicon", {}), "Kin": "老婆"}


def _lexicon_bad_regex(data: dict) -> None:
    data["lexicon"] = {**data.get("lexicon", {}), "broken": "老婆|(?:老公"}


def _together_with_in_exceptions(data: dict) -> None:
    _red_line(data, "harassment")["exceptions"][0]["together_with"] = ["打"]


def _together_with_unknown_name(data: dict) -> None:
    _red_line(data, "harassment")["patterns"][0]["together_with"] = ["{nope}"]


def _yields_to_in_exceptions(data: dict) -> None:
    _red_line(data, "harassment")["exceptions"][0]["yields_to"] = ["threat_intimidation"]


def _yields_to_own_red_line(data: dict) -> None:
    _red_line(data, "harassment")["patterns"][0]["yields_to"] = ["harassment"]


def _yields_to_unknown_red_line(data: dict) -> None:
    _red_line(data, "harassment")["patterns"][0]["yields_to"] = ["rudeness"]


def _debtor_replies_in_exceptions(data: dict) -> None:
    _red_line(data, "insult_abuse")["exceptions"][0]["debtor_replies"] = ["你骂谁"]


def _debtor_reply_bad_regex(data: dict) -> None:
    _red_line(data, "insult_abuse")["patterns"][0]["debtor_replies"] = ["你骂(?:谁"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(_set_weight, r"weights must sum to 100, got 101", id="weights_not_100"),
        pytest.param(_drop_closing, r"criteria: missing id\(s\): closing", id="missing_criterion"),
        pytest.param(_repeat_harassment, r"red_lines: id listed more than once: harassment", id="repeated_red_line"),
        pytest.param(_bad_regex, r"red_lines\[insult_abuse\]\.patterns\[2\]: bad regex '老赖\(\?:'", id="bad_regex"),
        pytest.param(_punctuation_in_pattern, r"red_lines\[threat_intimidation\]\.patterns\[0\].*'，'", id="punctuation_in_pattern"),
        pytest.param(_traditional_in_pattern, r"red_lines\[threat_intimidation\]\.exceptions\[0\].*'會門'", id="traditional_in_pattern"),
        pytest.param(_matches_everything, r"red_lines\[harassment\]\.patterns\[1\].*matches empty text", id="empty_match"),
        pytest.param(_unknown_key, r"criteria\[debt_information\]\.wieght: unknown key", id="unknown_key"),
        pytest.param(_third_party_cue_in_patterns, r"red_lines\[insult_abuse\]\.patterns\[0\]\.when: 'unidentified' is not "
                     r"used in patterns \(use always or third_party\)", id="cue_condition_on_a_pattern"),
        pytest.param(_pattern_context_in_cues, r"red_lines\[third_party_disclosure\]\.context_cues\[0\]\.when: 'third_party'",
                     id="pattern_condition_on_a_cue"),
        pytest.param(_unknown_when, r"red_lines\[harassment\]\.patterns\[0\]\.when: Input should be 'always'",
                     id="unknown_when"),
        pytest.param(_bad_context_cue, r"red_lines\[third_party_disclosure\]\.context_cues\[1\]: bad regex",
                     id="bad_context_cue_regex"),
        pytest.param(_na_without_reason, r"criteria\[consequences\]\.na_when: required", id="na_without_reason"),
        pytest.param(_bad_pass_mark, r"pass_mark: Input should be less than or equal to 100", id="pass_mark_out_of_range"),
        pytest.param(_unknown_lexicon_name, r"red_lines\[insult_abuse\]\.patterns\[0\]: \{insult_nouns_typo\} is not a "
                     r"lexicon entry \(defined: ", id="unknown_lexicon_name"),
        pytest.param(_lexicon_uses_a_later_entry, r"lexicon\.aaa_first: \{zzz_later\} is not a lexicon entry defined above",
                     id="lexicon_forward_reference"),
        pytest.param(_lexicon_name_not_lower_case, r"lexicon\.Kin: name must be lower-case", id="lexicon_name_case"),
        pytest.param(_lexicon_bad_regex, r"lexicon\.broken: bad regex '老婆\|\(\?:老公'", id="lexicon_bad_regex"),
        pytest.param(_together_with_in_exceptions, r"red_lines\[harassment\]\.exceptions\[0\]\.together_with: only "
                     r"`patterns`", id="together_with_outside_patterns"),
        pytest.param(_together_with_unknown_name, r"red_lines\[harassment\]\.patterns\[0\]\.together_with\[0\]: "
                     r"\{nope\} is not a lexicon entry", id="together_with_unknown_name"),
        pytest.param(_yields_to_in_exceptions, r"red_lines\[harassment\]\.exceptions\[0\]\.yields_to: only `patterns`",
                     id="yields_to_outside_patterns"),
        pytest.param(_yields_to_own_red_line, r"red_lines\[harassment\]\.patterns\[0\]\.yields_to: a pattern cannot yield "
                     r"to its own red line", id="yields_to_own_red_line"),
        pytest.param(_yields_to_unknown_red_line, r"yields_to", id="yields_to_unknown_red_line"),
        pytest.param(_debtor_replies_in_exceptions, r"red_lines\[insult_abuse\]\.exceptions\[0\]\.debtor_replies: only "
                     r"`patterns`", id="debtor_replies_outside_patterns"),
        pytest.param(_debtor_reply_bad_regex, r"red_lines\[insult_abuse\]\.patterns\[0\]\.debtor_replies\[0\]: bad regex",
                     id="debtor_reply_bad_regex"),
    ],
)
def test_invalid_rubric_names_file_and_field(tmp_path: Path, edit, expected: str) -> None:
    path = _write_variant(tmp_path, edit)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert str(caught.value).startswith(str(path))
    assert re.search(expected, str(caught.value)), str(caught.value)


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "courseware.yaml"
    path.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace("pass_mark: 60", "pass_mark: 60\npass_mark: 50"),
                    encoding="utf-8")
    with pytest.raises(RubricError, match=r"duplicate key 'pass_mark'"):
        load_rubric(path)


def test_unquoted_level_keys_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "courseware.yaml"
    path.write_text(re.sub(r'"([012])":', r"\1:", DEFAULT_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_rubric(path).criterion("opening").levels.for_level(2)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("criteria: [", r"not valid YAML \(line", id="broken_yaml"),
        pytest.param("- just\n- a list\n", r"expected a mapping", id="not_a_mapping"),
    ],
)
def test_unreadable_content(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "courseware.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RubricError, match=expected):
        load_rubric(path)


def test_missing_file_names_the_default_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match=r"courseware\.yaml: cannot read file"):
        load_rubric(tmp_path)


def test_all_ids_present_in_default() -> None:
    rubric = load_rubric(DEFAULT_FILE)
    assert [c.id for c in rubric.criteria] == list(CRITERION_IDS)


def test_lexicon_names_expand_in_patterns_and_later_entries(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        data["lexicon"] = {"kin_one": "老婆|老公", "kin_two": "{kin_one}|爸妈", **data.get("lexicon", {})}
        _red_line(data, "harassment")["patterns"].append(
            {"pattern": "打给[你您]{kin_two}{0,1}(?:的)?手机", "note": "词族", "together_with": ["{kin_one}"]})

    rubric = load_rubric(_write_variant(tmp_path, edit))
    pattern = compiled_red_line(rubric, "harassment").patterns[-1]
    assert pattern.source == "打给[你您]{kin_two}{0,1}(?:的)?手机"  # as written; `{0,1}` is a repeat, not a name
    assert pattern.expanded == "打给[你您](?:(?:老婆|老公)|爸妈){0,1}(?:的)?手机"
    assert pattern.regex.search("打给你爸妈的手机") and not pattern.regex.search("打给你同事的手机")
    assert [part.pattern for part in pattern.together] == ["(?:老婆|老公)"]


def test_a_custom_rubric_reaches_the_offline_engine(tmp_path: Path) -> None:
    """A trainer's own context cue (我是他表舅) and third-party word (小目标) are heard by the offline debtor's line
    picker, its reading of the agent, and the scripted good agent — not only by the grader."""
    from collection_coach.offline import _party_is
    from collection_coach.offline_intents import read_cues
    from collection_coach.scripted_agent import ScriptedAgent
    from collection_coach.transcript import Turn

    def edit(data: dict) -> None:
        red_line = _red_line(data, "third_party_disclosure")
        red_line["context_cues"].append({"pattern": "我是[他她]的?表舅", "note": "表舅"})
        red_line["patterns"].append({"pattern": "小目标", "note": "行话", "when": "third_party"})

    custom = load_rubric(_write_variant(tmp_path, edit))
    default = load_rubric(RUBRIC_DIR)
    persona = personas.load_personas(RUBRIC_DIR.parent / "personas").personas["third_party"]
    assert _party_is("third_party", custom)("我是他表舅") and not _party_is("third_party", default)("我是他表舅")
    text = "他的小目标还没完成"
    assert read_cues(text, persona, custom).discloses_debt and not read_cues(text, persona, default).discloses_debt
    turns = [Turn(role="debtor", text="喂？"), Turn(role="agent", text="您好，请问是王先生本人吗？"),
             Turn(role="debtor", text="我是他表舅。")]
    with_cue = ScriptedAgent("good", persona, rubric=custom).next_turn(turns)
    without = ScriptedAgent("good", persona, rubric=default).next_turn(turns)
    assert with_cue is not None and "本人沟通" in with_cue and with_cue != without
