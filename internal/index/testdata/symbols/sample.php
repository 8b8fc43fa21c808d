<?php

namespace App\Orders;

/**
 * Handles orders.
 */
class OrderController extends Controller
{
    public function show(int $id): Order
    {
        return Order::find($id);
    }

    private function audit(): void
    {
    }
}

interface OrderRepository
{
    public function find(int $id): ?Order;
}

trait Auditable {}

function helper_total(array $items): int
{
    return count($items);
}

Route::get('/orders/{id}', [OrderController::class, 'show']);
