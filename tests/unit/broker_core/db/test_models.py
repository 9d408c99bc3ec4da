"""The schema's own rules: names every backend accepts, MySQL table options, uuid keys."""

import sqlalchemy as sa

from broker_core.db import models


def _named_items(table):
    yield from table.constraints
    yield from table.indexes


def test_every_constraint_and_index_has_a_name_postgresql_keeps():
    for table in models.BASE.metadata.sorted_tables:
        for item in _named_items(table):
            name = str(item.name)
            assert name and len(name) <= 63, (table.name, name)


def test_unique_constraints_are_named_so_oslo_db_reports_their_columns():
    for table in models.BASE.metadata.sorted_tables:
        for item in table.constraints:
            if isinstance(item, sa.UniqueConstraint):
                columns = '0'.join(column.name for column in item.columns)
                assert item.name == 'uniq_%s0%s' % (table.name, columns)


# Append-only logs read in order of their integer key.
ORDERED_LOGS = ('events', 'webhook_attempts')


def test_tables_are_innodb_utf8mb4_with_uuid_or_ordered_keys():
    for table in models.BASE.metadata.sorted_tables:
        assert table.kwargs['mysql_engine'] == 'InnoDB', table.name
        assert table.kwargs['mysql_charset'] == 'utf8mb4', table.name
        [key] = table.primary_key.columns
        if table.name in ORDERED_LOGS:
            assert key.autoincrement is True
        else:
            assert isinstance(key.type, sa.String) and key.type.length == 36, table.name


def test_a_new_row_gets_a_uuid_and_timestamps_only_when_flushed():
    user = models.User(name='alice')
    assert user.id is None  # column defaults apply at INSERT
    assert models.User.__table__.c.id.default is not None
    assert models.User.__table__.c.created_at.default is not None
    assert models.User.__table__.c.updated_at.onupdate is not None
