-- The PostgreSQL twin of 0012_report_aggregates.sql: the byte-order
-- collation of codes and double precision sums.
CREATE TABLE rep_aggregate (
    form_id TEXT COLLATE "C" NOT NULL,
    structure TEXT COLLATE "C" NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    period TEXT COLLATE "C" NOT NULL,
    slot TEXT COLLATE "C" NOT NULL,
    num DOUBLE PRECISION NOT NULL,
    den DOUBLE PRECISION NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (form_id, structure, code, period, slot),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
