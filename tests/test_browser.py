"""The whole practice loop in a real browser: Playwright drives Debian's Chromium against the launched app.

Offline engine (no model, no network): open the page, pick a persona, call, send two messages, see the debtor's
replies, end the call, fill the call record, get the graded report; then find everything in the database and
check that the page never requested anything beyond this machine. A screenshot goes to /tmp/coach-ui.png for
people to look at (it is not an assertion).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from ui_harness import running_app, ui_settings

from collection_coach.app_context import AppContext
from collection_coach.offline import ScriptedDebtor
from collection_coach.store import Store
from collection_coach.transcript import AGENT, DEBTOR, Turn
from collection_coach.ui.persona_picker import persona_choices

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOT = Path("/tmp/coach-ui.png")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WAIT_MS = 15_000

TRAINEE = "浏览器学员"
PERSONA = "first_overdue"
MESSAGES = [
    "您好，我是XX银行信用卡中心的客服小李，请问是林女士吗？",
    "林女士，您的信用卡本期6874.8元已经逾期12天了，请问是什么原因没有还上呢？",
]


@pytest.fixture
def chromium():
    """Playwright's sync API on Debian's Chromium. Missing pieces fail loudly: CI must never skip this test."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: the browser test needs Debian's Chromium. Run scripts/setup.sh "
                    "(as root it installs it) or: sudo apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[dev]' (or run scripts/setup.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def app(tmp_path):
    settings = ui_settings(tmp_path)
    assert settings.engine == "offline"  # no key and no base URL: the offline scripted engine
    with running_app(AppContext.create(settings)) as running:
        yield running


def expected_replies(context: AppContext) -> list[str]:
    """What the deterministic offline debtor answers to MESSAGES (the page must show exactly these)."""
    persona = context.personas().get(PERSONA)
    debtor = ScriptedDebtor(persona, context.rubric())
    turns = [Turn(role=DEBTOR, text=persona.opening_line)]
    replies = []
    for message in MESSAGES:
        turns.append(Turn(role=AGENT, text=message))
        reply, hung_up = debtor.reply_text(turns)
        assert not hung_up, "the scripted debtor should not hang up on these polite messages"
        turns.append(Turn(role=DEBTOR, text=reply))
        replies.append(reply)
    return replies


def pick_from_dropdown(page, elem_id: str, option: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_a_trainee_practises_a_whole_call_in_the_browser(app, chromium):
    from playwright.sync_api import expect

    context = app.context
    catalog = context.personas()
    persona = catalog.get(PERSONA)
    label = dict((value, text) for text, value in persona_choices(catalog))[PERSONA]
    replies = expected_replies(context)

    browser_context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    requested: list[str] = []
    browser_context.on("request", lambda request: requested.append(request.url))
    page = browser_context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    page.goto(app.url, wait_until="load")
    expect(page.locator("#engine-badge")).to_contain_text("离线脚本引擎", timeout=WAIT_MS)
    page.locator("#trainee-name textarea").fill(TRAINEE)
    pick_from_dropdown(page, "persona-picker", label)
    case_file = page.locator("#case-file")
    expect(case_file).to_contain_text(persona.case_file.customer_name, timeout=WAIT_MS)
    expect(case_file).not_to_contain_text(persona.hidden.situation)

    page.locator("#start-call").click()
    debtor_lines = page.locator("#chat [data-testid='bot']")
    trainee_lines = page.locator("#chat [data-testid='user']")
    expect(debtor_lines).to_have_text([persona.opening_line], timeout=WAIT_MS)

    page.locator("#message textarea").fill(MESSAGES[0])
    page.locator("#send").click()
    expect(debtor_lines).to_have_text([persona.opening_line, replies[0]], timeout=WAIT_MS)
    page.locator("#message textarea").fill(MESSAGES[1])
    page.locator("#message textarea").press("Enter")
    expect(debtor_lines).to_have_text([persona.opening_line, *replies], timeout=WAIT_MS)
    expect(trainee_lines).to_have_text(MESSAGES)
    expect(page.locator("#message textarea")).to_have_value("")

    page.locator("#end-call").click()
    expect(page.locator("#save-record")).to_be_visible(timeout=WAIT_MS)  # the call-record panel opened
    expect(page.locator("#send")).to_be_disabled()
    pick_from_dropdown(page, "record-outcome", "承诺还款")
    page.locator("#record-amount input").fill("6874.8")
    page.locator("#record-date textarea").fill("本周五")
    page.locator("#record-follow-up textarea").fill("下周一上午")
    page.locator("#save-record").click()
    expect(page.locator("#report")).to_contain_text("总分", timeout=WAIT_MS)
    expect(page.locator("#call-status")).to_contain_text("通话小结已保存")
    page.screenshot(path=str(SCREENSHOT), full_page=True)  # for people to look at
    browser_context.close()

    with Store(context.settings.database_path) as store:
        [session] = store.list_sessions(trainee=TRAINEE)
        assert (session.persona_id, session.outcome) == (PERSONA, "ended_by_agent")
        assert [(turn.role, turn.text) for turn in store.turns(session.id)] == [
            (DEBTOR, persona.opening_line), (AGENT, MESSAGES[0]), (DEBTOR, replies[0]),
            (AGENT, MESSAGES[1]), (DEBTOR, replies[1]),
        ]
        record = store.get_session(session.id).call_record
        assert (record.outcome, record.promised_amount, record.promised_date, record.next_follow_up) == (
            "承诺还款", 6874.8, "本周五", "下周一上午")
        assert store.latest_grade(session.id) is not None

    assert requested, "no requests were recorded"
    outside = [url for url in requested
               if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname not in LOOPBACK]
    assert outside == [], f"the page reached beyond this machine: {outside}"
    assert page_errors == []
