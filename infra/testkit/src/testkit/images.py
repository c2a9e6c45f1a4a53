"""Container image names: one environment variable per image, defaulting to the official images.

docker-compose.yml reads the same variables with the same defaults; machines without a registry
point them at the images built by infra/images/build.sh (which writes them to .env).
"""

import os
from collections.abc import Mapping

DEFAULT_IMAGES = {
    "POSTGRES_IMAGE": "postgres:15",
    "RABBITMQ_IMAGE": "rabbitmq:3.10",
    "PYTHON_IMAGE": "python:3.11-slim",
}


def image(variable: str, environ: Mapping[str, str] = os.environ) -> str:
    """The image named by `variable` in the environment, else the official default."""
    return environ.get(variable) or DEFAULT_IMAGES[variable]
