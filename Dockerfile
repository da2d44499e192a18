# GPU image: slim CUDA runtime + the CUDA build of torch 2.13.0. CPU image: `docker build --build-arg VARIANT=cpu`.
ARG VARIANT=gpu
FROM nvidia/cuda:12.6.3-runtime-ubuntu24.04 AS base-gpu
FROM python:3.11-slim AS base-cpu
FROM base-${VARIANT}
ARG VARIANT
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
# GPU variant: a C compiler and Python's headers, which Triton (PyTorch's CUDA wheels bring it) needs at run time
# to build its kernel launchers; without them ttsserve's Triton kernels fall back to PyTorch's (a warning in the log)
RUN if ! command -v python3 >/dev/null; then apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip && rm -rf /var/lib/apt/lists/*; fi \
 && apt-get update && apt-get install -y --no-install-recommends libsndfile1 curl \
    $(if [ "$VARIANT" = "gpu" ]; then echo gcc libc6-dev python3-dev; fi) && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
RUN if [ "$VARIANT" = "gpu" ]; then pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126; \
    else pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu; fi
# A regular (non-editable) install: the wheel carries the shipped voices (weights/ -> ttsserve/weights in
# site-packages, see setup.py). The build context is bind-mounted (BuildKit, the default builder of Docker
# 23+), so the sources are not kept in a layer of their own.
COPY constraints.txt ./
RUN --mount=type=bind,target=/tmp/ttsserve,rw pip install "/tmp/ttsserve[gpu]" -c constraints.txt
COPY configs ./configs
# Voices: the shipped ones from the package; docker-compose mounts ./weights at /app/weights and sets
# TTSSERVE_WEIGHTS_DIR=/app/weights, so voices you add there are served too.
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["ttsserve", "serve", "--config", "configs/default.yaml", "--host", "0.0.0.0", "--port", "8000"]
