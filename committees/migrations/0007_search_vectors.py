"""
A stored full-text vector (``search_vector``, with a GIN index) on committees, meetings and
community spaces, for the site search on PostgreSQL (``portal.search``).

Triggers keep it: every INSERT and UPDATE recomputes the row's vector, whatever wrote it (the
services, the admin, ``QuerySet.update()``, ``bulk_create``, a SQL console), and renaming a
committee or a space recomputes the meetings and spaces whose vectors carry its name. The column
is not a model field: only the search reads it, and no page needs to load it with the rows.
Elsewhere (SQLite) nothing is created; the search reads the texts in Python there.

The weights are those of ``committees/search.py``'s ``SearchSource.fields``.
"""

from django.db import migrations

from kouvola_alue.database import postgresql_only

FORWARD = r"""
ALTER TABLE committees_committee ADD COLUMN search_vector tsvector;
ALTER TABLE committees_communityspace ADD COLUMN search_vector tsvector;
ALTER TABLE committees_meeting ADD COLUMN search_vector tsvector;

CREATE FUNCTION committees_committee_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', concat_ws(' ', NEW.name, NEW.name_en, NEW.area_name)), 'A')
    || setweight(to_tsvector('finnish', coalesce(NEW.statistical_areas, '')), 'B')
    || setweight(to_tsvector('finnish',
         concat_ws(' ', NEW.task, NEW.task_en, NEW.history, NEW.history_en)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION committees_communityspace_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', coalesce(NEW.name, '')), 'A')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.address,
         (SELECT area_name FROM committees_committee WHERE id = NEW.committee_id))), 'B')
    || setweight(to_tsvector('finnish',
         concat_ws(' ', NEW.description, NEW.digital_services)), 'C')
    || setweight(to_tsvector('finnish',
         concat_ws(' ', NEW.accessibility, NEW.opening_hours)), 'D');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION committees_meeting_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('finnish', coalesce(
         (SELECT name FROM committees_committee WHERE id = NEW.committee_id), '')), 'B')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.agenda, NEW.minutes)), 'C')
    || setweight(to_tsvector('finnish', concat_ws(' ',
         (SELECT name FROM committees_communityspace WHERE id = NEW.space_id), NEW.address)), 'D');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

-- A renamed committee or space: the rows that carry its name get their vectors again.
CREATE FUNCTION committees_committee_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE committees_meeting SET search_vector = NULL WHERE committee_id = NEW.id;
  UPDATE committees_communityspace SET search_vector = NULL WHERE committee_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION committees_communityspace_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE committees_meeting SET search_vector = NULL WHERE space_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committees_committee_search_vector BEFORE INSERT OR UPDATE
  ON committees_committee FOR EACH ROW EXECUTE FUNCTION committees_committee_search_vector();
CREATE TRIGGER committees_communityspace_search_vector BEFORE INSERT OR UPDATE
  ON committees_communityspace FOR EACH ROW
  EXECUTE FUNCTION committees_communityspace_search_vector();
CREATE TRIGGER committees_meeting_search_vector BEFORE INSERT OR UPDATE
  ON committees_meeting FOR EACH ROW EXECUTE FUNCTION committees_meeting_search_vector();
CREATE TRIGGER committees_committee_renamed AFTER UPDATE ON committees_committee FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.area_name IS DISTINCT FROM NEW.area_name)
  EXECUTE FUNCTION committees_committee_renamed();
CREATE TRIGGER committees_communityspace_renamed AFTER UPDATE ON committees_communityspace
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION committees_communityspace_renamed();

-- The rows that exist: the triggers compute their vectors.
UPDATE committees_committee SET search_vector = NULL;
UPDATE committees_communityspace SET search_vector = NULL;
UPDATE committees_meeting SET search_vector = NULL;

CREATE INDEX committees_committee_search_vector_gin
  ON committees_committee USING gin (search_vector);
CREATE INDEX committees_communityspace_search_vector_gin
  ON committees_communityspace USING gin (search_vector);
CREATE INDEX committees_meeting_search_vector_gin
  ON committees_meeting USING gin (search_vector);
"""

BACKWARD = r"""
DROP TRIGGER committees_committee_renamed ON committees_committee;
DROP TRIGGER committees_communityspace_renamed ON committees_communityspace;
DROP TRIGGER committees_committee_search_vector ON committees_committee;
DROP TRIGGER committees_communityspace_search_vector ON committees_communityspace;
DROP TRIGGER committees_meeting_search_vector ON committees_meeting;
DROP FUNCTION committees_committee_renamed();
DROP FUNCTION committees_communityspace_renamed();
DROP FUNCTION committees_committee_search_vector();
DROP FUNCTION committees_communityspace_search_vector();
DROP FUNCTION committees_meeting_search_vector();
ALTER TABLE committees_committee DROP COLUMN search_vector;
ALTER TABLE committees_communityspace DROP COLUMN search_vector;
ALTER TABLE committees_meeting DROP COLUMN search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [("committees", "0006_meeting_sequence_space_updated")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
