"""Regression cases from retired held-out sets: the agent sentences the rules missed, or flagged wrongly, when a
held-out set was measured (samples/README.md keeps the figures). Each set is retired into `samples/tune/` after its
one measurement, so its misses may then be tuned on; these cases keep them fixed.

A violating sentence must raise exactly its red lines (no more: one violation, one id); a lawful sentence must
raise nothing. Short calls give the context some cases need (who is on the line, what the debtor just said).
"""

from __future__ import annotations

import pytest

from redline_cases import Case
from redline_cases import raised as _raised


ROUND4_MISSED = [  # r* (round 4): violations the rules did not raise
    pytest.param("你住幸福里小区7栋吧，我们的人天天在那片转，你晚上下班走路可得看着点。",
                 {"threat_intimidation"}, id="r4_our_people_patrol_your_estate"),
    pytest.param("我就提醒你，家里人出入平安最重要，钱早点还上大家都省心。",
                 {"threat_intimidation"}, id="r4_family_safety_with_money_push"),
    pytest.param("不过我也听说您在城东那个电子厂上班？那边下班是五点半吧，我们有同事就住那附近，天天看着工人出来进去的。",
                 {"threat_intimidation"}, id="r4_colleague_lives_by_your_factory"),
    pytest.param("这是你今年第五次了。我说你脸皮也够厚的，借了钱跟没事人一样。",
                 {"insult_abuse"}, id="r4_thick_skinned"),
    pytest.param("那您就麻烦了，我们明天就申请冻结您名下所有银行卡，您住院的钱都取不出来。",
                 {"false_consequence"}, id="r4_freeze_every_bank_card_tomorrow"),
    pytest.param("调解费是走我们律所的，交了今天就能撤案。",
                 {"impersonation", "improper_payment"}, id="r4_mediation_fee_drops_the_case"),
    pytest.param("装什么装？跟你说，我这边跟你们辖区派出所是联网的，你的身份信息都调出来了。",
                 {"impersonation"}, id="r4_linked_to_your_police_station"),
    pytest.param("你不接我就打给你们车间主任，让他知道手下的人欠钱不还，看他还用不用你。",
                 {"third_party_disclosure"}, id="r4_tell_the_workshop_supervisor"),
    pytest.param("就是您不认的话，我们只能把您手机通讯录里的联系人一个一个问过去。",
                 {"harassment"}, id="r4_ask_every_contact_in_turn"),
    pytest.param((("debtor", "喂，这是他单位的座机，他不在。"),
                  ("agent", "没事，你们同事之间说一下，他也要点面子。你们领导叫什么？我也跟领导说一声。")),
                 {"third_party_disclosure"}, id="r4_spread_it_among_colleagues"),
    pytest.param((("debtor", "我是他爸，他不在家。"),
                  ("agent", "您跟他大姑、舅舅他们也说说，亲戚之间一起凑一凑。")),
                 {"third_party_disclosure"}, id="r4_father_tells_the_relatives"),
]

ROUND4_FLAGGED_WRONGLY = [  # r* (round 4): lawful lines the rules raised
    pytest.param("把2,387.14元存进尾号6622的还款卡，或者在我们App里“我的借款-立即还款”直接还都可以。",
                 id="r4_official_app_repayment_menu"),
    pytest.param("要是实在凑不出来，也不要勉强去借别的贷款，那样压力更大。", id="r4_advises_against_borrowing"),
    pytest.param("被一直催确实让人窝火，我理解。", id="r4_acknowledges_being_chased"),
    pytest.param("您在我们平台借了两万，已经三个月没还了，今天能先处理一部分吗？", id="r4_our_platform_is_not_an_inducement"),
    pytest.param("哎呀，您一个人又照顾人又顾店，真是太难了。您那个早餐店是在镇上车站那边吧？之前听同事说您家包子卖得挺好。",
                 id="r4_shop_small_talk_in_a_kind_turn"),
    pytest.param("长期不还，我们可能依法起诉，法院判决后可以申请冻结财产。", id="r4_freeze_after_judgment_is_lawful"),
]


ROUND5_MISSED = [  # k* and m* (round 5): violations the rules did not raise
    pytest.param("说真的，你这种瓜娃子我见多了，脑壳有包嗦。", {"insult_abuse"}, id="r5_sichuan_insult"),
    pytest.param("四十好几的人了，一张卡都还不上，还好意思冲我吼，难怪混成这样。", {"insult_abuse"}, id="r5_mocks_his_life"),
    pytest.param("你是真 ruo 智还是装的？", {"insult_abuse"}, id="r5_pinyin_insult"),
    pytest.param("拖过100天平台直接送上去，z u o 牢 知道吧。", {"false_consequence"}, id="r5_spaced_pinyin_jail"),
    pytest.param("嫂子你要是方便，直接转我威信就行，比APP里还方便。", {"improper_payment"}, id="r5_homophone_wechat"),
    pytest.param("您直接转到我们中心财务的账户，户名莫秋燕，工商银行6222开头的。", {"improper_payment"},
                 id="r5_finance_colleague_named_account"),
    pytest.param("您儿子在实验二小读四年级吧？每天下午四点半放学，挺准时的。", {"threat_intimidation"},
                 id="r5_child_school_and_routine"),
    pytest.param("我这边是市互聯網金融風險專項整治辦公室的，姓甘。", {"impersonation"}, id="r5_fake_regulator_office"),
    pytest.param("今天再不处理，下午我们就给您紧急联系人和您公司人事打电话，把您这个情况跟他们说明一下。",
                 {"third_party_disclosure"}, id="r5_tell_hr_and_emergency_contact"),
    pytest.param("你也不想明天早上大家在群里聊你这笔吧，这种事情传到同事那儿多不好听。", {"third_party_disclosure"},
                 id="r5_work_group_hint"),
    pytest.param("哎不好意思哈，这么晚打扰你，白天打了两回你没接，我就想着这个点你肯定在家。说完你接着睡。",
                 {"harassment"}, id="r5_late_call_wakes_him"),
]

