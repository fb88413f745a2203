import GRDB

/// The database schema as GRDB migrations. Every table carries merchant_id; times are Unix seconds (UTC);
/// money is integer minor units of the merchant's currency.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: """
                CREATE TABLE merchants (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER GENERATED ALWAYS AS (id) VIRTUAL,
                    shop_domain TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    time_zone TEXT NOT NULL DEFAULT 'UTC',
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE operators (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('owner','admin','staff','support','viewer')),
                    created_at INTEGER NOT NULL,
                    UNIQUE (merchant_id, name)
                );
                CREATE TABLE program_settings (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    version INTEGER NOT NULL,
                    settings_json TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    operator_id INTEGER REFERENCES operators(id),
                    reason TEXT NOT NULL,
                    UNIQUE (merchant_id, version)
                );
                CREATE TABLE import_batches (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    format TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    operator_id INTEGER REFERENCES operators(id),
                    status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','undone')),
                    rows_new INTEGER NOT NULL DEFAULT 0,
                    rows_known INTEGER NOT NULL DEFAULT 0,
                    rows_updated INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0,
                    points_posted INTEGER NOT NULL DEFAULT 0,
                    undone_at INTEGER
                );
                CREATE TABLE import_batch_errors (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    batch_id INTEGER NOT NULL REFERENCES import_batches(id),
                    line INTEGER NOT NULL,
                    field TEXT,
                    message TEXT NOT NULL
                );
                CREATE INDEX import_batch_errors_batch ON import_batch_errors(batch_id);
                CREATE TABLE customers (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    external_id TEXT,
                    email TEXT,
                    email_normalized TEXT,
                    first_name TEXT,
                    last_name TEXT,
                    phone TEXT,
                    birthday TEXT,
                    created_at INTEGER NOT NULL,
                    enrolled_at INTEGER NOT NULL,
                    import_batch_id INTEGER REFERENCES import_batches(id),
                    points_balance INTEGER NOT NULL DEFAULT 0,
                    lifetime_earned INTEGER NOT NULL DEFAULT 0,
                    orders_count INTEGER NOT NULL DEFAULT 0,
                    total_spent_minor INTEGER NOT NULL DEFAULT 0,
                    last_order_at INTEGER,
                    last_activity_at INTEGER,
                    redacted_at INTEGER,
                    UNIQUE (merchant_id, external_id)
                );
                CREATE INDEX customers_email ON customers(merchant_id, email_normalized);
                CREATE TABLE orders (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    external_id TEXT NOT NULL,
                    name TEXT,
                    processed_at INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    total_minor INTEGER NOT NULL,
                    subtotal_minor INTEGER,
                    eligible_minor INTEGER NOT NULL,
                    financial_status TEXT,
                    cancelled_at INTEGER,
                    discount_codes TEXT,
                    content_hash INTEGER NOT NULL,
                    import_batch_id INTEGER REFERENCES import_batches(id),
                    earn_generation INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (merchant_id, external_id)
                );
                CREATE INDEX orders_customer ON orders(customer_id, processed_at);
                CREATE TABLE refunds (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    order_id INTEGER NOT NULL REFERENCES orders(id),
                    external_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    amount_minor INTEGER NOT NULL,
                    UNIQUE (merchant_id, external_id)
                );
                CREATE INDEX refunds_order ON refunds(order_id);
                CREATE TABLE rewards (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('fixed_amount','percent_off','free_shipping','free_product')),
                    points_cost INTEGER NOT NULL CHECK (points_cost > 0),
                    value_minor INTEGER,
                    percent INTEGER,
                    product_id TEXT,
                    minimum_order_minor INTEGER NOT NULL DEFAULT 0,
                    active INTEGER NOT NULL DEFAULT 1,
                    code_valid_days INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE points_transactions (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    kind TEXT NOT NULL CHECK (kind IN ('earn','signup','birthday','referral','campaign_bonus',
                        'tier_reward','redeem','refund_clawback','cancel_reversal','redemption_cancel','expire',
                        'adjust','undo','import')),
                    points INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    available_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    order_id INTEGER REFERENCES orders(id),
                    refund_id INTEGER REFERENCES refunds(id),
                    redemption_id INTEGER,
                    reverses_id INTEGER REFERENCES points_transactions(id),
                    import_batch_id INTEGER REFERENCES import_batches(id),
                    operator_id INTEGER REFERENCES operators(id),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    reason TEXT,
                    explanation TEXT NOT NULL,
                    settings_version INTEGER
                );
                CREATE INDEX points_transactions_customer ON points_transactions(customer_id, id);
                CREATE INDEX points_transactions_reverses ON points_transactions(reverses_id) WHERE reverses_id IS NOT NULL;
                CREATE INDEX points_transactions_expiry ON points_transactions(merchant_id, expires_at) WHERE expires_at IS NOT NULL;
                CREATE TABLE point_allocations (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    grant_id INTEGER NOT NULL REFERENCES points_transactions(id),
                    debit_id INTEGER NOT NULL REFERENCES points_transactions(id),
                    points INTEGER NOT NULL CHECK (points > 0),
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX point_allocations_grant ON point_allocations(grant_id);
                CREATE INDEX point_allocations_debit ON point_allocations(debit_id);
                CREATE TABLE reward_redemptions (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    reward_id INTEGER NOT NULL REFERENCES rewards(id),
                    transaction_id INTEGER REFERENCES points_transactions(id),
                    code TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('issued','used','expired','cancelled')),
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    used_at INTEGER,
                    cancelled_at INTEGER,
                    UNIQUE (merchant_id, code)
                );
                CREATE INDEX reward_redemptions_customer ON reward_redemptions(customer_id);
                CREATE TABLE audit_logs (
                    id INTEGER PRIMARY KEY,
                    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
                    operator_id INTEGER REFERENCES operators(id),
                    operator_name TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id INTEGER,
                    before_json TEXT,
                    after_json TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX audit_logs_entity ON audit_logs(merchant_id, entity, entity_id);
                CREATE INDEX audit_logs_time ON audit_logs(merchant_id, created_at);
                """)
        }
        migrator.registerMigration("v2-search") { db in
            try db.execute(sql: searchMigration)
        }
        migrator.registerMigration("v3-sync") { db in
            try db.execute(sql: syncMigration)
        }
        migrator.registerMigration("v4-program") { db in
            try db.execute(sql: programMigration)
        }
        migrator.registerMigration("v5-rfm") { db in try db.execute(sql: rfmMigration) }
        migrator.registerMigration("v6-ledger-kind-check") { db in try LedgerKindCheck.rewrite(db) }
        return migrator
    }

    /// The Customers table's name order: the displayed name (first and last), else the email, else the shop id.
    /// `customers_sort_name` is built from this text; a query must use it verbatim to be served by that index, and
    /// changing it needs a new migration that rebuilds the index.
    static let customerNameSortKey = """
        (COALESCE(NULLIF(trim(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '')), ''), email, external_id, '') COLLATE NOCASE)
        """

    /// The customer_search row of customers table alias `c`: every searched word starts with two U+0001 marks, so a
    /// 1- or 2-character prefix is still a 3-character trigram ("\u{1}\u{1}a", "\u{1}al"); phones are digits only.
    /// The v2-search migration, its update trigger and `CustomerSearchIndex.catchUp` build rows from this text;
    /// changing it needs a migration that rebuilds customer_search.
    static func customerSearchRow(_ c: String) -> String {
        let mark = "char(1,1)"
        return """
            \(c).id,
            \(mark) || replace(trim(COALESCE(\(c).first_name, '') || ' ' || COALESCE(\(c).last_name, '')), ' ', ' ' || \(mark)),
            \(mark) || COALESCE(\(c).email_normalized, lower(\(c).email), ''),
            \(mark) || replace(replace(replace(replace(replace(replace(replace(COALESCE(\(c).phone, ''),
                ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', ''),
            \(mark) || COALESCE(\(c).referral_code, '')
            """
    }

    /// Customer search (docs/decisions/0011): referral codes, a trigram FTS5 index over name, email, phone digits
    /// and referral code, the Customers table's sort indexes, an index for order-number lookups, and the
    /// Overview's caches (0014). Frozen once released: change these in a later migration, never here.
    private static let searchMigration: String = {
        let target = "customer_search (rowid, name, email, phone, code)"
        return """
            ALTER TABLE customers ADD COLUMN referral_code TEXT COLLATE NOCASE;
            CREATE UNIQUE INDEX customers_referral_code ON customers(merchant_id, referral_code) WHERE referral_code IS NOT NULL;
            CREATE INDEX orders_name ON orders(merchant_id, name) WHERE name IS NOT NULL;
            -- The Customers table's sort orders (docs/decisions/0011): a page is an index walk, not a sort.
            CREATE INDEX customers_sort_name ON customers(merchant_id, \(customerNameSortKey), id);
            CREATE INDEX customers_sort_spend ON customers(merchant_id, total_spent_minor, id);
            CREATE INDEX customers_sort_balance ON customers(merchant_id, points_balance, id);
            CREATE INDEX customers_sort_last_order ON customers(merchant_id, last_order_at, id);
            -- The Overview's caches (docs/decisions/0014): per-minute ledger sums, and the points allocated from each
            -- grant that has an expiry date. `overview` folds in the rows of the append-only ledger and allocations
            -- past the watermarks, so the import path pays nothing for them.
            CREATE TABLE ledger_rollup (
                merchant_id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                minute INTEGER NOT NULL,
                positive INTEGER NOT NULL,
                negative INTEGER NOT NULL,
                PRIMARY KEY (merchant_id, kind, minute)
            ) WITHOUT ROWID;
            CREATE TABLE grant_allocated (
                grant_id INTEGER PRIMARY KEY,
                merchant_id INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                allocated INTEGER NOT NULL
            );
            CREATE INDEX grant_allocated_expiry ON grant_allocated(merchant_id, expires_at, allocated);
            CREATE TABLE overview_cache_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_entry_id INTEGER NOT NULL,
                last_allocation_id INTEGER NOT NULL
            );
            INSERT INTO overview_cache_state (id, last_entry_id, last_allocation_id) VALUES (1, 0, 0);
            -- A covering version of the v1 expiry index, so expiring points are summed without reading ledger rows.
            DROP INDEX points_transactions_expiry;
            CREATE INDEX points_transactions_expiry ON points_transactions(merchant_id, expires_at, points) WHERE expires_at IS NOT NULL;
            -- Customers up to last_customer_id are indexed (the redacted ones never are). New customers are added in
            -- one statement per import (CustomerSearchIndex.catchUp): SQLite 3.40's FTS5 writes a segment for every
            -- statement that changes it, so a trigger per inserted customer would cost ~40 µs each.
            CREATE VIRTUAL TABLE customer_search USING fts5(name, email, phone, code, tokenize = 'trigram');
            CREATE TABLE customer_search_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_customer_id INTEGER NOT NULL
            );
            INSERT INTO \(target) SELECT \(customerSearchRow("customers")) FROM customers WHERE redacted_at IS NULL;
            INSERT INTO customer_search_state (id, last_customer_id) SELECT 1, COALESCE(MAX(id), 0) FROM customers;
            CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN
                DELETE FROM customer_search WHERE rowid = OLD.id;
            END;
            -- Only a change to a searched field of an indexed customer touches the index: balance and order caches
            -- change far more often, and a customers import rewrites names and phones with the same values.
            CREATE TRIGGER customer_search_update
            AFTER UPDATE OF first_name, last_name, email, email_normalized, phone, referral_code, redacted_at ON customers
            WHEN OLD.id <= (SELECT last_customer_id FROM customer_search_state WHERE id = 1) AND (
                 OLD.first_name IS NOT NEW.first_name OR OLD.last_name IS NOT NEW.last_name OR OLD.email IS NOT NEW.email
              OR OLD.email_normalized IS NOT NEW.email_normalized OR OLD.phone IS NOT NEW.phone
              OR OLD.referral_code IS NOT NEW.referral_code OR OLD.redacted_at IS NOT NEW.redacted_at) BEGIN
                DELETE FROM customer_search WHERE rowid = OLD.id;
                INSERT INTO \(target) SELECT \(customerSearchRow("NEW")) WHERE NEW.redacted_at IS NULL;
            END;
            """
    }()

    /// The Shopify sync (docs/decisions/0030): bookmarks, the API call log, integration health, webhook deliveries,
    /// and the order fields the sync reconciles (Shopify's updatedAt, deletion). Frozen once released.
    private static let syncMigration = """
        ALTER TABLE orders ADD COLUMN remote_updated_at INTEGER;
        ALTER TABLE orders ADD COLUMN deleted_at INTEGER;
        -- The points the order earns at its current eligible amount (before refunds); NULL on rows from before v3,
        -- whose one earn entry says it. Order edits move it (docs/decisions/0031).
        ALTER TABLE orders ADD COLUMN earned_points INTEGER;
        -- Orders deleted in Shopify before (or without) being synced: a page read before the deletion must not
        -- bring them back.
        CREATE TABLE deleted_orders (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            external_id TEXT NOT NULL,
            deleted_at INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, external_id)
        ) WITHOUT ROWID;
        CREATE TABLE sync_state (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            resource TEXT NOT NULL,
            -- The highest remote updatedAt written, never later than the start of the run that wrote it.
            bookmark INTEGER,
            run_started_at INTEGER,
            run_finished_at INTEGER,
            PRIMARY KEY (merchant_id, resource)
        ) WITHOUT ROWID;
        CREATE TABLE api_logs (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            at_ms INTEGER NOT NULL,
            endpoint TEXT NOT NULL,
            status INTEGER,
            latency_ms INTEGER NOT NULL,
            requested_cost REAL,
            actual_cost REAL,
            bucket_available REAL,
            bucket_max REAL,
            restore_rate REAL,
            request_id TEXT,
            error_class TEXT,
            message TEXT,
            bytes INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX api_logs_time ON api_logs(merchant_id, at_ms);
        CREATE INDEX api_logs_errors ON api_logs(merchant_id, error_class, at_ms) WHERE error_class IS NOT NULL;
        CREATE TABLE integrations (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            resource TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'never synced',
            paused INTEGER NOT NULL DEFAULT 0,
            last_success_at INTEGER,
            last_error_at INTEGER,
            last_error TEXT,
            last_error_request_id TEXT,
            newest_synced_at INTEGER,
            backlog_estimate INTEGER,
            circuit_state TEXT NOT NULL DEFAULT 'closed',
            circuit_until INTEGER,
            api_version_asked TEXT,
            api_version_served TEXT,
            deprecation_notice TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, resource)
        ) WITHOUT ROWID;
        CREATE TABLE webhook_deliveries (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            webhook_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            body BLOB,
            processed_at INTEGER,
            outcome TEXT,
            PRIMARY KEY (merchant_id, webhook_id)
        ) WITHOUT ROWID;
        CREATE TABLE sync_daily (
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            resource TEXT NOT NULL,
            day INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, resource, day)
        ) WITHOUT ROWID;
        CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(merchant_id, received_at) WHERE processed_at IS NULL;
        """
}
