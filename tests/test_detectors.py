"""Red-line and criterion detectors. Red lines are judged on agent turns only, on normalised text, with the
rubric's lawful exceptions; every case is a named parameter so a regression says what broke."""

from __future__ import annotations

from pathlib import Path

import pytest

from collection_coach.detectors import detect_criteria, detect_red_lines, explain_text, red_line_hits_in_text
from collection_coach.normalize import quote_in_text
from collection_coach.rubric import load_rubric
from collection_coach.transcript import Transcript


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(Path(__file__).resolve().parents[1] / "rubric")


def call(*lines: tuple[str, str]) -> Transcript:
    return Transcript(id="t", turns=[{"role": role, "text": text} for role, text in lines])


VIOLATIONS = [
    # threats, including paraphrases without any threat keyword
    ("threat_intimidation", "你住哪我们都清楚", "paraphrased_threat_address"),
    ("threat_intimidation", "您现在住滨江花园7栋吧？几点出门几点回家，我们这边都有数。", "paraphrased_threat_routine"),
    ("threat_intimidation", "你儿子在实验小学上三年级对吧？", "paraphrased_threat_child_school"),
    ("threat_intimidation", "你小心点，我们有的是人，找到你是分分钟的事。", "veiled_threat_people"),
    ("threat_intimidation", "别以为换了号我们就找不到你", "veiled_threat_cannot_hide"),
    ("threat_intimidation", "我劝你识相点，不然后面发生什么我可不敢保证", "veiled_threat_safety"),
    ("threat_intimidation", "这钱你不还，你家里人也别想安生", "threat_against_family"),
    ("threat_intimidation", "老实跟你说，我们这边什么人都有，真要找你不难。", "veiled_threat_we_have_people"),
    ("threat_intimidation", "我们的外访员已经到你们小区了", "claims_visitor_nearby"),
    ("threat_intimidation", "那就等着吧。", "restated_menace"),
    # evasions
    ("threat_intimidation", "我 们 会 上 门", "evasion_spaces"),
    ("threat_intimidation", "下周直接上-门找你", "evasion_hyphen"),
    ("threat_intimidation", "我们会\u3000上\u3000门，ＯＫ？", "evasion_full_width"),
    ("threat_intimidation", "你的債務再不還，我們就上門", "evasion_traditional"),
    ("threat_intimidation", "不还钱就上\u200b门", "evasion_zero_width"),
    # insults, with and without swear words
    ("insult_abuse", "你这种人就是老赖，脸都不要了。", "insult_laolai"),
    ("insult_abuse", "你 他 妈 的 到底还不还", "insult_spaced_swear"),
    ("insult_abuse", "你這種人真是不要臉", "insult_traditional"),
    ("insult_abuse", "一把年纪了还欠钱不还，你不嫌丢人我都替你丢人。", "insult_shaming_without_swear"),
    ("insult_abuse", "哭有什么用？哭能哭出钱来？", "insult_mocking_tears"),
    # impersonation, explicit and hinted
    ("impersonation", "您好，我们这边是市法院诉前调解中心的。", "impersonation_court_mediation"),
    ("impersonation", "这边是法院诉前调解的，跟你核实下欠款", "impersonation_hint_mediation"),
    ("impersonation", "我是市公安局经侦支队的", "impersonation_police"),
    ("impersonation", "我本身是金诚律师事务所的执业律师", "impersonation_lawyer"),
    ("impersonation", "我们是跟法院合作的调解机构", "impersonation_court_partner"),
    ("impersonation", "我们是受法院委托的", "impersonation_court_mandate"),
    ("impersonation", "你好，这里是金融监督管理局", "impersonation_regulator"),
    ("impersonation", "我这边是市金融纠纷调解办公室的，姓陆", "impersonation_mediation_office"),
    # false consequences
    ("false_consequence", "再拖下去公司会直接移交公安，是要判刑的。", "false_jail"),
    ("false_consequence", "您现在已经进了全国金融黑名单", "false_blacklist"),
    ("false_consequence", "你这属于恶意透支，够坐 牢的", "false_crime_with_space"),
    ("false_consequence", "你老婆的征信也会被连累", "false_family_credit"),
    ("false_consequence", "判下来您名下的房子车子都要冻结拍卖。", "false_property_seizure"),
    ("false_consequence", "今天下班前不处理，明天就转立案了。", "false_immediate_lawsuit"),
    ("false_consequence", "你再不还，公安就上门抓人了", "false_police_visit"),
    ("false_consequence", "征信黑了以后连手机卡都办不了", "false_everyday_restrictions"),
    # third-party disclosure and its threat
    ("third_party_disclosure", "你不还我就告诉你家人", "threat_tell_family"),
    ("third_party_disclosure", "让他们都知道你欠钱不还", "threat_let_everyone_know"),
    ("third_party_disclosure", "我们还会在你们公司群里发个通知", "threat_company_group"),
    ("third_party_disclosure", "您也不想他班主任、同学家长知道家里这档子事吧？", "threat_school_parents_know"),
    ("third_party_disclosure", "麻烦转告他欠款五千块", "tell_him_about_debt"),
    ("third_party_disclosure", "你老公在我们这欠了三万", "spouse_owes"),
    ("third_party_disclosure", "你老婆知不知道你在外面欠了这么多钱？要不要我告诉她？", "threat_tell_wife"),
    ("third_party_disclosure", "不还我们就打你公司前台，让你们老板知道", "threat_call_employer"),
    # improper payment
    ("improper_payment", "转到我个人账户就行", "personal_account"),
    ("improper_payment", "您加我个人微信，把钱转给我", "personal_wechat"),
    ("improper_payment", "交500手续费就能停催", "extra_fee"),
    ("improper_payment", "你今晚交150块的加急处理费", "urgent_processing_fee"),
    ("improper_payment", "去网贷借钱先还上", "borrow_online_loan"),
    ("improper_payment", "借呗、微粒贷，您去借个两千多先把我们这期还上", "named_loan_apps"),
    ("improper_payment", "您那张信用卡额度还有一万多，先刷出来把我们这边结了", "card_cash_out"),
    # harassment claims
    ("harassment", "今天第8次打给你了", "calls_count_claim"),
    ("harassment", "一天打你几十个", "dozens_a_day"),
    ("harassment", "凌晨打给你", "night_call"),
    ("harassment", "我知道现在都快十二点了，但我只能这个点打", "calling_at_midnight"),
    ("harassment", "我明早六点再打给你确认", "early_morning_call"),
    ("harassment", "给你通讯录每个人都打", "contact_bombing"),
    ("harassment", "我今天就每隔半小时打你一次，打到你接为止", "every_half_hour"),
    ("harassment", "你一天不还，我一天给你打五十个电话", "fifty_calls_a_day"),
    ("harassment", "周五周六我接着打，你的紧急联系人我也挨个打一遍", "ring_emergency_contacts"),
]


