// Where shipments are kept: in memory, or in PostgreSQL (migrations/001_shipments.sql); both ignore a second shipment for an order.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Db, migrate, type Queryable } from '@accord/db';

export interface Shipment {
  id: string;
  orderId: string;
  customerId: string;
  /** "store-pickup" for orders placed at a point of sale, otherwise "parcel". */
  method: 'parcel' | 'store-pickup';
  lines: Array<{ sku: string; quantity: number }>;
  /** The OrderPlaced event it was created from (or the OrderCancelled event, for a cancellation that came first). */
  eventId: string;
  status: 'ready' | 'cancelled';
}

export interface Cancellation {
  orderId: string;
  customerId: string;
  eventId: string;
  cancelledAt: string;
}

export interface ShipmentRepository {
  /** Stores the shipment unless the order already has one; true when stored. */
  create(shipment: Shipment): Promise<boolean>;
  /**
   * Cancels the order's shipment: 'cancelled', 'already-cancelled', or 'recorded-early' when the order has no
   * shipment yet (a cancelled placeholder then keeps a late OrderPlaced from creating one).
   */
  cancel(cancellation: Cancellation): Promise<'cancelled' | 'already-cancelled' | 'recorded-early'>;
  findByOrder(orderId: string): Promise<Shipment | undefined>;
  count(): Promise<number>;
}

export function createMemoryShipments(): ShipmentRepository {
  const byOrder = new Map<string, Shipment>();
  return {
    async create(shipment) {
      if (byOrder.has(shipment.orderId)) return false;
      byOrder.set(shipment.orderId, structuredClone(shipment));
      return true;
    },
    async cancel(c) {
      const found = byOrder.get(c.orderId);
      if (found === undefined) {
        byOrder.set(c.orderId, placeholder(c));
        return 'recorded-early';
      }
      if (found.status === 'cancelled') return 'already-cancelled';
      found.status = 'cancelled';
      return 'cancelled';
    },
    async findByOrder(orderId) {
      const found = byOrder.get(orderId);
      return found === undefined ? undefined : structuredClone(found);
    },
    async count() {
      return byOrder.size;
    },
  };
}

function placeholder(c: Cancellation): Shipment {
  return {
    id: randomUUID(),
    orderId: c.orderId,
    customerId: c.customerId,
    method: 'parcel',
    lines: [],
    eventId: c.eventId,
    status: 'cancelled',
  };
}

// Same relative location from src/ and dist/; migrations/ ships with the package.
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Applies migrations/ with @accord/db (ledger `schema_migrations` in the service's schema); returns what it applied. */
export function migrateShipments(db: Db): Promise<string[]> {
  return migrate(db, MIGRATIONS_DIR);
}

const INSERT = `
INSERT INTO shipments (id, order_id, customer_id, method, lines, event_id)
VALUES ($1, $2, $3, $4, $5::jsonb, $6)
ON CONFLICT (order_id) DO NOTHING
RETURNING 1 AS ok`;
// A cancellation takes an existing row (returning its previous status) or leaves a cancelled placeholder.
const CANCEL = `
WITH previous AS (SELECT status FROM shipments WHERE order_id = $2 FOR UPDATE),
upsert AS (
  INSERT INTO shipments (id, order_id, customer_id, method, lines, event_id, status, cancelled_at)
  VALUES ($1, $2, $3, 'parcel', '[]'::jsonb, $4, 'cancelled', $5)
  ON CONFLICT (order_id) DO UPDATE
    SET status = 'cancelled', cancelled_at = COALESCE(shipments.cancelled_at, EXCLUDED.cancelled_at)
  RETURNING 1
)
SELECT (SELECT status FROM previous) AS previous, (SELECT count(*) FROM upsert) AS n`;
const BY_ORDER =
  'SELECT id, order_id, customer_id, method, lines, event_id, status FROM shipments WHERE order_id = $1';
const COUNT = 'SELECT count(*)::int AS n FROM shipments';

export function createPostgresShipments(db: Queryable): ShipmentRepository {
  return {
    async create(s) {
      const { rows } = await db.query(INSERT, [
        s.id,
        s.orderId,
        s.customerId,
        s.method,
        JSON.stringify(s.lines),
        s.eventId,
      ]);
      return rows.length === 1;
    },
    async cancel(c) {
      const { rows } = await db.query(CANCEL, [
        randomUUID(),
        c.orderId,
        c.customerId,
        c.eventId,
        c.cancelledAt,
      ]);
      const previous = (rows[0] as { previous: Shipment['status'] | null }).previous;
      return previous === null
        ? 'recorded-early'
        : previous === 'cancelled'
          ? 'already-cancelled'
          : 'cancelled';
    },
    async findByOrder(orderId) {
      const { rows } = await db.query(BY_ORDER, [orderId]);
      const row = rows[0] as
        | {
            id: string;
            order_id: string;
            customer_id: string;
            method: Shipment['method'];
            lines: Shipment['lines'];
            event_id: string;
            status: Shipment['status'];
          }
        | undefined;
      return row === undefined
        ? undefined
        : {
            id: row.id,
            orderId: row.order_id,
            customerId: row.customer_id,
            method: row.method,
            lines: row.lines,
            eventId: row.event_id,
            status: row.status,
          };
    },
    async count() {
      const { rows } = await db.query(COUNT);
      return Number((rows[0] as { n: number }).n);
    },
  };
}
