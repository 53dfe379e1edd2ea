"""
The one loader of the data files (kouvola_alue/dataload.py): every data file of every app is
read by the seed and fits what its code reads, and a file that does not fit fails loudly.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kouvola_alue import dataload
from projects.models import Goal

pytestmark = pytest.mark.django_db

APPS = ["committees", "projects", "recruitment", "bookings", "portal"]


def data_files():
    return {
        path.resolve()
        for app in APPS
        for path in (Path(settings.BASE_DIR) / app / "data").glob("*.yaml")
    }


def test_every_data_file_loads_with_every_key_its_code_reads(monkeypatch):
    read = set()
    monkeypatch.setattr(dataload, "files_read", read)
    call_command("seed_kouvola", "--demo", stdout=StringIO())
    assert len(data_files()) >= 9
    assert read == data_files(), "a data file that no seed reads, or one outside <app>/data/"


def write(tmp_path, text):
    path = tmp_path / "goals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOAL = """
model: projects.Goal
key: slug
label: goals
rows:
- {number: 1, slug: kokeilu, title: kokeilua, %s}
"""


def test_a_file_loads_once_and_keeps_what_staff_changed(tmp_path):
    path = write(tmp_path, GOAL % "title_en: trying")
    assert dataload.load(path) == {"goals": 1}
    Goal.objects.filter(slug="kokeilu").update(title="muokattu")
    assert dataload.load(path) == {"goals": 0}
    assert Goal.objects.get().title == "muokattu"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOAL % "titel_en: trying", "row 1: Goal has no field 'titel_en'"),
        (GOAL.replace("slug: kokeilu, ", "") % "title_en: x", "natural key ['slug'] is missing"),
        (GOAL.replace("projects.Goal", "projects.Gaol") % "title_en: x", "block 1:"),
        (GOAL.replace("label: goals", "lable: goals") % "title_en: x", "unknown ['lable']"),
        (GOAL.replace("number: 1", "number: -1") % "title_en: x", "row 1:"),
        (GOAL % "ideas: [jokin]", "Goal.ideas cannot be loaded"),
    ],
)
def test_a_file_that_does_not_fit_its_model_fails_and_saves_nothing(tmp_path, text, message):
    with pytest.raises(dataload.DataFileError, match=message.replace("[", r"\[")):
        dataload.load(write(tmp_path, text))
    assert not Goal.objects.exists()


def test_a_reference_to_a_row_that_does_not_exist_fails(tmp_path):
    path = tmp_path / "counts.yaml"
    path.write_text(
        "model: recruitment.RecordedCount\nkey: [campaign, committee]\nlabel: numbers\n"
        "rows:\n- {campaign: '2099', committee: nowhere, applicants: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(dataload.DataFileError, match=r"no Campaign with \{'slug': '2099'\}"):
        dataload.load(path)


def test_a_data_file_missing_a_key_its_code_reads_fails(tmp_path):
    path = write(tmp_path, "first_names: [Aino]\nlast_name: [Esimerkki]\n")
    with pytest.raises(dataload.DataFileError, match=r"missing keys \['last_names'\]"):
        dataload.read(path, keys={"first_names", "last_names"})