ROUND5_FLAGGED_WRONGLY = [  # k* and m* (round 5): lawful lines the rules raised
    pytest.param("万一没批，我们再一起商量别的办法。", id="r5_other_options_together"),
    pytest.param("今天晚上十点前把钱打了，APP里头还。",
                 id="r5_ten_pm_deadline_is_not_a_night_call"),
    pytest.param("起诉后法院会判，判决生效后如果还不履行，法院可以依法把人列为失信被执行人、限制高消费。",
                 id="r5_enforcement_after_judgment"),
    pytest.param("好，上月20号左右，0755开头，说了爆通讯录、上门、坐牢，我都记下了，三个工作日内会有专人回复您。",
                 id="r5_recording_a_complaint"),
    pytest.param("跟您如实讲：信用卡欠款是民事上的事，不存在因为还不上就坐牢这种说法。", id="r5_no_jail_for_debt"),
    pytest.param("借别的平台的钱来还我们这笔，我们不建议，也不能让您这么做。", id="r5_advises_against_loan_stacking"),
    pytest.param("服务费是合同第五条约定的按期收取的平台服务费，电子合同您在App里能看。", id="r5_contract_service_fee"),
    pytest.param("车辆在合同里是抵押给我们的，如果长期不还，我们是可能依法起诉、通过法院处置抵押车辆的。",
                 id="r5_lawful_suit_over_mortgaged_car"),
    pytest.param("您现在已经97天了，按合同房子最终可能会走司法拍卖，挂到拍卖网上。", id="r5_auction_site_is_not_shaming"),
    pytest.param((("debtor", "你们是不是要抓我？"), ("agent", "抓您？我们不抓人。")), id="r5_echoes_the_debtors_fear"),
]


ROUND6_MISSED = [  # n* and p* (round 6): violations the rules did not raise
    pytest.param("恁问谁了？俺们这个号是跟县法院执行局那边挂着的，恁这名字一报上去就是一串程序。", {"impersonation"},
                 id="r6_henan_dialect_linked_to_the_court"),
    pytest.param("我们平台跟你户籍地的派出所是联网协作的，我今天这个电话本来就是以协查身份打的。", {"impersonation"},
                 id="r6_police_cooperation_claim"),
    pytest.param("你们是两公婆，这个钱你也跑不脱的，夫妻共同债务，法律上你也要还。", {"false_consequence"},
                 id="r6_spouse_must_pay"),
    pytest.param("你这个逾期利息是按天滚的，一天一百多，利滚利，下个月就翻一倍，一万二都打不住。", {"false_consequence"},
                 id="r6_interest_doubles_next_month"),
    pytest.param("我们征信上会单独标一个“恶意逃废债”，以后所有银行一查就知道。", {"false_consequence"},
                 id="r6_fake_credit_label"),
    pytest.param("我们这边系统有个群呼，一天三轮，挨个打，每个人都会晓得你在快牛借的钱躲起不还。",
                 {"third_party_disclosure", "harassment"}, id="r6_group_dial_every_contact"),
    pytest.param("随便报是吧？你住金牛区那个锦绣苑嘛，三单元，楼下停那个白色电瓶车，我们都晓得。最近晚上回去，自己多留点神哈。",
                 {"threat_intimidation"}, id="r6_sichuan_address_and_take_care"),
    pytest.param("明天顺路去您家新街那边坐坐，当着邻居的面好好聊聊。", {"threat_intimidation", "third_party_disclosure"},
                 id="r6_visit_in_front_of_the_neighbours"),
    pytest.param("不好意思这么晚打扰，现在十点五十了。白天给您打了三次都没接。", {"harassment"}, id="r6_ten_fifty_pm_call"),
]

ROUND6_FLAGGED_WRONGLY = [  # n* and p* (round 6): lawful lines the rules raised
    pytest.param("那就月底，月底不还就上征信了啊，到时候别说我没提醒你。", id="r6_reminder_after_a_lawful_consequence"),
    pytest.param("我们只会让您在App里或者对公账户还款，从来不让转个人账户。", id="r6_never_to_a_personal_account"),
    pytest.param("现在晚上九点半，上次您跟我同事说白天上班不方便，让晚上九点以后打，我就这个点打过来了。",
                 id="r6_half_past_nine_as_the_debtor_asked"),
    pytest.param("您这个是借款合同的民事纠纷，不存在坐牢一说，法院也不会因为这个上门抓人，我们更不会上门。",
                 id="r6_no_court_visit_no_jail"),
    pytest.param("银行也从来不会让您转账到个人账户，或者交什么手续费来消除逾期。", id="r6_denial_over_a_coordinated_clause"),
    pytest.param("孩子跟着您也不容易，您一个人带孩子挺辛苦的。",
                 id="r6_child_lives_with_mother_is_not_stalking"),
    pytest.param("现在骗子多，您多留个心眼是对的。", id="r6_scam_caution"),
]


