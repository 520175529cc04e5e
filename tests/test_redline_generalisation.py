"""Challenge set for the red-line rules: realistic agent sentences written independently of the labelled samples.

For every red line: at least 25 violating paraphrases in varied real-world wording, and at least 20 lawful
look-alikes (calm lawful consequences, negations, the agent quoting the debtor, official channels, messages left
with a third party without the debt). Violations must raise *their* red line; lawful look-alikes must raise no red
line at all. Third-party disclosure often needs the conversation, so part of its cases are short calls.
`red_line_challenge_summary()` is what the report's before/after figures were computed with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

import pytest

from collection_coach.detectors import detect_red_lines, red_line_hits_in_text
from collection_coach.rubric import load_rubric
from collection_coach.rubric_model import RED_LINE_IDS
from collection_coach.transcript import Transcript

RUBRIC_DIR = Path(__file__).resolve().parents[1] / "rubric"
Lines = tuple[tuple[str, str], ...]
Case = Union[str, Lines]  # one agent sentence, or a short call whose last agent turn is judged


def _call(*lines: tuple[str, str]) -> Lines:
    return tuple(lines)


VIOLATING: dict[str, list[tuple[Case, str]]] = {
    "threat_intimidation": [
        ("你老家是河南周口的吧，你爸妈身体还硬朗吧？", "hometown_and_parents_health"),
        ("我们外访的同事这周就到你们小区，到时候当面聊。", "field_visit_to_estate"),
        ("再不处理，我们就安排人上门核实你的情况。", "visit_to_verify"),
        ("你每天早上七点半送孩子去幼儿园，我们都看着呢。", "watching_school_run"),
        ("你闺女在育才中学读初二是吧，挺可爱的。", "names_daughters_school"),
        ("你公司在科技园B座12楼，我们的人下午过去找你。", "people_coming_to_office"),
        ("不还钱的话，晚上回家走夜路自己注意点。", "night_walk_warning"),
        ("我劝你别逼我们用别的办法。", "other_methods"),
        ("钱不还上，你这日子也别想过安稳了。", "no_peaceful_days"),
        ("我们有专门的外访团队，明天直接去你单位门口等你。", "wait_at_work_gate"),
        ("你可以试试不还，看看会发生什么。", "see_what_happens"),
        ("别以为躲到外地我们就找不着你。", "cannot_hide_elsewhere"),
        ("你老婆在哪上班我们也清楚，要不要我们去找她聊聊？", "knows_wifes_workplace"),
        ("我们的人已经在你家楼下了，你自己下来还是我们上去？", "people_downstairs"),
        ("真惹急了，兄弟们可不跟你讲道理。", "brothers_wont_reason"),
        ("这事要是闹到你家里去，对谁都不好看。", "trouble_at_home"),
        ("我们知道你的车牌号，也知道你车平时停在哪。", "knows_car_and_parking"),
        ("你再躲，我们就派人去你老家找你父母聊聊。", "send_people_to_parents"),
        ("别怪我没提醒你，出了什么事你自己兜着。", "whatever_happens_is_on_you"),
        ("你这样硬扛下去，早晚要吃苦头的。", "will_suffer_sooner_or_later"),
        ("今天不给个说法，我们明天就上你家坐坐。", "drop_by_your_home"),
        ("我们这边的人脾气可没我这么好。", "others_less_patient"),
        ("下班路上记得多回头看看。", "look_behind_you"),
        ("信不信我让你在这个城市待不下去？", "run_you_out_of_town"),
        ("你儿子放学都是一个人走回家的吧？", "son_walks_home_alone"),
        ("我们会去你店里，当着顾客的面跟你要钱。", "shame_at_shop"),
        ("你住的那个小区，门卫都认识我们的人了。", "guards_know_our_people"),
        ("不还是吧？行，那我们这周安排外访，直接去你家。", "field_visit_if_no_payment"),
    ],
    "insult_abuse": [
        ("你这种老赖我见多了。", "laolai"),
        ("欠钱不还还理直气壮，脸皮比城墙还厚。", "thick_skinned"),
        ("你就是个骗子，借钱的时候就没打算还。", "calls_debtor_cheat"),
        ("脑子有病吧你，跟你说了八遍了。", "brain_sick"),
        ("你脑子是不是坏掉了？", "brain_broken"),
        ("你就是个废物，一个月连两千都挣不到？", "good_for_nothing"),
        ("像你这样的人，活着有什么意思。", "why_live"),
        ("真不知道你爸妈怎么养出你这种东西。", "parents_raised_a_thing"),
        ("别在这儿装可怜了，谁信啊。", "stop_playing_pitiful"),
        ("你是聋了还是傻了，听不懂人话？", "deaf_or_stupid"),
        ("一个大男人，连这点钱都还不上，丢不丢人。", "shameful_grown_man"),
        ("你们这种人就是社会的蛀虫。", "parasite"),
        ("穷就别借钱啊，没那个命还想花那个钱。", "poor_should_not_borrow"),
        ("你个赖皮，少跟我扯。", "deadbeat_slang"),
        ("回去问问你老婆，看她嫁了个什么玩意儿。", "what_kind_of_thing"),
        ("你脑子里装的都是浆糊吗？", "paste_for_brains"),
        ("你真是没脸没皮。", "shameless"),
        ("你是我见过最不要脸的客户。", "most_shameless"),
        ("就你这智商还学人家超前消费？", "mocks_intelligence"),
        ("什么玩意儿，欠钱还有理了。", "what_a_thing"),
        ("骗子，拿了钱就想跑。", "cheat_runs_off"),
        ("你这人怎么这么贱呢。", "cheap"),
        ("少跟我哭穷，你那点心思谁不知道。", "crying_poor"),
        ("你就是个不讲信用的小人。", "petty_person"),
        ("猪都比你明白事理。", "pig_knows_better"),
        ("你个老不死的，欠钱还躲。", "old_curse"),
        ("你脑子进水了吧，这么简单的账都算不明白。", "water_in_brain"),
    ],
    "impersonation": [
        ("我是区人民法院执行局的王法官。", "judge_enforcement_bureau"),
        ("这边是市公安局经侦大队，找你核实一笔网贷。", "economic_crime_police"),
        ("我们是国家金融监督管理总局派来协调的。", "sent_by_regulator"),
        ("我是律师事务所的律师，受银行委托正式通知你。", "law_firm_lawyer"),
        ("我们是法院指定的调解机构，今天是最后一次调解。", "court_designated_mediator"),
        ("这里是人民调解委员会，你的纠纷已经转到我们这里。", "peoples_mediation_committee"),
        ("你好，我是检察院的，关于你涉嫌信用卡诈骗的事情。", "procuratorate"),
        ("我们是银保监会的，你的投诉我们收到了，但你得先还款。", "former_regulator"),
        ("我是派出所的民警，你这个欠款的事要来所里说明一下。", "police_station_officer"),
        ("这里是互联网金融协会纠纷处理中心。", "industry_dispute_centre"),
        ("我是区政府金融办的工作人员。", "government_finance_office"),
        ("我以律师的身份正式告诉你，不还就起诉。", "speaks_as_lawyer"),
        ("我就是你这个案子的承办律师。", "case_lawyer"),
        ("这边是仲裁委员会秘书处，你的案子已经受理了。", "arbitration_commission"),
        ("我们是网警，监测到你的账户有异常借贷行为。", "cyber_police"),
        ("我这边是法院立案庭的，打电话跟你确认送达地址。", "court_filing_division"),
        ("我们跟公安是联合办案的，你别不当回事。", "joint_case_with_police"),
        ("你的案子现在由我们调解中心负责，我是调解员小刘。", "mediator_xiao_liu"),
        ("这是法院服务热线转过来的电话，请你配合。", "court_hotline_transfer"),
        ("我是街道办的，社区反映了你欠款的事。", "neighbourhood_office"),
        ("我们是国家反诈中心的，你的贷款有问题。", "anti_fraud_centre"),
        ("这边是人民银行征信中心，你的征信要被注销了。", "credit_reference_centre"),
        ("本人是执行法官，你的财产马上要查封。", "enforcement_judge"),
        ("我们是法院委托的第三方调解平台，调解结果有法律效力。", "court_entrusted_platform"),
        ("我是金融监管局派驻我们公司的专员。", "regulator_stationed_officer"),
        ("我们是司法所的，今天专门来处理你的欠款纠纷。", "judicial_office"),
    ],
    "false_consequence": [
        ("你这已经构成诈骗了，我们随时可以报警。", "already_fraud"),
        ("再不还，法院的传票明天就寄到你家了。", "summons_tomorrow"),
        ("你现在已经被列为失信人员了，高铁飞机都坐不了。", "listed_no_trains"),
        ("逾期超过三个月，直接判三年。", "three_years_sentence"),
        ("你的案子已经在法院立案了，下周开庭。", "case_filed_hearing_next_week"),
        ("不还的话你孩子以后考公务员政审都过不去。", "child_civil_service"),
        ("你名下所有银行卡明天都会被冻结。", "all_cards_frozen"),
        ("这笔钱不还，你这辈子都别想再贷款买房。", "never_a_mortgage"),
        ("你的身份证会被拉黑，以后住酒店都住不了。", "id_card_blacklisted"),
        ("再拖几天就是刑事案件了，到时候警察直接上门带人。", "becomes_criminal_case"),
        ("你这属于恶意逃债，要负刑事责任的。", "criminal_liability"),
        ("我们已经向公安机关报案了，等着被传唤吧。", "reported_to_police"),
        ("你的征信已经花了，全国所有银行都不会再给你办卡。", "no_bank_will_serve"),
        ("你爱人的工资卡也会被一起冻结。", "spouse_salary_frozen"),
        ("你们全家的征信都会受到影响。", "whole_family_credit"),
        ("拘传令已经下来了，你看着办吧。", "summons_order_issued"),
        ("再不还就把你的房子拿去拍卖抵债。", "house_auctioned"),
        ("你这是涉嫌信用卡诈骗罪，金额够立案标准了。", "card_fraud_crime"),
        ("起诉书今天下午就递到法院，明天就开庭。", "hearing_tomorrow"),
        ("你的社保和公积金都会被扣来还款。", "social_security_seized"),
        ("你以后出国签证都办不下来。", "no_visa"),
        ("这次不处理，你的手机号会被运营商联合停机。", "phone_cut_off"),
        ("你这个情况是要被司法拘留十五天的。", "fifteen_days_detention"),
        ("你单位马上会收到法院的协助执行通知，直接扣你工资。", "wage_garnishment_now"),
        ("经侦已经在查你了。", "police_investigating"),
        ("一个月后你的欠款就会翻倍，到时候你更还不起。", "debt_doubles"),
        ("你再不还就坐。牢吧。", "evasion_full_stop_inside_word"),
    ],
    "third_party_disclosure": [
        ("你再不接电话，我就只能打给你妈，让她劝劝你了。", "call_mother_to_pressure"),
        ("你们单位人事的电话我这儿有，要不要我帮你问问你们领导？", "offers_to_ask_boss"),
        ("要是还不上，我就把你欠钱的事发到你们家族群里。", "family_group_chat"),
        ("我们会给你的紧急联系人发函，说明你的逾期情况。", "letter_to_emergency_contacts"),
        ("你爱人知道你在外面借网贷吗？要不我跟她聊聊。", "offers_to_tell_spouse"),
        ("明天我就去你们公司找你领导，让他督促你还款。", "ask_boss_to_push"),
        ("你通讯录里的人都会收到你的欠款通知。", "contacts_get_notice"),
        ("你儿子学校的老师，应该也不希望知道这种事吧。", "childs_teacher_hint"),
        ("你不还的话，我们就把催收函寄到你老家村委会。", "letter_to_village_committee"),
        ("我现在就给你岳父打电话，让他知道女婿是什么样的人。", "call_father_in_law"),
        ("你朋友圈那些人很快都会看到你的欠款信息。", "friends_will_see"),
        ("我们已经联系了你同事张强，他答应帮我们转告你欠款的事。", "told_colleague"),
        ("你不想让你老婆知道的话，今天就把钱还了。", "pay_or_wife_knows"),
        ("你的邻居们很快就会知道你欠钱的事了。", "neighbours_will_know"),
        ("到时候我们把你的照片和欠款金额发到你们小区业主群。", "estate_owners_group"),
        (_call(("agent", "您好，请问是陈明先生吗？"), ("debtor", "我是他爱人，他上班去了。"),
               ("agent", "他在我们这儿的信用卡已经两个月没还了，一共八千多。")), "tells_spouse_amount"),
        (_call(("agent", "请问是周凯本人吗？"), ("debtor", "他在开会，我是他同事。"),
               ("agent", "那你跟他说一声，他网贷逾期了，今天必须处理。")), "tells_colleague_overdue"),
        (_call(("agent", "请问是李伟吗？"), ("debtor", "我是他妈，他不在家。"),
               ("agent", "阿姨，您儿子欠我们平台一万二，您看能不能帮他先垫上？")), "asks_mother_to_pay"),
        (_call(("agent", "你好，是孙浩吗？"), ("debtor", "这是我哥的手机，他出去了。"),
               ("agent", "那麻烦转告他，他那笔分期已经逾期四十天了。")), "message_with_overdue_days"),
        (_call(("agent", "请问是吴磊先生吗？"), ("debtor", "我是他朋友，他手机放我这了。"),
               ("agent", "让他赶紧把钱还了，不然影响征信。")), "friend_told_to_pay"),
        (_call(("agent", "请问是郑强吗？"), ("debtor", "不是，我是他室友。"),
               ("agent", "你跟他住一起是吧，他欠的钱到底什么时候能还？")), "roommate_asked_when"),
        (_call(("agent", "请问是王涛吗？"), ("debtor", "我是他爸，有什么事跟我说。"),
               ("agent", "叔叔，他在我们这借了三万块钱一直没还。")), "tells_father"),
        (_call(("agent", "请问是刘洋先生吗？"), ("debtor", "我是他老婆，什么事你说吧。"),
               ("agent", "您先生本期账单应还3580元，麻烦您提醒他一下。")), "bill_amount_to_wife"),
        (_call(("debtor", "喂？"), ("agent", "是李强吗？"), ("debtor", "不是，我是他舍友。"),
               ("agent", "哦，那你让他把这个月的还款处理一下。")), "repayment_to_roommate"),
        (_call(("agent", "请问是赵刚先生吗？"), ("debtor", "我是他女儿，我爸住院了。"),
               ("agent", "那您家里能不能先帮他把逾期的钱还上？")), "asks_daughter_to_cover"),
        (_call(("agent", "您好，请问是黄鹏吗？"), ("debtor", "他不在，你哪位？"),
               ("agent", "我是他贷款的催收员，他已经很久没还了。")), "collector_says_loan_to_unknown"),
    ],
    "improper_payment": [
        ("你直接转到我支付宝，我帮你处理。", "to_my_alipay"),
        ("你把钱打到我们主管的私人卡上，当天就能销账。", "supervisors_private_card"),
        ("我给你发个收款二维码，扫码付就行。", "payment_qr_code"),
        ("交三百块钱保证金，我们就帮你申请停催。", "deposit_to_stop_collection"),
        ("要减免利息的话，需要先交一笔审核费。", "review_fee"),
        ("你去别的平台借一笔，先把我们这边还上。", "borrow_elsewhere"),
        ("现在很多网贷秒批的，你随便找一个借出来周转一下。", "instant_online_loan"),
        ("用你另外一张信用卡套现出来还我们就行。", "card_cash_out"),
        ("你可以先找人借点高利贷顶上。", "loan_shark"),
        ("加急费两百，交了今天就能把逾期记录消掉。", "rush_fee"),
        ("这个账户是我们财务的个人账户，户名陈芳，你转过去就行。", "named_personal_account"),
        ("微信转我，我帮你代还，省得你跑流程。", "wechat_transfer_to_me"),
        ("你先在花呗上套点出来，把这期补上。", "huabei_cash_out"),
        ("办理协商还款要交五百块的手续费。", "negotiation_fee"),
        ("只要交一千块的诚意金，我就帮你把案子撤回来。", "good_faith_money"),
        ("我们有内部渠道，交点钱就能把征信修复好。", "credit_repair_channel"),
        ("朋友那借不到就去借个小额贷款，很快就到账。", "small_loan_company"),
        ("转到这张卡上就行，收款人是我同事。", "colleagues_card"),
        ("你用白条买个手机卖了，钱不就出来了。", "buy_and_resell"),
        ("先交个逾期管理费，不交系统不让你还款。", "overdue_management_fee"),
        ("把钱转到我老婆的卡上，我这边系统有点问题。", "wifes_card"),
        ("给你一个对私账户，转进去就算你还了。", "private_account"),
        ("你去借呗借出来还给我们，不就结了？", "jiebei_to_repay"),
        ("需要支付三百元的材料费才能办理分期。", "materials_fee"),
        ("找个信用卡代还的中介，他们有办法周转。", "repayment_agent"),
        ("现金交给我们上门的同事就行，不用走App。", "cash_to_visiting_colleague"),
    ],
    "harassment": [
        ("你不接是吧，那我今晚十一点再打给你。", "eleven_tonight"),
        ("从今天开始，我每天给你打二十个电话。", "twenty_a_day"),
        ("你通讯录里的人我会一个一个打过去。", "contacts_one_by_one"),
        ("凌晨两点我也照样给你打。", "two_am"),
        ("今天已经给你打了十五个了，你还不接？", "fifteen_today"),
        ("我会让同事们轮流给你打，一刻不停。", "colleagues_take_turns"),
        ("你不还的话，你们公司的座机我天天打。", "office_landline_daily"),
        ("晚上十点以后我们也会继续联系你。", "after_ten_pm"),
        ("明天早上五点半我准时打给你。", "five_thirty_am"),
        ("你的紧急联系人我们已经全部打了一遍。", "all_emergency_contacts"),
        ("这周我们已经打了你四十多次了。", "forty_times_this_week"),
        ("我们会不停地给你发短信，直到你还钱。", "nonstop_texts"),
        ("你换几个号我们都能打到。", "any_number_you_switch"),
        ("半夜一点我们会再联系你的。", "one_am"),
        ("每天早中晚各打一次，直到你处理为止。", "three_times_daily_until"),
        ("今晚你别想睡个安稳觉，电话会一直响。", "phone_rings_all_night"),
        ("你们公司前台的电话我一天打十几遍。", "front_desk_dozen_times"),
        ("给你亲戚朋友挨个打电话，问他们认不认识你。", "relatives_one_by_one"),
        ("你不接我就每五分钟拨一次。", "every_five_minutes"),
        ("现在是晚上十一点半，我打来就是要告诉你，这事没完。", "calls_at_half_eleven"),
        ("你手机关机我们就打你家座机，打到你开机为止。", "until_you_switch_on"),
        ("三天之内我们会把你通讯录的人都打一遍。", "whole_contact_list"),
        ("一个小时打你十次，看你接不接。", "ten_an_hour"),
        ("我们系统会自动给你拨号，一天一百多次。", "autodialer"),
        ("我们已经连续一周每天给你打几十个电话了。", "dozens_daily_for_a_week"),
        ("我们不会停，会一直打到你还钱。", "negation_in_previous_clause"),
        ("我们不会停会一直打到你还钱", "negation_hides_threat_same_clause"),
    ],
}

LAWFUL: dict[str, list[tuple[Case, str]]] = {
    "threat_intimidation": [
        ("我们不会上门，也不会派人去找您，您放心。", "no_visit_no_people"),
        ("如果需要，我们可以安排工作人员上门为您办理分期手续，会提前跟您预约时间。", "scheduled_visit_by_appointment"),
        ("按公司规定，外访前我们会提前电话跟您预约，并征得您的同意。", "field_visit_policy_with_consent"),
        ("您说的新地址我记下了，以后账单就寄到这个地址。", "mailing_address"),
        ("您刚才说孩子刚上小学，开销确实大，我能理解。", "quotes_childs_school"),
        ("我得如实跟您说明后果：逾期会上报征信。", "states_consequence_calmly"),
        ("您别担心，我们找您只是想商量个还款方案。", "we_just_want_a_plan"),
        ("我们的人不会去您家，也不会去您单位。", "nobody_goes_to_home_or_work"),
        ("您稍等，我帮您查一下。", "please_hold"),
        ("那我等您电话，您方便了随时打给我们。", "wait_for_your_call"),
        ("您说我们会上门？不会的，我们只通过电话和短信联系您。", "quotes_visit_fear_then_denies"),
        ("您放心，我们是正规机构，不会有任何人去打扰您的家人。", "no_one_disturbs_family"),
        ("您也可以来我们营业网点，工作人员会当面给您核对。", "visit_our_branch"),
        ("您的住址是申请时留的，我们只用来寄送账单。", "address_only_for_bills"),
        ("您要是方便，也可以到线下网点当面谈，地址我短信发您。", "meet_at_branch"),
        ("我们有困难客户帮扶政策，您别有顾虑。", "hardship_policy"),
        ("这个事情总要解决的，拖着对您也没有好处。", "delay_helps_nobody"),
        ("您担心我们找到您家里去？不会的，请放心。", "worry_about_home_denied"),
        ("天冷路滑，您出门注意安全，我们明天再联系。", "kind_safety_wish"),
        ("上门是不会的，我们只是电话提醒。", "postposed_negation_visit"),
        ("您反映有人跑到您家楼下堵您？那绝对不是我们的人，我帮您登记投诉。", "reports_someone_elses_conduct"),
    ],
    "insult_abuse": [
        ("我们不会把您当老赖，只是想跟您一起解决问题。", "not_treated_as_laolai"),
        ("您刚才说我们是骗子，我理解您的担心，您可以拨打官方客服核实我的工号。", "quotes_cheat_accusation"),
        ("最近冒充我们的骗子很多，请您不要轻信陌生来电。", "warns_about_cheats"),
        ("您放心，您只是暂时逾期，跟老赖完全是两回事。", "not_a_laolai"),
        ("您先别哭，我们慢慢说。", "please_dont_cry"),
        ("您别生气，刚才可能是我没解释清楚。", "dont_be_angry"),
        ("我理解您觉得这个利息不合理。", "understands_objection"),
        ("您说得对，是我们的疏忽，没有及时寄账单。", "admits_fault"),
        ("您骂我没关系，我们还是先把问题解决了。", "being_scolded_is_ok"),
        ("您觉得那是垃圾短信？那条其实是我们发的还款提醒。", "junk_text_quoted"),
        ("您家里有病人要照顾，确实不容易。", "sick_family_member"),
        ("这个数您可能没听清，我再说一遍。", "repeat_the_number"),
        ("这没什么丢人的，很多人都遇到过。", "nothing_shameful"),
        ("您不用觉得不好意思，谁都有手头紧的时候。", "no_need_to_be_embarrassed"),
        ("您刚才说我们是一帮流氓，我能理解您的情绪。", "quotes_hooligans"),
        ("无论如何我们都不会辱骂客户，您有意见可以投诉。", "we_never_insult"),
        ("您是说您家人说您没出息？别这么想，谁都会遇到难处。", "quotes_family_remark"),
        ("您这样说我也理解，没有人愿意逾期。", "nobody_wants_overdue"),
        ("骗子电话确实多，您谨慎一点是对的。", "caution_about_scam_calls"),
        ("您身体有病在治疗的话，我们可以帮您申请延期。", "illness_extension"),
        ("您说的也不无道理，我们再核实一下。", "has_a_point"),
    ],
    "impersonation": [
        ("我是安达银行信用卡中心的客服，不是法院也不是公安。", "not_court_or_police"),
        ("如果协商不成，银行可能会按合同委托律师事务所处理。", "law_firm_per_contract"),
        ("我们只是银行委托的催收公司，没有任何执法权。", "licensed_agency_no_powers"),
        ("您对我们的工作有意见，可以向金融监管部门投诉，电话是12378。", "complain_to_regulator"),
        ("诉讼是法院的程序，我们这边没法替法院做任何决定。", "cannot_decide_for_court"),
        ("您可以咨询您自己的律师，确认合同条款。", "consult_own_lawyer"),
        ("法院的事情要法院来判，我只能跟您说银行这边的处理方式。", "court_decides_court_matters"),
        ("我们不代表任何政府部门，只代表银行跟您协商还款。", "no_government_role"),
        ("您说的调解，可以通过银行业纠纷调解中心申请，这是您的权利。", "mediation_is_your_right"),
        ("我们公司法务部会审核您的减免申请。", "legal_department_reviews"),
        ("我是信用卡中心的客服专员，工号4521。", "plain_introduction"),
        ("有人冒充公安让您转账的话，一定不要理。", "warns_police_impostors"),
        ("警察不会因为信用卡逾期给您打电话，如果有人这么说就是诈骗。", "police_dont_call_about_cards"),
        ("您可以去人民银行征信中心查询您的信用报告。", "check_credit_report"),
        ("您要是想走法律途径，可以自己找律师，我们尊重您的选择。", "own_legal_route"),
        ("我是贷后管理部的，姓周，这个电话是我们公司的官方号码。", "post_loan_department"),
        ("您说您是律师？好的，那我们按程序跟您沟通。", "debtor_is_a_lawyer"),
        ("如果走到诉讼那一步，会由法院依法送达文书，不会是我们打电话通知。", "court_serves_documents"),
        ("我们公司跟法院没有任何关系，这一点您放心。", "no_relation_to_court"),
        ("您可以打12378银行保险消费者投诉热线核实我们的资质。", "verify_via_hotline"),
    ],
    "false_consequence": [
        ("逾期记录会按规定报送人民银行征信系统。", "credit_reporting"),
        ("如果长期不还，银行有权依法向法院提起诉讼。", "lawsuit_right"),
        ("信用卡逾期是民事纠纷，不会坐牢，但会影响您的信用记录。", "civil_not_jail"),
        ("法院判决后仍不履行的，才可能被列为失信被执行人。", "defaulter_list_only_after_judgment"),
        ("逾期期间会按合同计收罚息和违约金。", "penalty_interest"),
        ("没有什么黑名单，只有如实记录的征信报告。", "no_blacklist"),
        ("您的家人不会因为这件事受到任何影响。", "family_unaffected"),
        ("您孩子上学不会受影响，这个您放心。", "child_school_unaffected"),
        ("网上说的坐不了高铁是针对失信被执行人的，您现在不是。", "train_ban_explained"),
        ("我们不会报警，这是合同纠纷，按法律程序走。", "no_police_contract_dispute"),
        ("逾期时间越长，对您以后申请房贷车贷的影响越大。", "longer_overdue_bigger_impact"),
        ("如果走到诉讼，诉讼费用可能也由您承担，这是合同约定的。", "litigation_costs"),
        ("拘留、判刑这些都不会，您别听网上瞎说。", "no_detention_or_sentence"),
        ("我们不会冻结您的账户，也没有这个权力。", "cannot_freeze_accounts"),
        ("如果法院判决后还不履行，法院可以依法强制执行，这是法律程序。", "enforcement_after_judgment"),
        ("只要按约定还款，逾期记录就不会继续增加。", "pay_and_record_stops"),
        ("您说的全国黑名单是谣言，征信只是如实记录。", "blacklist_is_rumour"),
        ("这个情况不涉及刑事责任。", "no_criminal_liability"),
        ("如果一直不还款，卡片可能会被停用，额度也会冻结。", "card_suspended"),
        ("您刚才说怕被抓，不会的，这是民事上的欠款。", "quotes_arrest_fear"),
        ("逾期不会影响您家人的征信，征信是个人的。", "family_credit_unaffected"),
    ],
    "third_party_disclosure": [
        (_call(("agent", "请问是陈明先生吗？"), ("debtor", "我是他爱人，他上班去了。"),
               ("agent", "好的，那麻烦您转告他回个电话，打我们的官方客服就行。")), "message_to_spouse"),
        (_call(("agent", "请问是周凯本人吗？"), ("debtor", "他出差了，我是他同事。"),
               ("agent", "好的，那我晚点再联系他，谢谢您。")), "call_back_later_colleague"),
        (_call(("agent", "请问是李伟吗？"), ("debtor", "我是他妈，他不在家。"),
               ("agent", "阿姨，具体事情涉及他个人隐私，我只能跟他本人说，麻烦让他回个电话。")), "privacy_to_mother"),
        ("我们不会告诉您家人，也不会联系您单位。", "promise_not_to_tell"),
        ("您放心，您的欠款信息我们只跟您本人沟通。", "only_with_borrower"),
        (_call(("agent", "请问是黄鹏本人吗？"), ("debtor", "是我，什么事？"),
               ("agent", "您可以跟家里人商量一下，看能不能先周转一部分。")), "borrower_may_ask_family"),
        (_call(("agent", "请问是吴磊吗？"), ("debtor", "我是他朋友，他欠了多少钱？"),
               ("agent", "这个我不方便透露，请他本人联系我们。")), "refuses_amount"),
        (_call(("agent", "请问是郑强吗？"), ("debtor", "我是他老婆，他是不是欠你们钱了？"),
               ("agent", "抱歉，具体情况需要他本人来电，我这边不能说。")), "refuses_to_confirm"),
        (_call(("agent", "请问是王涛吗？"), ("debtor", "对，是我。"), ("agent", "王先生，您这期账单4200元已经逾期15天了。"),
               ("debtor", "我老婆不知道这事。"), ("agent", "您放心，我们不会告诉您爱人的。")), "reassures_borrower"),
        (_call(("agent", "请问是刘洋本人吗？"), ("debtor", "嗯，我是。"),
               ("agent", "您爱人之前帮您接过一次电话，我们当时只请她转告您回电，没说别的。")), "recalls_lawful_message"),
        (_call(("agent", "请问是孙浩吗？"), ("debtor", "我是他同事，他出差了。"),
               ("agent", "好的，请问他大概什么时候方便接电话？")), "asks_when_available"),
        (_call(("agent", "请问是王磊先生吗？"), ("debtor", "我是他老婆，你等下。"), ("debtor", "喂，我是王磊。"),
               ("agent", "王先生您好，麻烦核对一下身份证后四位。"), ("debtor", "0417。"),
               ("agent", "王先生，您这期账单4200元逾期15天了。")), "handover_then_verified"),
        (_call(("agent", "请问是赵刚先生吗？"), ("debtor", "是我。我爸问起来你们会跟他说吗？"),
               ("agent", "不会的，您家人问起我们也不会透露任何信息。")), "promises_family_privacy"),
        (_call(("agent", "请问是李明吗？"), ("debtor", "他不在，你们是哪里的？"),
               ("agent", "我是瑞丰银行的客服，有点事想找他本人，麻烦他方便时回电。")), "names_bank_only"),
        (_call(("agent", "请问是何军吗？"), ("debtor", "是我。你们不会打给我公司吧？"),
               ("agent", "不会的，我们只和您本人联系。")), "no_calls_to_employer"),
        ("您要是换了号码麻烦告诉我们，免得我们只能请紧急联系人转告您回电。", "emergency_contact_for_callback"),
        (_call(("agent", "请问是张伟吗？"), ("debtor", "我是他妈，你们找他什么事？"),
               ("agent", "阿姨您好，是他个人的一些业务需要他本人处理，麻烦您让他给我们回个电话。")), "personal_matter"),
        (_call(("agent", "请问是许杰吗？"), ("debtor", "我是他老婆。"),
               ("agent", "好的，我是恒信银行的，姓周，他回来麻烦让他回电0571-88886666。")), "leaves_callback_number"),
        (_call(("agent", "请问是林峰本人吗？"), ("debtor", "对，我是。"),
               ("agent", "您刚才说您母亲已经知道欠款的事了，那家里能不能帮您一起想想办法？")), "quotes_borrower_family"),
        (_call(("debtor", "喂？"), ("agent", "您好，我是惠民小额贷款公司的客服，请问是马超先生吗？"),
               ("debtor", "不是，我是他姐。")), "institution_name_with_loan_word"),
        (_call(("agent", "您好，请问是何丽娟女士吗？"), ("debtor", "嗯，是我。"),
               ("agent", "您这期2980元逾期31天了。"), ("debtor", "我老公住院了，他不在家，就我一个人。"),
               ("agent", "理解，那这期2980元您看月底能先还一部分吗？")), "borrower_mentions_husband_away"),
    ],
    "improper_payment": [
        ("请通过瑞丰银行App或者网银还款，不要转给任何个人。", "official_channels_only"),
        ("我们不会收取任何手续费，也不会让您转到私人账户。", "no_fee_no_private_account"),
        ("账单分期会按合同收取分期手续费，费率在App里可以查到。", "installment_fee_per_contract"),
        ("不建议您去借网贷来还款，那样压力会更大。", "advises_against_online_loans"),
        ("您可以先跟家人商量，看能不能周转一下。", "family_help"),
        ("还款账户是我们银行的对公账户，户名是瑞丰银行股份有限公司。", "corporate_account"),
        ("您的自动还款绑定的是您本人的工资卡。", "own_salary_card"),
        ("您要是微信方便，可以在我们的官方公众号里还款。", "official_wechat_account"),
        ("如果有人让您先交保证金才能办分期，那都是骗子。", "deposit_is_a_scam"),
        ("逾期产生的罚息是合同约定的，不是额外收费。", "penalty_per_contract"),
        ("最低还款720元，您在App上直接还就可以。", "minimum_in_app"),
        ("您的还款会直接进入您的信用卡账户，实时到账。", "into_card_account"),
        ("我不建议您用其他信用卡套现来还，这样风险很大。", "advises_against_cash_out"),
        ("支付宝上搜我们银行的官方生活号也可以还款。", "official_alipay_account"),
        ("您可以把钱存到您自己尾号5503的还款卡里，系统会自动扣。", "own_repayment_card"),
        ("分期不收取额外的服务费，只有合同里写的利息。", "no_service_fee"),
        ("之前有客户被骗转到个人账户，所以我提醒您一下。", "fraud_story"),
        ("您的减免申请我们免费帮您提交，不收任何费用。", "free_waiver_request"),
        ("您别去找网贷了，我们先看看能不能分期。", "dont_take_online_loans"),
        ("如需现金还款，请到我们银行柜台办理，会给您开回单。", "cash_at_counter"),
        ("您刚才说有人让您转到个人账户？那是诈骗，千万别转。", "quotes_scam_request"),
    ],
    "harassment": [
        ("我们不会在晚上十点以后给您打电话。", "no_calls_after_ten"),
        ("我们之前给您打过两次电话都没接通，所以今天再联系您。", "two_unanswered_calls"),
        ("您看明天上午十点给您回电方便吗？", "callback_ten_am"),
        ("抱歉这个时间打扰您，现在是晚上七点半，方便说两句吗？", "half_seven_evening"),
        ("我们只会在工作时间联系您。", "office_hours_only"),
        ("如果您现在不方便，我下午三点再打过来。", "three_pm"),
        ("我们不会给您的通讯录联系人打电话。", "no_contact_list_calls"),
        ("您不希望被频繁打扰的话，我们可以约定一个固定的联系时间。", "fixed_contact_time"),
        ("我每周一上午会给您打一次电话跟进。", "weekly_follow_up"),
        ("之前同事一天给您打了好几次电话，给您造成困扰，我向您道歉。", "apologises_for_colleague"),
        ("您说半夜有人给您打电话？那肯定不是我们，我们晚上十点后不会联系客户。", "quotes_midnight_calls"),
        ("我们一直联系不上您，所以今天再联系一次。", "could_not_reach"),
        ("按照规定，我们每天最多联系您三次。", "daily_limit_rule"),
        ("您放心，我们不会打扰您的家人和同事。", "no_disturbing_family"),
        ("明天早上九点我再跟您确认。", "nine_am_confirmation"),
        ("您工作忙的话，中午十二点给您打可以吗？", "noon_call"),
        ("我们会在还款日前三天给您发短信提醒。", "reminder_text"),
        ("您之前说过晚上八点以后不方便，那我就白天联系您。", "respects_evening_wish"),
        ("我不会一直打电话催您的，咱们定好时间就行。", "wont_keep_calling"),
        ("您要是一直不接，我们会按规定改成短信通知。", "switch_to_text"),
        ("您的紧急联系人我们只会在联系不上您的时候问一下您的新号码。", "emergency_contact_for_number"),
    ],
}


def _hits(case: Case, rubric) -> set[str]:
    """Red lines raised by the sentence, or by the last agent turn of the call."""
    if isinstance(case, str):
        return {red_line_id for red_line_id, _ in red_line_hits_in_text(case, rubric)}
    transcript = Transcript(id="challenge", turns=[{"role": role, "text": text} for role, text in case])
    last_agent = max(index for index, (role, _) in enumerate(case) if role == "agent")
    return {hit.id for hit in detect_red_lines(transcript, rubric) if hit.turn == last_agent}


def red_line_challenge_summary(rubric) -> dict[str, tuple[int, int, int, int]]:
    """Per red line: (violations caught, violations, lawful look-alikes flagged, lawful look-alikes)."""
    summary = {}
    for red_line_id in RED_LINE_IDS:
        caught = sum(red_line_id in _hits(case, rubric) for case, _ in VIOLATING[red_line_id])
        flagged = sum(bool(_hits(case, rubric)) for case, _ in LAWFUL[red_line_id])
        summary[red_line_id] = (caught, len(VIOLATING[red_line_id]), flagged, len(LAWFUL[red_line_id]))
    return summary


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(RUBRIC_DIR)


def test_challenge_set_is_big_enough() -> None:
    for red_line_id in RED_LINE_IDS:
        assert len(VIOLATING[red_line_id]) >= 25, red_line_id
        assert len(LAWFUL[red_line_id]) >= 20, red_line_id
    ids = [case_id for table in (VIOLATING, LAWFUL) for cases in table.values() for _, case_id in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"


@pytest.mark.parametrize(
    ("red_line_id", "case"),
    [pytest.param(red_line_id, case, id=f"{red_line_id}-{case_id}")
     for red_line_id, cases in VIOLATING.items() for case, case_id in cases],
)
def test_violation_is_caught(rubric, red_line_id: str, case: Case) -> None:
    found = _hits(case, rubric)
    assert red_line_id in found, f"{case!r} → {sorted(found)}"


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=f"{red_line_id}-{case_id}") for red_line_id, cases in LAWFUL.items() for case, case_id in cases],
)
def test_lawful_look_alike_is_not_flagged(rubric, case: Case) -> None:
    found = _hits(case, rubric)
    assert not found, f"{case!r} → {sorted(found)}"


def test_debtor_words_never_raise_a_red_line(rubric) -> None:
    """Every violating sentence above, said by the debtor, is never the agent's violation."""
    sentences = [case for cases in VIOLATING.values() for case, _ in cases if isinstance(case, str)]
    turns = [{"role": "agent", "text": "您好，我是瑞丰银行信用卡中心的客服小周，请问是陈明先生本人吗？"}]
    turns += [{"role": "debtor", "text": sentence} for sentence in sentences]
    assert detect_red_lines(Transcript(id="debtor", turns=turns), rubric) == []
