"""
A stored full-text vector (``search_vector``, with a GIN index) on project ideas and goals, for
the site search and the ideas' ``?q=`` on PostgreSQL.

A trigger recomputes a row's vector on every INSERT and UPDATE, whatever wrote it (services,
admin, ``QuerySet.update()``, ``bulk_create``). An idea's descriptions are stored as sanitised
HTML: the vector is made of their text, the tags removed and the entities nh3 writes turned
back into characters, so that tag names are never matched. The column is not a model field:
only the searches read it. Elsewhere (SQLite) nothing is created.

The weights are those of ``projects/search.py``'s ``SearchSource.fields``.
"""

from django.db import migrations

from kouvola_alue.database import postgresql_only

FORWARD = r"""
ALTER TABLE projects_projectidea ADD COLUMN search_vector tsvector;
ALTER TABLE projects_goal ADD COLUMN search_vector tsvector;

CREATE FUNCTION projects_plain_text(html text) RETURNS text AS $$
  SELECT replace(replace(replace(replace(replace(
    regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
    '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION projects_projectidea_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', concat_ws(' ', NEW.title, NEW.title_en)), 'A')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.summary, NEW.summary_en)), 'B')
    || setweight(to_tsvector('finnish', projects_plain_text(NEW.description) || ' '
         || projects_plain_text(NEW.description_en)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION projects_goal_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', concat_ws(' ', NEW.title, NEW.title_en)), 'A')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.description, NEW.description_en)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER projects_projectidea_search_vector BEFORE INSERT OR UPDATE
  ON projects_projectidea FOR EACH ROW EXECUTE FUNCTION projects_projectidea_search_vector();
CREATE TRIGGER projects_goal_search_vector BEFORE INSERT OR UPDATE
  ON projects_goal FOR EACH ROW EXECUTE FUNCTION projects_goal_search_vector();

UPDATE projects_projectidea SET search_vector = NULL;
UPDATE projects_goal SET search_vector = NULL;

CREATE INDEX projects_projectidea_search_vector_gin
  ON projects_projectidea USING gin (search_vector);
CREATE INDEX projects_goal_search_vector_gin ON projects_goal USING gin (search_vector);
"""

BACKWARD = r"""
DROP TRIGGER projects_projectidea_search_vector ON projects_projectidea;
DROP TRIGGER projects_goal_search_vector ON projects_goal;
DROP FUNCTION projects_projectidea_search_vector();
DROP FUNCTION projects_goal_search_vector();
DROP FUNCTION projects_plain_text(text);
ALTER TABLE projects_projectidea DROP COLUMN search_vector;
ALTER TABLE projects_goal DROP COLUMN search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_description_sanitised_once")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
