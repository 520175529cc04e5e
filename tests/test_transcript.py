import json

import pytest

from collection_coach.errors import InputFileError
from collection_coach.transcript import load_sample, load_transcript


def write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_transcript_id_defaults_to_file_stem(tmp_path):
    path = write(tmp_path / "call_7.json", {"turns": [{"role": "agent", "text": "您好"}]})
    assert load_transcript(path).id == "call_7"


@pytest.mark.parametrize("content, expected", [
    pytest.param("{not json", "not valid JSON", id="syntax_error"),
    pytest.param({"turns": [{"role": "collector", "text": "hi"}]}, "turns.0.role", id="unknown_role"),
    pytest.param({"turns": [{"role": "agent"}]}, "turns.0.text", id="missing_text"),
    pytest.param({"turns": [], "speaker": "x"}, "speaker: unknown key", id="unknown_top_level_key"),
])
def test_invalid_transcript_names_file_and_field(tmp_path, content, expected):
    path = write(tmp_path / "bad.json", content)
    with pytest.raises(InputFileError) as raised:
        load_transcript(path)
    assert "bad.json" in str(raised.value) and expected in str(raised.value)


def test_a_labelled_sample_can_be_graded_as_a_transcript(tmp_path):
    path = write(tmp_path / "s.json", {"turns": [{"role": "agent", "text": "您好"}],
                                       "labels": {"criteria": {"opening": 2}, "passed": True}})
    assert load_transcript(path).turns[0].text == "您好"
    assert load_sample(path).labels.criteria == {"opening": 2}