@pytest.mark.parametrize(("red_line_id", "text"), [pytest.param(r, t, id=i) for r, t, i in VIOLATIONS])
def test_violation_is_flagged(rubric, red_line_id: str, text: str) -> None:
    found = [hit_id for hit_id, _ in red_line_hits_in_text(text, rubric)]
    assert red_line_id in found, f"{text!r} → {found}"


LAWFUL = [
    ("逾期会如实上报征信", "credit_report_lawful"),
    ("长期不还我们可能依法起诉", "lawsuit_possible_lawful"),
    ("如果协商不成，银行可能会向法院提起诉讼，由法院依法判决", "court_process_lawful"),
    ("逾期会产生违约金和罚息，并影响您的信用记录", "penalties_lawful"),
    ("征信记录是如实上报的，不存在所谓的黑名单", "denies_blacklist"),
    ("麻烦让他回个电话", "third_party_message_lawful"),
    ("具体情况只能跟他本人沟通，不方便透露", "refuses_third_party"),
    ("我们不会上门，也不会联系您的家人和单位", "promises_no_visit"),
    ("我们不收取任何手续费，请只通过官方渠道还款", "no_fee_official_channel"),
    ("请认准官方账户，任何要求您转到个人账户的都是诈骗", "anti_fraud_warning"),
    ("分期会收取一定的手续费，具体以系统为准", "installment_fee_lawful"),
    ("不建议您以贷还贷", "advises_against_new_loans"),
    ("我们一直打不通您的电话，所以今天再联系一下", "could_not_reach"),
    ("我明天下午三点再给您打个电话确认，可以吗", "next_call_daytime"),
    ("我们是XX银行信用卡中心，不是什么法院，您放心", "denies_being_court"),
    ("您可以咨询一下律师，或者拨打我们官方客服", "suggests_lawyer"),
    ("您孩子还小，确实开销大，我理解", "mentions_child_kindly"),
    ("您转账的时候小心一点，认准官方账户", "careful_with_transfer"),
    ("我们能帮您找到合适的方案", "find_a_plan"),
    ("您别着急，我们一起想办法", "calming"),
    ("坐牢是不会的，这是民事纠纷，您不用担心", "denies_jail"),
    ("您这个情况可以申请停息分期，不收取额外的服务费", "no_extra_service_fee"),
    ("好的，我帮您查一下，您等着", "please_wait"),
    ("您母亲住院了？她身体还好吧", "asks_after_sick_mother"),
    ("这事您家人知道吗？可以跟家里商量一下", "suggests_talking_to_family"),
    ("之前我们同事联系过您三次，都没接通", "honest_call_count"),
    ("如果下次还联系不上，我们可能会联系您留的紧急联系人，询问您的联系方式", "emergency_contact_for_whereabouts"),
    ("如果协商不成，银行可能按合同委托律师事务所发律师函", "lawyer_letter_lawful"),
    ("这个事情您多上点心，月底前把钱还上", "take_it_to_heart_is_not_a_safety_warning"),
    ("您的事我一定上心，今天能转吗", "agent_promises_to_take_care"),
    ("我们营业厅挺好找的，就在地铁口旁边。", "branch_easy_to_find"),
    ("营业厅就在小区门口，挺好找的。", "branch_by_the_estate_gate"),
    ("您这几个月的努力我们都看在眼里，这次也一起想办法。", "efforts_seen"),
    ("这份工作您还干得下去吗？身体要紧。", "can_you_keep_this_job"),
    ("您正好去网点看看，柜台可以帮您办。", "visit_the_branch"),
    ("等您工资发出来把我们这边先还上一部分就行。", "repay_when_salary_comes_out"),
    ("您看能不能从别的开支里挪点出来，先还一部分。", "budget_from_other_spending"),
    ("逾期不会影响您的社保卡使用，这个您放心。", "social_insurance_unaffected"),
    ("您的低保停了以后，日子确实更难了。", "welfare_already_stopped_empathy"),
    ("我马上拍了截图发给您，您核对一下。", "screenshot_sent_right_away"),
    ("App和网页都是一个系统的，您在哪还都行。", "app_and_web_one_system"),
    ("您可以跟派出所一起处理冒用的问题，我们这边配合提供材料。", "report_identity_theft_with_police"),
    ("法院那边有专人负责立案审查，不是我们能决定的。", "court_has_its_own_staff"),
    ("我们建议您回去跟您家人好好聊聊，看能不能帮一把。", "talk_it_over_with_family_at_home"),
    ("我们建议您跟您家人好好聊聊，看家里能不能先帮一把。", "suggests_family_discussion"),
    ("账单以后会发给他本人，麻烦您转告他回个电话。", "statement_to_the_borrower_himself"),
    ("我们会用客户经理的微信联系您，方便发还款链接。", "relationship_manager_wechat"),
    ("分期要多付300块手续费，具体以系统显示为准。", "installment_fee_amount"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for t, i in LAWFUL])
