"""Writing an eval report: report.md for people, report.json for tools, and PNG charts with Vietnamese labels."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from eval.scoring import FAILURE_LABELS, EvalReport, ModeMetrics, excerpt

log = logging.getLogger(__name__)

KIND_LABELS: dict[str, str] = {
    "figure": "Số liệu báo cáo",
    "text_fact": "Nội dung văn bản",
    "task_lookup": "Tra cứu một nhiệm vụ",
    "task_list": "Danh sách nhiệm vụ",
    "count": "Đếm nhiệm vụ, chỉ tiêu",
    "deadline": "Thời hạn",
    "indicator": "Chỉ tiêu Phụ lục I",
    "multi_doc": "Kết hợp nhiều văn bản",
    "follow_up": "Câu hỏi tiếp nối",
    "unanswerable": "Ngoài phạm vi tài liệu",
    "english": "Câu hỏi tiếng Anh",
    "no_diacritics": "Gõ không dấu",
    "abbreviation": "Tên viết tắt",
    "old_name": "Tên cơ quan trước sáp nhập",
    "conflicting": "Số liệu không nhất quán",
}
MODE_LABELS: dict[str, str] = {"bm25": "Từ khóa (BM25)", "dense": "Ngữ nghĩa (vector)", "hybrid": "Kết hợp"}
MODE_COLORS: dict[str, str] = {"bm25": "#8DA0CB", "dense": "#66C2A5", "hybrid": "#1F4E79"}
PLOT_FILES: dict[str, str] = {
    "accuracy": "do_chinh_xac_theo_loai.png",
    "retrieval": "truy_hoi_theo_che_do.png",
    "latency": "thoi_gian_tra_loi.png",
    "refusal": "ma_tran_tu_choi.png",
}
# DejaVu Sans ships with matplotlib and covers every Vietnamese letter.
PLOT_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI = 150


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def pct(value: float | None, digits: int = 1) -> str:
    """'62,1%' (Vietnamese decimal comma); '—' when there is no value."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%".replace(".", ",")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


# ------------------------------------------------------------------------------------------- JSON


def report_to_dict(report: EvalReport) -> dict[str, Any]:
    return asdict(report)


