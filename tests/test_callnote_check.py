import pytest

from collection_coach.call_record import CallRecord
from collection_coach.callnote_check import agreed_plan, check_call_note
from collection_coach.transcript import Transcript, Turn

AGREED = [
    Turn(role="agent", text="那您看本月25号先还两千可以吗？"),
    Turn(role="debtor", text="行吧，25号我先还两千。"),
]
REFUSED = [
    Turn(role="agent", text="那您看本月25号先还五千可以吗？"),
    Turn(role="debtor", text="不行，五千我拿不出来。"),
]


def call(turns, record):
    return Transcript(turns=turns, call_note=record.as_text() if record else None)


def test_agreed_amount_is_found_from_the_debtor_yes():
    assert agreed_plan(Transcript(turns=AGREED)).amount == 2000


def test_refusal_is_not_an_agreement():
    assert agreed_plan(Transcript(turns=REFUSED)) is None


@pytest.mark.parametrize("turns, record, field", [
    pytest.param(AGREED, CallRecord(outcome="承诺还款", promised_amount=3000, promised_date="25号"),
                 "promised_amount", id="noted_amount_differs"),
    pytest.param(REFUSED, CallRecord(outcome="承诺还款", promised_amount=5000, promised_date="25号"),
                 "promised_amount", id="promise_noted_but_debtor_refused"),
    pytest.param(AGREED, CallRecord(outcome="承诺还款", promised_amount=2000, promised_date="本月28号"),
                 "promised_date", id="noted_day_differs"),
    pytest.param(AGREED, CallRecord(outcome="需再跟进"), "promised_amount", id="agreed_amount_not_noted"),
])
def test_mismatches_are_reported(turns, record, field):
    issues = check_call_note(call(turns, record))
    assert [issue.field for issue in issues] == [field]
    assert issues[0].message


@pytest.mark.parametrize("turns, record", [
    pytest.param(AGREED, CallRecord(outcome="承诺还款", promised_amount=2000, promised_date="25号"), id="accurate_note"),
    pytest.param(REFUSED, CallRecord(outcome="拒绝还款"), id="refusal_noted_as_refusal"),
    pytest.param(AGREED, None, id="no_note_no_check"),
])
def test_accurate_notes_raise_nothing(turns, record):
    assert check_call_note(call(turns, record)) == []
