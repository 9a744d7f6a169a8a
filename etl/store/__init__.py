"""The stores: the DuckDB event snapshot (snapshot.py, with its migrations and SQL files in sql/) and its
table families (articles.py: articles and event sources). Import the module you need; nothing is
re-exported here."""