def write_json(report: EvalReport, path: Path) -> None:
    path.write_text(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _retrieval_table(metrics: Sequence[ModeMetrics], ks: Sequence[int], mrr_depth: int) -> list[str]:
    head = ["Chế độ", "Số ca", *[f"Recall@{k}" for k in ks], f"MRR@{mrr_depth}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in metrics:
        row = [
            MODE_LABELS.get(m.mode, m.mode),
            str(m.cases),
            *[pct(m.recall_at[k]) for k in ks],
            f"{m.mrr:.3f}",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def render_markdown(report: EvalReport, plots: dict[str, Path]) -> str:
    correct = sum(k.correct for k in report.by_kind)
    r = report.refusal
    valid = sum(c.valid for rec in report.records for c in rec.citations)
    lines = [
        "# Báo cáo đánh giá Trợ lý NQ57",
        "",
        f"- Bộ câu hỏi: `{report.question_set}` ({report.cases} câu)",
        f"- Hệ thống được đánh giá: {report.target}",
        f"- Thời điểm chạy: {report.created_at}",
        "",
        "## Kết quả chính",
        "",
        "| Chỉ số | Giá trị |",
        "|---|---|",
        f"| Trả lời đúng | {pct(report.accuracy)} ({correct}/{report.cases}) |",
        f"| Từ chối đúng lúc: độ chính xác / độ phủ | {pct(r.precision)} / {pct(r.recall)} |",
        f"| Trích dẫn đúng nguyên văn | {pct(report.citation_validity)} ({valid}/{report.citations}) |",
        f"| Trích dẫn đúng chỗ có bằng chứng | {pct(report.citation_relevance)} |",
        f"| Câu trả lời không kèm trích dẫn | {report.cases_without_citations} |",
        (
            f"| Nhiệm vụ liệt kê: độ phủ / độ chính xác ({report.task_cases} ca) | "
            f"{pct(report.task_recall)} / {pct(report.task_precision)} |"
        ),
        (
            f"| Thời gian trả lời: trung vị / p95 / lâu nhất | {seconds(report.latency_p50)} / "
            f"{seconds(report.latency_p95)} / {seconds(report.latency_max)} |"
        ),
        f"| Lỗi khi trả lời | {report.errors} |",
        "",
        "## Trả lời đúng theo loại câu hỏi",
        "",
        "| Loại | Mã | Số câu | Đúng | Tỷ lệ |",
        "|---|---|---|---|---|",
    ]
    for k in report.by_kind:
        lines.append(f"| {kind_label(k.kind)} | `{k.kind}` | {k.cases} | {k.correct} | {pct(k.accuracy)} |")
    if "accuracy" in plots:
        lines += ["", f"![Trả lời đúng theo loại câu hỏi]({plots['accuracy'].name})"]

    lines += ["", "## Truy hồi đoạn văn", ""]
    ret = report.retrieval
    if ret is None or not ret.overall:
        lines.append("Không đánh giá truy hồi trong lần chạy này.")
    else:
        lines += [
            (
                "Một đoạn là đúng khi chứa câu trích bằng chứng hoặc trùng vị trí của nó trong văn bản. "
                f"Recall@k: tỷ lệ câu trích bằng chứng có đoạn đúng trong k đoạn đầu; MRR@{ret.mrr_depth}: "
                "nghịch đảo thứ hạng của đoạn đúng đầu tiên."
            ),
            "",
            *_retrieval_table(ret.overall, ret.ks, ret.mrr_depth),
        ]
        if "retrieval" in plots:
            lines += ["", f"![Truy hồi theo chế độ]({plots['retrieval'].name})"]
        lines += ["", "### Theo loại câu hỏi", ""]
        head = [
            "Loại",
            "Số ca",
            *[f"{MODE_LABELS.get(m, m)} R@{max(ret.ks)}" for m in ("bm25", "dense", "hybrid")],
            f"Kết hợp MRR@{ret.mrr_depth}",
        ]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for kind, metrics in ret.by_kind.items():
            by_mode = {m.mode: m for m in metrics}
            cells = [
                pct(by_mode[m].recall_at[max(ret.ks)]) if m in by_mode else "—"
                for m in ("bm25", "dense", "hybrid")
            ]
            mrr = f"{by_mode['hybrid'].mrr:.3f}" if "hybrid" in by_mode else "—"
            n = metrics[0].cases if metrics else 0
            lines.append(f"| {kind_label(kind)} | {n} | " + " | ".join(cells) + f" | {mrr} |")
        if ret.unlocated:
            lines += ["", "### Câu trích bằng chứng không định vị được", ""]
            for u in ret.unlocated:
                lines.append(f"- `{u.case_id}` ({u.doc_id}): «{_cell(u.quote)}» — {u.reason}")

    lines += [
        "",
        "## Từ chối",
        "",
        "| | Trợ lý từ chối | Trợ lý trả lời |",
        "|---|---|---|",
        f"| Cần từ chối | {r.true_positive} | {r.false_negative} |",
        f"| Có câu trả lời | {r.false_positive} | {r.true_negative} |",
    ]
    if "refusal" in plots:
        lines += ["", f"![Ma trận từ chối]({plots['refusal'].name})"]
    if "latency" in plots:
        lines += ["", "## Thời gian trả lời", "", f"![Thời gian trả lời]({plots['latency'].name})"]

    lines += ["", "## Nguyên nhân sai", ""]
    if not report.failure_counts:
        lines.append("Không có câu sai.")
    for code, n in sorted(report.failure_counts.items(), key=lambda kv: -kv[1]):
        lines.append(f"- {FAILURE_LABELS.get(code, code)} (`{code}`): {n}")

    if report.failures:
        lines += [
            "",
            "## Các câu trả lời sai",
            "",
            "| Mã | Loại | Câu hỏi | Lý do | Còn thiếu | Ý định | Trích câu trả lời |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in report.failures:
            missing = "; ".join(" / ".join(g) for g in f.missing_facts)
            if f.missing_tasks:
                missing = (missing + "; " if missing else "") + "NV " + ", ".join(map(str, f.missing_tasks))
            lines.append(
                f"| `{f.case_id}` | {kind_label(f.kind)} | {_cell(f.question)} | {FAILURE_LABELS.get(f.failure, f.failure)} "
                f"| {_cell(missing) or '—'} | {f.intent or '—'} | {_cell(excerpt(f.answer_excerpt, 200)) or '—'} |"
            )
    if report.notes:
        lines += ["", "## Ghi chú", ""] + [f"- {n}" for n in report.notes]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ plots


def _new_figure(width: float, height: float, layout: Literal["constrained"] | None = None) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A Figure with its own Agg canvas: no pyplot, so no global figure state and no display needed.
    fig = Figure(figsize=(width, height), dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def plot_accuracy(report: EvalReport, path: Path) -> None:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kinds = list(report.by_kind)[::-1]  # matplotlib draws the first bar at the bottom
    fig = _new_figure(10, max(3.8, 0.45 * len(kinds) + 2.2), layout="constrained")
    ax = fig.add_subplot()
    values = [k.accuracy * 100 for k in kinds]
    bands = (("#1F4E79", "Từ 80%"), ("#4F81BD", "50–79%"), ("#C0504D", "Dưới 50%"))
    colors = [bands[0][0] if v >= 80 else bands[1][0] if v >= 50 else bands[2][0] for v in values]
    bars = ax.barh([kind_label(k.kind) for k in kinds], values, color=colors, zorder=2)
    for bar, k in zip(bars, kinds, strict=True):
        ax.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            f"{pct(k.accuracy, 0)} ({k.correct}/{k.cases})",
            va="center",
            fontsize=10,
            zorder=3,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.axvline(report.accuracy * 100, color="#555555", linestyle="--", linewidth=1, zorder=1)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("Tỷ lệ trả lời đúng (%)")
    ax.set_title("Tỷ lệ trả lời đúng theo loại câu hỏi")
    handles: list[Artist] = [Patch(color=c, label=label) for c, label in bands]
    handles.append(Line2D([], [], color="#555555", linestyle="--", label=f"Chung: {pct(report.accuracy, 0)}"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False, fontsize=10)
    fig.savefig(path)


def plot_retrieval(report: EvalReport, path: Path) -> bool:
    ret = report.retrieval
    if ret is None or not ret.overall:
        return False
    groups = [f"Trong {k} đoạn đầu" if k > 1 else "Đoạn đầu tiên" for k in ret.ks] + [f"MRR@{ret.mrr_depth}"]
    fig = _new_figure(10, 5.2)
    ax = fig.add_subplot()
    n_modes = len(ret.overall)
    width = 0.8 / n_modes
    for i, m in enumerate(ret.overall):
        values = [m.recall_at[k] * 100 for k in ret.ks] + [m.mrr * 100]
        xs = [g + (i - (n_modes - 1) / 2) * width for g in range(len(groups))]
        bars = ax.bar(
            xs,
            values,
            width * 0.95,
            label=MODE_LABELS.get(m.mode, m.mode),
            color=MODE_COLORS.get(m.mode, "#999999"),
        )
        for bar, v in zip(bars, values, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height() + 1,
                f"{v:.0f}",
                ha="center",
                va="bottom",
                fontsize=9,
            )
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 122)  # headroom above 100% for the value labels and the legend
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Tỷ lệ tìm thấy bằng chứng (%)")
    ax.set_xlabel(
        f"{ret.overall[0].cases} câu hỏi có bằng chứng · MRR (thứ hạng nghịch đảo trung bình) nhân 100",
        fontsize=10,
        color="#555555",
    )
    ax.set_title("Chất lượng truy hồi đoạn văn chứa bằng chứng")
    ax.legend(loc="upper center", ncol=n_modes, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    return True


def plot_latency(report: EvalReport, path: Path) -> bool:
    latencies = [r.latency_s for r in report.records if r.error is None]
    if not latencies:
        return False
    fig = _new_figure(9, 4.8)
    ax = fig.add_subplot()
    counts, _edges, patches = ax.hist(
        latencies, bins=min(20, max(5, len(latencies) // 5)), color="#4F81BD", edgecolor="white"
    )
    for count, patch in zip(counts, patches, strict=True):
        if count:
            ax.text(
                patch.get_x() + patch.get_width() / 2,
                patch.get_height(),
                f"{int(count)}",
                ha="center",
                va="bottom",
                fontsize=9,
            )
    for value, label, style in (
        (report.latency_p50, "Trung vị", "-"),
        (report.latency_p95, "Phân vị 95", "--"),
    ):
        ax.axvline(value, color="#C0504D", linestyle=style, linewidth=1.2, label=f"{label}: {seconds(value)}")
    ax.set_xlabel("Thời gian trả lời một câu hỏi (giây)")
    ax.set_ylabel("Số câu hỏi")
    ax.set_title("Phân bố thời gian trả lời")
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    return True


def plot_refusal(report: EvalReport, path: Path) -> None:
    r = report.refusal
    matrix = [[r.true_positive, r.false_negative], [r.false_positive, r.true_negative]]
    good = [[True, False], [False, True]]
    fig = _new_figure(6.4, 5.2)
    ax = fig.add_subplot()
    total = max(1, sum(map(sum, matrix)))
    for i in range(2):
        for j in range(2):
            shade = 0.15 + 0.85 * matrix[i][j] / total
            color = (0.12, 0.31, 0.47, shade) if good[i][j] else (0.75, 0.31, 0.30, shade)
            ax.add_patch(_rectangle(j, 1 - i, color))
            ax.text(
                j + 0.5,
                1 - i + 0.5,
                str(matrix[i][j]),
                ha="center",
                va="center",
                fontsize=22,
                fontweight="bold",
                color="white" if shade > 0.5 else "#222222",
            )
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["Trợ lý từ chối", "Trợ lý trả lời"])
    ax.set_yticks([1.5, 0.5], ["Cần từ chối", "Có câu trả lời"])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("Từ chối khi tài liệu không có câu trả lời")
    ax.set_xlabel(f"Độ chính xác khi từ chối: {pct(r.precision, 0)} · Độ phủ: {pct(r.recall, 0)}")
    fig.tight_layout()
    fig.savefig(path)


def _rectangle(x: float, y: float, color: tuple[float, float, float, float]) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 1, 1, facecolor=color, edgecolor="white", linewidth=3)


def write_plots(report: EvalReport, out_dir: Path) -> dict[str, Path]:
    """Draw the charts into out_dir; returns the ones drawn by name (accuracy, retrieval, latency, refusal)."""
    import matplotlib

    paths = {name: out_dir / file for name, file in PLOT_FILES.items()}
    drawn: dict[str, Path] = {}
    with matplotlib.rc_context(PLOT_STYLE):  # type: ignore[arg-type]
        if report.by_kind:
            plot_accuracy(report, paths["accuracy"])
            drawn["accuracy"] = paths["accuracy"]
        if plot_retrieval(report, paths["retrieval"]):
            drawn["retrieval"] = paths["retrieval"]
        if plot_latency(report, paths["latency"]):
            drawn["latency"] = paths["latency"]
        plot_refusal(report, paths["refusal"])
        drawn["refusal"] = paths["refusal"]
    return drawn


def write_report(report: EvalReport, out_dir: Path) -> list[Path]:
    """Write report.md, report.json and the charts into out_dir (created when missing); returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plots = write_plots(report, out_dir)
    md = out_dir / "report.md"
    md.write_text(render_markdown(report, plots), encoding="utf-8")
    js = out_dir / "report.json"
    write_json(report, js)
    log.info("eval_report_written dir=%s files=%d", out_dir, 2 + len(plots))
    return [md, js, *plots.values()]
