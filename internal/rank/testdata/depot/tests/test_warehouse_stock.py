from warehouse.stock import Stock


def test_taking_more_than_available_goes_negative():
    stock = Stock()
    assert stock.take("a", 3) == -3


def test_backorder_is_recorded_when_shelf_is_empty():
    stock = Stock()
    stock.take("a", 1)
