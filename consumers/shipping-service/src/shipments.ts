// Where shipments are kept: in memory, or in PostgreSQL (migrations/001_shipments.sql); both ignore a second shipment for an order.
import { readFileSync } from 'node:fs';

export interface Shipment {
  id: string;
  orderId: string;
  customerId: string;
  /** "store-pickup" for orders placed at a point of sale, otherwise "parcel". */
  method: 'parcel' | 'store-pickup';
  lines: Array<{ sku: string; quantity: number }>;
  /** The OrderPlaced event it was created from. */
  eventId: string;
}

export interface ShipmentRepository {
  /** Stores the shipment unless the order already has one; true when stored. */
  create(shipment: Shipment): Promise<boolean>;
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
    async findByOrder(orderId) {
      const found = byOrder.get(orderId);
      return found === undefined ? undefined : structuredClone(found);
    },
    async count() {
      return byOrder.size;
    },
  };
}

/** The one method the repository needs; a pg Pool/Client and PGlite both have it. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

// Same relative location from src/ and dist/; migrations/ ships with the package.
const MIGRATION_URL = new URL('../migrations/001_shipments.sql', import.meta.url);

export async function migrateShipments(db: Queryable): Promise<void> {
  await db.query(readFileSync(MIGRATION_URL, 'utf8'));
}

const INSERT = `
INSERT INTO shipments (id, order_id, customer_id, method, lines, event_id)
VALUES ($1, $2, $3, $4, $5::jsonb, $6)
ON CONFLICT (order_id) DO NOTHING
RETURNING 1 AS ok`;
const BY_ORDER =
  'SELECT id, order_id, customer_id, method, lines, event_id FROM shipments WHERE order_id = $1';
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
          };
    },
    async count() {
      const { rows } = await db.query(COUNT);
      return Number((rows[0] as { n: number }).n);
    },
  };
}