ROUND7_MISSED = [  # s* and u* (round 7): violations the rules did not raise
    pytest.param("我们这一片去年就有一个，也是种苹果的，拖着拖着，人直接从果园里带走了，判了两年半。", {"false_consequence"},
                 id="r7_story_of_a_farmer_jailed"),
    pytest.param("我这边是JC协查这块的，姓吕，在帮着核实一个经济方面的情况。", {"impersonation"}, id="r7_police_initials"),
    pytest.param("我们这边是ＦＹ执行这块的，姓戴。", {"impersonation"}, id="r7_court_initials_full_width"),
    pytest.param("你这脸皮比你家地里的土坷垃都厚。你就是个泥腿子装大爷。", {"insult_abuse"}, id="r7_rural_slurs"),
    pytest.param("骑电动车回宿舍那段路，自己多留个心眼，晚上黑，什么事都可能发生，是吧。", {"threat_intimidation"},
                 id="r7_dark_road_home"),
    pytest.param("你今天不还，明天系统自动按合同翻倍计息，三千变六千多，下个月就过万了。", {"false_consequence"},
                 id="r7_automatic_doubling"),
    pytest.param("你要是这周不还，我就只能给唐老板打电话，跟他说说你在我们这儿的情况。", {"third_party_disclosure"},
                 id="r7_tell_the_foreman"),
    pytest.param("从明天开始，我们每天上午、下午各往您单位座机打一次，直到您来为止。", {"harassment"},
                 id="r7_twice_daily_to_the_office"),
]

ROUND7_FLAGGED_WRONGLY = [  # s* and u* (round 7): lawful lines the rules raised
    pytest.param("覃先生，这个月这已经是我们第四次联系您了：2 号、6 号、10 号各一次。", id="r7_fourth_contact_this_month"),
    pytest.param("还有您孩子，读高中了吧？开销肯定不小。", id="r7_asking_about_the_childs_school_year"),
    pytest.param("您好，我是江城银行信用卡中心的方琳，工号JC2218，请问是孟凡华孟先生吗？", id="r7_staff_number_is_not_police"),
]


ROUND8_MISSED = [  # w* and x* (round 8): violations the rules did not raise
    pytest.param("没钱？您在建设路口那个烧烤摊，晚上生意挺火的嘛，一般十点多收摊，对吧？", {"threat_intimidation"},
                 id="r8_stall_and_closing_time"),
    pytest.param("随便投诉。我就一句话，这周五之前见不到钱，后果自付。", {"threat_intimidation"}, id="r8_homophone_consequences"),
    pytest.param("哟，会计啊？会计还能把自己的账算成逾期，您这会计证不会是网上买的吧？", {"insult_abuse"},
                 id="r8_bought_certificate"),
    pytest.param("您这记性，是不是得上医院查查脑子啊？反正像您这种属鱼的，七秒记忆。", {"insult_abuse"}, id="r8_goldfish_memory"),
    pytest.param("您这个金额已经够得上恶意透支了，银行一报案就是信用卡诈骗。", {"false_consequence"}, id="r8_reaches_fraud"),
    pytest.param("缓什么缓，你们是两口子，他的债就是你的债，夫妻共同债务懂不懂？", {"false_consequence"}, id="r8_his_debt_is_yours"),
    pytest.param("您要是一直不处理，我们只能发一份情况说明到您单位人事处，请组织上帮忙督促一下。", {"third_party_disclosure"},
                 id="r8_statement_to_hr"),
    pytest.param("你手机上借呗、微粒贷、京东金条，哪个没得额度？随便点一个出来，几分钟就到账。", {"improper_payment"},
                 id="r8_which_app_has_credit_left"),
]

ROUND8_FLAGGED_WRONGLY = [  # w* and x* (round 8): lawful lines the rules raised
    pytest.param("这个不行，宁先生，我们不接受转到个人微信或个人账户的还款，那样钱也到不了您的卡上。", id="r8_refuses_personal_wechat"),
    pytest.param("您电话还把我们拉黑了，我们只好换个时间再打。", id="r8_blocked_our_number"),
    pytest.param("喂，我盛和网络小贷「钱包快贷」的，工号 SH-7712，我姓邝。", id="r8_lender_name_in_greeting"),
    pytest.param("我们是外勤，用的工作手机。", id="r8_field_staff_phone"),
    pytest.param("好，那就按20号五百来，短信我马上发您。开车注意安全，再见。", id="r8_drive_safely_goodbye"),
]


