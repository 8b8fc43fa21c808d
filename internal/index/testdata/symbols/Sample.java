package com.example.orders;

import java.util.List;

/** Handles orders over HTTP. */
@RestController
public class OrderController {
    private final OrderService service;

    public OrderController(OrderService service) {
        this.service = service;
    }

    // Returns one order.
    @GetMapping("/orders/{id}")
    public Order get(@PathVariable long id) {
        return service.find(id);
    }

    private void audit() {}

    interface Listener {
        void onOrder(Order o);
    }

    enum Kind { A, B }
}

record Money(long cents, String currency) {}
