"""Issue 20, defect 3: the platform's one cap on the mail that visitors' posts send."""

import pytest

from kouvola_alue.limits.recipients import MAILS_PER_DAY, mail_allowed

pytestmark = pytest.mark.django_db


def test_each_kind_of_mail_goes_to_an_address_a_few_times_a_day():
    assert MAILS_PER_DAY == 3
    sent = [mail_allowed("booking-received", "Kohde@Example.fi ") for _ in range(5)]
    assert sent == [True, True, True, False, False]
    # The same address written otherwise is the same address.
    assert not mail_allowed("booking-received", "kohde@example.fi")
    # Another kind and another address count apart.
    assert mail_allowed("idea-receipt", "kohde@example.fi")
    assert mail_allowed("booking-received", "toinen@example.fi")


def test_a_stricter_cap_for_one_kind():
    assert [mail_allowed("repeat", "a@example.fi", per_day=1) for _ in range(2)] == [True, False]
