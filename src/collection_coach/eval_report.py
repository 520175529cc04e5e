"""Write the eval report: report.json (schema in eval/report.schema.json) and a self-contained report.html
(inline CSS and SVG, no scripts or external assets; every text from samples or graders is escaped)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Optional, Sequence, Union

from .eval_charts import CHART_CSS, Bar, bar_chart
from .eval_report_model import Comparison, Difference, EvalReport, Interval

HEADLINE_NAMES = {
    "overall_exact_agreement": "评分项完全一致率", "overall_within_one_agreement": "评分项相差≤1档比例",
    "mean_weighted_kappa": "平均加权 Kappa", "red_line_recall": "红线召回率", "red_line_precision": "红线精确率",
    "red_line_f1": "红线 F1", "pass_fail_precision": "不通过判定精确率", "pass_fail_recall": "不通过判定召回率",
    "evidence_verification_rate": "证据核验通过率", "unscored_rate": "未评分比例",
}
STATUS_NAMES = {"pass": "通过", "fail": "未通过", "skipped": "跳过"}


class Raw(str):
    """Already-safe HTML for a table cell."""


Cell = Union[str, int, float, None, Raw]


def write_reports(report: EvalReport, out_dir: Path | str) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / "report.json", out / "report.html"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path


def fmt(value: Optional[float], digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _interval(interval: Optional[Interval]) -> str:
    return "" if interval is None else f"[{interval.low:.2f}, {interval.high:.2f}]"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    def cell(value: Cell) -> str:
        if isinstance(value, Raw):
            return value
        if isinstance(value, float):
            return fmt(value)
        return escape("—" if value is None else str(value))

    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell(value)}</td>" for value in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _delta_badge(comparison: Optional[Comparison], metric: str, higher_is_better: bool = True) -> str:
    if comparison is None:
        return ""
    delta = next((item for item in comparison.deltas if item.metric == metric), None)
    if delta is None or delta.change is None or abs(delta.change) < 1e-9:
        return '<span class="delta">±0</span>' if delta and delta.change is not None else ""
    good = (delta.change > 0) == higher_is_better
    arrow = "▲" if delta.change > 0 else "▼"
    return f'<span class="delta {"good" if good else "bad"}">{arrow}{abs(delta.change):.3f}</span>'


def _headline(report: EvalReport) -> str:
    cards = []
    for metric, name in HEADLINE_NAMES.items():
        value = getattr(report.headline, metric)
        badge = _delta_badge(report.comparison, metric, higher_is_better=metric != "unscored_rate")
        cards.append(f'<div class="card"><div class="name">{escape(name)}</div><div class="value">{fmt(value)}'
                     f'</div>{badge}<div class="id">{metric}</div></div>')
    return '<div class="cards">' + "".join(cards) + "</div>"


def _gates(report: EvalReport) -> str:
    if report.gates_passed is None:
        return '<p class="banner neutral">未配置质量门槛。</p>'
    banner = ('<p class="banner ok">全部质量门槛通过</p>' if report.gates_passed
              else '<p class="banner fail">有质量门槛未通过（coach eval 退出码 1）</p>')
    rows = [(Raw(f'<span class="status {gate.status}">{STATUS_NAMES[gate.status]}</span>'), gate.name, gate.value,
             gate.threshold, gate.message) for gate in report.gates]
    return banner + _table(["结果", "门槛", "实际值", "阈值", "说明"], rows)


def _criteria(report: EvalReport, kappa_thresholds: dict[str, float]) -> str:
    rows = [(row.id, row.name, row.n, row.na_mismatch, row.exact_agreement, _interval(row.exact_agreement_ci),
             row.within_one_agreement, row.weighted_kappa, _interval(row.weighted_kappa_ci), row.kappa,
             row.mean_absolute_error, row.mean_signed_error) for row in report.criteria]
    table = _table(["评分项", "名称", "n", "N/A 不一致", "完全一致", "95% 区间", "相差≤1档", "加权 Kappa", "95% 区间",
                    "Kappa", "MAE", "平均偏差(宽松+)"], rows)
    kappa = bar_chart("各评分项加权 Kappa（须线为 95% 区间，红线为门槛）", [
        Bar(f"{row.name or row.id}", row.weighted_kappa, *(_bounds(row.weighted_kappa_ci)),
            threshold=kappa_thresholds.get(row.id)) for row in report.criteria], domain=(-1.0, 1.0))
    leniency = bar_chart("平均偏差：评分器 − 人工（右偏 = 宽松）", [
        Bar(row.name or row.id, row.mean_signed_error) for row in report.criteria], domain=(-2.0, 2.0))
    return table + kappa + leniency


def _bounds(interval: Optional[Interval]) -> tuple[Optional[float], Optional[float]]:
    return (interval.low, interval.high) if interval else (None, None)


def _red_lines(report: EvalReport) -> str:
    rows = [(row.id, row.tp, row.fp, row.fn, row.precision, _interval(row.precision_ci), row.recall,
             _interval(row.recall_ci), row.f1, f"{row.turn_correct}/{row.turn_checked}")
            for row in [report.red_lines.overall, *report.red_lines.per_red_line]]
    table = _table(["红线", "TP", "FP", "FN", "精确率", "95% 区间", "召回率", "95% 区间", "F1", "违规轮次正确"], rows)
    recall_gate = next((gate.threshold for gate in report.gates if gate.name == "min_red_line_recall"), None)
    overall = report.red_lines.overall
    chart = bar_chart("红线召回率（须线为 95% 区间，红线为门槛）", [
        Bar("全部 all", overall.recall, *_bounds(overall.recall_ci), threshold=recall_gate),
        *[Bar(row.id, row.recall, *_bounds(row.recall_ci)) for row in report.red_lines.per_red_line]])
    return table + chart


def _pass_fail(report: EvalReport) -> str:
    p = report.pass_fail
    return ('<p>正类为“不通过”：召回率 = 人工判不通过的通话中评分器也判不通过的比例。</p>'
            + _table(["n", "TP", "FP", "FN", "精确率", "95% 区间", "召回率", "95% 区间", "F1", "准确率"],
                     [(p.n, p.tp, p.fp, p.fn, p.precision, _interval(p.precision_ci), p.recall,
                       _interval(p.recall_ci), p.f1, p.accuracy)]))


def _diagnostics(report: EvalReport) -> str:
    e, u, usage = report.evidence, report.unscored, report.usage
    parts = [
        "<h3>证据核验与未评分</h3>",
        _table(["引用证据的评分项", "核验通过", "通过率", "评分次数", "未评分", "评分器崩溃", "未评分比例"],
               [(e.cited, e.verified, e.rate, u.attempts, u.unscored, u.crashed, u.rate)]),
    ]
    if u.reasons:
        parts.append(_table(["未评分原因", "次数"], list(u.reasons.items())))
    parts += ["<h3>用量、成本与耗时</h3>", _table(
        ["评分次数", "输入 tokens", "输出 tokens", "每次 tokens", "成本(USD)", "每次成本", "平均耗时(s)", "P50", "P95",
         "最长"],
        [(usage.grades, usage.prompt_tokens, usage.completion_tokens, fmt(usage.tokens_per_grade, 0),
          fmt(usage.cost_total, 4), fmt(usage.cost_per_grade, 6), usage.latency_mean_s, usage.latency_p50_s, usage.latency_p95_s, usage.latency_max_s)])]
    if usage.cost_note:
        parts.append(f"<p class=note>{escape(usage.cost_note)}</p>")
    c = report.consistency
    if c is not None:
        parts += [f"<h3>自一致性（每个样本评分 {c.repeat} 次）</h3>", _table(
            ["样本数", "评分项平均极差", "评分项不稳定比例", "总分平均极差", "总分最大极差", "通过/不通过翻转", "红线翻转"],
            [(c.samples, c.criterion_mean_spread, c.criterion_unstable_share, c.total_mean_spread,
              c.total_max_spread, c.pass_fail_flips, c.red_line_flips)])]
        if c.flipped_samples:
            parts.append("<p>结论翻转的样本：" + escape("、".join(c.flipped_samples)) + "</p>")
    return "".join(parts)


def _difference_text(difference: Difference) -> str:
    """Chinese wording for the trainer; the JSON keeps the English `message`."""
    human, grader, name = difference.human, difference.grader, difference.id or ""
    level = {None: "不适用"}
    return {
        "criterion": lambda: f"{name}：人工 {human} 档，评分器 {grader} 档",
        "na": lambda: f"{name}：人工 {level.get(human, human)}，评分器 {level.get(grader, grader)}",
        "red_line_missed": lambda: f"漏报红线 {name}（人工标注轮次 {human}）",
        "red_line_false": lambda: f"误报红线 {name}（评分器标在第 {grader} 轮，人工未标注）",
        "red_line_turn": lambda: f"红线 {name} 轮次不符：人工 {human}，评分器 {grader}",
        "passed": lambda: f"通过判定不同：人工{'通过' if human else '不通过'}，评分器{'通过' if grader else '不通过'}",
        "unscored": lambda: f"未评分：{grader}",
    }[difference.kind]()


def _disagreements(report: EvalReport) -> str:
    if not report.disagreements:
        return "<p>评分器与人工标注没有分歧。</p>"
    rows = [(item.path, item.sample_id, item.repeat + 1, f"{item.severity:g}",
             Raw("<br>".join(escape(_difference_text(d)) for d in item.differences))) for item in report.disagreements]
    return _table(["样本文件", "样本 id", "第几次", "严重度", "分歧"], rows)


def _comparison(report: EvalReport) -> str:
    comparison = report.comparison
    if comparison is None:
        return "<p>没有同一样本集的上一次运行可比较。</p>"
    rows = [(d.metric, d.previous, d.current, Raw(_delta_badge(comparison, d.metric, d.metric != "unscored_rate")))
            for d in comparison.deltas]
    return (f"<p>上一次运行 #{comparison.previous_run_id}（{escape(comparison.previous_created_at or '')}）"
            f"评分器：{escape(str(comparison.previous_grader))}</p>" + _table(["指标", "上次", "本次", "变化"], rows))


def render_html(report: EvalReport) -> str:
    run, grader = report.run, report.grader
    info = _table(["样本集", "路径", "样本(已加载/找到)", "重复", "并发", "评分器", "模型", "评分标准版本", "提示词版本",
                   "开始时间", "耗时(s)"],
                  [(run.sample_set, ", ".join(run.paths), f"{run.samples_loaded}/{run.samples_found}", run.repeat,
                    run.concurrency, grader.kind, grader.model, grader.rubric_version, grader.prompt_version,
                    run.started_at, run.duration_s)])
    errors = (_table(["样本文件", "阶段", "错误"], [(e.path, e.stage, e.message) for e in report.errors])
              if report.errors else "<p>无。</p>")
    thresholds = {g.name.split(".", 1)[1]: g.threshold for g in report.gates if g.name.startswith("min_kappa.")}
    sections = [
        ("概要", _headline(report) + info + (f"<p class=note>区间：{escape(run.bootstrap)}</p>" if run.bootstrap else "")),
        ("质量门槛", _gates(report)), ("与上次运行比较", _comparison(report)),
        ("各评分项一致性", _criteria(report, thresholds)), ("红线", _red_lines(report)),
        ("通过 / 不通过", _pass_fail(report)), ("诊断", _diagnostics(report)),
        ("分歧最大的样本", _disagreements(report)), ("样本错误", errors),
    ]
    body = "".join(f"<section><h2>{escape(title)}</h2>{content}</section>" for title, content in sections)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>评分器一致性评估 · '
            f'{escape(run.started_at)}</title><style>{PAGE_CSS}{CHART_CSS}</style></head><body>'
            f"<h1>评分器一致性评估报告</h1>{body}"
            f'<footer>schema_version {report.schema_version} · report.json 同目录</footer></body></html>\n')


PAGE_CSS = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card .name { font-size: 12px; color: #555; } .card .value { font-size: 20px; font-weight: bold; }
.card .id { font-size: 10px; color: #999; }
.delta { font-size: 12px; margin-left: 4px; } .delta.good { color: #1e8449; } .delta.bad { color: #c0392b; }
.banner { padding: 8px 12px; border-radius: 6px; font-weight: bold; }
.banner.ok { background: #e8f6ec; color: #1e8449; } .banner.fail { background: #fdecea; color: #c0392b; }
.banner.neutral { background: #f4f6f8; }
.status.pass { color: #1e8449; } .status.fail { color: #c0392b; font-weight: bold; } .status.skipped { color: #888; }
.note { color: #666; font-size: 12px; } footer { margin-top: 32px; color: #999; font-size: 11px; }
"""