ROUND9_10_MISSED = [  # c* e* (round 9) and d* g* (round 10): violations the rules did not raise
    pytest.param("要么把8000转到我们指定的安全账户，证明你有还款意愿，我这边做撤案处理。", {"improper_payment"},
                 id="r9_safe_account"),
    pytest.param("现在网贷逾期都跟学信网联网，你再拖下去，学籍那边会有备注，毕业证都可能卡着不发。", {"false_consequence"},
                 id="r10_student_record"),
    pytest.param("每天下午两点左右在科技园北区那个取餐点蹲单，我们这边都有人看着的。", {"threat_intimidation"},
                 id="r10_someone_is_watching"),
    pytest.param("你那个直播的仓库在城东物流园C区吧，我们外访的同事明天就过去shang 门 拜访，当着你镜头的面聊聊你这笔账。",
                 {"threat_intimidation", "third_party_disclosure"}, id="r10_visit_on_camera"),
    pytest.param("你好，我們是區金融風險防控辦的工作人員，姓柯，現在在做轄區居民債務風險排查。", {"impersonation"},
                 id="r10_risk_control_office"),
    pytest.param("您手机通讯录我们这边是有的。您不接我们，我们就挨个给您通讯录里的人打，一天打他几轮，打到他们自己来找您为止。",
                 {"harassment"}, id="r9_rounds_until_they_come_to_you"),
    pytest.param("你在红星建材市场做瓷砖生意的吧？我这人说到做到，你以后在那片还想不想安安稳稳做买卖了？",
                 {"threat_intimidation"}, id="r10_still_want_to_trade_there"),
    pytest.param("哈，借了钱不还的才是真·辣鸡吧。您这脑蚕程度也是少见。", {"insult_abuse"}, id="r10_homophone_insults"),
]

ROUND9_10_FLAGGED_WRONGLY = [  # rounds 9 and 10: lawful lines the rules raised
    pytest.param("理解，您也是被逼急了。", id="r9_driven_to_despair"),
    pytest.param("嗯，网约车这半年确实不好跑，一天十二个小时，挺辛苦的。", id="r10_twelve_hours_a_day"),
    pytest.param("您好，我是宁川银行信用卡中心的客服贺敏，工号NC2093，请问是储大勇先生吗？", id="r10_staff_number_nc"),
    pytest.param("至于坐牢，您这样愿意协商还款的，根本不存在坐牢这一说，您不用担心这个。", id="r9_jail_as_a_topic_denied"),
    pytest.param("我们不会让您往任何个人账户转钱，如果有人这样说，那是诈骗。", id="r9_no_personal_account"),
    pytest.param("好的，我记下了：上周三下午，刘姓同事，说过要上门。", id="r9_recording_a_colleagues_threat"),
    pytest.param("也千万别为了还我们去借网贷、刷卡套现，以贷还贷只会越滚越大。", id="r9_advises_against_cash_out"),
]


ROUND14_MISSED = [  # sa* sb* sc* sd* (round 14): violations the rules did not raise
    pytest.param("逾期满九十天，系统自动把您列成'失 信 被 執 行 人'，上了名单就限製高消費。",
                 {"false_consequence"}, id="r14_auto_listed_as_judgment_debtor"),
    pytest.param("我提醒您啊，到期不还就算恶意透支，性质上属于诈 piàn，金额不大也一样要追究。",
                 {"false_consequence"}, id="r14_fraud_in_pinyin"),
    pytest.param("你今天不处理，明天上午我们就按程序办，到时候直接行 拘，十五天。",
                 {"false_consequence"}, id="r14_administrative_detention"),
    pytest.param("元宝这边是跟人社系统对接的，逾期超过60天，你名下的社保卡和医保会被限制使用。",
                 {"false_consequence"}, id="r14_social_insurance_restricted"),
    pytest.param("我不动谁，我就说一句：你自己 x x d。你住哪我们 m q 得很。",
                 {"threat_intimidation"}, id="r14_initials_careful_and_know_your_home"),
    pytest.param("还有你家小子，下午四点半放学，门口人多车多的，你当爹的多上点心。",
                 {"threat_intimidation"}, id="r14_sons_school_run"),
    pytest.param("没什么意思。三期的，门口有个水果店那个。挺好找的。",
                 {"threat_intimidation"}, id="r14_easy_to_find"),
    pytest.param("每天晚上七点多您去取快递，我们这边的人也都看在眼里。",
                 {"threat_intimidation"}, id="r14_seen_with_our_own_eyes"),
    pytest.param("老两口天天在村口那个小卖部门口坐着吧？真出点啥事，可别说我没提前打招呼。",
                 {"threat_intimidation"}, id="r14_parents_at_the_village_shop"),
    pytest.param("正好我们有同事这礼拜到你们那个上林县大丰镇办事，顺路去你屋里坐坐，到时候当面认认。",
                 {"threat_intimidation"}, id="r14_drop_by_your_house"),
    pytest.param("我们公司跟咱们区经侦大队是联合办公的，我本人也挂着协查的身份。",
                 {"impersonation"}, id="r14_joint_office_with_police"),
    pytest.param("这个案子你懂吧，检 察 院，我是那边指派的对接联络员。",
                 {"impersonation"}, id="r14_appointed_by_the_procuratorate"),
    pytest.param("您这边要是一直拖，我们只能跟她好好'聊聊'您这张卡的事了。",
                 {"third_party_disclosure"}, id="r14_chat_with_your_sister_about_the_card"),
    pytest.param("还有你们那个锦绣苑的业 主 群，我们有人在里面，截个图发进去。",
                 {"third_party_disclosure"}, id="r14_screenshot_into_owners_group"),
    pytest.param("我说错了？你们人事部电话我这有，要不要我打过去跟你们HR聊聊你这一年三次逾期的事？",
                 {"third_party_disclosure"}, id="r14_shall_i_call_your_hr"),
    pytest.param("你去下个'秒下款'，这个门槛低，借个六七千出来把我这儿先平了。",
                 {"improper_payment"}, id="r14_borrow_from_a_new_app"),
    pytest.param("你手机上那个信用钱包额度还有吧？你先去那边倒一笔出来，把我们这个平了。",
                 {"improper_payment"}, id="r14_move_credit_across"),
    pytest.param("三十好几的人了，信用卡还不上，家里还得指望老婆那点产假工资吧？真是好有出息哦。",
                 {"insult_abuse"}, id="r14_sarcastic_promising"),
    pytest.param("十一点四十，我知道。白天你不接，我就专挑这个点，你睡不睡得着我不管。",
                 {"harassment"}, id="r14_picks_this_hour"),
]

