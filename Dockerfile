# GPU image: slim CUDA runtime + the CUDA build of torch 2.13.0. CPU image: `docker build --build-arg VARIANT=cpu`.
ARG VARIANT=gpu
FROM nvidia/cuda:12.6.3-runtime-ubuntu24.04 AS base-gpu
FROM python:3.11-slim AS base-cpu
FROM base-${VARIANT}
ARG VARIANT
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
RUN if ! command -v python3 >/dev/null; then apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip && rm -rf /var/lib/apt/lists/*; fi \
 && apt-get update && apt-get install -y --no-install-recommends libsndfile1 curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
RUN if [ "$VARIANT" = "gpu" ]; then pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126; \
    else pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu; fi
COPY pyproject.toml README.md constraints.txt ./
COPY src ./src
COPY configs ./configs
RUN pip install -e ".[gpu]" -c constraints.txt
# weights/ is mounted read-only by docker-compose; a plain `docker run` can bake them in instead:
COPY weights ./weights
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["ttsserve", "serve", "--config", "configs/default.yaml", "--host", "0.0.0.0", "--port", "8000"]
