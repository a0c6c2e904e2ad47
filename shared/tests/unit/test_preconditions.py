"""If-Match as every service reads it: an ETag names a version, a stale one is 412, a malformed one 422."""

from __future__ import annotations

import pytest

from folkevalgt_shared.errors import InvalidInput, PreconditionFailed
from folkevalgt_shared.preconditions import check_version, etag, parse_if_match


def test_an_etag_is_the_version_in_quotes_and_reads_back_strong_or_weak() -> None:
    assert etag(3) == {"ETag": '"3"'}
    assert parse_if_match(etag(3)["ETag"]) == parse_if_match('W/"3"') == parse_if_match(" 3 ") == 3
    assert parse_if_match(None) is None


@pytest.mark.parametrize("value", ['"abc"', "*", "", '"3", "4"'])
def test_an_if_match_that_is_not_one_of_our_etags_is_422_naming_the_header(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_if_match(value)
    assert refused.value.errors == [{"field": "If-Match", "message": "not an ETag"}]


def test_only_the_current_version_passes() -> None:
    check_version(4, 4)
    check_version(4, None)  # If-Match is optional
    with pytest.raises(PreconditionFailed) as stale:
        check_version(4, 3, "the item")
    assert stale.value.detail == "the item is at version 4, not 3" and stale.value.extra == {"current_version": 4}
    with pytest.raises(PreconditionFailed) as ahead:
        check_version(4, 5)
    assert "version 4, not 5" in ahead.value.detail
    with pytest.raises(PreconditionFailed) as nothing:
        check_version(None, 1, "the party lists of 2027")
    assert nothing.value.detail == "the party lists of 2027 does not exist yet, so it has no version 1"