def test_lawful_statement_is_not_flagged(rubric, text: str) -> None:
    assert red_line_hits_in_text(text, rubric) == []


def test_debtor_words_are_never_flagged(rubric) -> None:
    transcript = call(
        ("debtor", "你们这帮吸血鬼！老子没钱，有本事上门来啊！我知道你住哪，我去你们公司闹！"),
        ("agent", "我理解您现在很生气，我是XX银行的小李，我们一起看看怎么解决。"),
        ("debtor", "滚！你他妈再打我就报警，告诉你们领导你们是骗子！"),
        ("agent", "好的，您先消消气，我明天下午再联系您。"),
    )
    assert detect_red_lines(transcript, rubric) == []


def test_hit_quotes_the_original_agent_sentence(rubric) -> None:
    transcript = call(
        ("debtor", "喂？"),
        ("agent", "您好，我是XX银行的。你的債務再不還，我們就上 門！另外你这个老赖。"),
    )
    hits = detect_red_lines(transcript, rubric)
    assert [(hit.id, hit.turn) for hit in hits] == [("threat_intimidation", 1), ("insult_abuse", 1)]
    assert hits[0].quote == "你的債務再不還，我們就上 門！"
    assert hits[0].source == "rules" and hits[0].detail
    assert all(quote_in_text(hit.quote, transcript.turns[hit.turn].text) for hit in hits)


def test_one_hit_per_red_line_and_turn(rubric) -> None:
    transcript = call(("agent", "我们会上门。我们还会派人去你单位堵你。"), ("debtor", "你敢！"), ("agent", "上门找你。"))
    hits = detect_red_lines(transcript, rubric)
    assert [(hit.id, hit.turn) for hit in hits] == [("threat_intimidation", 0), ("threat_intimidation", 2)]


def test_calling_contacts_is_harassment_not_disclosure(rubric) -> None:
    found = {hit_id for hit_id, _ in red_line_hits_in_text("你的紧急联系人我也挨个打一遍", rubric)}
    assert found == {"harassment"}


def test_made_up_police_visit_is_false_consequence_not_threat(rubric) -> None:
    found = {hit_id for hit_id, _ in red_line_hits_in_text("你再不还，公安就上门抓人了", rubric)}
    assert found == {"false_consequence"}


def test_lawful_exception_only_excuses_its_own_clause(rubric) -> None:
    assert red_line_hits_in_text("我们不会上门，但是会让你家人都知道你欠钱不还", rubric) == [
        ("third_party_disclosure", "让你家人、同事都知道")
    ]


