// Express app for orders.
const express = require('express');
const MAX = 10;
let counter = 0;

/**
 * Lists the orders of a user.
 */
function listOrders(userId) {
  const inner = () => 1;
  return [];
}

const cancelOrder = async (id, reason) => {
  return id;
};

export class OrderStore extends Base {
  constructor(db) { super(); this.db = db; }
  async findById(id) { return this.db.get(id); }
  static create() { return new OrderStore(); }
}

app.get('/orders/:id', (req, res) => res.json({}));
router.post("/orders", createHandler);
