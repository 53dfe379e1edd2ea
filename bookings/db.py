"""
Migration operations that exist on PostgreSQL only, so that the same migrations run on
SQLite (the development default), forwards and backwards, doing nothing there.
"""

from django.db import migrations


class OnPostgreSQL(migrations.operations.base.Operation):
    """
    Run ``operation``'s database side on PostgreSQL only. The wrapped operation must not
    change the migration state (an extension, or a constraint kept out of the models' Meta
    because SQLite has no equivalent): the models look the same on both databases.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"


class AddDatabaseConstraint(migrations.operations.base.Operation):
    """Add ``constraint`` to ``model_name``'s table in the database only (no state change)."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name, constraint):
        self.model_name, self.constraint = model_name, constraint

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.model_name, self.constraint], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.add_constraint(
            to_state.apps.get_model(app_label, self.model_name), self.constraint
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.remove_constraint(
            from_state.apps.get_model(app_label, self.model_name), self.constraint
        )

    def describe(self):
        return f"Add constraint {self.constraint.name} to {self.model_name} in the database"