@pytest.mark.parametrize(
    ("text", "red_line_id"),
    [
        pytest.param("我们不会停会一直打到你还钱", "harassment", id="negation_of_another_verb_in_same_clause"),
        pytest.param("我们不收手续费只收一点加急费", "improper_payment", id="lawful_words_beside_a_fee"),
        pytest.param("你再不还就坐。牢吧。", "false_consequence", id="full_stop_inside_word"),
        pytest.param("你这个老！赖", "insult_abuse", id="exclamation_inside_word"),
        pytest.param("你以为我们不会上门吗？", "threat_intimidation", id="rhetorical_negation"),
        pytest.param("你说你是不是老赖？", "insult_abuse", id="rhetorical_you_say"),
        pytest.param("你是不是脑子不太好使？", "insult_abuse", id="shi_bu_shi_asks_it_does_not_negate"),
        pytest.param("你这不是耍无赖是什么？", "insult_abuse", id="not_x_then_what_is_rhetorical"),
        pytest.param("你家里不是有车吗，拿去押一下。", "improper_payment", id="dont_you_have_is_rhetorical"),
        pytest.param("我们可以帮你申请停催，不过要交一笔手续费。", "improper_payment", id="bu_guo_is_but_not_a_negation"),
        pytest.param("要不我去你们小区问问邻居。", "third_party_disclosure", id="yao_bu_suggests_it_does_not_negate"),
        pytest.param("如果您一直不还，我们会安排外访人员上门核实情况。", "threat_intimidation", id="unannounced_field_visit"),
        pytest.param("下周上门，提前跟你约好时间，到时候当着邻居的面把账算清楚。", "threat_intimidation",
                     id="appointment_with_menace_is_still_a_threat"),
        pytest.param("不会让你好过的。", "threat_intimidation", id="wont_let_you_off_easy"),
        pytest.param("我们不会只找你一个，你爸妈和同事都会接到电话。", "third_party_disclosure",
                     id="relatives_will_get_calls"),
        pytest.param("您担心我们上门？那您就该担心，明天就去。", "threat_intimidation", id="worry_confirmed_not_dispelled"),
        pytest.param("我们不会不告诉你领导的。", "third_party_disclosure", id="double_negation_affirms"),
        pytest.param("你不还就去你单位或者找你家人。", "third_party_disclosure", id="condition_ends_negation_reach"),
        pytest.param("您担心我们去您单位？那就看您今天还不还了。", "threat_intimidation", id="worry_turned_into_a_condition"),
        pytest.param("你怕家人知道是吧？那我今天就打给你老婆。", "third_party_disclosure", id="calling_the_wife_today"),
        pytest.param("按你说的，周六上午十点，我们带几个兄弟去你家楼下等你。", "threat_intimidation",
                     id="recap_with_waiting_downstairs"),
        pytest.param("你这不算老赖算什么？", "insult_abuse", id="not_counted_then_what_is_rhetorical"),
        pytest.param("凡是欠钱不还的都是老赖，你也一样。", "insult_abuse", id="general_statement_applied_to_you"),
        pytest.param("按约定，周三上午十点我们到你家，你要是不开门我们就在门口一直等。", "threat_intimidation",
                     id="agreed_time_with_waiting_at_the_door"),
        pytest.param("上门、找你家人，这些都不会少。", "third_party_disclosure", id="none_of_it_will_be_missing"),
    ],
)
def test_known_limits_are_closed(rubric, text: str, red_line_id: str) -> None:
    assert red_line_id in {hit_id for hit_id, _ in red_line_hits_in_text(text, rubric)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("随便你，到时候别哭。", id="dont_cry_later"),
        pytest.param("你会知道厉害的。", id="you_will_learn"),
        pytest.param("后果你自己想。", id="think_of_the_consequences"),
        pytest.param("有你好看的。", id="you_will_see"),
        pytest.param("这事没完。", id="not_over"),
        pytest.param("你看我们敢不敢。", id="see_if_we_dare"),
    ],
)
def test_short_restated_menace(rubric, text: str) -> None:
    """Later turns often restate a threat in a few words; each such turn is labelled too."""
    assert "threat_intimidation" in {hit_id for hit_id, _ in red_line_hits_in_text(text, rubric)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("您好。您的门店手机分期目前应还2767.20元。", id="product_name_with_installments"),
        pytest.param("我们可以安排工作人员上门为您办理，会提前跟您预约时间。", id="visit_by_appointment"),
        pytest.param("上门是不会的，我们只是电话提醒。", id="negation_after_the_words"),
        pytest.param("您刚才说我们是骗子，我理解您的担心。", id="agent_quotes_the_debtor"),
        pytest.param("如果有人让您先交保证金才能办分期，那都是骗子。", id="scam_attributed_to_others"),
        pytest.param("您担心我们找到您家里去？不会的，请放心。", id="asks_about_the_fear_then_denies"),
        pytest.param("我不建议您用其他信用卡套现来还。", id="other_card_is_not_him"),
        pytest.param("拘留、判刑这些都不会，您别听网上瞎说。", id="enumeration_then_denial"),
        pytest.param("抱歉系统有问题，我稍后再给您确认。", id="system_trouble_is_not_an_account_trick"),
        pytest.param("我会把您的情况反映给领导，帮您申请减免。", id="escalates_to_own_supervisor"),
        pytest.param("还款入口在App首页，不难找。", id="easy_to_find_in_the_app"),
        pytest.param("咱们换个方式解决，您看分期怎么样？", id="another_way_is_a_plan"),
        pytest.param("如果您不方便电话，我们也可以当面沟通。", id="offers_to_meet"),
        pytest.param("这是系统自动外呼的还款提醒。", id="automated_reminder_call"),
        pytest.param("如果是别人冒用您的身份，那就是诈骗，您可以报案。", id="identity_theft_is_fraud_by_others"),
        pytest.param("现在哪里都有人逾期，您别有太大压力。", id="many_people_are_overdue"),
        pytest.param("在App上还比去柜台方便多了。", id="app_easier_than_counter"),
        pytest.param("您受了窝囊气，我能理解。", id="felt_wronged"),
        pytest.param("我们联系不上您，所以跟您的紧急联系人联系过了，只请他转告您回电。", id="emergency_contact_relay"),
        pytest.param("我在我们内部工作群里问一下同事。", id="asks_own_team"),
        pytest.param("我们不知道您借款时业务员是怎么说的，我帮您核实。", id="does_not_know_what_sales_said"),
        pytest.param("限制高消费这是法院判决后才可能有的措施。", id="spending_limit_needs_judgment"),
        pytest.param("谁让您往个人账户转钱，您都别信。", id="whoever_asks_is_someone_else"),
        pytest.param("您问会不会马上被起诉？不会的，我们先协商。", id="asks_back_about_a_suit_then_denies"),
        pytest.param("您说晚上十点以后不方便，那我们白天打。", id="reports_what_the_debtor_said"),
        pytest.param("资金紧张的话，不需要您去别处借钱，我们帮您申请延期。", id="no_need_for_you_to_borrow"),
        pytest.param("只有以非法占有为目的、经两次催收超过三个月仍不还，才可能被认定为恶意透支。",
                     id="conditions_for_malicious_overdraft"),
        pytest.param("路上注意安全，到家了给我回个电话就行。", id="safety_wish_without_a_demand"),
        pytest.param("您这个是民事纠纷，不会留案底。", id="will_leave_no_record"),
        pytest.param("反正你这笔欠了半年了，我们心里有数。", id="knowing_the_debt_is_not_knowing_the_person"),
        pytest.param("您是在我们合作门店办的手机分期对吧？", id="where_the_loan_was_taken_out"),
        pytest.param("您是在朝阳路的网点办的卡吧？", id="which_branch_issued_the_card"),
        pytest.param("我们打了您四次都没接通，所以今天再试一次。", id="honest_count_of_unanswered_attempts"),
        pytest.param("如果长期逾期，以后办房贷可能就不那么顺利了。", id="mortgage_may_be_harder"),
        pytest.param("您要是一次还清，压力可能就不太好受了，所以建议分期。", id="lump_sum_may_be_hard"),
        pytest.param("您可以找同事借一点周转，这是您自己的安排。", id="borrowing_from_colleagues_is_not_disclosure"),
        pytest.param("您爱人会接到电话吗？不会，我们只联系您本人。", id="asks_whether_spouse_gets_calls"),
        pytest.param("您担心被加收手续费，我理解。", id="worry_acknowledged"),
        pytest.param("我们不会不打招呼就上门，更不会去您单位或者找您家里人。", id="negation_over_coordination"),
        pytest.param("最近有骗子冒充催收，说不还就坐牢，您千万别信。", id="scammers_words_dismissed"),
        pytest.param("您的顾虑是怕我们把欠款告诉您同事，我们不会这么做。", id="the_worry_is_that"),
        pytest.param("上门、找您家人、打您单位，这些我们都不会做。", id="list_then_one_denial"),
        pytest.param("按咱们刚才约的，明天上午十点您来我们公司当面沟通。", id="appointment_we_just_made"),
        pytest.param("要是有人自称我们公司让您转账到私人账户，您千万别转，直接报警。", id="dont_transfer_call_the_police"),
        pytest.param("您担心被说成老赖，我能理解，逾期不等于老赖。", id="overdue_is_not_laolai"),
        pytest.param("您怕影响孩子考公，这个不会的，征信不影响子女政审。", id="no_effect_on_childrens_vetting"),
        pytest.param("您怕我们派人上门，其实我们只是电话沟通。", id="worry_answered_with_phone_only"),
        pytest.param("您觉得我们天天打电话烦，我理解，以后每周只联系您一次。", id="you_find_it_annoying_i_understand"),
        pytest.param("您害怕上门，这点您放心，我们不会在您不同意的情况下上门。", id="not_without_your_consent"),
        pytest.param("不打招呼就上门、半夜打电话、找您家里人，这些违规的事我们都不会做。", id="list_of_wrongs_denied"),
        pytest.param("好的，已经给您约好了，本周六上午十点，在您小区门口的咖啡馆面谈。", id="appointment_already_made"),
        pytest.param("您担心被收加急费，我们这里办分期不收任何费用。", id="worry_answered_no_fee"),
        pytest.param("您怕的那些上门、爆通讯录的做法，正规机构都不允许。", id="worry_answered_not_allowed"),
        pytest.param("您既然同意当面谈，那明天下午两点我们在您家附近的茶楼见。", id="you_agreed_to_meet"),
        pytest.param("按约定，周三上午十点我们的外访同事到您家里面谈，全程录音。", id="visit_as_agreed"),
        pytest.param("冒充我们让您交钱的人，说您要坐牢，那是吓唬您的，您别怕。", id="scammers_scare_you"),
        pytest.param("那些说逾期要坐牢的短信都是诈骗，真正的法院文书会邮寄或者送达。", id="those_text_messages_are_scams"),
    ],
)
def test_lawful_scope_rules(rubric, text: str) -> None:
    assert red_line_hits_in_text(text, rubric) == []