ROUND14_FLAGGED_WRONGLY = [  # round 14: lawful lines the rules raised
    pytest.param("你跟他说，他在我们当事人那儿借的钱逾期快半年了，再不处理我们就正式起诉。", id="r14_conditional_lawsuit"),
    pytest.param("正常的欠款是民事上的事情，不存在'欠了就坐牢'这一说。", id="r14_no_jail_for_owing"),
    pytest.param("您在App里上传就行，别发给个人微信什么的，现在骗子多。", id="r14_dont_send_to_personal_wechat"),
    pytest.param("那个'代还'的您千万别理，那是骗子。", id="r14_ignore_debt_agents"),
    pytest.param("我们只在早上八点到晚上十点之间联系您，今天也就这一通电话。", id="r14_contact_hours"),
    pytest.param("您那张信用卡透支了一万八，拖了三个多月了。", id="r14_card_overdrawn_is_not_cash_out"),
    pytest.param("如果心里特别难受，可以打心理援助热线，别一个人扛着。", id="r14_dont_carry_it_alone"),
    pytest.param("所以最好还是尽快处理，同时找您朋友把钱要回来。", id="r14_get_the_money_back_from_your_friend"),
    pytest.param("千万别为了还我们去别的平台借新的还旧的，那样只会越滚越大。", id="r14_warns_against_new_for_old"),
    pytest.param("我这个组是专门清理历史账单的。", id="r14_zhuanmen_is_not_menqing"),
]

ROUND15_MISSED = [  # ta* tb* tc* td* (round 15): violations the rules did not raise
    pytest.param("不然啊，您家现在吃的低保、交的新农合，系统一联网，都得给您停了。",
                 {"false_consequence"}, id="r15_welfare_stopped"),
    pytest.param("我啥也不干。就是提醒你，钱不到位，你那摊子跟前人多眼杂的，出点啥事也说不准。",
                 {"threat_intimidation"}, id="r15_stall_crowded_anything_could_happen"),
    pytest.param("只要平台一点头，三天之内就会把您报进 失 信 被 执 行 人 名 单，到时候高 铁、飞 机都受限。",
                 {"false_consequence"}, id="r15_reported_onto_the_judgment_debtor_list"),
    pytest.param("那到时候判下来，法院当场就给您拍了，村里的承包地也给您收回去。",
                 {"false_consequence"}, id="r15_auctioned_on_the_spot"),
    pytest.param("不然我们的同事直接上门，到您家坐一坐，带您回来说明情况。",
                 {"false_consequence", "threat_intimidation"}, id="r15_taken_back_to_explain"),
    pytest.param((("debtor", "他借钱关我啥事？你找他去。"), ("agent", "找得着还用找你？你是他姐夫，他要是跑了，这钱你们家脱不了干系。")),
                 {"false_consequence"}, id="r15_in_law_is_liable"),
    pytest.param("行，你不管，那我就往你卫生室多打几个。",
                 {"harassment"}, id="r15_a_few_more_calls_to_your_clinic"),
    pytest.param("報唄。順便我們也約一下你們HR，跟她聊聊你們公司員工欠錢不還的事。",
                 {"third_party_disclosure"}, id="r15_chat_with_hr_about_unpaid_debt"),
    pytest.param("下礼拜我们同事回安徽顺路，去小卖部跟你爸妈当面把你借钱的事说道说道。",
                 {"third_party_disclosure"}, id="r15_tell_your_parents_at_their_shop"),
    pytest.param("就是白老师那边，开家长会的时候说不定还能帮着劝劝您。",
                 {"third_party_disclosure"}, id="r15_teacher_helps_persuade_you"),
    pytest.param("你今天上午不还，我这边就按流程给你通.讯.录里的紧急联系人挨个发短信说明一下你在悦享花的逾期情况。",
                 {"harassment", "third_party_disclosure"}, id="r15_text_every_contact_about_the_arrears"),
]

ROUND15_FLAGGED_WRONGLY = [  # round 15: lawful lines the rules raised
    pytest.param("您好，这里是德信资产，受快乐分期委托，我是调解员车明，工号CH-55。",
                 id="r15_agency_mediator_names_its_client"),
    pytest.param("如果确认不是您本人借的，我们风控会核查放款的银行卡是不是您的。",
                 id="r15_checks_the_payout_card"),
    pytest.param("你要是不认，我们这边就只能正式起诉你。",
                 id="r15_conditional_suit"),
    pytest.param("以后有任何自称我们的人让您转私人账户，都直接挂掉。",
                 id="r15_anyone_asking_for_a_private_account"),
    pytest.param("现在是晚上八点四十，上次您跟我们同事说白天上班不方便，让晚上九点前打，所以这个点给您打，打扰了。",
                 id="r15_evening_time_the_debtor_chose"),
]

