extension Schema {
    /// VIP tiers, bonus campaigns and referrals (issue 5). Definitions are stored as JSON documents of the
    /// LoyaltyCore types next to the columns queries filter on; deleted tiers and campaigns keep their rows
    /// (history and ledger explanations refer to them) with `deleted_at` set.
    static let programMigration = """
        CREATE TABLE vip_tiers (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            key TEXT NOT NULL,
            threshold INTEGER NOT NULL,
            definition_json TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER
        );
        CREATE UNIQUE INDEX vip_tiers_key ON vip_tiers(merchant_id, key) WHERE deleted_at IS NULL;
        ALTER TABLE customers ADD COLUMN tier_key TEXT;
        ALTER TABLE customers ADD COLUMN tier_since INTEGER;
        ALTER TABLE customers ADD COLUMN tier_held_until INTEGER;
        ALTER TABLE customers ADD COLUMN tier_floor_key TEXT;
        ALTER TABLE customers ADD COLUMN tier_floor_until INTEGER;
        ALTER TABLE customers ADD COLUMN tier_floor_set_at INTEGER;
        CREATE INDEX customers_tier ON customers(merchant_id, tier_key) WHERE tier_key IS NOT NULL;
        CREATE TABLE customer_tier_history (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            from_key TEXT,
            to_key TEXT,
            reason TEXT NOT NULL,
            changed_at INTEGER NOT NULL,
            order_id INTEGER REFERENCES orders(id),
            operator_id INTEGER REFERENCES operators(id)
        );
        CREATE INDEX customer_tier_history_customer ON customer_tier_history(customer_id, id);
        CREATE INDEX customer_tier_history_time ON customer_tier_history(merchant_id, changed_at);
        CREATE TABLE bonus_campaigns (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            kind TEXT NOT NULL CHECK (kind IN ('multiplier','fixed_bonus','lifecycle')),
            status TEXT NOT NULL CHECK (status IN ('draft','scheduled','active','paused','ended')),
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            definition_json TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER
        );
        CREATE INDEX bonus_campaigns_window ON bonus_campaigns(merchant_id, ends_at) WHERE deleted_at IS NULL;
        -- One row per award: the extra points a campaign gave on one order (or one lifecycle trigger), so reports
        -- and per-customer caps never parse explanations.
        CREATE TABLE campaign_awards (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            campaign_id INTEGER NOT NULL REFERENCES bonus_campaigns(id),
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            order_id INTEGER REFERENCES orders(id),
            entry_id INTEGER REFERENCES points_transactions(id),
            points INTEGER NOT NULL,
            revenue_minor INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE
        );
        CREATE INDEX campaign_awards_campaign ON campaign_awards(campaign_id, customer_id);
        CREATE TABLE referral_links (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            code TEXT NOT NULL COLLATE NOCASE,
            created_at INTEGER NOT NULL,
            disabled_at INTEGER,
            UNIQUE (merchant_id, code)
        );
        CREATE INDEX referral_links_customer ON referral_links(customer_id);
        CREATE TABLE referrals (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            link_id INTEGER NOT NULL REFERENCES referral_links(id),
            advocate_id INTEGER NOT NULL REFERENCES customers(id),
            friend_id INTEGER REFERENCES customers(id),
            friend_email TEXT,
            status TEXT NOT NULL CHECK (status IN ('signed_up','completed','rejected')),
            rejection_reason TEXT,
            created_at INTEGER NOT NULL,
            completed_at INTEGER,
            order_id INTEGER REFERENCES orders(id)
        );
        CREATE UNIQUE INDEX referrals_friend ON referrals(merchant_id, friend_id) WHERE friend_id IS NOT NULL;
        CREATE INDEX referrals_advocate ON referrals(advocate_id, completed_at);
        CREATE TABLE referral_events (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id),
            link_id INTEGER NOT NULL REFERENCES referral_links(id),
            referral_id INTEGER REFERENCES referrals(id),
            kind TEXT NOT NULL CHECK (kind IN ('click','signup','purchase','reward','reject')),
            created_at INTEGER NOT NULL,
            detail TEXT
        );
        CREATE INDEX referral_events_link ON referral_events(link_id, kind);
        CREATE INDEX referral_events_time ON referral_events(merchant_id, kind, created_at);
        -- Rewards: names in other languages, and deletion that keeps the rows redemptions point at.
        ALTER TABLE rewards ADD COLUMN names_json TEXT;
        ALTER TABLE rewards ADD COLUMN deleted_at INTEGER;
        ALTER TABLE points_transactions ADD COLUMN campaign_id INTEGER REFERENCES bonus_campaigns(id);
        ALTER TABLE points_transactions ADD COLUMN referral_id INTEGER REFERENCES referrals(id);
        """
}
