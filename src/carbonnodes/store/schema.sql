-- The store's tables. Each stage owns its section; all statements are idempotent.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- series stage: emissions and their provenance ----------------------------------------
-- One row per ingested file version. `dataset` names the family of series a file belongs to
-- (carbon_monitor, cui2021, carbon_monitor_monthly …); a newer ingest of the same dataset and
-- series supersedes the older one, which stays queryable by its ingest_id.
CREATE SEQUENCE IF NOT EXISTS ingest_seq START 1;
CREATE TABLE IF NOT EXISTS ingests (
    ingest_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- emissions | policies
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    dataset VARCHAR,
    layout VARCHAR,
    unit VARCHAR,                     -- unit stored (MtCO2/day, or tCO2/month for monthly data)
    source_unit VARCHAR,              -- unit as the file stated it
    release VARCHAR,                  -- release date from the file name, when it has one
    ingested_at TIMESTAMP NOT NULL
);