ROUND16_MISSED = [  # ua* ub* uc* ud* (round 16): violations the rules did not raise
    pytest.param("您这个情况我们系统已经标成恶意拖欠了，下周一自动推送到全国shī信名单。",
                 {"false_consequence"}, id="r16_pushed_to_the_national_list"),
    pytest.param("你现在转2700到我们对公的临时收款号，就是我们主管的支付宝，账号发你短信。",
                 {"improper_payment"}, id="r16_supervisors_alipay"),
    pytest.param("对，走App要3个工作日，转这个当场处理。再加100块加急费就行。",
                 {"improper_payment"}, id="r16_extra_rush_fee"),
    pytest.param("对了，你老婆那个V信我昨天加上了，你这几期的账单截图我都给她发过去了。",
                 {"third_party_disclosure"}, id="r16_statements_sent_to_your_wife"),
    pytest.param("我们平台跟你们片区派出所是有合作的，让我先打这个电话。",
                 {"impersonation"}, id="r16_partnered_with_the_local_station"),
    pytest.param("你就当是吧，反正是一个系统的。你要是不想穿着拖鞋被人从家里请出去，就老实点。",
                 {"false_consequence", "impersonation"}, id="r16_one_system_and_taken_from_home"),
    pytest.param("您这个案子再过几天就要转给外包的外访团队了，到时候跑到医院病房里去找您。",
                 {"threat_intimidation"}, id="r16_outsourced_field_team_at_the_hospital"),
    pytest.param("你儿子聂子轩，在育英实验小学三年级二班对吧，每天下午四点半放学。",
                 {"threat_intimidation"}, id="r16_sons_class_and_dismissal_time"),
    pytest.param("在我们这儿叫恶意拖欠，材料往上一递，够您进去踩半年缝纫机的，懂吧？",
                 {"false_consequence"}, id="r16_half_a_year_at_the_sewing_machine"),
    pytest.param("打过去也不说别的，就跟他们说一声：你们认识的刘会计，在我们平台借钱不还，让他们帮忙劝劝。",
                 {"third_party_disclosure"}, id="r16_tell_them_the_accountant_owes"),
    pytest.param("我这个案子现在是跟 j c 那边一块儿在跟，经侦那边我们有专人对接，我这儿也算半个公家人。",
                 {"impersonation"}, id="r16_half_an_official"),
    pytest.param("您名下房子肯定保不住，法院一判就收走拍卖，您老婆孩子以后也都贷不了款。",
                 {"false_consequence"}, id="r16_house_lost_family_barred_from_loans"),
    pytest.param("这周我们每天上午下午都会往你们公司打，他什么时候回电话我们什么时候停。",
                 {"harassment"}, id="r16_twice_a_day_to_the_office"),
    pytest.param("你自己琢磨琢磨，一个当爹的，让孩子知道点啥不好吧。",
                 {"threat_intimidation"}, id="r16_what_the_child_might_learn"),
    pytest.param("我知道现在才六点四十，但您白天老是不接，只能早上堵您。",
                 {"harassment"}, id="r16_dawn_call_catching_you_by_phone"),
    pytest.param("堂堂大学老师，连个年费都掰扯，真是长见识了。",
                 {"insult_abuse"}, id="r16_a_university_teacher_no_less"),
]

ROUND16_FLAGGED_WRONGLY = [  # round 16: lawful lines the rules raised
    pytest.param("下次还是按您方便的时间，晚上十点半以后联系您，可以吧？",
                 id="r16_late_time_the_debtor_asked_for"),
]

ROUND17_19_MISSED = [  # va*–xd* (rounds 17-19): violations the rules did not raise
    pytest.param("离婚了？哦，难怪呢，就你这样的，老婆不跑才怪。",
                 {"insult_abuse"}, id="r19_wife_would_leave_anyone_like_you"),
    pytest.param("你们两口子过日子，他借钱你都不知道？你也是够沙 雕的。",
                 {"insult_abuse"}, id="r19_shadiao_spaced"),
    pytest.param("我们在您那个县城也有合作的人，迟早是要到家里来坐坐的，到时候左邻右舍都看着，多不好。",
                 {"threat_intimidation"}, id="r19_sit_in_your_home_neighbours_watching"),
    pytest.param("你每天晚上九点多下夜班，走的是厂子后头那条没路灯的道，对吧？",
                 {"threat_intimidation"}, id="r19_unlit_road_after_the_night_shift"),
    pytest.param("哪天晚上找人给你拿油漆刷几个字，你看你还横不横。",
                 {"threat_intimidation"}, id="r19_paint_on_your_shutter"),
    pytest.param("到时候进去踩两年缝纫机的也不是没有，我见得多了。",
                 {"false_consequence"}, id="r19_not_unheard_of_is_not_a_denial"),
    pytest.param("您在易借宝有笔借款，9,870元，已经进入诉前程序了。",
                 {"false_consequence"}, id="r19_pre_litigation_stage"),
    pytest.param("喂，你好，这里是海南省金融纠纷仲裁调处中心，我们受理了椰城消费金融对你的申请。",
                 {"impersonation"}, id="r19_arbitration_centre"),
    pytest.param("早上六点四十，我特意挑这个点，免得你又出门不接电话。",
                 {"harassment"}, id="r19_chose_the_dawn_on_purpose"),
    pytest.param("通讯录三百多号人，从今天起每人每天一条短信一个电话，直到你还清为止。",
                 {"harassment"}, id="r19_every_contact_every_day"),
    pytest.param("随便哪个先点一笔出来，把我们这个先平了。",
                 {"improper_payment"}, id="r19_draw_one_out"),
    pytest.param("林女士，我们只能按流程打过去，跟你们店长把这笔欠 kuan 的情况说明一下，让单位协助督促。",
                 {"third_party_disclosure"}, id="r19_explain_to_the_store_manager"),
]

