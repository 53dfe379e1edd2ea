"""
A stored full-text vector on agenda items for the site search on PostgreSQL, as
``0007_search_vectors`` gives committees, meetings and spaces. The decision is in the vector
only once the meeting's minutes are checked and published: a trigger on the meeting makes its
items' vectors again when that changes, so no search finds a decision before it is public.
The weights are those of ``committees/search.py``'s item sources.
"""

from django.db import migrations

from kouvola_alue.database import postgresql_only

FORWARD = r"""
ALTER TABLE committees_agendaitem ADD COLUMN search_vector tsvector;

CREATE FUNCTION committees_agendaitem_search_vector() RETURNS trigger AS $$
DECLARE
  decided boolean;
BEGIN
  SELECT minutes_published_at IS NOT NULL INTO decided
    FROM committees_meeting WHERE id = NEW.meeting_id;
  NEW.search_vector :=
    setweight(to_tsvector('finnish', concat_ws(' ', NEW.title, NEW.title_en)), 'A')
    || setweight(to_tsvector('finnish', CASE WHEN decided
         THEN concat_ws(' ', NEW.decision, NEW.decision_en) ELSE '' END), 'B')
    || setweight(to_tsvector('finnish', concat_ws(' ', NEW.proposal, NEW.proposal_en)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION committees_meeting_minutes_changed() RETURNS trigger AS $$
BEGIN
  UPDATE committees_agendaitem SET search_vector = NULL WHERE meeting_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committees_agendaitem_search_vector BEFORE INSERT OR UPDATE
  ON committees_agendaitem FOR EACH ROW EXECUTE FUNCTION committees_agendaitem_search_vector();
CREATE TRIGGER committees_meeting_minutes_changed AFTER UPDATE ON committees_meeting
  FOR EACH ROW WHEN (OLD.minutes_published_at IS DISTINCT FROM NEW.minutes_published_at)
  EXECUTE FUNCTION committees_meeting_minutes_changed();

UPDATE committees_agendaitem SET search_vector = NULL;

CREATE INDEX committees_agendaitem_search_vector_gin
  ON committees_agendaitem USING gin (search_vector);
"""

BACKWARD = r"""
DROP TRIGGER committees_meeting_minutes_changed ON committees_meeting;
DROP TRIGGER committees_agendaitem_search_vector ON committees_agendaitem;
DROP FUNCTION committees_meeting_minutes_changed();
DROP FUNCTION committees_agendaitem_search_vector();
ALTER TABLE committees_agendaitem DROP COLUMN search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [("committees", "0011_fixed_quorum_needs_number")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
