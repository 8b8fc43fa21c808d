from rest_framework import viewsets

from .models import Order


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