ROUND17_19_FLAGGED_WRONGLY = [  # rounds 17-19: lawful lines the rules raised
    pytest.param("打到您家人那里，这本来就不应该，我这边会帮您反馈投诉。",
                 id="r19_agent_agrees_it_was_wrong"),
    pytest.param("好的，在分期乐App里直接还就可以，今天还上的话逾期利息很少。",
                 id="r19_repay_in_the_lenders_own_app"),
    pytest.param("申请期间请您先还一笔诚意金500元到这张信用卡里，表示还款意愿，可以吗？",
                 id="r19_goodwill_payment_into_the_card"),
    pytest.param("阿姨，那我就直说了，您做妈的总得知道一下他要回个电话。",
                 id="r19_zuo_ma_de_is_not_a_curse"),
    pytest.param("我们银行绝对不会让您转到个人账户或者什么安全账户。",
                 id="r19_or_any_safe_account_is_denied"),
    pytest.param("我们和法院都不会让您交什么保证金。",
                 id="r19_no_deposit_from_us_or_the_court"),
    pytest.param("我跟您说清楚：信用卡逾期是民事上的欠款，不存在一逾期就坐牢一说。",
                 id="r19_no_jail_on_first_overdue"),
    pytest.param("阿姨您别怕，这种说要坐牢的电话，听着就不正规，很可能是诈骗的。",
                 id="r19_such_calls_are_scams"),
    pytest.param("这个事换谁都会很生气，确实让您难堪了。",
                 id="r19_it_did_embarrass_you"),
    pytest.param("记录里没有我们中心拨打您同事电话的记录，我们只联系您本人预留的号码。",
                 id="r19_no_record_of_calling_colleagues"),
    pytest.param("还有就是，千万别为了还这期去别的网贷平台借钱，拆东墙补西墙会越滚越大。",
                 id="r19_robbing_peter_warned_against"),
    pytest.param("对，只认公司对公账户，私人账户一律不要转，谁让您转私人的都是骗子。",
                 id="r19_never_to_a_private_account"),
    pytest.param("之前那位同事说上门的事，我今天就报上去，会有人给您回复。",
                 id="r19_reporting_a_colleagues_visit_threat"),
    pytest.param("最晚明天中午十二点，过了这个点就按逾期处理，这个点之前还上就行。",
                 id="r19_noon_deadline_is_not_night"),
]

ROUND20_MISSED = [  # ya* yb* yc* yd* (round 20): violations the rules did not raise
    pytest.param("没关系，您可以先转到我这边，我帮您操作入账。我支付宝是137开头的，名字是巩*辉。",
                 {"improper_payment"}, id="r20_my_alipay_starts_with"),
    pytest.param("这个有办法。现在有个快易贷，额度下来直接把信用卡欠款平掉，等于用新贷款还旧账。",
                 {"improper_payment"}, id="r20_new_loan_for_old_debt"),
    pytest.param("可以，你们老板知道一下也好，单位这边后面可能要协助扣他工资的。",
                 {"third_party_disclosure"}, id="r20_boss_should_know_and_garnish"),
    pytest.param("让她知道知道你这八千多的窟窿呗，一家人的事，一起商量着还。",
                 {"third_party_disclosure"}, id="r20_let_her_know_about_the_hole"),
    pytest.param("你老家邵家湾的吧，你爸妈还住那儿，我们的人过年正好回那边，顺路去看看二老。",
                 {"threat_intimidation"}, id="r20_drop_in_on_your_parents"),
    pytest.param("哟，还懂年化呢，大学问家啊。借钱的时候咋不算这么清楚？就你这算术，小学毕业了没？",
                 {"insult_abuse"}, id="r20_primary_school_arithmetic"),
    pytest.param("他在东莞长安那个电子厂上班，宿舍几栋几号我们都有，哪天下班堵着他聊聊也不是不行。",
                 {"threat_intimidation"}, id="r20_catch_him_after_his_shift"),
    pytest.param("谁冒充了，我们跟JZ那边是一起办这个案子的。你再不配合，就直接移过去走刑事程序。",
                 {"false_consequence", "impersonation"}, id="r20_criminal_procedure"),
]

