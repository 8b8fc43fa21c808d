"""Bins of the warehouse."""


def bin_label(aisle, shelf):
    return f"{aisle}-{shelf}"
