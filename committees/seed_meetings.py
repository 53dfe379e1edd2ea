"""
Fictional meetings and community spaces for trying the portal out (``seed_kouvola --demo``):
in each area a community space, three past meetings with minutes (one as a PDF) and two
upcoming ones, all marked as demo content. Safe to run again: an area that already has demo
meetings is left as it is.
"""

import datetime
import textwrap
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, CommunitySpace, Meeting

# (postcode and town, street) of a fictional address in each area.
DEMO_PLACES = {
    "anjalankoski": ("46900 Anjalankoski", "Demokatu 1"),
    "elimaki-koria": ("47200 Elimäki", "Demotie 2"),
    "keskusta": ("45100 Kouvola", "Demokatu 3"),
    "kuusankoski-jaala": ("45700 Kuusankoski", "Demokuja 4"),
    "valkeala": ("45370 Valkeala", "Demopolku 5"),
}
PAST_DAYS = (-70, -40, -12)
UPCOMING_DAYS = (9, 37)

AGENDA = (
    "1. Kokouksen avaus\n"
    "2. Laillisuus ja päätösvaltaisuus\n"
    "3. Pöytäkirjan tarkastajien valinta\n"
    "4. Alueen kulttuuritapahtumien avustukset\n"
    "5. Yhteisötilan käyttö ja aukioloajat\n"
    "6. Alueen hankeideat\n"
    "7. Muut asiat\n"
    "8. Kokouksen päättäminen"
)
MINUTES = (
    "Läsnä: puheenjohtaja ja {present} jäsentä. Kokous todettiin laillisesti koolle "
    "kutsutuksi ja päätösvaltaiseksi.\n\n"
    "Aluetoimikunta päätti tukea {area_genitive} kulttuurin ja nuorisotoiminnan "
    "tapahtumia yhteensä {euros} eurolla. Yhteisötilan iltakäyttöä jatketaan kokeiluna.\n\n"
    "Hankeideoista keskusteltiin, ja ne viedään elinvoimajaoston käsiteltäviksi."
)


def _genitive(area):
    """Good enough for the demo's area names: Valkeala → Valkealan, Koria → Korian."""
    if area.endswith("koski"):
        return area[:-5] + "kosken"
    if area.endswith("alue"):
        return area + "en"
    return area + "n"


def demo_minutes_pdf(title, lines):
    """A small, valid one-page PDF of the minutes (hand-written: no PDF library needed)."""

    def pdf_text(text):
        latin = text.encode("cp1252", "replace").decode("latin-1")
        return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 56 780 Td ({pdf_text(title)}) Tj ET"]
    for index, line in enumerate(lines):
        rows.append(f"BT /F1 11 Tf 56 {750 - 16 * index} Td ({pdf_text(line)}) Tj ET")
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _space(committee):
    town, street = DEMO_PLACES.get(committee.slug, ("45100 Kouvola", "Demokatu 9"))
    space, _ = CommunitySpace.objects.get_or_create(
        committee=committee,
        name=f"{committee.area_name} – aluekeskuksen yhteisötila (demo)",
        defaults={
            "address": f"{street}, {town}",
            "opening_hours": "ma–to 9–20\npe 9–16\nla 10–14",
            "accessibility": (
                "Esteetön sisäänkäynti pääovelta, hissi toiseen kerrokseen, esteetön wc ja "
                "induktiosilmukka kokoustilassa. Invapaikka pihalla."
            ),
            "digital_services": (
                "Etäyhteyslaitteet kokouksiin\nAsiakaskäytössä oleva tietokone ja tulostin\n"
                "Digituki tiistaisin\nLangaton verkko"
            ),
            "description": (
                "Kaikille ikäryhmille tarkoitettu yhteisöllinen tila, jossa toimintaa "
                "tarjotaan myös digitaalisesti. Kuvitteellinen esimerkkitila."
            ),
            "is_demo": True,
        },
    )
    return space


def _weekday(day):
    """Committees meet on weekday evenings: a weekend day moves to the Monday after."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(day, hour, minute=0):
    helsinki = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=helsinki)


@transaction.atomic
def seed_demo_meetings():
    today = timezone.localdate()
    counts = {"demo spaces": 0, "demo meetings": 0}
    for index, committee in enumerate(Committee.objects.order_by("order")):
        had_space = CommunitySpace.objects.filter(committee=committee, is_demo=True).exists()
        space = _space(committee)
        counts["demo spaces"] += not had_space
        if Meeting.objects.filter(committee=committee, is_demo=True).exists():
            continue
        area = committee.area_name
        for number, offset in enumerate(PAST_DAYS + UPCOMING_DAYS, start=1):
            day = _weekday(today + datetime.timedelta(days=offset + index))
            past = day < today
            meeting = Meeting(
                committee=committee,
                starts_at=_at(day, 17 + index % 2, 0 if index % 3 else 30),
                ends_at=_at(day, 19 + index % 2, 0 if index % 3 else 30),
                space=space,
                online_url="https://meet.example/aluetoimikunta-demo" if number == 4 else "",
                agenda=AGENDA,
                minutes=(
                    MINUTES.format(
                        present=6 + number,
                        area_genitive=_genitive(area),
                        euros=500 * number,
                    )
                    if past and number != 1
                    else ""
                ),
                is_published=True,
                is_demo=True,
            )
            if past and number == 1:
                title = f"{committee.name}: pöytäkirja {day.strftime('%d.%m.%Y')} (demo)"
                text = MINUTES.format(present=7, area_genitive=_genitive(area), euros=500)
                lines = [
                    line
                    for paragraph in text.split("\n\n")
                    for line in [*textwrap.wrap(paragraph, 80), ""]
                ]
                meeting.minutes_pdf.save(
                    "poytakirja.pdf", ContentFile(demo_minutes_pdf(title, lines)), save=False
                )
            meeting.full_clean()
            meeting.save()
            counts["demo meetings"] += 1
    return counts