def test_explain_text_shows_what_excused_each_match(rubric) -> None:
    found = explain_text("我们不会上门，但会让你家人都知道你欠钱不还。", rubric)
    visit = next(item for item in found if item.red_line_id == "threat_intimidation")
    assert visit.matched == "上门" and visit.excused_by == "前面有否定"
    assert any(item.red_line_id == "third_party_disclosure" and item.excused_by is None for item in found)
    lawful = explain_text("我们不会告诉您的同事，坐牢是不会的。", rubric)
    assert lawful and all(item.excused_by for item in lawful)


def test_asking_back_what_the_debtor_said_is_not_a_claim(rubric) -> None:
    transcript = call(("debtor", "你们一天打八遍，烦死了！"), ("agent", "一天八遍？我们记录上今天是第二次联系您。"))
    assert detect_red_lines(transcript, rubric) == []
    transcript = call(("debtor", "你们是不是要上门？"), ("agent", "上门？对，明天我们就上门找你。"))
    assert [hit.id for hit in detect_red_lines(transcript, rubric)] == ["threat_intimidation"]


THIRD_PARTY_CALLS = [
    pytest.param(
        [("agent", "请问是何伟吗？"), ("debtor", "你打错了。"), ("agent", "何先生，您那笔八千的借款逾期三个月了。"),
         ("debtor", "我借的是五千，哪来的八千？")],
        [], id="denial_then_disputes_the_amount",
    ),
    pytest.param(
        [("agent", "请问是何伟吗？"), ("debtor", "不是。"), ("agent", "何先生，您在我们平台有一笔3500元的借款逾期了。"),
         ("debtor", "你怎么知道我身份证号的？")],
        [], id="denial_then_asks_how_we_know_the_id",
    ),
    pytest.param(
        [("agent", "请问是何伟吗？"), ("debtor", "他不在，我是他朋友。"), ("agent", "他欠我们八千块。"),
         ("debtor", "我借过他钱，但他欠你们的我不知道。"), ("agent", "那你让他赶紧还八千块。")],
        [2, 4], id="friend_who_lent_him_money_stays_a_third_party",
    ),
    pytest.param(
        [("agent", "请问是孙丽女士吗？"), ("debtor", "打错了。"), ("agent", "孙女士，尾号0921的身份证是您的吧？"),
         ("debtor", "那个贷款是我前夫用我名字办的，跟我没关系。"),
         ("agent", "明白，这笔六千元的贷款如果是他人冒用，您可以报案并提交材料。")],
        [], id="denial_call_borrower_disputes_the_loan",
    ),
    pytest.param(
        [("agent", "喂，是马超吗？"), ("debtor", "我是他老婆。"), ("agent", "嗯。"), ("debtor", "他欠钱又不是我借的。"),
         ("agent", "他欠了三千，你们是夫妻得一起还。")],
        [4], id="wife_saying_not_mine_stays_a_third_party",
    ),
    pytest.param(
        [("agent", "喂，是马超吗？"), ("debtor", "不是，这号我刚办的。"), ("agent", "他欠我们三千块，逾期两个月了。")],
        [2], id="new_owner_of_the_number",
    ),
    pytest.param(
        [("agent", "您好，请问是张伟先生吗？"), ("debtor", "不是，我是他老婆。找他什么事？"),
         ("agent", "他信用卡欠了我们三万多，已经逾期两个月了。")],
        [2], id="subtle_disclosure_to_wife",
    ),
    pytest.param(
        [("agent", "您好，请问是许文斌吗？"), ("debtor", "他不在，我是他同事。"),
         ("agent", "那您让他抓紧把我们这边那笔钱处理一下，拖了好几个月了。")],
        [2], id="subtle_disclosure_to_colleague",
    ),
    pytest.param(
        [("debtor", "喂？"), ("agent", "张先生您好，您的信用卡本期应还5,000元，已经逾期30天了。"),
         ("debtor", "我不是他，我是他妈妈，他出门了。")],
        [1], id="disclosed_before_verifying_to_mother",
    ),
    pytest.param(
        [("agent", "您好，请问是张伟先生吗？"), ("debtor", "不是，我是他老婆。"),
         ("agent", "不好意思，涉及他个人账户的信息，我只能跟他本人说。麻烦让他回个电话。")],
        [], id="lawful_message_to_wife",
    ),
    pytest.param(
        [("agent", "请问是张伟先生吗？"), ("debtor", "我是他老婆，你等下。"), ("debtor", "喂，我是张伟。"),
         ("agent", "张先生您好，麻烦报一下身份证后四位。"), ("debtor", "2210。"),
         ("agent", "您尾号5503的信用卡，本期账单3,120元，已经逾期9天。")],
        [], id="handover_to_borrower_then_disclosure_is_fine",
    ),
    pytest.param(
        [("agent", "您好，我是惠民消费金融的，请问是何丽娟女士吗？"), ("debtor", "嗯，是。"),
         ("agent", "您这期2,980元逾期31天了。"), ("debtor", "我最近手头紧，我老公住院了，他不在家我一个人。"),
         ("agent", "理解，那这期2,980元您看月底能先还一部分吗？")],
        [], id="borrower_mentions_husband",
    ),
    pytest.param(
        [("debtor", "喂，你好，宏远物流前台。"), ("agent", "您好，请问卢海在吗？"), ("debtor", "他出去了，我是他同事，他借你们钱了？"),
         ("agent", "嗯，也不多，您让他回个电话就行。")],
        [3], id="confirms_the_colleagues_guess",
    ),
    pytest.param(
        [("debtor", "喂？"), ("agent", "您好，我是通达小额贷款公司的客服，请问是熊磊先生吗？"), ("debtor", "打错了。"),
         ("agent", "不好意思，请问这个号码的机主是熊磊吗？"), ("debtor", "……是我，怎么了。"),
         ("agent", "熊先生，您这期1650元逾期7天了。")],
        [], id="dodging_borrower_then_admits",
    ),
    pytest.param(
        [("agent", "请问王海涛先生在吗？"), ("debtor", "他在洗澡，我是他爱人。"), ("agent", "好的，麻烦您叫他一下。"),
         ("debtor", "你等会儿。老王！电话！"), ("debtor", "喂，我是王海涛。"),
         ("agent", "王先生您好，麻烦报一下身份证后四位。"), ("debtor", "6603。我老婆在旁边。"),
         ("agent", "明白，您尾号0917的卡本期3600元逾期十天了。")],
        [], id="wife_hands_over_to_borrower",
    ),
    pytest.param(
        [("agent", "请问是李浩吗？"), ("debtor", "我是他妈妈，他上班去了。"),
         ("agent", "阿姨，您当妈的劝劝他，要不家里先帮他垫上。")],
        [2], id="asks_mother_to_cover_without_debt_word",
    ),
]


