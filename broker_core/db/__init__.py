"""The broker's database layer: the one transaction context, models, migrations, DB functions."""
