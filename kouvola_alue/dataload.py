"""
The one loader of the portal's data files (``<app>/data/*.yaml``): the city's facts become rows
that staff then keep in the admin. Loading creates what is missing and leaves every existing
row as it is, so running it again creates nothing and never undoes a clerk's edit.

A facts file is one block, or a list of blocks, each naming a model::

    model: committees.Term          # app_label.ModelName
    key: [slug]                     # the natural key: a row that exists is never touched
    label: terms                    # the name in the command's report ("created 2 terms")
    common: {min_members: 7}        # optional: fields every row of the block shares
    rows:
    - slug: 2022-2025
      starts_on: 2022-01-01         # YAML dates are dates
      ...

A foreign key or many-to-many field is given by the related row's natural key: a scalar is
its ``slug`` (``term: 2022-2025``, ``committees: [valkeala]``), a mapping names the fields
(``campaign: {slug: "2021"}``). A misspelt field, a missing key field or a reference to a row
that does not exist fails loudly with the file, block and row, before anything is saved.

Demo content is not loaded here: it goes through the apps' services, which read their
files with :func:`read`. This module imports no app (it is the platform layer).
"""

from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import transaction

BLOCK_KEYS = {"model", "key", "label", "common", "rows"}
REQUIRED_BLOCK_KEYS = {"model", "key", "label", "rows"}

# Every data file read since the process started; a test checks that none is left unread.
files_read = set()

# PyYAML's safe loader with libyaml's parser when PyYAML was built with it (the same data, read
# ten times faster: every seed and the tests' facts read these files), else its own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A data file that does not fit the models or the code reading it."""


def read(path, *, keys=None):
    """
    The contents of a YAML data file. With ``keys``, the file must be a mapping of exactly
    those top-level keys, so that a misspelt or missing key fails here instead of quietly
    leaving something out of the site.
    """
    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    files_read.add(path.resolve())
    if keys is not None:
        if not isinstance(data, dict):
            raise DataFileError(f"{path.name}: expected a mapping of {sorted(keys)}")
        missing, unknown = set(keys) - set(data), set(data) - set(keys)
        if missing or unknown:
            raise DataFileError(
                f"{path.name}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}"
            )
    return data


def add_counts(*counts):
    """Counts of several loads as one report, adding up names that repeat, in order."""
    total = {}
    for part in counts:
        for name, count in part.items():
            total[name] = total.get(name, 0) + count
    return total


@transaction.atomic
def load(path):
    """
    Create the rows of the facts file at ``path`` that do not exist yet. Returns the number
    created per label, e.g. ``{"committees": 5}``.
    """
    path = Path(path)
    data = read(path)
    blocks = data if isinstance(data, list) else [data]
    counts = {}
    for number, block in enumerate(blocks, start=1):
        label, created = _load_block(block, f"{path.name}, block {number}")
        counts[label] = counts.get(label, 0) + created
    return counts


def _load_block(block, where):
    if not isinstance(block, dict):
        raise DataFileError(f"{where}: expected a mapping with {sorted(REQUIRED_BLOCK_KEYS)}")
    missing, unknown = REQUIRED_BLOCK_KEYS - set(block), set(block) - BLOCK_KEYS
    if missing or unknown:
        raise DataFileError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    try:
        model = apps.get_model(block["model"])
    except (LookupError, ValueError) as error:
        raise DataFileError(f"{where}: {error}") from error
    key = block["key"]
    key = [key] if isinstance(key, str) else list(key)
    created = 0
    for number, row in enumerate(block["rows"], start=1):
        created += _load_row(
            model, key, {**block.get("common", {}), **row}, f"{where}, row {number}"
        )
    return block["label"], created


def _load_row(model, key, values, where):
    missing = [name for name in key if name not in values]
    if missing:
        raise DataFileError(f"{where}: the natural key {missing} is missing")
    fields, many = {}, {}
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise DataFileError(f"{where}: {model.__name__} has no field {name!r}") from error
        if field.auto_created and not field.concrete:
            # A reverse relation: the related rows name this one in their own block.
            raise DataFileError(f"{where}: {model.__name__}.{name} cannot be loaded")
        if field.many_to_many:
            many[field.name] = [_related(field, item, where) for item in value]
        elif field.is_relation:
            fields[field.name] = _related(field, value, where)
        else:
            fields[field.name] = value
    if model._default_manager.filter(**{name: fields[name] for name in key}).exists():
        return 0
    instance = model(**fields)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DataFileError(f"{where}: {error}") from error
    instance.save()
    for name, related in many.items():
        getattr(instance, name).set(related)
    return 1


def _related(field, value, where):
    lookup = value if isinstance(value, dict) else {"slug": value}
    related = field.related_model
    try:
        return related._default_manager.get(**lookup)
    except ObjectDoesNotExist as error:
        raise DataFileError(f"{where}: no {related.__name__} with {lookup}") from error