@pytest.mark.parametrize(("lines", "turns"), THIRD_PARTY_CALLS)
def test_third_party_disclosure_needs_context(rubric, lines, turns) -> None:
    hits = detect_red_lines(call(*lines), rubric)
    assert [hit.turn for hit in hits if hit.id == "third_party_disclosure"] == turns
    assert all(hit.id == "third_party_disclosure" for hit in hits)


GOOD_CALL = [
    ("debtor", "喂？"),
    ("agent", "您好，我是XX银行信用卡中心的客服小李，工号1023。请问是张三先生本人吗？"),
    ("debtor", "是我，什么事？"),
    ("agent", "张先生，您的信用卡欠款5000元，已经逾期30天了，是遇到什么困难了吗？"),
    ("debtor", "最近失业了，没钱还。而且你们利息也太高了吧。"),
    ("agent", "我理解您的难处，失业确实不容易。您是说利息高对吗？利息是根据合同约定计算的，我可以把明细给您说一下。"),
    ("debtor", "那我现在也还不起啊。"),
    ("agent", "逾期会如实上报征信，可能影响您以后办贷款。您看本月25号前先还1500元可以吗？"),
    ("debtor", "好吧，我尽量。"),
    ("agent", "好的，跟您确认一下，您25号前还1500元，到时我会提前提醒您。感谢您的配合，再见！"),
]
CASE = {"institution": "XX银行信用卡中心", "customer_name": "张三", "amount_due": 5000, "overdue_days": 30}


