import { Injectable } from '@nestjs/common';

/** An order line. */
export interface OrderLine {
  sku: string;
  quantity(): number;
}

export type OrderId = string;

export enum Status { Open, Closed }

@Controller('orders')
export class OrdersController {
  private readonly limit = 5;

  constructor(private readonly service: OrdersService) {}

  @Get(':id')
  async findOne(id: OrderId): Promise<OrderLine | undefined> {
    return undefined;
  }
}

export abstract class Repository<T> {
  abstract save(entity: T): Promise<void>;
}

export function totalOf(lines: OrderLine[]): number {
  return lines.length;
}

export const sumBy = <T>(xs: T[], f: (x: T) => number): number => xs.reduce((a, x) => a + f(x), 0);
