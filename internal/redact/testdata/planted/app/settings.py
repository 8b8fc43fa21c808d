from pathlib import Path
import os

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-9p@1rzzkx@(t7sd@3f@##)b5fqi14vlm)t62bi(6!+(r)7a#=h"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
}
AUTH_PASSWORD_VALIDATORS = []