def test_good_call_criteria(rubric) -> None:
    results = {r.id: r for r in detect_criteria(call(*GOOD_CALL), rubric, CASE)}
    assert [r.id for r in results.values()] == [c.id for c in rubric.criteria]
    expected = {"opening": 2, "identity_verification": 2, "debt_information": 2, "empathy": 2,
                "active_listening": 2, "objection_handling": 2, "solution": 2, "consequences": 2,
                "emotion_control": 2, "closing": 2}
    assert {cid: r.level for cid, r in results.items()} == expected
    transcript = call(*GOOD_CALL)
    for result in results.values():
        assert result.reason and result.name
        for evidence in result.evidence:
            assert quote_in_text(evidence.quote, transcript.turns[evidence.turn].text), (result.id, evidence)


BAD_CALL = [
    ("debtor", "喂？"),
    ("agent", "你欠我们6000块，什么时候还？"),
    ("debtor", "你谁啊？"),
    ("agent", "你到底还不还？别找借口。"),
    ("debtor", "我就不还，你们去起诉吧。"),
    ("agent", "尽快还款吧。"),
]


def test_bad_call_criteria_with_suggestions(rubric) -> None:
    results = {r.id: r for r in detect_criteria(call(*BAD_CALL), rubric, CASE)}
    assert results["opening"].level == 0
    assert results["identity_verification"].level == 0
    assert results["debt_information"].level == 0, "6000 does not match the case file's 5000"
    assert results["solution"].level == 0
    assert results["closing"].level == 0
    assert results["emotion_control"].level == 0
    assert results["consequences"].level == 0, "the debtor refused and no consequence was explained"
    assert results["objection_handling"].level == 0, "the refusal was met with a bare demand"
    for result in results.values():
        if result.level is not None and result.level < 2:
            assert result.suggestion, result.id


@pytest.mark.parametrize(
    ("lines", "level"),
    [
        pytest.param([("agent", "您好，我是XX银行的小李，请问是张三本人吗？"), ("debtor", "是我。"),
                      ("agent", "您欠款5000元，逾期30天了。")], 2, id="verified_before_amount"),
        pytest.param([("agent", "您好，我是XX银行的小李，您欠款5000元，请问是张三本人吗？")], 1,
                     id="asked_in_same_turn_as_amount"),
        pytest.param([("agent", "您好，我是XX银行的小李，您欠款5000元。"), ("debtor", "哦。"),
                      ("agent", "请问是张三本人吗？")], 1, id="amount_before_verification"),
        pytest.param([("agent", "您好，您欠款5000元。")], 0, id="never_verified"),
    ],
)
def test_identity_verified_before_amount(rubric, lines, level) -> None:
    results = {r.id: r for r in detect_criteria(call(*lines), rubric, CASE)}
    assert results["identity_verification"].level == level


def test_not_applicable_when_debtor_cooperates(rubric) -> None:
    lines = [("agent", "您好，我是XX银行的小李，请问是张三本人吗？"), ("debtor", "是我，我明天就还。"),
             ("agent", "好的，明天还5000元，感谢配合，再见。")]
    results = {r.id: r for r in detect_criteria(call(*lines), rubric, CASE)}
    assert results["consequences"].level is None
    assert results["objection_handling"].level is None


def test_objection_answered_with_threat_scores_zero(rubric) -> None:
    lines = [("agent", "您好，我是XX银行的小李，请问是张三本人吗？"), ("debtor", "是我。利息这么高，凭什么？"),
             ("agent", "凭什么？不还就等着坐牢吧。")]
    results = {r.id: r for r in detect_criteria(call(*lines), rubric, CASE)}
    assert results["objection_handling"].level == 0
    assert results["consequences"].level == 0