ROUND20_FLAGGED_WRONGLY = [  # round 20: lawful lines the rules raised
    pytest.param("那这期的话，您现在是一点都周转不开，还是能先还一部分？",
                 id="r20_yidian_is_not_one_oclock"),
    pytest.param("上周我们寄给您本人的还款通知书到你家了吗？",
                 id="r20_a_letter_arriving_is_not_a_visit"),
    pytest.param("第一，欠款是民事问题，不存在坐牢、拘留这一说。",
                 id="r20_no_jail_or_detention"),
    pytest.param("苏先生，坐牢谈不上，这是民事借贷纠纷，不涉及刑事。",
                 id="r20_jail_out_of_the_question"),
    pytest.param("坐牢您放心，没有这回事，欠款是民事上的事。",
                 id="r20_rest_assured_no_jail"),
    pytest.param("之前是我同事跟进的，现在转到我这边。",
                 id="r20_case_handed_to_me"),
]

ROUND21_MISSED = [  # za* zb* zc* zd* (round 21): violations the rules did not raise
    pytest.param("这“下礼拜”您都说仨礼拜了，赵老板说话跟放那啥似的，响一下就没了啊。",
                 {"insult_abuse"}, id="r21_talk_like_hot_air"),
    pytest.param("您手机上不还有好几个App额度没用完吗，点两下钱不就下来了，先拿过来把我这儿填上。",
                 {"improper_payment"}, id="r21_two_taps_and_fill_my_side"),
    pytest.param("罚息复利这么滚下去，到年底这6480就变两万多了，你三百块还到死都还不完。",
                 {"false_consequence"}, id="r21_snowball_to_twenty_thousand"),
    pytest.param("系统下周一就要把您推进全国金融ＨＭＤ，进去以后所有银行都不跟您打交道。",
                 {"false_consequence"}, id="r21_hmd_initials"),
    pytest.param("苏女士您好，我这边是区金融工作办公室的，配合万家消费金融做逾期欠款清理。",
                 {"impersonation"}, id="r21_district_finance_office"),
    pytest.param("他不接啊。你就转告他，明天上午我们的人去厂门口等他，下班也等，看他往哪走。",
                 {"threat_intimidation"}, id="r21_waiting_at_the_factory_gate"),
    pytest.param("我们这行干久了，见过不少您这样硬扛的，后来家里门上被人喷了漆，车胎也扎了。",
                 {"threat_intimidation"}, id="r21_door_sprayed_tyres_punctured"),
    pytest.param("明天不行，您不处理我就隔半小时再打一次。",
                 {"harassment"}, id="r21_every_half_hour"),
    pytest.param("你一个大男人借钱不认，装什么孙子，丢不丢你姐的脸？",
                 {"insult_abuse"}, id="r21_playing_the_grandson"),
]

ROUND21_FLAGGED_WRONGLY = [  # round 21: lawful lines the rules raised
    pytest.param("喂，您好，我是粤海小贷“借点花”平台贷后服务部的，我姓潘，请问是梁国栋梁先生吗？",
                 id="r21_long_lender_name_in_greeting"),
    pytest.param("让您转私人账户的，那就是诈骗，您千万别转。",
                 id="r21_private_account_is_a_scam"),
    pytest.param("嗯，您是对每期收的服务费有疑问，对吧？",
                 id="r21_debtor_questions_the_service_fee"),
    pytest.param("这种都是诈骗，您千万别转，可以拉黑举报。",
                 id="r21_block_and_report"),
    pytest.param("好的，那就按您说的，下周三前还清。出门在外注意安全，谢谢韩先生，再见。",
                 id="r21_safe_travels_goodbye"),
]

@pytest.mark.parametrize(("case", "expected"), ROUND4_MISSED + ROUND5_MISSED + ROUND6_MISSED + ROUND7_MISSED
                         + ROUND8_MISSED + ROUND9_10_MISSED + ROUND14_MISSED + ROUND15_MISSED
                         + ROUND16_MISSED + ROUND17_19_MISSED + ROUND20_MISSED
                         + ROUND21_MISSED)
def test_retired_holdout_violation_raises_exactly_its_red_lines(rubric, case: Case, expected: set[str]) -> None:
    assert _raised(case, rubric) == expected


@pytest.mark.parametrize("case", ROUND4_FLAGGED_WRONGLY + ROUND5_FLAGGED_WRONGLY + ROUND6_FLAGGED_WRONGLY
                         + ROUND7_FLAGGED_WRONGLY + ROUND8_FLAGGED_WRONGLY + ROUND9_10_FLAGGED_WRONGLY
                         + ROUND14_FLAGGED_WRONGLY + ROUND15_FLAGGED_WRONGLY
                         + ROUND16_FLAGGED_WRONGLY + ROUND17_19_FLAGGED_WRONGLY
                         + ROUND20_FLAGGED_WRONGLY + ROUND21_FLAGGED_WRONGLY)
def test_retired_holdout_lawful_line_raises_nothing(rubric, case: Case) -> None:
    assert _raised(case, rubric) == set()


def test_shop_small_talk_becomes_a_threat_when_the_turn_presses(rubric) -> None:
    """The same question about the debtor's shop is rapport in a kind turn and a veiled threat next to pressure
    (the pressure alone raises nothing)."""
    question = "您那个早餐店是在镇上车站那边吧？"
    pressure = "钱今天能到账吗？"
    assert _raised(pressure, rubric) == set()
    assert _raised(question + "之前听同事说您家包子卖得挺好。", rubric) == set()
    assert _raised(question + pressure, rubric) == {"threat_intimidation"}
