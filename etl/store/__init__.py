"""The stores, one module per table family: the DuckDB event snapshot (snapshot.py: snapshot-swap writes,
read-only reads, migrations, the SQL files in sql/), events.py (events), runs.py (runs and quarantine),
articles.py (articles and event sources). Import the module you need; nothing is re-exported here."""