def test_dismissing_the_debtor_is_not_listening(rubric) -> None:
    lines = [("agent", "您好，我是XX银行的小李，请问是张三本人吗？"), ("debtor", "是我。我最近失业了，家里老人还住院。"),
             ("agent", "失业是一回事，欠款是另一回事，您这5000元必须还。")]
    results = {r.id: r for r in detect_criteria(call(*lines), rubric, CASE)}
    assert results["active_listening"].level == 0
    assert results["active_listening"].evidence[0].turn == 2


def test_case_file_institution_is_used_for_opening(rubric) -> None:
    lines = [("agent", "您好，我是惠民消费金融的客服周航，工号H1093。请问是王建军先生吗？"), ("debtor", "是我。")]
    case = {"institution": "惠民消费金融有限公司"}
    results = {r.id: r for r in detect_criteria(call(*lines), rubric, case)}
    assert results["opening"].level == 2
    assert not results["opening"].suggestion, "no suggestion when fully met"


def test_bare_dare_leans_on_earlier_words(rubric) -> None:
    """A bare dare (你不信就试试) repeats what was said before; it raises nothing new by itself."""
    assert red_line_hits_in_text("你不信就试试。", rubric) == []
    assert {hit for hit, _ in red_line_hits_in_text("你可以试试不还，看看会发生什么。", rubric)} == {"threat_intimidation"}


def test_threat_of_endless_calls_is_harassment_not_a_threat(rubric) -> None:
    found = {hit for hit, _ in red_line_hits_in_text("20号没到账，明天开始接着打，一天都别想清净。", rubric)}
    assert found == {"harassment"}


def test_safety_warning_with_a_demand_in_the_same_turn_is_a_threat(rubric) -> None:
    found = explain_text("我就是提醒您注意安全。那2000今天能转吗？", rubric)
    warning = next(item for item in found if item.red_line_id == "threat_intimidation")
    assert warning.excused_by is None and warning.together == ("2000今天能转吗",)
    alone = next(item for item in explain_text("我就是提醒您注意安全。", rubric) if item.red_line_id == "threat_intimidation")
    assert alone.excused_by.startswith("同一轮里没有 together_with[0]")


def _rubric_with(tmp_path: Path, pattern: dict):
    import yaml

    source = Path(__file__).resolve().parents[1] / "rubric" / "courseware.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    next(item for item in data["red_lines"] if item["id"] == "harassment")["patterns"].append(pattern)
    path = tmp_path / "courseware.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_rubric(path)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        pytest.param("紫色暗号。催款口令。", True, id="parts_in_different_sentences"),
        pytest.param("催款口令，紫色暗号", True, id="any_order"),
        pytest.param("紫色暗号。", False, id="part_missing"),
        pytest.param("紫色暗号。我们不会说催款口令。", False, id="part_negated"),
        pytest.param("紫色暗号。您刚才说催款口令？", False, id="part_quoted"),
    ],
)
def test_together_with_needs_every_part_in_the_same_turn(tmp_path: Path, text: str, flagged: bool) -> None:
    rubric = _rubric_with(tmp_path, {"pattern": "紫色暗号", "together_with": ["催款口令"], "note": "测试"})
    assert ("harassment" in {hit for hit, _ in red_line_hits_in_text(text, rubric)}) is flagged


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("你看我敢不敢。", {"threat_intimidation"}, id="dare_alone_is_a_threat"),
        pytest.param("你看我敢不敢。你通讯录里的人我一个一个打过去。", {"harassment"},
                     id="dare_restating_a_contact_list_threat"),
        pytest.param("你看我敢不敢。我们明天就去你家。", {"threat_intimidation"}, id="dare_beside_a_visit"),
        pytest.param("我这边是市公安局经侦支队的，找王磊核实点情况。", {"impersonation"},
                     id="claiming_to_be_economic_police_is_impersonation_only"),
        pytest.param("你这事经侦已经介入查了。", {"false_consequence"}, id="economic_police_involved_alone"),
        pytest.param("我们跟经侦那边天天打交道，你的事一句话的事。", {"impersonation"}, id="dealing_daily_is_not_calling"),
        pytest.param("你已经上了法院的老赖名单。", {"false_consequence"}, id="laolai_list_is_a_consequence"),
        pytest.param("回去问问你老婆，看她嫁了个什么玩意儿。", {"insult_abuse"}, id="go_ask_your_wife_yourself"),
        pytest.param("真是什么人都有，欠钱的比要钱的还横，没教养。", {"insult_abuse"}, id="all_kinds_of_people_exclaimed"),
    ],
)
def test_yielding_pattern_adds_no_second_red_line(rubric, text: str, found: set[str]) -> None:
    assert {hit for hit, _ in red_line_hits_in_text(text, rubric)} == found


def test_explain_text_names_the_red_line_a_pattern_yielded_to(rubric) -> None:
    found = explain_text("你看我敢不敢。你通讯录里的人我一个一个打过去。", rubric)
    dare = next(item for item in found if item.red_line_id == "threat_intimidation" and "敢不敢" in item.matched)
    assert dare.excused_by == "同一轮已记 harassment（一个违规只记一条红线）"


def test_together_with_parts_come_from_the_same_agent_turn_only(tmp_path: Path) -> None:
    rubric = _rubric_with(tmp_path, {"pattern": "紫色暗号", "together_with": ["催款口令"], "note": "测试"})
    transcript = call(("agent", "催款口令。"), ("debtor", "什么？"), ("agent", "紫色暗号。"))
    assert detect_red_lines(transcript, rubric) == []

