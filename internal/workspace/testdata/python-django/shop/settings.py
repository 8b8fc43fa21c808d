INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "rest_framework",
    "shop.orders",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
