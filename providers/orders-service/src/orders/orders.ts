// The orders use cases: place, read, list and cancel orders; every change writes its event to the outbox in the same transaction.
import { randomUUID } from 'node:crypto';
import type { CancelOrderRequestV1, CreateOrderRequestV1, OrderListV1, OrderV1 } from '@accord/contracts';
import type { Db } from '@accord/db';
import { OrdersServiceError } from '../errors.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { buildOrderCancelledEvent, buildOrderPlacedEvent } from './events.js';
import {
  type Channel,
  deleteAllOrders,
  findOrder,
  insertOrder,
  listOrders,
  markCancelled,
  type OrderStatus,
  updateStatus,
} from './repository.js';
import { validateRequest } from './validation.js';

export interface OrdersOptions {
  db: Db;
  eventSource: string;
  /** Injectable clock (tests); default `() => new Date()`. */
  now?: () => Date;
  /** Called after a transaction that enqueued events committed (the relay's wake-up). */
  onEventsCommitted?: () => void;
}

export interface PlaceOrderOptions {
  /** Use this id instead of a random UUID (provider states, imports). */
  id?: string;
  channel?: Channel;
  /** Creation time; default now. */
  at?: Date;
}

export interface ListOrdersQuery {
  status?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface Orders {
  placeOrder(request: unknown, options?: PlaceOrderOptions): Promise<OrderV1>;
  getOrder(id: string): Promise<OrderV1>;
  listOrders(query?: ListOrdersQuery): Promise<OrderListV1>;
  cancelOrder(id: string, request: unknown): Promise<OrderV1>;
  /** Moves an order along its lifecycle (fulfilment would call this; provider states use it to set data up). */
  setStatus(id: string, status: Exclude<OrderStatus, 'cancelled'>): Promise<OrderV1>;
  /** Removes every order; for tests and provider-state setup only. */
  deleteAll(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];
const CANCELLABLE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['pending', 'confirmed']);
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export function createOrders(options: OrdersOptions): Orders {
  const now = options.now ?? (() => new Date());
  const committed = () => options.onEventsCommitted?.();
  const meta = { source: options.eventSource };

  const notFound = (id: string) => new OrdersServiceError('NOT_FOUND', `Order ${id} does not exist`);

  return {
    async placeOrder(body, placeOptions = {}) {
      const request = validateRequest<CreateOrderRequestV1>('CreateOrderRequest', 1, body);
      const currency = request.items[0]!.unitPrice.currency;
      const mixed = request.items.findIndex((item) => item.unitPrice.currency !== currency);
      if (mixed !== -1) {
        throw new OrdersServiceError('VALIDATION_FAILED', 'All items of an order must use one currency', {
          details: [
            { field: `items.${mixed}.unitPrice.currency`, message: `must be ${currency} like items.0` },
          ],
        });
      }
      if (placeOptions.id !== undefined && !UUID.test(placeOptions.id)) {
        throw new OrdersServiceError('VALIDATION_FAILED', `Order id ${placeOptions.id} is not a UUID`);
      }
      const at = (placeOptions.at ?? now()).toISOString();
      const items = request.items.map((item) => ({
        sku: item.sku,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
        lineTotal: { amount: item.quantity * item.unitPrice.amount, currency },
      }));
      const order: OrderV1 = {
        id: placeOptions.id ?? randomUUID(),
        customerId: request.customerId,
        status: 'pending',
        items,
        total: { amount: items.reduce((sum, item) => sum + item.lineTotal.amount, 0), currency },
        shippingAddress: request.shippingAddress,
        ...(request.notes === undefined ? {} : { notes: request.notes }),
        createdAt: at,
        updatedAt: at,
      };
      if (!Number.isSafeInteger(order.total.amount)) {
        throw new OrdersServiceError('VALIDATION_FAILED', 'Order total is too large', {
          details: [{ field: 'items', message: 'total amount exceeds the supported range' }],
        });
      }
      const channel = placeOptions.channel ?? 'web';
      const event = buildOrderPlacedEvent(order, channel, meta);
      await options.db.transaction(async (tx) => {
        if (placeOptions.id !== undefined && (await findOrder(tx, order.id)) !== undefined) {
          throw new OrdersServiceError('CONFLICT', `Order ${order.id} already exists`);
        }
        await insertOrder(tx, { order, channel });
        await enqueueEvent(tx, order.id, event);
      });
      committed();
      return order;
    },

    async getOrder(id) {
      if (!UUID.test(id)) throw notFound(id);
      const stored = await findOrder(options.db, id);
      if (stored === undefined) throw notFound(id);
      return stored.order;
    },

    async listOrders(query = {}) {
      const details: Array<{ field: string; message: string }> = [];
      if (query.status !== undefined && !STATUSES.includes(query.status as OrderStatus)) {
        details.push({ field: 'status', message: `must be one of ${STATUSES.join(', ')}` });
      }
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
        details.push({ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` });
      }
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (after === null) details.push({ field: 'cursor', message: 'is not a cursor this API returned' });
      if (details.length > 0) {
        throw new OrdersServiceError('VALIDATION_FAILED', 'Invalid query parameters', { details });
      }
      // One extra row tells whether there is a next page without a count query.
      const rows = await listOrders(options.db, {
        status: query.status as OrderStatus | undefined,
        after: after ?? undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit).map((r) => r.order);
      const last = page.at(-1);
      return {
        orders: page,
        ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(last) } : {}),
      };
    },

    async cancelOrder(id, body) {
      const request = validateRequest<CancelOrderRequestV1>('CancelOrderRequest', 1, body);
      if (!UUID.test(id)) throw notFound(id);
      const order = await options.db.transaction(async (tx) => {
        const stored = await findOrder(tx, id, { forUpdate: true });
        if (stored === undefined) throw notFound(id);
        if (!CANCELLABLE.has(stored.order.status)) {
          throw new OrdersServiceError(
            'ORDER_NOT_CANCELLABLE',
            `Order ${id} is ${stored.order.status}; only pending or confirmed orders can be cancelled`,
          );
        }
        const cancelledAt = now().toISOString();
        const cancellation = {
          reason: request.reason,
          ...(request.comment === undefined ? {} : { comment: request.comment }),
          cancelledAt,
        };
        await markCancelled(tx, id, cancellation);
        const cancelled: OrderV1 = {
          ...stored.order,
          status: 'cancelled',
          updatedAt: cancelledAt,
          cancellation,
        };
        await enqueueEvent(tx, id, buildOrderCancelledEvent(cancelled, meta));
        return cancelled;
      });
      committed();
      return order;
    },

    async setStatus(id, status) {
      if (!UUID.test(id)) throw notFound(id);
      return options.db.transaction(async (tx) => {
        const stored = await findOrder(tx, id, { forUpdate: true });
        if (stored === undefined) throw notFound(id);
        if (stored.order.status === 'cancelled') {
          throw new OrdersServiceError('CONFLICT', `Order ${id} is cancelled`);
        }
        const at = now().toISOString();
        await updateStatus(tx, id, status, at);
        return { ...stored.order, status, updatedAt: at };
      });
    },

    async deleteAll() {
      await deleteAllOrders(options.db);
    },
  };
}

function encodeCursor(order: OrderV1): string {
  return Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');
}

/** null when the cursor was not produced by encodeCursor. */
function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // Falls through: not base64url JSON.
  }
  return null;
}
