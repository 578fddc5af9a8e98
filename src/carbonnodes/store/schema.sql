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
-- One row per (ingest, dataset, region, sector) version of a series. `is_current` marks the
-- version `list_series`/`load_series` use by default; replaced versions keep their rows.
CREATE TABLE IF NOT EXISTS emission_series (
    ingest_id INTEGER NOT NULL,
    dataset VARCHAR NOT NULL,
    region VARCHAR NOT NULL,          -- canonical key of carbonnodes.names
    sector VARCHAR NOT NULL,          -- canonical key of carbonnodes.names
    frequency VARCHAR NOT NULL,       -- daily | monthly
    unit VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    n_obs INTEGER NOT NULL,           -- periods with a value
    n_missing INTEGER NOT NULL,       -- periods between start and end without one (gaps)
    content_sha256 VARCHAR NOT NULL,  -- of the dates and values, to tell a changed release
    is_current BOOLEAN NOT NULL
);
-- The values of each series version (missing days have no row).
CREATE TABLE IF NOT EXISTS emission_values (
    ingest_id INTEGER NOT NULL,
    dataset VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    sector VARCHAR NOT NULL,
    date DATE NOT NULL,
    value DOUBLE NOT NULL
);

-- index stage: the built search index, keyed by a hash of the measures it was built from ---
-- One row at most; a changed corpus gives a new snapshot hash and replaces it.
CREATE TABLE IF NOT EXISTS index_cache (
    snapshot VARCHAR PRIMARY KEY,     -- sha256 of the measures, documents and index settings
    analyzer VARCHAR NOT NULL,
    built_at TIMESTAMP NOT NULL,
    blob BLOB NOT NULL                -- numpy .npz: BM25F weights, idf, vocabulary
);

-- corpus stage: policy documents, their measures and targets, draft/final families --------
-- One row per document; `text` is the document's own text (spans of measures point into it).
-- A re-ingest of the same doc_id with a new sha256 replaces the document and its measures.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    number VARCHAR NOT NULL,          -- own document number (津政发〔2022〕18号) or ''
    issuers VARCHAR[] NOT NULL,
    signed DATE,                      -- 成文 / signature date
    published DATE,                   -- 发布 / 发文 / 印发 date
    effective DATE,                   -- 自…起施行
    scope VARCHAR NOT NULL,           -- national | province | city
    region VARCHAR NOT NULL,          -- canonical key of carbonnodes.names ('' if unknown)
    doc_type VARCHAR NOT NULL,        -- draft | regulation | plan | implementation_plan | …
    abridged BOOLEAN NOT NULL,        -- 本文有删减
    url VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    warnings VARCHAR[] NOT NULL,
    ingest_id INTEGER NOT NULL
);
-- The corpus parser's revision a document was read with (``corpus.PARSER_REVISION``); a store
-- made before the column existed has NULL there, and its documents are read again on the
-- next ingest of their files.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS parser INTEGER;
-- One row per measure (举措); span_start/span_end index the document's own text.
CREATE TABLE IF NOT EXISTS measures (
    measure_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    number VARCHAR NOT NULL,          -- heading path, e.g. 二、（五）1.
    title VARCHAR NOT NULL,
    text VARCHAR NOT NULL,            -- cleaned, simplified text used for matching
    kind VARCHAR NOT NULL,            -- action | general | safeguard
    departments VARCHAR[] NOT NULL,
    sectors VARCHAR[] NOT NULL,
    signed DATE,
    published DATE,
    effective DATE,
    scope VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS targets (
    measure_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    year INTEGER,
    indicator VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    text VARCHAR NOT NULL
);
-- Versions of one document (a 征求意见稿 and its final) share a family; role: final | draft.
CREATE TABLE IF NOT EXISTS families (
    doc_id VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL        -- char-bigram Jaccard with the family's final version
);
