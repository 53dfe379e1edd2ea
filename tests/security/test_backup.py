"""
The backup of docs/DEPLOYMENT.md works: pg_dump of the database, pg_restore into a fresh
one, and every row of every table is there, unchanged.
"""

import glob
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from committees import seed
from tests import factories


def postgresql_tool(name):
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps the client programs of each major version under /usr/lib/postgresql/N/bin.
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    if not candidates:
        pytest.fail(f"{name} not found (Debian's postgresql package installs it)")
    return candidates[-1]


def table_fingerprints(cursor):
    """Per table: the number of rows and a digest of all of them, in a stable order."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    fingerprints = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
        )
        fingerprints[table] = cursor.fetchone()
    return fingerprints


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_with_every_row(tmp_path, city_facts):
    seed.seed_demo()
    TOTPDevice.objects.create(user=factories.clerk(username="varmuuskopio"), name="puhelin")

    db = connection.settings_dict
    where = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    dump = tmp_path / "kouvola.dump"
    fresh = f"{db['NAME']}_restore"
    subprocess.run(
        [postgresql_tool("pg_dump"), *where, "--format=custom", f"--file={dump}", db["NAME"]],
        check=True,
        timeout=300,
    )
    dropdb = [postgresql_tool("dropdb"), *where, "--if-exists", fresh]
    subprocess.run(dropdb, check=True, timeout=60)
    subprocess.run([postgresql_tool("createdb"), *where, fresh], check=True, timeout=60)
    try:
        subprocess.run(
            [postgresql_tool("pg_restore"), *where, "--no-owner", f"--dbname={fresh}", dump],
            check=True,
            timeout=300,
        )
        with connection.cursor() as cursor:
            original = table_fingerprints(cursor)
        with (
            psycopg.connect(
                host=where[1], port=where[3], user=db["USER"], dbname=fresh
            ) as restored_db,
            restored_db.cursor() as cursor,
        ):
            restored = table_fingerprints(cursor)
    finally:
        subprocess.run(dropdb, check=True, timeout=60)

    assert restored == original
    assert original["committees_committee"][0] == 5
    assert original["committees_membership"][0] > 30
    assert original["otp_totp_totpdevice"][0] == 1
