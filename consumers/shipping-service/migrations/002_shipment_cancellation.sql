-- A shipment is cancelled when its order is; a cancellation that arrives before the OrderPlaced event leaves a
-- cancelled row (no lines), so the late OrderPlaced cannot create a live shipment.
ALTER TABLE shipments ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'cancelled'));
ALTER TABLE shipments ADD COLUMN IF NOT EXISTS cancelled_at timestamptz;
