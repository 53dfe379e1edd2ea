"""
A stored full-text vector on recruitment campaigns for the site search on PostgreSQL, as the
other searchable tables have (``committees`` and ``projects`` ``0007_search_vectors``). The
search computed it for every campaign on every search: 10.8 of a search's 24 ms at ×100 (issue
16). The weights are those of ``recruitment/search.py``.
"""

from django.db import migrations

from kouvola_alue.database import postgresql_only

FORWARD = r"""
ALTER TABLE recruitment_campaign ADD COLUMN search_vector tsvector;

CREATE FUNCTION recruitment_campaign_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('finnish', concat_ws(' ', NEW.title, NEW.title_en)), 'A')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.description, NEW.description_en)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER recruitment_campaign_search_vector BEFORE INSERT OR UPDATE
  ON recruitment_campaign FOR EACH ROW EXECUTE FUNCTION recruitment_campaign_search_vector();

UPDATE recruitment_campaign SET search_vector = NULL;

CREATE INDEX recruitment_campaign_search_vector_gin
  ON recruitment_campaign USING gin (search_vector);
"""

BACKWARD = r"""
DROP TRIGGER recruitment_campaign_search_vector ON recruitment_campaign;
DROP FUNCTION recruitment_campaign_search_vector();
ALTER TABLE recruitment_campaign DROP COLUMN search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0005_agenda_items")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
