use std::collections::HashMap;

/// Maximum orders kept.
pub const MAX_ORDERS: usize = 100;

static COUNTER: u32 = 0;

/// An order.
pub struct Order {
    id: u64,
}

pub enum Status {
    Open,
    Closed,
}

pub trait Store {
    fn get(&self, id: u64) -> Option<Order>;
}

impl Order {
    /// Creates an order.
    pub fn new(id: u64) -> Self {
        Order { id }
    }

    fn secret(&self) {}
}

impl<T> Store for Cache<T> {
    fn get(&self, id: u64) -> Option<Order> {
        None
    }
}

#[get("/orders/{id}")]
async fn get_order(id: u64) -> String {
    String::new()
}

type Map = HashMap<u64, Order>;
