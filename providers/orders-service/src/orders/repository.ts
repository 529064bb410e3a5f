// Named query functions over the orders table; rows are mapped to the Order v1 contract shape here and nowhere else.
import type { OrderV1 } from '@accord/contracts';
import type { Queryable } from '@accord/db';

export type OrderStatus = OrderV1['status'];
export type Channel = 'web' | 'mobile' | 'pos' | 'api';

export interface StoredOrder {
  order: OrderV1;
  channel: Channel;
}

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  channel: Channel;
  items: OrderV1['items'];
  currency: string;
  total_amount: number | string;
  shipping_address: OrderV1['shippingAddress'];
  notes: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cancellation_reason: NonNullable<OrderV1['cancellation']>['reason'] | null;
  cancellation_comment: string | null;
  cancelled_at: Date | string | null;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function toStored(row: OrderRow): StoredOrder {
  const order: OrderV1 = {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    items: row.items,
    total: { amount: Number(row.total_amount), currency: row.currency },
    shippingAddress: row.shipping_address,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  if (row.notes !== null) order.notes = row.notes;
  if (row.cancellation_reason !== null && row.cancelled_at !== null) {
    order.cancellation = { reason: row.cancellation_reason, cancelledAt: iso(row.cancelled_at) };
    if (row.cancellation_comment !== null) order.cancellation.comment = row.cancellation_comment;
  }
  return { order, channel: row.channel };
}

const INSERT_ORDER = `
INSERT INTO orders (id, customer_id, status, channel, items, currency, total_amount, shipping_address, notes,
                    created_at, updated_at)
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9, $10, $11)`;

export async function insertOrder(db: Queryable, stored: StoredOrder): Promise<void> {
  const { order } = stored;
  await db.query(INSERT_ORDER, [
    order.id,
    order.customerId,
    order.status,
    stored.channel,
    JSON.stringify(order.items),
    order.total.currency,
    order.total.amount,
    JSON.stringify(order.shippingAddress),
    order.notes ?? null,
    order.createdAt,
    order.updatedAt,
  ]);
}

const SELECT_ORDER = 'SELECT * FROM orders WHERE id = $1';
const SELECT_ORDER_FOR_UPDATE = 'SELECT * FROM orders WHERE id = $1 FOR UPDATE';

export async function findOrder(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  const { rows } = await db.query<OrderRow>(options.forUpdate ? SELECT_ORDER_FOR_UPDATE : SELECT_ORDER, [id]);
  return rows[0] === undefined ? undefined : toStored(rows[0]);
}

// Newest first; the cursor is the (created_at, id) of the last row of the previous page.
const LIST_ORDERS = `
SELECT * FROM orders
WHERE ($1::text IS NULL OR status = $1::text)
  AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $4`;

export interface ListQuery {
  status?: OrderStatus | undefined;
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listOrders(db: Queryable, query: ListQuery): Promise<StoredOrder[]> {
  const { rows } = await db.query<OrderRow>(LIST_ORDERS, [
    query.status ?? null,
    query.after?.createdAt ?? null,
    query.after?.id ?? null,
    query.limit,
  ]);
  return rows.map(toStored);
}

const CANCEL_ORDER = `
UPDATE orders
SET status = 'cancelled', cancellation_reason = $2, cancellation_comment = $3, cancelled_at = $4, updated_at = $4
WHERE id = $1`;

export async function markCancelled(
  db: Queryable,
  id: string,
  cancellation: NonNullable<OrderV1['cancellation']>,
): Promise<void> {
  await db.query(CANCEL_ORDER, [
    id,
    cancellation.reason,
    cancellation.comment ?? null,
    cancellation.cancelledAt,
  ]);
}

const UPDATE_STATUS = 'UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1';

export async function updateStatus(
  db: Queryable,
  id: string,
  status: OrderStatus,
  at: string,
): Promise<void> {
  await db.query(UPDATE_STATUS, [id, status, at]);
}

const DELETE_ALL = 'DELETE FROM orders';

/** Removes every order (provider-state setup and tests start from a known, empty store). */
export async function deleteAllOrders(db: Queryable): Promise<void> {
  await db.query(DELETE_ALL);
}
