extension Schema {
    /// RFM scores, segment history and churn fits (issue 6; docs/decisions/0050-0055). Frozen once released.
    static let rfmMigration = """
        -- The merchant's RFM options: what M measures, and the P(alive) below which a valuable customer is "at risk".
        CREATE TABLE rfm_settings (
            merchant_id INTEGER PRIMARY KEY REFERENCES merchants(id),
            monetary_measure TEXT NOT NULL DEFAULT 'total' CHECK (monetary_measure IN ('total','average')),
            at_risk_below REAL NOT NULL DEFAULT 0.5 CHECK (at_risk_below > 0 AND at_risk_below <= 1),
            updated_at INTEGER NOT NULL
        );
        -- One row per full recompute, with the quintile breakpoints it scored against (5·q1..5·q4, exact integers,
        -- "a,b,c,d"; NULL when no customer had an order). Incremental updates score against the latest row.
        CREATE TABLE rfm_runs (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            as_of INTEGER NOT NULL,
            day INTEGER NOT NULL,
            computed_at INTEGER NOT NULL,
            operator_id INTEGER REFERENCES operators(id),
            customers INTEGER NOT NULL,
            monetary_measure TEXT NOT NULL,
            recency_breakpoints TEXT,
            frequency_breakpoints TEXT,
            monetary_breakpoints TEXT
        );
        CREATE INDEX rfm_runs_merchant ON rfm_runs(merchant_id, id);
        -- Per customer with at least one order: raw values, scores, segment key, and the BG/NBD summary in days
        -- (distinct purchase days, first and last purchase day in the merchant's zone). as_of NULL means "as of the
        -- merchant's latest recompute": a recompute rewrites only the rows whose figures changed, so recency (which
        -- grows every day for everyone) is not stored but derived, (as_of - last_order_at) / 86400 whole days
        -- (customer_rfm_view shows it). A row with an as_of time was updated since by an order, as of that time. A
        -- row whose segment is NULL is a customer who no longer counts (their orders were voided).
        -- logged_*: the state the segment history ends at, so a recompute logs a change only when it moved.
        CREATE TABLE customer_rfm (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            as_of INTEGER,
            frequency INTEGER,
            monetary INTEGER,
            total_spent_minor INTEGER,
            last_order_at INTEGER,
            purchase_days INTEGER,
            first_order_day INTEGER,
            last_order_day INTEGER,
            r INTEGER,
            f INTEGER,
            m INTEGER,
            segment TEXT,
            logged_segment TEXT,
            logged_revenue_minor INTEGER
        );
        CREATE VIEW customer_rfm_view AS
            SELECT c.customer_id, c.merchant_id, COALESCE(c.as_of, run.as_of) AS as_of,
                (COALESCE(c.as_of, run.as_of) - c.last_order_at) / 86400 AS recency_days, c.frequency, c.monetary,
                c.total_spent_minor, c.r, c.f, c.m, c.segment
            FROM customer_rfm c JOIN rfm_runs run ON run.id = (SELECT MAX(id) FROM rfm_runs WHERE merchant_id = c.merchant_id)
            WHERE c.segment IS NOT NULL;
        -- The day's segment counts and revenue (the customers' total spent), one row per segment, per recompute day.
        CREATE TABLE rfm_segment_snapshots (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            day INTEGER NOT NULL,
            segment TEXT NOT NULL,
            customers INTEGER NOT NULL,
            revenue_minor INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, day, segment)
        ) WITHOUT ROWID;
        -- A customer's state from the recompute of `day` on: to_segment (NULL: no segment any more) and revenue;
        -- from_*: the state before (from_segment NULL: none). Written when the segment or the revenue changed. The
        -- merchant's first recompute writes none: it is the baseline, and a customer's state there is the from_*
        -- of their first change, or customer_rfm.logged_* when they never changed (docs/decisions/0052).
        CREATE TABLE rfm_segment_changes (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            day INTEGER NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            from_segment TEXT,
            from_revenue_minor INTEGER NOT NULL,
            to_segment TEXT,
            revenue_minor INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, day, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE rfm_segment_names (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            segment TEXT NOT NULL,
            name TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, segment)
        ) WITHOUT ROWID;
        -- Every BG/NBD fit, time unit weeks. A failed fit keeps its last finite iterate for diagnosis (never NaN:
        -- the CHECKs refuse a converged row without positive parameters); readers use the latest converged row.
        CREATE TABLE churn_fits (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            as_of INTEGER NOT NULL,
            fitted_at INTEGER NOT NULL,
            time_unit TEXT NOT NULL DEFAULT 'weeks',
            customers INTEGER NOT NULL,
            converged INTEGER NOT NULL CHECK (converged IN (0, 1)),
            r REAL CHECK (r > 0),
            alpha REAL CHECK (alpha > 0),
            a REAL CHECK (a > 0),
            b REAL CHECK (b > 0),
            log_likelihood REAL,
            iterations INTEGER NOT NULL,
            failure TEXT,
            CHECK (converged = 0 OR (r IS NOT NULL AND alpha IS NOT NULL AND a IS NOT NULL AND b IS NOT NULL
                                     AND log_likelihood IS NOT NULL AND failure IS NULL))
        );
        CREATE INDEX churn_fits_converged ON churn_fits(merchant_id, id) WHERE converged = 1;
        """
}
