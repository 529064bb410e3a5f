// Every published contract version's zod schema, keyed by contract name and version number.
import type { z } from 'zod';
import { OrderCancelledV1Schema, OrderPlacedV1Schema, OrderPlacedV2Schema } from '../orders/events.js';
import {
  CancelOrderRequestV1Schema,
  CreateOrderRequestV1Schema,
  ErrorResponseV1Schema,
  OrderListV1Schema,
  OrderV1Schema,
} from '../orders/http.js';

export const zodSchemas = {
  OrderPlaced: { 1: OrderPlacedV1Schema, 2: OrderPlacedV2Schema },
  OrderCancelled: { 1: OrderCancelledV1Schema },
  CreateOrderRequest: { 1: CreateOrderRequestV1Schema },
  Order: { 1: OrderV1Schema },
  OrderList: { 1: OrderListV1Schema },
  CancelOrderRequest: { 1: CancelOrderRequestV1Schema },
  ErrorResponse: { 1: ErrorResponseV1Schema },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type ContractName = keyof typeof zodSchemas;

/** The zod schema of one contract version, or undefined when there is none. */
export function getZodSchema(name: string, version: number): z.ZodType | undefined {
  const versions = (zodSchemas as Record<string, Record<number, z.ZodType>>)[name];
  return versions?.[version];
}
