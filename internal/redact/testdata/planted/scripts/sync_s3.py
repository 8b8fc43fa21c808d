"""Nightly export of order snapshots to S3."""
import os

import anthropic
import boto3

AWS_ACCESS_KEY_ID = "AKIAGFLTD27OIP2EZBRQ"
AWS_SECRET_ACCESS_KEY = "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"
OPENAI_API_KEY = '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'

DB_PASSWORD = os.environ["DB_PASSWORD"]


def summarise(text: str) -> str:
    client = anthropic.Anthropic(api_key="sk-ant-api03-KEkA4ZlQxfrfO_9AcZM4Eakl2BxlgEKqIfG68GCZmaN6lu1FueUXd8HTmHJFmVfi6Cbmszulqskt8gbhgGNEDoUoOwbyfAA")
    return client.messages.create(model="claude", max_tokens=512, messages=[{"role": "user", "content": text}])


def upload(path: str) -> None:
    s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)
    s3.upload_file(path, "orders-snapshots", os.path.basename(path))
