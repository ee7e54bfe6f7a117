"""The project's one error hierarchy: each error has a stable code, an HTTP status and a Vietnamese message."""

from __future__ import annotations


class Nq57Error(Exception):
    """Base error. `message` is Vietnamese, quotes the bad value and says what to do next."""

    code = "loi_he_thong"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentError(Nq57Error):
    """A source document cannot be read or parsed; ingest skips it and goes on."""

    code = "van_ban_loi"
    status = 422


class UnsupportedFormatError(DocumentError):
    code = "dinh_dang_khong_ho_tro"
    status = 415


class IndexMissingError(Nq57Error):
    code = "chua_co_chi_muc"
    status = 503


class IndexMismatchError(Nq57Error):
    """The index on disk was built with other settings than the server's."""

    code = "chi_muc_khong_khop"
    status = 503


class InvalidRequestError(Nq57Error):
    code = "yeu_cau_khong_hop_le"
    status = 400


class NotFoundError(Nq57Error):
    code = "khong_tim_thay"
    status = 404


class DependencyMissingError(Nq57Error):
    """An optional dependency is not installed; the message gives the install command."""

    code = "thieu_thu_vien"
    status = 500
