"""
Staff sign-in: the admin locks after a few wrong passwords (per user name and per address,
the address read as the rate limits read it), asks for a second factor, and ends sessions.
"""

import datetime
import re
from base64 import b32encode

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.staff import lockout_response
from tests import factories
from tests.support import html_of

pytestmark = pytest.mark.django_db

PASSWORD = "Kouvola-testi-2026"
LOGIN = "/admin/login/"
VERIFY = "/admin/kaksivaihe/"
ENROL = "/admin/kaksivaihe/kayttoonotto/"
# A fixed moment, so that authenticator codes and throttling do not depend on the clock.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def staff(db):
    return factories.clerk(username="virkailija", password=PASSWORD)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sign_in(client, username="virkailija", password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)


# --- Lockout (django-axes) -----------------------------------------------------------------


def test_five_wrong_passwords_lock_the_user_name_even_with_the_right_password(client, staff):
    for _ in range(4):
        response = sign_in(client, password="väärin", REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 200
        assert "syötä henkilökuntatilin käyttäjätunnus ja salasana" in html_of(response)
    # The fifth wrong one locks; then the right password, from another address too.
    for address, password in (
        ("203.0.113.5", "väärin"),
        ("203.0.113.5", PASSWORD),
        ("198.51.100.7", PASSWORD),
    ):
        response = sign_in(client, password=password, REMOTE_ADDR=address)
        response = sign_in(client, REMOTE_ADDR=address)
        assert response.status_code == 429
        page = html_of(response)
        assert "Kirjautuminen on lukittu" in page
        assert "5 väärän yrityksen jälkeen" in page
        assert "30 minuutin kuluttua" in page
    assert "_auth_user_id" not in client.session


def test_a_locked_out_attempt_costs_no_password_hashing(client, staff, monkeypatch):
    for _ in range(5):
        sign_in(client, password="väärin")
    checked = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        checked.append(kwargs.get("username"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    for _ in range(20):
        assert sign_in(client, password="arvaus").status_code == 429
    assert checked == []


def test_one_address_is_locked_across_user_names_read_through_the_proxy(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The guesser rotates user names and a forged X-Forwarded-For; the proxy appends the
    # address it saw, and that is the one counted.
    for n in range(4):
        response = sign_in(
            client,
            username=f"arvaus{n}",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5",
        )
        assert response.status_code == 200
    fifth = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.9, 203.0.113.5"}
    assert sign_in(client, username="arvaus9", **fifth).status_code == 429
    # Now even the right password from that address is refused.
    locked = sign_in(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert locked.status_code == 429
    # Another visitor behind the same proxy signs in as usual.
    other = sign_in(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.5").exists()


def test_an_ipv6_network_is_locked_as_one_address_like_the_form_limits(client, staff):
    # One connection usually holds a whole /64 to rotate through: the lockout counts the /64,
    # by the same key the form rate limits use (kouvola_alue.abuse.client_network).
    addresses = [f"2001:db8:5:7::{n:x}" for n in range(1, 9)]
    answers = [
        sign_in(client, username=f"arvaus{n}", REMOTE_ADDR=address).status_code
        for n, address in enumerate(addresses)
    ]
    assert answers == [200] * 4 + [429] * 4
    # Even the right password from another address of that /64 is refused…
    assert sign_in(client, REMOTE_ADDR="2001:db8:5:7:ffff::1").status_code == 429
    # …while the neighbouring /64 signs in.
    assert sign_in(client, REMOTE_ADDR="2001:db8:5:8::1").status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        sign_in(client, username=f"arvaus{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = sign_in(client, HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429


def test_the_lockout_page_is_translated_to_english(rf, staff):
    # The admin is Finnish (its URL has no /en/); the page's text exists in English too.
    request = rf.post(LOGIN)
    request.user = staff
    with translation.override("en"):
        response = lockout_response(request)
    page = html_of(response)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert "Sign-in is locked after 5 wrong attempts for this user name" in page
    assert "Try again in 30 minutes" in page
    assert '<html lang="en"' in page


def test_an_administrator_unlocks_from_the_admin(client, staff):
    for _ in range(5):
        sign_in(client, password="väärin")
    assert sign_in(client).status_code == 429

    admin_client = factories.sign_in_staff(
        type(client)(), factories.UserFactory(is_staff=True, is_superuser=True)
    )
    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "virkailija" in html_of(changelist)
    attempt = AccessAttempt.objects.get(username="virkailija")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


CODE_SIGN_IN = "/admin/kaksivaihe/lukittu/"


def sign_in_with_code(client, code, username="virkailija", password=PASSWORD, **extra):
    data = {"username": username, "password": password, "code": code, "next": "/admin/"}
    return client.post(CODE_SIGN_IN, data, **extra)


def test_a_stranger_cannot_keep_a_staff_member_out_who_has_their_code(staff, frozen):
    device = authenticator(staff)
    stranger, owner = Client(), Client()
    # Someone who knows the user name locks it from their own address…
    for _ in range(5):
        sign_in(stranger, password="arvaus", REMOTE_ADDR="198.51.100.66")
    assert sign_in(owner, REMOTE_ADDR="203.0.113.5").status_code == 429
    locked = html_of(sign_in(owner, REMOTE_ADDR="203.0.113.5"))
    assert f'href="{CODE_SIGN_IN}"' in locked
    page = owner.get(CODE_SIGN_IN)
    assert page.status_code == 200
    assert '<label for="id_code"' in page.content.decode()

    # …a wrong code with the right password opens nothing, and says so.
    wrong = sign_in_with_code(owner, "000000", REMOTE_ADDR="203.0.113.5")
    assert "Käyttäjätunnus, salasana tai koodi ei ole oikea" in html_of(wrong)
    assert "_auth_user_id" not in owner.session
    # The owner, with the password and a code from the app, is in, with both factors.
    frozen.shift(datetime.timedelta(seconds=2))
    response = sign_in_with_code(owner, code_for(device), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert owner.get("/admin/").status_code == 200
    # …which ends the lock of the user name (as any successful sign-in does).
    owner.post("/admin/logout/")
    assert sign_in(owner, REMOTE_ADDR="203.0.113.5")["Location"].startswith(VERIFY)


def test_the_way_past_the_lock_keeps_the_address_lock_and_counts_wrong_tries(staff, frozen):
    device = authenticator(staff)
    stranger = Client()
    # A wrong password with some code is a failed sign-in like any other: five lock the address.
    for n in range(5):
        response = sign_in_with_code(
            stranger, f"12345{n}", password="arvaus", REMOTE_ADDR="198.51.100.66"
        )
        assert response.status_code in (200, 429)
    # The stranger's guesses never reached the device: the owner is not slowed down.
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    # From the locked address not even the password and the right code pass.
    locked = sign_in_with_code(stranger, code_for(device), REMOTE_ADDR="198.51.100.66")
    assert locked.status_code == 429
    assert "_auth_user_id" not in stranger.session
    # Nor does the right password alone from anywhere (the user name is locked too).
    assert sign_in(Client(), REMOTE_ADDR="203.0.113.5").status_code == 429


# --- Second factor (django-otp) ------------------------------------------------------------


def test_the_password_alone_does_not_open_the_admin(client, staff):
    authenticator(staff)
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # Half signed in: every admin page sends back to the second step.
    index = client.get("/admin/")
    assert index.status_code == 302
    assert client.get(index["Location"])["Location"].startswith(VERIFY)
    assert client.get("/admin/committees/committee/").status_code == 302


def test_a_staff_member_signs_in_with_a_code_from_the_app(client, staff, frozen):
    device = authenticator(staff)
    sign_in(client)
    page = client.get(f"{VERIFY}?next=/admin/committees/")
    assert "Kaksivaiheinen tunnistautuminen" in html_of(page)

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/committees/"})
    assert "Koodi ei ole oikea tai se on vanhentunut" in html_of(wrong)
    assert client.get("/admin/").status_code == 302

    # Right after a wrong code the device waits a moment, which stops guessing.
    frozen.shift(datetime.timedelta(seconds=2))
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/committees/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/committees/"
    assert client.get("/admin/").status_code == 200


def test_guessing_codes_is_slowed_down(client, staff, frozen):
    device = authenticator(staff)
    sign_in(client)
    client.post(VERIFY, {"code": "000000"})
    client.post(VERIFY, {"code": "000001"})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "Liian monta väärää koodia peräkkäin" in html_of(response)
    assert client.get("/admin/").status_code == 302


def test_a_code_is_not_accepted_twice(client, staff, frozen):
    device = authenticator(staff)
    code = code_for(device)
    sign_in(client)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/admin/logout/")
    sign_in(client)
    assert "Koodi ei ole oikea" in html_of(client.post(VERIFY, {"code": code}))


def test_a_backup_code_works_once(client, staff, frozen):
    authenticator(staff)
    device = StaticDevice.objects.create(user=staff, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    StaticToken.objects.create(device=device, token="efgh6789")

    sign_in(client)
    response = client.post(VERIFY, {"code": "ABCD 2345"}, follow=True)
    assert response.status_code == 200
    assert "Kirjauduit varakoodilla. Jäljellä on 1 varakoodi." in html_of(response)
    client.post("/admin/logout/")

    sign_in(client)
    assert "Koodi ei ole oikea" in html_of(client.post(VERIFY, {"code": "abcd2345"}))
    assert client.get("/admin/").status_code == 302


def test_a_new_staff_member_enrols_with_a_qr_code_and_gets_backup_codes(client, staff, frozen):
    response = sign_in(client)
    assert response["Location"].startswith(ENROL)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is drawn on the server: an inline SVG, no script, no image from elsewhere.
    assert re.search(r'<svg role="img" aria-label="[^"]+"', html)
    assert "<script>" not in html and "<img" not in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'id="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret

    wrong = client.post(ENROL, {"code": "123456"})
    assert "Koodi ei ole oikea" in html_of(wrong)
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    too_soon = client.post(ENROL, {"code": code_for(device)})
    assert "Liian monta väärää koodia peräkkäin" in html_of(too_soon)

    frozen.shift(datetime.timedelta(seconds=2))

    done = client.post(ENROL, {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    assert "Kaksivaiheinen tunnistautuminen on nyt käytössä." in html_of(done)
    assert client.get("/admin/").status_code == 200

    # Shown once: the page for backup codes tells how many are left, not what they are.
    later = client.get("/admin/kaksivaihe/varakoodit/")
    assert "Sinulla on 10 käyttämätöntä varakoodia." in html_of(later)
    assert codes[0] not in later.content.decode()


def test_new_backup_codes_replace_the_old_ones(client, staff):
    factories.sign_in_staff(client, staff)
    first = client.post("/admin/kaksivaihe/varakoodit/").content.decode()
    second = client.post("/admin/kaksivaihe/varakoodit/").content.decode()
    old = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", first)
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", second)
    assert len(new) == 10 and not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_enrolling_a_new_phone_needs_the_old_factor_first(client, staff):
    authenticator(staff)
    sign_in(client)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_signing_in_keeps_only_a_local_next_page(client, staff, frozen):
    device = authenticator(staff)
    sign_in(client)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_half_signed_in_staff_member_can_cancel(client, staff):
    authenticator(staff)
    sign_in(client)
    response = client.post(VERIFY, {"cancel": "1"})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_in_development_the_password_is_enough(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    response = sign_in(client)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Sessions ------------------------------------------------------------------------------


def test_a_staff_session_ends_after_half_an_hour_idle(client, staff, frozen):
    factories.sign_in_staff(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    frozen.shift(datetime.timedelta(minutes=29))
    assert client.get("/admin/").status_code == 200
    frozen.shift(datetime.timedelta(minutes=31))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_staff_session_ends_after_a_working_day_however_busy(client, staff, frozen):
    factories.sign_in_staff(client, staff)
    for _ in range(10 * 3 - 1):
        assert client.get("/admin/").status_code == 200
        frozen.shift(datetime.timedelta(minutes=20))
    assert client.get("/admin/").status_code == 200
    frozen.shift(datetime.timedelta(minutes=20))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_session_whose_expiry_was_stretched_still_ends(client, staff, frozen):
    factories.sign_in_staff(client, staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session.set_expiry(14 * 24 * 60 * 60)
    session.save()
    frozen.shift(datetime.timedelta(minutes=31))
    assert client.get("/admin/").status_code == 302


def test_the_public_gets_no_session(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
